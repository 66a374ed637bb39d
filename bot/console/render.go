// Package console renders replies as plain text for a terminal and runs the
// interactive prompt. It needs no chat platform and no token.
package console

import (
	"fmt"
	"strings"

	"careerbot/handlers"
	"careerbot/knowledge"
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
			continue
		}
		fmt.Fprintf(&b, "%s:\n", f.Label)
		for _, l := range lines {
			fmt.Fprintf(&b, "  %s\n", l)
		}
	}
	if r.Table != nil {
		b.WriteString("\n")
		b.WriteString(RenderTable(*r.Table))
	}
	if len(r.Notes) > 0 {
		b.WriteString("\n")
		for _, n := range r.Notes {
			b.WriteString("* " + n + "\n")
		}
	}
	if len(r.Sources) > 0 {
		b.WriteString("\n")
		b.WriteString(label(r.Locale, "出典", "Sources"))
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
		cmds := make([]string, 0, len(r.Suggestions))
		for _, s := range r.Suggestions {
			cmds = append(cmds, s.Command)
		}
		fmt.Fprintf(&b, "\n%s: %s\n", label(r.Locale, "こちらもどうぞ", "Try"), strings.Join(cmds, ", "))
	}
	if r.SharedBy != "" {
		fmt.Fprintf(&b, "(%s %s)\n", label(r.Locale, "共有:", "shared by"), r.SharedBy)
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
		n += len(f.Label) + len(f.Value) + 8 + 3*strings.Count(f.Value, "\n")
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
		n += len(x.Command) + 2
	}
	return n
}

func label(l knowledge.Locale, ja, en string) string {
	if l == knowledge.EN {
		return en
	}
	return ja
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
