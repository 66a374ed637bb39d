package knowledge

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/cases"
	"golang.org/x/text/unicode/norm"
)

var folder = cases.Fold()

// Normalize turns a user's term or a curated alias into its matching key:
// NFKC (so ＧＯ becomes GO and half-width kana become full-width), case
// folding, and removal of spaces and the separators people use
// inconsistently (tech-lead, node.js, ruby on rails).
func Normalize(s string) string {
	if k, ok := normalizeASCII(s); ok {
		return k
	}
	return normalizeUnicode(s)
}

func normalizeUnicode(s string) string {
	// Removing characters can make NFKC reorder or compose what is left,
	// and NFKC can produce spaces (U+00A8 → " ̈"), so repeat until stable.
	for i := 0; i < 4; i++ {
		next := stripSeparators(nfkcFold(s))
		if next == s {
			break
		}
		s = next
	}
	return s
}

// normalizeASCII is Normalize for ASCII text, which NFKC leaves as it is
// and case folding only lowercases: one pass, and no copy when nothing
// changes. It reports false for text with any other character.
func normalizeASCII(s string) (string, bool) {
	same := true
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 0x80:
			return "", false
		case c >= 'A' && c <= 'Z', c < 0x20 || c == 0x7f, c == ' ', c == '\t', c == '-', c == '_', c == '.', c == '/':
			same = false
		}
	}
	if same {
		return s, true
	}
	b := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c < 0x20 || c == 0x7f || c == ' ' || c == '-' || c == '_' || c == '.' || c == '/':
		case c >= 'A' && c <= 'Z':
			b = append(b, c+'a'-'A')
		default:
			b = append(b, c)
		}
	}
	return string(b), true
}

func stripSeparators(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case unicode.IsSpace(r), r == '-', r == '_', r == '.', r == '・', r == '/', r == '　':
			continue
		case unicode.IsControl(r), r == utf8.RuneError:
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// FoldText is Normalize without removing separators: NFKC and case folding,
// with control characters dropped and runs of space collapsed. Search uses it.
func FoldText(s string) string {
	s = nfkcFold(s)
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		if r == utf8.RuneError {
			continue
		}
		if unicode.IsSpace(r) || unicode.IsControl(r) {
			space = b.Len() > 0
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(r)
	}
	return b.String()
}

// nfkcFold is Unicode's NFKC_Casefold done with x/text: NFKC, case fold,
// NFKC again, on valid UTF-8 only.
func nfkcFold(s string) string {
	s = norm.NFKC.String(strings.ToValidUTF8(s, ""))
	return norm.NFKC.String(foldStable(s))
}

// foldStable case-folds s so that folding again changes nothing. x/text's
// fold flips some scripts (Cherokee) between cases; for those runes the
// smallest rune of their case orbit is used instead.
func foldStable(s string) string {
	f := folder.String(s)
	if folder.String(f) == f {
		return f
	}
	var b strings.Builder
	for _, r := range f {
		one := folder.String(string(r))
		if folder.String(one) == one {
			b.WriteString(one)
			continue
		}
		lo := r
		for o := unicode.SimpleFold(r); o != r; o = unicode.SimpleFold(o) {
			lo = min(lo, o)
		}
		b.WriteRune(lo)
	}
	return b.String()
}
