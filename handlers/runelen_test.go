package handlers

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// TestRuneLen holds runeLen to utf8.RuneCountInString on valid text of
// every width and at every alignment.
func TestRuneLen(t *testing.T) {
	parts := []string{"a", "é", "年収", "€", "😀", "ｱ", "\n", " ", "※“”", "957万円/年"}
	var b strings.Builder
	for i := 0; i < 400; i++ {
		b.WriteString(parts[(i*7+i/3)%len(parts)])
		s := b.String()
		for start := 0; start < len(s) && start < 9; start++ {
			if !utf8.RuneStart(s[start]) {
				continue
			}
			if got, want := runeLen(s[start:]), utf8.RuneCountInString(s[start:]); got != want {
				t.Fatalf("runeLen(%q) = %d, want %d", s[start:], got, want)
			}
		}
	}
}
