package handlers

import (
	"encoding/binary"
	"math/bits"
	"strconv"
	"strings"
	"unicode"
	"unsafe"
)

// consoleLen is how many characters (runes) the console shows for r: it
// follows console.Render line by line (bot/console cannot be imported from
// here), and a test holds the two to the same count for every question.
func consoleLen(r Reply) int { return fixedLen(r) + itemsLen(r) }

// itemsLen is the part of consoleLen that compaction may cut: paragraphs,
// fields, the table, notes and sources.
func itemsLen(r Reply) int {
	rc := runeLen
	n := 0
	for _, p := range r.Paragraphs {
		n += rc(p) + 1
	}
	if len(r.Fields) > 0 {
		n++
	}
	for _, f := range r.Fields {
		n += fieldLen(f)
	}
	if r.Table != nil {
		n += 1 + tableLen(*r.Table)
	}
	if len(r.Notes) > 0 {
		n++
		for _, x := range r.Notes {
			n += rc(x) + len("* \n")
		}
	}
	if len(r.Sources) > 0 {
		n += 1 + rc(Label(r.Locale, LabelSources)) + len(":\n")
		for _, s := range r.Sources {
			n += len("  - ") + rc(s.Name) + 1
			if s.Year != 0 {
				n += len(" ()") + len(strconv.Itoa(s.Year))
			}
			if s.Note != "" {
				n += len(" — ") - 2 + rc(s.Note) // "—" is one character
			}
		}
	}
	return n
}

// itemsBytes is the bytes of the texts itemsLen counts: at least one and
// at most four a character, so it bounds itemsLen cheaply.
func itemsBytes(r Reply) int {
	n := 0
	for _, p := range r.Paragraphs {
		n += len(p)
	}
	for _, f := range r.Fields {
		n += len(f.Label) + len(f.Value)
	}
	if r.Table != nil {
		for _, row := range r.Table.Rows {
			for _, c := range row {
				n += len(c)
			}
		}
	}
	for _, x := range r.Notes {
		n += len(x)
	}
	for _, c := range r.Sources {
		n += len(c.Name) + len(c.Note)
	}
	return n
}

// fixedLen is the part of consoleLen that compaction never cuts: the title
// and status, the charts, the suggestions and who shared the answer.
func fixedLen(r Reply) int {
	rc := runeLen
	n := 0
	if r.Title != "" {
		n += rc(r.Title) + len("==  ==\n")
	}
	if !r.OK() {
		n += rc(string(r.Status)) + len("[]\n")
	}
	for _, c := range r.Charts {
		if k := chartTextLen(c); k > 0 {
			n += 1 + k
		}
	}
	if len(r.Suggestions) > 0 {
		n += 1 + rc(Label(r.Locale, LabelTry)) + len(": ") + 1
		for i, s := range r.Suggestions {
			if i > 0 {
				n += len(", ")
			}
			n += suggestionLen(s)
		}
	}
	if r.SharedBy != "" {
		n += rc(Label(r.Locale, LabelSharedBy, r.SharedBy)) + len("()\n")
	}
	return n
}

// fieldLen is a field as the console shows it: "label: value" on one line,
// or the label and the value's lines indented under it, then the note.
func fieldLen(f Field) int {
	rc := runeLen
	n := 0
	if nl := strings.Count(f.Value, "\n"); nl == 0 {
		n += rc(f.Label) + len(": ") + rc(f.Value) + 1
	} else {
		// Each line indented by two and ended: the newlines become those
		// line ends.
		n += rc(f.Label) + len(":\n") + rc(f.Value) + (nl+1)*len("  ") + 1
	}
	if note := strings.TrimSpace(f.Note); note != "" {
		n += len("  * ") + foldedLen(note) + 1
	}
	return n
}

// foldedLen is the runes of strings.Join(strings.Fields(s), " "), without
// building it: runs of white space count as one space, none at the ends.
func foldedLen(s string) int {
	n, space, started := 0, false, false
	for _, r := range s {
		if unicode.IsSpace(r) {
			space = started
			continue
		}
		if space {
			n++
			space = false
		}
		n++
		started = true
	}
	return n
}

// suggestionLen is a suggestion as the console lists it: the command, or
// "label (command)" when the label says more.
func suggestionLen(s Suggestion) int {
	rc := runeLen
	label, cmd := strings.TrimSpace(s.Label), strings.TrimSpace(s.Command)
	switch {
	case cmd == "":
		return rc(label)
	case label == "" || strings.EqualFold(label, cmd):
		return rc(cmd)
	}
	return rc(label) + len(" ()") + rc(cmd)
}

// tableLen is a table as the console aligns it: cells padded to their
// column's display width, " | " between them, a rule under the header.
func tableLen(t Table) int {
	var small [8]int
	widths := small[:0]
	if len(t.Columns) > len(small) {
		widths = make([]int, 0, len(t.Columns))
	}
	widths = widths[:len(t.Columns)]
	// Line k is the header (0) or row k-1.
	row := func(k int) []string {
		if k == 0 {
			return t.Columns
		}
		return t.Rows[k-1]
	}
	for k := 0; k <= len(t.Rows); k++ {
		row := row(k)
		for i := 0; i < len(row) && i < len(widths); i++ {
			widths[i] = max(widths[i], DisplayWidth(row[i]))
		}
	}
	n := 0
	for k := 0; k <= len(t.Rows); k++ {
		row := row(k)
		for i := range widths {
			cell := ""
			if i < len(row) {
				cell = row[i]
			}
			if i > 0 {
				n += len(" | ")
			}
			n += runeLen(cell)
			if i < len(widths)-1 {
				n += widths[i] - DisplayWidth(cell)
			}
		}
		n++
		if k == 0 {
			for i, w := range widths {
				if i > 0 {
					n += len("-+-")
				}
				n += w
			}
			n++
		}
	}
	return n
}

// ConsoleLen is consoleLen for tests and tools that measure replies.
func ConsoleLen(r Reply) int { return consoleLen(r) }

// runeLen is utf8.RuneCountInString for valid UTF-8 (every reply's text:
// curated, or cleaned by Clean), eight bytes at a time: it counts the
// bytes that do not continue a character (10xxxxxx). Japanese answers are
// mostly three-byte characters, which the standard function decodes one
// by one; sizing counts every answer's text, so this is most of its cost.
func runeLen(s string) int {
	b := unsafe.Slice(unsafe.StringData(s), len(s)) // read only
	cont := 0
	i := 0
	// Four words at a time, then one: the counts are independent, so the
	// CPU overlaps them.
	for ; i+32 <= len(b); i += 32 {
		x0 := binary.LittleEndian.Uint64(b[i:])
		x1 := binary.LittleEndian.Uint64(b[i+8:])
		x2 := binary.LittleEndian.Uint64(b[i+16:])
		x3 := binary.LittleEndian.Uint64(b[i+24:])
		cont += bits.OnesCount64(x0&^(x0<<1)&0x8080808080808080) + bits.OnesCount64(x1&^(x1<<1)&0x8080808080808080) +
			bits.OnesCount64(x2&^(x2<<1)&0x8080808080808080) + bits.OnesCount64(x3&^(x3<<1)&0x8080808080808080)
	}
	for ; i+8 <= len(b); i += 8 {
		x := binary.LittleEndian.Uint64(b[i:])
		// A continuation byte has its top bit set and the next one clear.
		cont += bits.OnesCount64(x & ^(x << 1) & 0x8080808080808080)
	}
	for ; i < len(b); i++ {
		if b[i]&0xC0 == 0x80 {
			cont++
		}
	}
	return len(b) - cont
}
