package handlers_test

import (
	"testing"

	"github.com/mattn/go-runewidth"

	"careerbot/handlers"
	"careerbot/handlers/handlerstest"
)

func TestDisplayWidth(t *testing.T) {
	for s, want := range map[string]int{
		"":         0,
		"Go":       2,
		"Go言語":     6,
		"ｇｏ":       4, // full-width Latin
		"“引用”":     8, // ambiguous quotes count as wide in Japanese text
		"◯":        2,
		"※注":       4,
		"…":        2,
		"①":        2,
		"ｶﾀｶﾅ":     4, // half-width katakana stays narrow
		"e\u0301":  1, // a combining mark takes no column
		"a\u200bb": 2, // nor does a zero-width space
		"957万円/年":  10,
	} {
		if got := handlers.DisplayWidth(s); got != want {
			t.Errorf("DisplayWidth(%q) = %d, want %d", s, got, want)
		}
	}
	if got := handlers.RuneWidth('※'); got != 2 {
		t.Errorf("RuneWidth('※') = %d, want 2", got)
	}
}

// TestDisplayWidthTables holds the table-driven widths to runewidth's for
// every character the tables answer, alone and beside others, and for
// every text an answer shows.
func TestDisplayWidthTables(t *testing.T) {
	ea := &runewidth.Condition{EastAsianWidth: true}
	for r := rune(0); r < 0x10000; r++ {
		if r >= 0xD800 && r <= 0xDFFF {
			continue
		}
		s := string(r)
		if got, want := handlers.DisplayWidth(s), ea.StringWidth(s); got != want {
			t.Fatalf("DisplayWidth(%U) = %d, runewidth says %d", r, got, want)
		}
		for _, t2 := range []string{"a" + s + "b", "語" + s + s, s + "\u0301", "ｶ" + s + "ﾞ", s + "\r\n"} {
			if got, want := handlers.DisplayWidth(t2), ea.StringWidth(t2); got != want {
				t.Fatalf("DisplayWidth(%q) = %d, runewidth says %d", t2, got, want)
			}
		}
	}
	for _, q := range handlerstest.Questions() {
		for _, rep := range []handlers.Reply{askCompact(t, q.Line, q.Locale), askFull(t, q.Line, q.Locale)} {
			var texts []string
			if rep.Table != nil {
				texts = append(texts, rep.Table.Columns...)
				for _, row := range rep.Table.Rows {
					texts = append(texts, row...)
				}
			}
			for _, c := range rep.Charts {
				for _, p := range c.Points {
					texts = append(texts, p.Label, p.Text)
				}
			}
			texts = append(texts, rep.Title)
			texts = append(texts, rep.Paragraphs...)
			for _, s := range texts {
				if got, want := handlers.DisplayWidth(s), ea.StringWidth(s); got != want {
					t.Errorf("%s: DisplayWidth(%q) = %d, runewidth says %d", q.Line, s, got, want)
				}
			}
		}
	}
}
