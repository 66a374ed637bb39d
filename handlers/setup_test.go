package handlers_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"careerbot/bot/console"
	"careerbot/handlers"
	"careerbot/knowledge"
	"careerbot/store"
)

var testRouter *handlers.Router

// TestMain loads the curated knowledge base into a real SQLite file once
// for the package's tests.
func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "careerbot-handlers")
	if err != nil {
		panic(err)
	}
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(dir, "kb.db"), store.Options{})
	if err != nil {
		panic(err)
	}
	data, err := knowledge.Load(knowledge.Curated, knowledge.CuratedDir)
	if err != nil {
		panic(err)
	}
	if _, _, err := st.Sync(ctx, data, "test"); err != nil {
		panic(err)
	}
	testRouter, err = handlers.New(ctx, st, handlers.Options{DefaultLocale: knowledge.JA})
	if err != nil {
		panic(err)
	}
	code := m.Run()
	st.Close()
	os.RemoveAll(dir)
	os.Exit(code)
}

func ask(t testing.TB, line string, l knowledge.Locale) (handlers.Reply, string) {
	t.Helper()
	// The whole answer by default: these tests check what the engine says;
	// size_test checks what compaction makes of it. A line ending in
	// --compact asks for the chat-sized answer, as a slash command does; a
	// trailing --full is accepted for readability.
	line, compact := strings.CutSuffix(line, " --compact")
	line, _ = strings.CutSuffix(line, " --full")
	cmd, args := handlers.ParseLine(line)
	r := testRouter.Handle(context.Background(), handlers.Request{Command: cmd, Args: args, Locale: l, Platform: "test", User: "U1", UserName: "tester", Channel: "C1", Full: !compact})
	return r, console.Render(r)
}

func mustContain(t *testing.T, text string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(text, w) {
			t.Errorf("answer does not contain %q:\n%s", w, text)
		}
	}
}

func mustNotContain(t *testing.T, text string, bad ...string) {
	t.Helper()
	for _, w := range bad {
		if strings.Contains(text, w) {
			t.Errorf("answer contains %q:\n%s", w, text)
		}
	}
}

// askRaw asks a command with its argument text exactly as given.
func askRaw(t testing.TB, cmd, args string, l knowledge.Locale) (handlers.Reply, string) {
	t.Helper()
	r := testRouter.Handle(context.Background(), handlers.Request{Command: cmd, Args: args, Locale: l, Platform: "test", User: "U1", UserName: "tester", Channel: "C1"})
	return r, console.Render(r)
}
