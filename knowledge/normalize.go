package knowledge

import (
	"strings"
	"unicode"

	"golang.org/x/text/cases"
	"golang.org/x/text/unicode/norm"
)

var folder = cases.Fold()

// Normalize turns a user's term or a curated alias into its matching key:
// NFKC (so ＧＯ becomes GO and half-width kana become full-width), case
// folding, and removal of spaces and the separators people use
// inconsistently (tech-lead, node.js, ruby on rails).
func Normalize(s string) string {
	s = norm.NFKC.String(s)
	s = folder.String(s)
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case unicode.IsSpace(r), r == '-', r == '_', r == '.', r == '・', r == '/', r == '　':
			continue
		case unicode.IsControl(r):
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// FoldText is Normalize without removing separators: NFKC and case folding,
// with control characters dropped and runs of space collapsed. Search uses it.
func FoldText(s string) string {
	s = folder.String(norm.NFKC.String(s))
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
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
