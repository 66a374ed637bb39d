package console_test

import (
	"strings"
	"testing"

	"careerbot/bot/console"
	"careerbot/handlers"
	"careerbot/knowledge"
)

func TestRenderTableAlignsWideCharacters(t *testing.T) {
	out := console.RenderTable(handlers.Table{Columns: []string{"トピック", "数値"}, Rows: [][]string{{"Go言語", "957万円/年"}, {"Ruby on Rails", "995万円/年"}}})
	lines := strings.Split(strings.TrimRight(out, "\n"), "\n")
	if len(lines) != 4 {
		t.Fatalf("want header, rule and 2 rows:\n%s", out)
	}
	col := -1
	for _, l := range lines {
		if l[0] == '-' {
			continue
		}
		i := strings.Index(l, " | ")
		if w := handlers.DisplayWidth(l[:i]); col == -1 {
			col = w
		} else if w != col {
			t.Errorf("column separator at display width %d, want %d:\n%s", w, col, out)
		}
	}
}

func TestRenderSections(t *testing.T) {
	r := handlers.Reply{Title: "T", Paragraphs: []string{"p"}, Fields: []handlers.Field{{Label: "L", Value: "a\nb"}},
		Notes: []string{"n"}, Sources: []handlers.Citation{{Name: "S", Year: 2025, Note: "why"}},
		Suggestions: []handlers.Suggestion{{Label: "x", Command: "/salary go"}}, SharedBy: "Hanako", Locale: knowledge.EN, Status: handlers.StatusNotFound}
	out := console.Render(r)
	for _, want := range []string{"== T ==", "[ENOTFOUND]", "p\n", "L:\n  a\n  b", "* n", "Sources:", "S (2025) — why", "Try: /salary go", "shared by Hanako"} {
		if !strings.Contains(out, want) {
			t.Errorf("render lacks %q:\n%s", want, out)
		}
	}
}
