package knowledge_test

import (
	"testing"

	"careerbot/knowledge"
)

func curatedMatcher(t testing.TB) *knowledge.Matcher {
	t.Helper()
	d, err := knowledge.Load(knowledge.Curated, knowledge.CuratedDir)
	if err != nil {
		t.Fatal(err)
	}
	return knowledge.NewMatcher(d.Topics)
}

func TestAliases(t *testing.T) {
	m := curatedMatcher(t)
	tests := []struct {
		term string
		kind knowledge.TopicKind
		id   string
	}{
		{"go", knowledge.TopicLanguage, "go"}, {"golang", knowledge.TopicLanguage, "go"}, {"Go言語", knowledge.TopicLanguage, "go"},
		{"ＧＯ", knowledge.TopicLanguage, "go"}, {"GoLang", knowledge.TopicLanguage, "go"},
		{"rails", knowledge.TopicLanguage, "rails"}, {"ruby on rails", knowledge.TopicLanguage, "rails"}, {"Ruby-on-Rails", knowledge.TopicLanguage, "rails"},
		{"node", knowledge.TopicLanguage, "nodejs"}, {"node.js", knowledge.TopicLanguage, "nodejs"}, {"Node.JS", knowledge.TopicLanguage, "nodejs"},
		{"40s", knowledge.TopicAge, "40s"}, {"40代", knowledge.TopicAge, "40s"}, {"forties", knowledge.TopicAge, "40s"}, {"４０代", knowledge.TopicAge, "40s"},
		{"20代", knowledge.TopicAge, "20s"}, {"fifties", knowledge.TopicAge, "50s"}, {"60代", knowledge.TopicAge, "60s"},
		{"freelance", knowledge.TopicEmployment, "freelance"}, {"フリーランス", knowledge.TopicEmployment, "freelance"}, {"業務委託", knowledge.TopicEmployment, "freelance"},
		{"ﾌﾘｰﾗﾝｽ", knowledge.TopicEmployment, "freelance"},
		{"正社員", knowledge.TopicEmployment, "employee"}, {"派遣", knowledge.TopicEmployment, "dispatch"}, {"アルバイト", knowledge.TopicEmployment, "part_time"},
		{"techlead", knowledge.TopicPath, "techlead"}, {"tech-lead", knowledge.TopicPath, "techlead"}, {"Tech Lead", knowledge.TopicPath, "techlead"},
		{"テックリード", knowledge.TopicPath, "techlead"}, {"em", knowledge.TopicPath, "techlead"}, {"engineering manager", knowledge.TopicPath, "techlead"},
		{"エンジニアリングマネージャー", knowledge.TopicPath, "techlead"}, {"fullstack", knowledge.TopicPath, "fullstack"}, {"full-stack", knowledge.TopicPath, "fullstack"},
		{"フルスタック", knowledge.TopicPath, "fullstack"}, {"freelance", knowledge.TopicPath, "freelance"},
		{"backend", knowledge.TopicRole, "backend"}, {"バックエンド", knowledge.TopicRole, "backend"}, {"frontend", knowledge.TopicRole, "frontend"},
		{"system engineer", knowledge.TopicRole, "se"}, {"システムエンジニア", knowledge.TopicRole, "se"},
	}
	for _, tc := range tests {
		got, ok := m.Lookup(tc.term, tc.kind)
		if !ok || got.ID != tc.id {
			t.Errorf("Lookup(%q, %s) = %q, %v; want %q", tc.term, tc.kind, got.ID, ok, tc.id)
		}
	}
	for _, term := range []string{"cobol", "", "   ", "astronaut", "g o l a n g x"} {
		if got, ok := m.Lookup(term); ok {
			t.Errorf("Lookup(%q) found %q, want nothing", term, got.ID)
		}
	}
}

func TestSuggest(t *testing.T) {
	m := curatedMatcher(t)
	for term, want := range map[string]string{"golag": "go", "rials": "rails", "teklead": "techlead", "fulstack": "fullstack", "フリーランサー": "freelance"} {
		got := m.Suggest(term, 3)
		if len(got) == 0 || got[0].ID != want {
			t.Errorf("Suggest(%q) = %v, want %q first", term, got, want)
		}
	}
	if got := m.Suggest("zzzzzzzzzz", 3); len(got) != 0 {
		t.Errorf("Suggest(nonsense) = %v, want none", got)
	}
}

func TestComplete(t *testing.T) {
	m := curatedMatcher(t)
	for _, tc := range []struct {
		prefix string
		kinds  []knowledge.TopicKind
		want   string
		not    string
	}{
		{"ru", []knowledge.TopicKind{knowledge.TopicLanguage, knowledge.TopicEmployment}, "ruby", "part_time"},
		{"リード", []knowledge.TopicKind{knowledge.TopicPath}, "techlead", ""},
		{"stack", []knowledge.TopicKind{knowledge.TopicPath}, "fullstack", ""},
	} {
		got := m.Complete(tc.prefix, 25, tc.kinds...)
		ids := map[string]bool{}
		for _, t := range got {
			ids[t.ID] = true
		}
		if !ids[tc.want] || (tc.not != "" && ids[tc.not]) {
			t.Errorf("Complete(%q) = %v; want %q and not %q", tc.prefix, got, tc.want, tc.not)
		}
	}
}

func TestNormalize(t *testing.T) {
	for in, want := range map[string]string{"ＧＯ": "go", "Node.js": "nodejs", "tech-lead": "techlead", "Ruby on Rails": "rubyonrails", "ﾌﾘｰﾗﾝｽ": "フリーランス", "４０代": "40代", "a\x00b": "ab"} {
		if got := knowledge.Normalize(in); got != want {
			t.Errorf("Normalize(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestFormatFigure(t *testing.T) {
	tests := []struct {
		f    knowledge.Figure
		l    knowledge.Locale
		want string
	}{
		{knowledge.Figure{Value: 957, Unit: knowledge.UnitManYenYear, Kind: knowledge.KindAverage}, knowledge.JA, "957万円/年"},
		{knowledge.Figure{Min: 700, Max: 1000, Unit: knowledge.UnitManYenYear, Kind: knowledge.KindRange}, knowledge.JA, "700〜1,000万円/年"},
		{knowledge.Figure{Min: 60, Max: 80, Unit: knowledge.UnitManYenMonth, Kind: knowledge.KindTypicalBand}, knowledge.EN, "¥600k–¥800k a month"},
		{knowledge.Figure{Value: 957, Unit: knowledge.UnitManYenYear, Kind: knowledge.KindAverage}, knowledge.EN, "¥9.57M a year"},
		{knowledge.Figure{Min: 700, Max: 1000, Unit: knowledge.UnitManYenYear, Kind: knowledge.KindRange}, knowledge.EN, "¥7M–¥10M a year"},
		{knowledge.Figure{Value: 1000, Unit: knowledge.UnitManYenYear, Kind: knowledge.KindTarget, OrMore: true}, knowledge.EN, "¥10M or more a year"},
		{knowledge.Figure{Value: 500, Unit: knowledge.UnitManYenYear, Kind: knowledge.KindEstimate, Approx: true}, knowledge.EN, "about ¥5M a year"},
		{knowledge.Figure{Value: 600000, Unit: knowledge.UnitYenMonth, Kind: knowledge.KindListing}, knowledge.EN, "¥600k a month"},
		{knowledge.Figure{Value: 1200000, Unit: knowledge.UnitYenMonth, Kind: knowledge.KindListing}, knowledge.EN, "¥1.2M a month"},
		{knowledge.Figure{Value: 1900, Unit: knowledge.UnitYenHour, Kind: knowledge.KindAverage, Approx: true}, knowledge.EN, "about ¥1,900 an hour"},
		{knowledge.Figure{Min: 1200, Max: 2200, Unit: knowledge.UnitYenHour, Kind: knowledge.KindRange}, knowledge.EN, "¥1,200–¥2,200 an hour"},
		{knowledge.Figure{Value: 6, Unit: knowledge.UnitMultiple, Kind: knowledge.KindChange, Approx: true, OrMore: true}, knowledge.EN, "about 6× or more"},
		{knowledge.Figure{Value: 30, Unit: knowledge.UnitPercent, Kind: knowledge.KindChange, Approx: true}, knowledge.EN, "about 30%"},
		// An amount that two decimals of a million cannot hold is written in full.
		{knowledge.Figure{Value: 123.4, Unit: knowledge.UnitManYenYear, Kind: knowledge.KindAverage}, knowledge.EN, "¥1,234,000 a year"},
		{knowledge.Figure{Value: 600000, Unit: knowledge.UnitYenMonth, Kind: knowledge.KindListing}, knowledge.JA, "600,000円/月"},
		{knowledge.Figure{Value: 2200, Unit: knowledge.UnitYenHour, Kind: knowledge.KindAverage}, knowledge.EN, "¥2,200 an hour"},
		{knowledge.Figure{Value: 574, Unit: knowledge.UnitManYenYear, Kind: knowledge.KindAverage, Approx: true}, knowledge.JA, "約574万円/年"},
		{knowledge.Figure{Value: 6, Unit: knowledge.UnitMultiple, Kind: knowledge.KindChange, Approx: true, OrMore: true}, knowledge.JA, "約6倍以上"},
	}
	for _, tc := range tests {
		if got := knowledge.FormatFigure(tc.f, tc.l); got != tc.want {
			t.Errorf("FormatFigure(%+v, %s) = %q, want %q", tc.f, tc.l, got, tc.want)
		}
	}
}

// FuzzMatch: normalisation is idempotent and matching never panics or
// returns more than asked.
func FuzzMatch(f *testing.F) {
	m := curatedMatcher(f)
	for _, s := range []string{"go", "ＧＯ", "ruby on rails", "40代", "テックリード", "\x00", "🐹", "a-b_c.d"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n := knowledge.Normalize(s)
		if knowledge.Normalize(n) != n {
			t.Fatalf("Normalize not idempotent on %q: %q → %q", s, n, knowledge.Normalize(n))
		}
		if t1, ok := m.Lookup(s); ok {
			if t2, ok2 := m.Lookup(n); !ok2 || t1.ID != t2.ID {
				t.Fatalf("Lookup(%q)=%q but Lookup(normalised)=%q", s, t1.ID, t2.ID)
			}
		}
		if got := m.Suggest(s, 5); len(got) > 5 {
			t.Fatalf("Suggest returned %d", len(got))
		}
		if got := m.Complete(s, 25); len(got) > 25 {
			t.Fatalf("Complete returned %d", len(got))
		}
		_ = knowledge.Grams(knowledge.FoldText(s))
	})
}
