package chattext

import (
	"math/rand/v2"
	"strings"
	"testing"
	"unicode"
)

// lenReference is Len as first written: every rune decoded.
func lenReference(s string) int { return lenDecoded(s) }

// needsOneLineReference says whether OneLine's normalisation changes s.
func needsOneLineReference(s string) bool {
	return s != strings.Join(strings.FieldsFunc(s, unicode.IsSpace), " ")
}

// Len's and needsOneLine's byte-level fast paths agree with the decoding
// definitions on random strings mixing ASCII, Japanese, spaces of every
// kind, four-byte characters, overlong and surrogate encodings and stray
// bytes.
func TestFastPathsMatchReference(t *testing.T) {
	pieces := []string{"a", " ", "  ", "\n", "\t", "年収", "万円", "。", "\u3000", "\u00a0", "\u0085", "\u1680", "\u2003", "\u2028", "\u205f",
		"😀", "é", "\xe0\x80\x80", "\xed\xa0\x80", "\xe3\x80", "\xff", "\x80", "\xc2", "&amp;", "ｶﾅ", "\ufeff", "\u200b"}
	rng := rand.New(rand.NewPCG(1, 2))
	for range 50000 {
		var b strings.Builder
		for range rng.IntN(12) {
			b.WriteString(pieces[rng.IntN(len(pieces))])
		}
		s := b.String()
		if got, want := Len(s), lenReference(s); got != want {
			t.Fatalf("Len(%q) = %d, the decoder says %d", s, got, want)
		}
		// needsOneLine may say yes to a text that is already one line (OneLine
		// then returns it unchanged); it must never say no to one that is not.
		if !needsOneLine(s) && needsOneLineReference(s) {
			t.Fatalf("needsOneLine(%q) = false, but the text is not one line", s)
		}
	}
}
