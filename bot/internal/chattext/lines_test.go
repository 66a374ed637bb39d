package chattext_test

import (
	"fmt"
	"strings"
	"testing"

	"careerbot/bot/internal/chattext"
)

// A memoised line is what one-lining and escaping give, with its length,
// for notes seen before and after the memo is full; the memo stops growing
// at its bound.
func TestLines(t *testing.T) {
	esc := func(s string) string { return strings.ReplaceAll(s, "<", "&lt;") }
	ls := chattext.NewLines("• ", esc)
	check := func(n string) {
		t.Helper()
		got, ok := ls.Of(n)
		one := chattext.OneLine(n)
		if ok != (one != "") {
			t.Fatalf("Of(%q) ok = %v", n, ok)
		}
		if want := "• " + esc(one); ok && (got.Text != want || got.Units != chattext.Len(want)) {
			t.Fatalf("Of(%q) = %+v, want %q (%d)", n, got, want, chattext.Len(want))
		}
	}
	for i := range chattext.MaxLines + 100 {
		n := fmt.Sprintf("注意 %d <@U%d> 😀\n2行目", i, i)
		check(n)
		check(n) // from the memo, while it has room
	}
	check(" \n ")
	if ls.Len() > chattext.MaxLines {
		t.Errorf("the memo holds %d notes, bound %d", ls.Len(), chattext.MaxLines)
	}
}
