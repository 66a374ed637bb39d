package handlers

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"careerbot/knowledge"
)

// The digest is short, and what it shortens it shortens at a sentence or
// an item: never in the middle of a word.

// sentences splits text into its sentences, each with its end mark and
// without the space after it. Japanese sentences end at 。, English ones
// at . ! ? followed by a space and a capital or an opening quote, except
// after an abbreviation ("e.g. “response time…"). A mark inside brackets
// or quotes ends nothing: 「…。」 and "(… See E-1.)" stay whole. A text
// without an end is one sentence.
func sentences(s string) []string {
	var out []string
	start, depth := 0, 0
	rs := []rune(s)
	pos := 0 // byte offset of rs[i]
	for i, r := range rs {
		size := utf8.RuneLen(r)
		switch {
		case r == '(' || r == '（' || r == '「' || r == '『' || r == '“':
			depth++
		case r == ')' || r == '）' || r == '」' || r == '』' || r == '”':
			depth = max(depth-1, 0)
		case depth > 0:
		case r == '。':
			out = append(out, s[start:pos+size])
			start = pos + size
		case (r == '.' || r == '!' || r == '?') && i+2 < len(rs) && rs[i+1] == ' ' && sentenceStart(rs[i+2]) && !abbreviation(s[start:pos]):
			out = append(out, s[start:pos+size])
			start = pos + size + 1
		}
		pos += size
	}
	if rest := strings.TrimSpace(s[min(start, len(s)):]); rest != "" {
		out = append(out, rest)
	}
	return out
}

func sentenceStart(r rune) bool {
	return unicode.IsUpper(r) || unicode.IsDigit(r) || r == '“' || r == '"' || r == '(' || r == '¥'
}

// abbreviation reports whether text ends in a word that takes a full stop
// without ending a sentence.
func abbreviation(text string) bool {
	fields := strings.Fields(text)
	if len(fields) == 0 {
		return false
	}
	switch strings.ToLower(strings.Trim(fields[len(fields)-1], "(“\"")) {
	case "e.g", "i.e", "etc", "inc", "vs", "no", "cf", "approx":
		return true
	}
	return false
}

// joinSentences joins sentences back with the separator of l.
func joinSentences(ss []string, l knowledge.Locale) string {
	if l == knowledge.JA {
		return strings.Join(ss, "")
	}
	return strings.Join(ss, " ")
}

// leadSentences is the longest run of text's first sentences within n
// runes; "" when even the first sentence is longer.
func leadSentences(text string, n int, l knowledge.Locale) string {
	ss := sentences(text)
	for k := len(ss); k > 0; k-- {
		if s := joinSentences(ss[:k], l); utf8.RuneCountInString(s) <= n {
			return s
		}
	}
	return ""
}

// caveat is what sits beside a figure (Field.Note): the curated short note
// where there is one, else the lead of the note when its first sentence is
// short enough, else "" (the full note is one button away).
func caveat(p knowledge.Provenance, l knowledge.Locale) string {
	if s := p.ShortNote.In(l); s != "" {
		return s
	}
	note := p.Note
	n := 150
	if l == knowledge.JA {
		n = 80
	}
	return leadSentences(note.In(l), n, l)
}

// replyLength is an upper bound on the characters (runes) the console
// shows for rep, counting each field's Note on a line of its own and each
// suggestion with its label as well as its command, as renderers that show
// them do. It follows console.Render's layout; the digest's length test
// checks it against the console.
func replyLength(rep Reply) int {
	n := 0
	count := func(format string, args ...any) { n += utf8.RuneCountInString(fmt.Sprintf(format, args...)) }
	if rep.Title != "" {
		count("== %s ==\n", rep.Title)
	}
	for _, p := range rep.Paragraphs {
		count("%s\n", p)
	}
	if len(rep.Fields) > 0 {
		n++
	}
	for _, f := range rep.Fields {
		lines := strings.Split(f.Value, "\n")
		if len(lines) == 1 {
			count("%s: %s\n", f.Label, f.Value)
		} else {
			count("%s:\n", f.Label)
			for _, l := range lines {
				count("  %s\n", l)
			}
		}
		if f.Note != "" {
			count("  ※ %s\n", f.Note)
		}
	}
	n += chartsLength(rep.Charts)
	if len(rep.Notes) > 0 {
		n++
		for _, x := range rep.Notes {
			count("* %s\n", x)
		}
	}
	if len(rep.Sources) > 0 {
		count("\nSources:\n")
		for _, s := range rep.Sources {
			count("  - %s", s.Name)
			if s.Year != 0 {
				count(" (%d)", s.Year)
			}
			if s.Note != "" {
				count(" — %s", s.Note)
			}
			n++
		}
	}
	if len(rep.Suggestions) > 0 {
		// Renderers may show each suggestion as "label (command)".
		items := make([]string, 0, len(rep.Suggestions))
		for _, s := range rep.Suggestions {
			items = append(items, s.Label+" ("+s.Command+")")
		}
		count("\nこちらもどうぞ: %s\n", strings.Join(items, ", "))
	}
	return n
}
