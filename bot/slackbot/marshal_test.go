package slackbot

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"testing"

	"careerbot/bot/internal/chattext"

	"careerbot/handlers"
	"careerbot/handlers/handlerstest"
)

// marshalMessage writes exactly what json.Marshal writes, for every answer
// of the handlers' question table in both locales, compact and full, with
// and without the byte budget, and for a reply with every field filled.
func TestMarshalMessage(t *testing.T) {
	router := realRouter(t)
	var replies []handlers.Reply
	for _, q := range handlerstest.Questions() {
		cmd, args := handlers.ParseLine(q.Line)
		for _, full := range []bool{false, true} {
			replies = append(replies, router.Handle(context.Background(), handlers.Request{Command: cmd, Args: args, Locale: q.Locale, Platform: "slack", Full: full}))
		}
	}
	replies = append(replies, handlerstest.Filled())
	opts := []renderOptions{{}, {Share: true, More: true, MaxBytes: ackBudget}, {Share: true, MaxBytes: 4000}}
	n := 0
	for _, r := range replies {
		for _, opt := range opts {
			msg := render(r, opt)
			want, err := json.Marshal(msg)
			if err != nil {
				t.Fatal(err)
			}
			got, err := marshalMessage(msg)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, want) {
				t.Fatalf("%q: marshalMessage differs from json.Marshal:\n%s\n%s", r.Title, got, want)
			}
			for _, b := range msg.Blocks {
				if costOf(b) != len(mustMarshal(t, b)) {
					t.Fatalf("%q: costOf(%T) is not its JSON length", r.Title, b)
				}
			}
			n++
		}
	}
	var empty message
	if got, _ := marshalMessage(empty); string(got) != `{"text":"","blocks":null}` {
		t.Errorf("an empty message: %s", got)
	}
	t.Logf("%d messages compared", n)
}

func mustMarshal(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// A note's memoised line is what one-lining, escaping and counting give,
// for notes seen before and after the memo is full; the memo stops growing
// at its bound.
func TestNoteLineMemo(t *testing.T) {
	check := func(n string) {
		t.Helper()
		got, ok := noteLineOf(n)
		one := chattext.OneLine(n)
		if ok != (one != "") {
			t.Fatalf("noteLineOf(%q) ok = %v", n, ok)
		}
		if want := "• " + escape(one); ok && (got.text != want || got.units != chattext.Len(want)) {
			t.Fatalf("noteLineOf(%q) = %+v, want %q (%d)", n, got, want, chattext.Len(want))
		}
	}
	for i := range maxNoteLines + 100 {
		n := fmt.Sprintf("注意 %d <@U%d> &  @everyone\n2行目", i, i)
		check(n)
		check(n) // from the memo, while it has room
	}
	check("   ")
	if got := noteLines.n.Load(); got > maxNoteLines {
		t.Errorf("the memo holds %d notes, bound %d", got, maxNoteLines)
	}
}
