package handlers

import (
	"sync"
	"unicode"

	"github.com/mattn/go-runewidth"
)

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
	widthTables.Do(buildWidthTables)
	w := 0
	for _, r := range s {
		var x uint8
		switch {
		case r < 0x80:
			if r < 0x20 || r == 0x7F {
				if r == '\r' {
					return eastAsian.StringWidth(s)
				}
				continue
			}
			w++
			continue
		case r >= 0x3400 && r <= 0x4DBF, r >= 0x4E00 && r <= 0x9FFF:
			w += 2 // CJK ideographs: wide, never joined
			continue
		case r < 0x300:
			x = latinWidth[r]
		case r >= 0x2000 && r < 0x3400:
			x = punctWidth[r-0x2000]
		case r >= 0xFF00 && r <= 0xFFFF:
			x = formsWidth[r-0xFF00]
		}
		if x == 0 {
			return eastAsian.StringWidth(s)
		}
		w += int(x - 1)
	}
	return w
}

// The tables hold a character's width plus one, or 0 where runewidth must
// decide (a character that can join a cluster).
var (
	widthTables sync.Once
	latinWidth  [0x300]uint8
	punctWidth  [0x3400 - 0x2000]uint8 // general punctuation to CJK symbols, kana
	formsWidth  [0x100]uint8           // half- and full-width forms
)

func buildWidthTables() {
	fill := func(t []uint8, base rune) {
		for i := range t {
			r := base + rune(i)
			if !mayJoin(r) {
				t[i] = uint8(eastAsian.RuneWidth(r)) + 1
			}
		}
	}
	fill(latinWidth[:], 0)
	fill(punctWidth[:], 0x2000)
	fill(formsWidth[:], 0xFF00)
}

// mayJoin reports whether r can be part of a grapheme cluster with its
// neighbour (UAX #29: marks, format and control characters, grapheme
// extenders such as the half-width voiced marks, Hangul jamo), or is
// unassigned: those are runewidth's to measure.
func mayJoin(r rune) bool {
	return r == '\r' || !unicode.In(r, unicode.L, unicode.N, unicode.P, unicode.S, unicode.Zs) ||
		unicode.Is(unicode.Other_Grapheme_Extend, r) || unicode.Is(unicode.Hangul, r) ||
		unicode.Is(unicode.Regional_Indicator, r)
}

// RuneWidth is DisplayWidth for one character.
func RuneWidth(r rune) int {
	return eastAsian.RuneWidth(r)
}
