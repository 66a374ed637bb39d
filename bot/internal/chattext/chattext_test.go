package chattext_test

import (
	"strings"
	"testing"

	"careerbot/bot/internal/chattext"
	"careerbot/handlers"
	"careerbot/knowledge"
)

func TestLen(t *testing.T) {
	for s, want := range map[string]int{"": 0, "abc": 3, "日本語": 3, "😀": 2, "a😀b": 4, "\xff": 2} {
		if got := chattext.Len(s); got != want {
			t.Errorf("Len(%q) = %d, want %d", s, got, want)
		}
	}
}

func TestCut(t *testing.T) {
	for _, tc := range []struct {
		in   string
		max  int
		want string
	}{
		{"short", 10, "short"},
		{"abcdef", 4, "abc…"},
		{"ab&amp;cd", 5, "ab…"},         // never inside an entity
		{"x&lt;&gt;yz", 9, "x&lt;…"},    // whole entities kept
		{"R&D and more", 8, "R&D and…"}, // a bare & far back is ordinary text
		{"ab\\*cd", 4, "ab…"},           // never after a lone backslash
		{"😀😀😀", 3, "😀…"},                // never inside a surrogate pair
		{"a b   ", 3, "a…"},
		{"abc", 0, ""},
	} {
		if got := chattext.Cut(tc.in, tc.max); got != tc.want {
			t.Errorf("Cut(%q, %d) = %q, want %q", tc.in, tc.max, got, tc.want)
		}
		if got := chattext.Cut(tc.in, tc.max); chattext.Len(got) > tc.max {
			t.Errorf("Cut(%q, %d) is %d long", tc.in, tc.max, chattext.Len(got))
		}
	}
}

func TestSplit(t *testing.T) {
	s := strings.Repeat("一文です。", 100) + "\n\n" + strings.Repeat("word ", 300)
	chunks := chattext.Split(s, 200)
	if strings.Join(chunks, "") != strings.ReplaceAll(strings.ReplaceAll(s, "\n\n", ""), " ", "") &&
		strings.ReplaceAll(strings.Join(chunks, " "), " ", "") != strings.ReplaceAll(strings.ReplaceAll(s, "\n", ""), " ", "") {
		t.Error("Split lost or changed text")
	}
	for i, c := range chunks {
		if chattext.Len(c) > 200 {
			t.Errorf("chunk %d is %d long", i, chattext.Len(c))
		}
		if strings.HasPrefix(c, "一") && !strings.HasSuffix(c, "。") {
			t.Errorf("chunk %d does not end at a sentence: %q", i, c)
		}
	}
}

func TestOneLineAndWidth(t *testing.T) {
	for in, want := range map[string]string{"": "", "a b": "a b", " a": "a", "a\nb": "a b", "a\u3000b": "a b", " ": "",
		"a  b": "a b", "a\u00a0b": "a b", "a\u2003b": "a b", "a\u2028b": "a b", "年収 957万円": "年収 957万円", "“引用”": "“引用”",
		"a\u200bb": "a\u200bb", "\ta": "a", "a\r": "a", "日本\u3000": "日本", "\u0085a": "a"} {
		if got := chattext.OneLine(in); got != want {
			t.Errorf("OneLine(%q) = %q, want %q", in, got, want)
		}
	}
	// Ambiguous-width characters are wide in Japanese text.
	for _, tc := range []struct {
		in   string
		w    int
		want string
	}{{"“引用”です", 6, "“引…"}, {"※注意", 6, "※注意"}, {"abcdef", 4, "ab…"}} {
		got := chattext.CutWidth(tc.in, tc.w)
		if got != tc.want || handlers.DisplayWidth(got) > tc.w {
			t.Errorf("CutWidth(%q, %d) = %q, want %q", tc.in, tc.w, got, tc.want)
		}
	}
}

func TestAnnotateKeepsTheNote(t *testing.T) {
	italic := func(s string) string { return "_" + s + "_" }
	if got, cut := chattext.Annotate("957万円/年", "求人の提示額", 100, italic); got != "957万円/年\n_求人の提示額_" || cut {
		t.Errorf("Annotate = %q, %v", got, cut)
	}
	value, note := strings.Repeat("v", 1000), strings.Repeat("n", 1000)
	got, cut := chattext.Annotate(value, note, 300, italic)
	if !cut || chattext.Len(got) > 300 {
		t.Fatalf("Annotate over the limit: %d, cut %v", chattext.Len(got), cut)
	}
	if i := strings.Index(got, "\n_n"); i < 0 || strings.Count(got, "n") < 140 {
		t.Errorf("the note lost its half of the room: %q", got)
	}
	short, _ := chattext.Annotate(value, "短い注記", 300, italic)
	if !strings.HasSuffix(short, "\n_短い注記_") {
		t.Errorf("a short note was cut: %q", short)
	}
}

func TestWording(t *testing.T) {
	esc := func(s string) string { return strings.ReplaceAll(s, "<", "&lt;") }
	if got := chattext.SharedBy(knowledge.EN, " <@U1>\nBob ", esc); got != "Shared by &lt;@U1> Bob" {
		t.Errorf("SharedBy = %q", got)
	}
	for _, l := range []knowledge.Locale{knowledge.JA, knowledge.EN} {
		s := chattext.Shortened(l, "Slack", 3, 120)
		if !strings.HasPrefix(s, handlers.Label(l, handlers.LabelShortened)) || !strings.Contains(s, "3") || !strings.Contains(s, "120") {
			t.Errorf("Shortened(%s) = %q", l, s)
		}
	}
}
