// Package console renders replies as plain text for a terminal and runs the
// interactive prompt. It needs no chat platform and no token.
package console

import (
	"fmt"
	"strings"

	"careerbot/handlers"
)

// Render writes a reply as readable plain text. Tables are aligned by
// display width, so full-width Japanese columns line up.
func Render(r handlers.Reply) string {
	var b strings.Builder
	b.Grow(estimate(r))
	if r.Title != "" {
		fmt.Fprintf(&b, "== %s ==\n", r.Title)
	}
	if !r.OK() {
		fmt.Fprintf(&b, "[%s]\n", r.Status)
	}
	for _, p := range r.Paragraphs {
		b.WriteString(p)
		b.WriteString("\n")
	}
	if len(r.Fields) > 0 {
		b.WriteString("\n")
	}
	for _, f := range r.Fields {
		lines := strings.Split(f.Value, "\n")
		if len(lines) == 1 {
			fmt.Fprintf(&b, "%s: %s\n", f.Label, f.Value)
		} else {
			fmt.Fprintf(&b, "%s:\n", f.Label)
			for _, l := range lines {
				fmt.Fprintf(&b, "  %s\n", l)
			}
		}
		// The field's own caveat goes right under its value, indented, so
		// it reads as part of that figure.
		if note := strings.TrimSpace(f.Note); note != "" {
			fmt.Fprintf(&b, "  %s %s\n", fieldNoteMark, strings.Join(strings.Fields(note), " "))
		}
	}
	if r.Table != nil {
		b.WriteString("\n")
		b.WriteString(RenderTable(*r.Table))
	}
	renderCharts(&b, r.Charts)
	if len(r.Notes) > 0 {
		b.WriteString("\n")
		for _, n := range r.Notes {
			b.WriteString("* " + n + "\n")
		}
	}
	if len(r.Sources) > 0 {
		b.WriteString("\n")
		b.WriteString(handlers.Label(r.Locale, handlers.LabelSources))
		b.WriteString(":\n")
		for _, s := range r.Sources {
			line := "  - " + s.Name
			if s.Year != 0 {
				line += fmt.Sprintf(" (%d)", s.Year)
			}
			if s.Note != "" {
				line += " — " + s.Note
			}
			b.WriteString(line + "\n")
		}
	}
	if len(r.Suggestions) > 0 {
		items := make([]string, 0, len(r.Suggestions))
		for _, s := range r.Suggestions {
			items = append(items, suggestion(s))
		}
		fmt.Fprintf(&b, "\n%s: %s\n", handlers.Label(r.Locale, handlers.LabelTry), strings.Join(items, ", "))
	}
	if r.SharedBy != "" {
		fmt.Fprintf(&b, "(%s)\n", handlers.Label(r.Locale, handlers.LabelSharedBy, r.SharedBy))
	}
	return b.String()
}

// estimate is about how many bytes Render writes, so the builder grows once.
func estimate(r handlers.Reply) int {
	n := len(r.Title) + 64
	for _, p := range r.Paragraphs {
		n += len(p) + 1
	}
	for _, f := range r.Fields {
		n += len(f.Label) + len(f.Value) + len(f.Note) + 12 + 3*strings.Count(f.Value, "\n")
	}
	if r.Table != nil {
		for _, row := range append([][]string{r.Table.Columns}, r.Table.Rows...) {
			for _, c := range row {
				n += len(c) + 24
			}
		}
	}
	for _, x := range r.Notes {
		n += len(x) + 3
	}
	for _, c := range r.Sources {
		n += len(c.Name) + len(c.Note) + 16
	}
	for _, x := range r.Suggestions {
		n += len(x.Label) + len(x.Command) + 5
	}
	n += len(r.SharedBy)
	return n
}

// fieldNoteMark starts a field's note on the line under the field.
const fieldNoteMark = "*"

// suggestion shows a suggested command with its label when the label says
// more than the command ("Go (/salary go)").
func suggestion(s handlers.Suggestion) string {
	label, cmd := strings.TrimSpace(s.Label), strings.TrimSpace(s.Command)
	switch {
	case cmd == "":
		return label
	case label == "" || strings.EqualFold(label, cmd):
		return cmd
	}
	return label + " (" + cmd + ")"
}

// RenderTable aligns a table in columns separated by " | ".
func RenderTable(t handlers.Table) string {
	widths := make([]int, len(t.Columns))
	rows := append([][]string{t.Columns}, t.Rows...)
	for _, row := range rows {
		for i := 0; i < len(row) && i < len(widths); i++ {
			widths[i] = max(widths[i], handlers.DisplayWidth(row[i]))
		}
	}
	var b strings.Builder
	for n, row := range rows {
		for i := range widths {
			cell := ""
			if i < len(row) {
				cell = row[i]
			}
			if i > 0 {
				b.WriteString(" | ")
			}
			b.WriteString(cell)
			if i < len(widths)-1 {
				b.WriteString(strings.Repeat(" ", widths[i]-handlers.DisplayWidth(cell)))
			}
		}
		b.WriteString("\n")
		if n == 0 {
			for i, w := range widths {
				if i > 0 {
					b.WriteString("-+-")
				}
				b.WriteString(strings.Repeat("-", w))
			}
			b.WriteString("\n")
		}
	}
	return b.String()
}
