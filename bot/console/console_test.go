package console_test

import (
	"context"
	"strings"
	"testing"

	"careerbot/bot/console"
	"careerbot/handlers"
	"careerbot/knowledge"
)

// fullEngine answers with a More action unless the request asks for the
// whole answer, and remembers the requests.
type fullEngine struct{ reqs []handlers.Request }

func (e *fullEngine) Handle(_ context.Context, req handlers.Request) handlers.Reply {
	e.reqs = append(e.reqs, req)
	if req.Full {
		return handlers.Reply{Paragraphs: []string{"the whole answer to " + req.Args}}
	}
	return handlers.Reply{Paragraphs: []string{"the short answer"}, Actions: []handlers.Action{{Kind: handlers.ActionMore, Value: "ja:salary go"}}}
}

// TestRunFull: :full re-asks the last question for the whole answer.
func TestRunFull(t *testing.T) {
	e := &fullEngine{}
	var out strings.Builder
	if err := console.Run(context.Background(), e, strings.NewReader(":full\n/salary go\n:full\n"), &out, knowledge.EN); err != nil {
		t.Fatal(err)
	}
	text := out.String()
	for _, want := range []string{"ask something first", "the short answer", "(:full shows the whole answer)", "the whole answer to go"} {
		if !strings.Contains(text, want) {
			t.Errorf("console output lacks %q:\n%s", want, text)
		}
	}
	if len(e.reqs) != 2 || e.reqs[0].Full || !e.reqs[1].Full || e.reqs[1].Command != "salary" {
		t.Errorf("requests = %+v, want /salary go then the same in full", e.reqs)
	}
}
