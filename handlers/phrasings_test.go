package handlers_test

import (
	"testing"

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
			_, text := ask(t, p.Line, p.Locale)
			mustContain(t, text, p.Must...)
			mustNotContain(t, text, p.MustNot...)
		})
	}
}

// TestPlainQuestionsAnswerFirst: a plain question's figure is in the
// answer's first paragraph, ahead of everything else.
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
	} {
		rep, text := ask(t, tc.line, tc.locale)
		if len(rep.Paragraphs) == 0 {
			t.Errorf("%s: no paragraph:\n%s", tc.line, text)
			continue
		}
		mustContain(t, rep.Paragraphs[0], tc.want...)
	}
}
