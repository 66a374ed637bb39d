package handlers_test

import (
	"testing"

	"careerbot/handlers"
	"careerbot/knowledge"
)

// Every figure the articles state, asked the way a user would, must come
// back with its number, unit, kind and source. The expectations are typed
// from the articles, not read from the data files.
func TestSalaryFiguresFromTheArticles(t *testing.T) {
	ja, en := knowledge.JA, knowledge.EN
	tests := []struct {
		line   string
		locale knowledge.Locale
		want   []string
	}{
		{"/salary go", ja, []string{"957万円/年", "平均", "2025", "INSTANTROOM"}},
		{"/salary golang", en, []string{"¥9.57M a year", "average", "2025", "INSTANTROOM"}},
		{"/salary Go言語", ja, []string{"957万円/年"}},
		{"/salary ＧＯ", ja, []string{"957万円/年"}},
		{"/salary rails", ja, []string{"995万円/年", "平均", "2025", "PR TIMES"}},
		{"/salary ruby on rails", en, []string{"¥9.95M a year"}},
		{"/salary node", ja, []string{"921万円/年", "2025"}},
		{"/salary node.js", en, []string{"¥9.21M a year"}},
		{"/salary 20s", ja, []string{"408万円/年", "厚生労働省"}},
		{"/salary 30代", ja, []string{"586万円/年", "厚生労働省"}},
		{"/salary 40s", en, []string{"¥6.93M a year", "average"}},
		{"/salary forties", ja, []string{"693万円/年"}},
		{"/salary 50代", ja, []string{"712万円/年"}},
		{"/salary 60s", ja, []string{"582万円/年"}},
		{"/salary employee", ja, []string{"500万円/年", "求人ボックス"}},
		{"/salary freelance", ja, []string{"700〜1,000万円/年", "範囲", "60〜80万円/月", "80〜90万円/月"}},
		{"/salary フリーランス", en, []string{"¥7M–¥10M a year", "range", "¥600k–¥800k a month"}},
		{"/salary 業務委託", ja, []string{"700〜1,000万円/年"}},
		{"/salary dispatch", ja, []string{"2,200円/時", "1,900円/時"}},
		{"/salary part-time", ja, []string{"1,200円/時", "1,300円/時", "1,200〜2,200円/時"}},
		{"/salary 派遣", en, []string{"¥2,200 an hour", "¥1,900 an hour"}},
		{"/salary", ja, []string{"約500万円/年", "約574万円/年", "400〜500万円/年", "518万円/年", "1,198円/時", "523万円/年", "1,301円/時"}},
		{"/salary se", ja, []string{"約574万円/年", "厚生労働省"}},
		{"/salary backend", ja, []string{"約500万円/年", "1,000万円/年"}},
		{"/salary frontend", en, []string{"¥5M a year", "¥1,900 an hour", "¥1,300 an hour"}},
	}
	for _, tc := range tests {
		t.Run(tc.line+"/"+string(tc.locale), func(t *testing.T) {
			rep, text := ask(t, tc.line, tc.locale)
			if !rep.OK() {
				t.Fatalf("status %s:\n%s", rep.Status, text)
			}
			mustContain(t, text, tc.want...)
			if len(rep.Sources) == 0 {
				t.Error("no source cited")
			}
		})
	}
}

func TestSalaryNeverAnnualisesOrAverages(t *testing.T) {
	_, text := ask(t, "/salary freelance", knowledge.JA)
	// 60〜80万円/月 ×12 would be 720〜960; 80〜90 ×12 would be 960〜1,080;
	// the midpoint of 700〜1,000 would be 850.
	mustNotContain(t, text, "720", "960", "1,080", "850万円", "8,500,000")
	_, text = ask(t, "/jobs", knowledge.JA)
	mustNotContain(t, text, "720万円", "1,440万円", "1,200万円/年")
}

func TestSalaryTopicWithoutFigureSaysSo(t *testing.T) {
	for _, line := range []string{"/salary python", "/salary java", "/salary php", "/salary laravel"} {
		rep, text := ask(t, line, knowledge.EN)
		if rep.Status != handlers.StatusNotFound {
			t.Errorf("%s: status %q, want ENOTFOUND", line, rep.Status)
		}
		mustContain(t, text, "no salary figure")
		mustNotContain(t, text, "957", "995", "921", "9.57", "¥")
	}
}

func TestUnknownTopics(t *testing.T) {
	tests := []struct {
		line    string
		suggest string
	}{
		{"/salary cobol", "/salary go"},
		{"/path astronaut", "/path specialist"},
		{"/skills knitting", "/skills"},
		{"/kpi unicorn", "/kpi"},
		{"/compare go cobol", "/salary"},
	}
	for _, tc := range tests {
		t.Run(tc.line, func(t *testing.T) {
			rep, text := ask(t, tc.line, knowledge.EN)
			if rep.Status != handlers.StatusNotFound {
				t.Fatalf("status %q, want ENOTFOUND:\n%s", rep.Status, text)
			}
			mustContain(t, text, "not in the knowledge base", tc.suggest)
			mustNotContain(t, text, "¥")
			if len(rep.Actions) != 0 {
				t.Error("an error reply offers a share button")
			}
		})
	}
}

// A typo of a curated name is read as that name, and the answer says so.
func TestTyposAreReadAndSaid(t *testing.T) {
	for _, tc := range []struct{ line, want string }{
		{"/salary golag", `read "golag" as Go`},
		{"/path teklead", `read "teklead" as Tech lead`},
	} {
		rep, text := ask(t, tc.line, knowledge.EN)
		if !rep.OK() {
			t.Fatalf("%s: status %q:\n%s", tc.line, rep.Status, text)
		}
		mustContain(t, text, tc.want)
	}
}
