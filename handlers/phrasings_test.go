package handlers_test

import (
	"slices"
	"strings"
	"testing"

	"careerbot/handlers"
	"careerbot/handlers/handlerstest"
	"careerbot/knowledge"
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
			// What the asker sees first is the chat-sized answer; a
			// wanted item may sit behind More, but only if More is there
			// and the full answer has it.
			rep, text := ask(t, p.Line+" --compact", p.Locale)
			_, full := ask(t, p.Line, p.Locale)
			hasMore := slices.ContainsFunc(rep.Actions, func(a handlers.Action) bool { return a.Kind == handlers.ActionMore })
			for _, w := range p.Must {
				if !strings.Contains(text, w) && !(hasMore && strings.Contains(full, w)) {
					t.Errorf("answer does not contain %q (nor behind More):\n%s", w, text)
				}
			}
			mustNotContain(t, text, p.MustNot...)
			mustNotContain(t, full, p.MustNot...)
		})
	}
}

// TestPlainQuestionsAnswerFirst: a plain question's figure is in the
// answer's first line under the title (a first paragraph, or the first
// field when there is none), ahead of everything else.
func TestPlainQuestionsAnswerFirst(t *testing.T) {
	for _, tc := range []struct {
		line   string
		locale knowledge.Locale
		want   []string
	}{
		{"/ask 40代のバックエンドエンジニアの年収", knowledge.JA, []string{"693万円/年"}},
		{"/ask フロントエンドの派遣の時給は？", knowledge.JA, []string{"1,900円/時"}},
		{"/ask rails vs go salary", knowledge.EN, []string{"¥9.95M", "¥9.57M"}},
		{"/ask what is the salary of a backend engineer in their 30s", knowledge.EN, []string{"¥5.86M a year"}},
		{"/career フロントエンド 派遣 時給", knowledge.JA, []string{"1,900円/時"}},
		{"/salary go freelance", knowledge.EN, []string{"¥9.57M a year"}},
		{"/salary 正社員 バックエンド", knowledge.JA, []string{"500万円/年"}},
		{"/ask フリーランスの月収", knowledge.JA, []string{"60〜80万円/月"}},
		{"/ask how much can a freelancer earn per month", knowledge.EN, []string{"¥600k–¥800k a month"}},
	} {
		_, text := ask(t, tc.line+" --compact", tc.locale)
		lines := slices.DeleteFunc(strings.Split(text, "\n"), func(l string) bool { return strings.TrimSpace(l) == "" })
		if len(lines) < 2 || !strings.HasPrefix(lines[0], "== ") {
			t.Errorf("%s: no title and first line:\n%s", tc.line, text)
			continue
		}
		mustContain(t, lines[1], tc.want...)
	}
}

// TestMarketMore: /market alone shows five statements and a More action
// that re-runs it; the full answer shows every statement and no More.
func TestMarketMore(t *testing.T) {
	more := func(rep handlers.Reply) (string, bool) {
		for _, a := range rep.Actions {
			if a.Kind == handlers.ActionMore {
				return a.Value, true
			}
		}
		return "", false
	}
	short, _ := ask(t, "/market --compact", knowledge.EN)
	full, _ := ask(t, "/market --full", knowledge.EN)
	bullets := func(rep handlers.Reply) int {
		n := 0
		for _, p := range rep.Paragraphs {
			if strings.HasPrefix(p, "• ") {
				n++
			}
		}
		return n
	}
	if v, ok := more(short); !ok || v != "en:market" {
		t.Errorf("/market: More action %q (present %v), want value %q", v, ok, "en:market")
	}
	if _, ok := more(full); ok {
		t.Error("/market in full still offers More")
	}
	// The engine picks five; sizing may keep fewer within 1,500 characters.
	if n := bullets(short); n < 1 || n > 5 {
		t.Errorf("/market shows %d statements, want 1 to 5", n)
	}
	if n, m := bullets(full), bullets(short); n <= m {
		t.Errorf("/market in full shows %d statements, no more than the short %d", n, m)
	}
	// The ranking is deterministic: the same five, in the same order.
	again, _ := ask(t, "/market --compact", knowledge.EN)
	if strings.Join(again.Paragraphs, "\n") != strings.Join(short.Paragraphs, "\n") {
		t.Error("/market ranking differs between two asks")
	}
}
