package handlers

import (
	"math/rand"
	"testing"
)

// TestCleanAlready holds the no-copy path to the copying one: whenever
// cleanAlready says a text is clean, cleaning it changes nothing, and a
// cleaned text is always found clean.
func TestCleanAlready(t *testing.T) {
	alphabet := []string{"a", "Z", "あ", "語", " ", "  ", "\t", "\n", "\u200b", "\u202e", "\u00a0", "\u3000", "\x00", "\x7f", "\u0085", "@", "<", "é", "\xff"}
	r := rand.New(rand.NewSource(7))
	for k := 0; k < 100000; k++ {
		s := ""
		for n := r.Intn(8); n > 0; n-- {
			s += alphabet[r.Intn(len(alphabet))]
		}
		limit := 1 + r.Intn(8)
		want := cleanCopy(s, limit)
		if cleanAlready(s, limit) && want != s {
			t.Fatalf("cleanAlready(%q, %d) but Clean makes it %q", s, limit, want)
		}
		if Clean(s, limit) != want {
			t.Fatalf("Clean(%q, %d) = %q, want %q", s, limit, Clean(s, limit), want)
		}
		if !cleanAlready(want, limit+1) {
			t.Fatalf("Clean(%q, %d) = %q is not found clean", s, limit, want)
		}
	}
}
