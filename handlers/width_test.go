package handlers_test

import (
	"testing"

	"careerbot/handlers"
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
