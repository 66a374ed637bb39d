// Package console renders replies as plain text for a terminal and runs the
// interactive prompt. It needs no chat platform and no token.
package console

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"careerbot/handlers"
)

// Render writes a reply as readable plain text. Tables are aligned by
// display width, so full-width Japanese columns line up.
func Render(r handlers.Reply) string {
	var b strings.Builder
	b.Grow(estimate(r))
	// WriteString rather than Fprintf: every answer goes through here.
	if r.Title != "" {
		b.WriteString("== ")
		b.WriteString(r.Title)
		b.WriteString(" ==\n")
	}
	if !r.OK() {
		b.WriteString("[")
		b.WriteString(string(r.Status))
		b.WriteString("]\n")
	}
	for _, p := range r.Paragraphs {
		b.WriteString(p)
		b.WriteString("\n")
	}
	if len(r.Fields) > 0 {
		b.WriteString("\n")
	}
	for _, f := range r.Fields {
		b.WriteString(f.Label)
		if !strings.Contains(f.Value, "\n") {
			b.WriteString(": ")
			b.WriteString(f.Value)
			b.WriteString("\n")
		} else {
			b.WriteString(":\n")
			for l := range strings.SplitSeq(f.Value, "\n") {
				b.WriteString("  ")
				b.WriteString(l)
				b.WriteString("\n")
			}
		}
		// The field's own caveat goes right under its value, indented, so
		// it reads as part of that figure.
		if note := strings.TrimSpace(f.Note); note != "" {
			b.WriteString("  " + fieldNoteMark + " ")
			writeFolded(&b, note)
			b.WriteString("\n")
		}
	}
	if r.Table != nil {
		b.WriteString("\n")
		writeTable(&b, *r.Table)
	}
	renderCharts(&b, r.Charts)
	if len(r.Notes) > 0 {
		b.WriteString("\n")
		for _, n := range r.Notes {
			b.WriteString("* ")
			b.WriteString(n)
			b.WriteString("\n")
		}
	}
	if len(r.Sources) > 0 {
		b.WriteString("\n")
		b.WriteString(handlers.Label(r.Locale, handlers.LabelSources))
		b.WriteString(":\n")
		for _, s := range r.Sources {
			b.WriteString("  - ")
			b.WriteString(s.Name)
			if s.Year != 0 {
				b.WriteString(" (")
				b.WriteString(strconv.Itoa(s.Year))
				b.WriteString(")")
			}
			if s.Note != "" {
				b.WriteString(" — ")
				b.WriteString(s.Note)
			}
			b.WriteString("\n")
		}
	}
	if len(r.Suggestions) > 0 {
		b.WriteString("\n")
		b.WriteString(handlers.Label(r.Locale, handlers.LabelTry))
		b.WriteString(": ")
		for i, s := range r.Suggestions {
			if i > 0 {
				b.WriteString(", ")
			}
			writeSuggestion(&b, s)
		}
		b.WriteString("\n")
	}
	if r.SharedBy != "" {
		b.WriteString("(")
		b.WriteString(handlers.Label(r.Locale, handlers.LabelSharedBy, r.SharedBy))
		b.WriteString(")\n")
	}
	return b.String()
}

// writeFolded writes strings.Join(strings.Fields(s), " ") without
// building the fields.
func writeFolded(b *strings.Builder, s string) {
	space := false
	for len(s) > 0 {
		i := strings.IndexFunc(s, unicode.IsSpace)
		if i < 0 {
			i = len(s)
		}
		if i > 0 {
			if space {
				b.WriteByte(' ')
			}
			b.WriteString(s[:i])
			s = s[i:]
		}
		if len(s) == 0 {
			break
		}
		_, size := utf8.DecodeRuneInString(s)
		s = s[size:]
		space = true
	}
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

// writeSuggestion shows a suggested command with its label when the label
// says more than the command ("Go (/salary go)").
func writeSuggestion(b *strings.Builder, s handlers.Suggestion) {
	label, cmd := strings.TrimSpace(s.Label), strings.TrimSpace(s.Command)
	switch {
	case cmd == "":
		b.WriteString(label)
	case label == "" || strings.EqualFold(label, cmd):
		b.WriteString(cmd)
	default:
		b.WriteString(label)
		b.WriteString(" (")
		b.WriteString(cmd)
		b.WriteString(")")
	}
}

// RenderTable aligns a table in columns separated by " | ".
func RenderTable(t handlers.Table) string {
	var b strings.Builder
	writeTable(&b, t)
	return b.String()
}

// writeTable is RenderTable into b. Each cell's display width is measured
// once.
func writeTable(b *strings.Builder, t handlers.Table) {
	ncol := len(t.Columns)
	widths := make([]int, ncol)
	cells := make([]int, (len(t.Rows)+1)*ncol)
	row := func(n int) []string {
		if n == 0 {
			return t.Columns
		}
		return t.Rows[n-1]
	}
	for n := 0; n <= len(t.Rows); n++ {
		r := row(n)
		for i := 0; i < len(r) && i < ncol; i++ {
			w := handlers.DisplayWidth(r[i])
			cells[n*ncol+i] = w
			widths[i] = max(widths[i], w)
		}
	}
	for n := 0; n <= len(t.Rows); n++ {
		r := row(n)
		for i := range widths {
			if i > 0 {
				b.WriteString(" | ")
			}
			if i < len(r) {
				b.WriteString(r[i])
			}
			if i < ncol-1 {
				pad(b, ' ', widths[i]-cells[n*ncol+i])
			}
		}
		b.WriteString("\n")
		if n == 0 {
			for i, w := range widths {
				if i > 0 {
					b.WriteString("-+-")
				}
				pad(b, '-', w)
			}
			b.WriteString("\n")
		}
	}
}

// pad writes n copies of c.
func pad(b *strings.Builder, c byte, n int) {
	for ; n > 0; n-- {
		b.WriteByte(c)
	}
}
