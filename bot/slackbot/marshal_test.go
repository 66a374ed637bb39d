package slackbot

import (
	"bytes"
	"context"
	"encoding/json"
	"github.com/slack-go/slack"
	"testing"

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
	// Block shapes render never makes, for the nil and empty cases.
	odd := message{Blocks: []slack.Block{&slack.ActionBlock{Type: slack.MBTAction}, slack.NewActionBlock("a"),
		&slack.ActionBlock{Type: slack.MBTAction, Elements: &slack.BlockElements{}}, (*slack.ActionBlock)(nil), (*slack.ContextBlock)(nil)}}
	want, _ := json.Marshal(odd)
	if got, err := marshalMessage(odd); err != nil || !bytes.Equal(got, want) {
		t.Errorf("odd blocks: %s, %v; want %s", got, err, want)
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
