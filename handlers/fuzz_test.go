package handlers_test

import (
	"strings"
	"testing"
	"unicode/utf8"

	"careerbot/handlers"
	"careerbot/knowledge"
)

// FuzzHandle feeds arbitrary lines through parsing, topic matching, SQLite
// and rendering: nothing may panic, every reply has a known status, and no
// control character or unbounded echo gets out.
func FuzzHandle(f *testing.F) {
	for _, s := range []string{"/salary go", "/compare go rails node", "/path テックリード", "/ask 年収1000万円", "/jobs aws",
		"/salary <!channel>", "/ask ' OR 1=1 --", "/career salary ＧＯ", "/skills \x00\x1b", "/compare 30s, 40s vs 50s", "/digest subscribe"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, line string) {
		rep, text := ask(t, line, knowledge.EN)
		switch rep.Status {
		case handlers.StatusOK, handlers.StatusNotFound, handlers.StatusInvalid:
		default:
			t.Fatalf("status %q for %q", rep.Status, line)
		}
		if !utf8.ValidString(text) {
			t.Fatalf("invalid UTF-8 in reply to %q", line)
		}
		for _, r := range text {
			if r < 0x20 && r != '\n' {
				t.Fatalf("control character %U in reply to %q", r, line)
			}
		}
		if len(line) > 200 && strings.Contains(text, line) {
			t.Fatalf("reply echoes %d bytes of input", len(line))
		}
	})
}
