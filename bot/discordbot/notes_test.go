package discordbot

import (
	"fmt"
	"testing"
)

// A note's memoised line is what one-lining and escaping give, with its
// length, for notes seen before and after the memo is full; the memo stops
// growing at its bound.
func TestNoteLineMemo(t *testing.T) {
	check := func(n string) {
		t.Helper()
		got, ok := noteLineOf(n)
		one := oneLine(n)
		if ok != (one != "") {
			t.Fatalf("noteLineOf(%q) ok = %v", n, ok)
		}
		if want := markdown(one); ok && (got.text != want || got.units != ulen(want)) {
			t.Fatalf("noteLineOf(%q) = %+v, want %q (%d)", n, got, want, ulen(want))
		}
	}
	for i := range maxNoteLines + 100 {
		n := fmt.Sprintf("注意 %d <@%d> *強調* @everyone\n2行目", i, i)
		check(n)
		check(n)
	}
	check(" \n ")
	if got := noteLines.n.Load(); got > maxNoteLines {
		t.Errorf("the memo holds %d notes, bound %d", got, maxNoteLines)
	}
}
