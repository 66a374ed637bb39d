package handlers_test

import (
	"testing"

	"careerbot/handlers/handlerstest"
)

// TestPhrasings asks every phrasing of the project's table and checks what
// its answer must and must not contain.
func TestPhrasings(t *testing.T) {
	ps := handlerstest.Phrasings()
	if len(ps) < 150 {
		t.Fatalf("%d phrasings; the table needs at least 150", len(ps))
	}
	for _, p := range ps {
		t.Run(string(p.Locale)+" "+p.Line, func(t *testing.T) {
			_, text := ask(t, p.Line, p.Locale)
			mustContain(t, text, p.Must...)
			mustNotContain(t, text, p.MustNot...)
		})
	}
}
