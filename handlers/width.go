package handlers

import "github.com/mattn/go-runewidth"

// eastAsian counts East Asian ambiguous-width characters (“ ” ◯ ※ … ①)
// as two columns, as Japanese monospace fonts draw them. Counting them as
// one, as a plain Unicode width table does, misaligns Japanese tables.
var eastAsian = &runewidth.Condition{EastAsianWidth: true}

// DisplayWidth is how many columns s takes in a monospace font: East Asian
// wide, full-width and ambiguous characters take two, combining marks and
// zero-width characters none. Renderers that lay out tables in monospace
// text (the console, Slack code blocks) use it so Japanese cells line up.
//
// It is go-runewidth's StringWidth, answered from a table for the text
// answers are made of (ASCII, kana, kanji, Japanese and general
// punctuation, full-width forms): runewidth looks each of those up by
// binary search, and sizing measures every table cell and chart label of
// every answer. A string with any other character, or with one that can
// join the next into a cluster, goes to runewidth whole.
func DisplayWidth(s string) int {
	w := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0x80 {
			return w + wideWidth(s[i:])
		}
		if c >= 0x20 && c != 0x7F {
			w++
		} else if c == '\r' {
			return eastAsian.StringWidth(s) // CR LF is one cluster
		}
	}
	return w
}

// wideWidth is DisplayWidth of s, which starts with a non-ASCII byte.
func wideWidth(s string) int {
	w := 0
	for _, r := range s {
		if r < 0x80 {
			if r < 0x20 || r == 0x7F {
				if r == '\r' {
					return eastAsian.StringWidth(s)
				}
				continue
			}
			w++
			continue
		}
		x, ok := tableWidth(r)
		if !ok {
			return eastAsian.StringWidth(s)
		}
		w += x
	}
	return w
}

// tableWidth is r's width from the tables, or false where runewidth must
// decide (a character that can join a cluster, or one outside them).
func tableWidth(r rune) (int, bool) {
	var x byte
	switch {
	case r >= 0x3400 && r <= 0x4DBF, r >= 0x4E00 && r <= 0x9FFF:
		return 2, true // CJK ideographs: wide, never joined
	case r < 0x300:
		x = widthTable[r]
	case r >= 0x2000 && r < 0x3400:
		x = widthTable[0x300+r-0x2000]
	case r >= 0xFF00 && r <= 0xFFFF:
		x = widthTable[0x300+0x1400+r-0xFF00]
	}
	if x == '0' || x == 0 {
		return 0, false
	}
	return int(x - '1'), true
}

// The width table (width_table.go, generated from go-runewidth by
// TestWidthTable -update) covers U+0000–U+02FF, U+2000–U+33FF and
// U+FF00–U+FFFF, one character an entry: '0' where runewidth must decide,
// else '1' + the width. It is generated rather than built at start-up
// because asking runewidth for one width above U+02FF makes it fill a 2 MB
// lookup table, 2 MB more resident memory in every process.

// RuneWidth is DisplayWidth for one character.
func RuneWidth(r rune) int {
	if r >= 0x20 && r < 0x7F {
		return 1
	}
	if w, ok := tableWidth(r); ok {
		return w
	}
	return eastAsian.RuneWidth(r)
}
