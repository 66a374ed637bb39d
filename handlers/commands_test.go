package handlers_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"careerbot/handlers"
	"careerbot/knowledge"
	"careerbot/store"
	"careerbot/store/storetest"
)

func TestCommands(t *testing.T) {
	ja, en := knowledge.JA, knowledge.EN
	tests := []struct {
		line   string
		locale knowledge.Locale
		want   []string
	}{
		{"/path", ja, []string{"スペシャリスト", "フルスタック", "テックリード", "フリーランス"}},
		{"/path techlead", ja, []string{"設計レビューの主担当経験", "チーム成果(開発速度・品質向上)", "経済産業省"}},
		{"/path tech-lead", en, []string{"Tech lead", "design reviews"}},
		{"/path テックリード", ja, []string{"テックリード"}},
		{"/path engineering manager", en, []string{"Tech lead"}},
		{"/path em", en, []string{"Tech lead"}},
		{"/path specialist", ja, []string{"高トラフィック環境での運用経験", "◯"}},
		{"/path fullstack", en, []string{"Indeed Japan"}},
		{"/path freelance", ja, []string{"700〜1,000万円/年", "957万円/年"}},
		{"/path consultant", ja, []string{"1,200,000円/月", "記事はこのキャリアパスのKPIを示していません"}},
		{"/path pm", ja, []string{"700,000円/月"}},
		{"/kpi fullstack", ja, []string{"自走できる技術スタックの数"}},
		{"/kpi", en, []string{"Specialist", "Full-stack"}},
		{"/skills go", ja, []string{"レベル1", "レベル2", "レベル3", "Gin", "Kubernetes", "AWS、GCP、Azure"}},
		{"/skills", en, []string{"Go"}},
		{"/skills cloud", ja, []string{"クラウド"}},
		{"/market --full", ja, []string{"Indeed Japan", "6倍", "以上", "世界経済フォーラム", "McKinsey", "doda", "Business Insider", "記事の主張", "30%"}},
		{"/market --full", en, []string{"about 6×", "or more", "Unnamed example"}},
		{"/market --compact", en, []string{"about 6×", "The 5 statements most worth reading, of 25", "Show all"}},
		{"/market go", en, []string{"Go engineer market is booming", "doda"}},
		{"/jobs", ja, []string{"600,000円/月", "900,000円/月", "1,000,000円/月", "700,000円/月", "1,200,000円/月", "業務委託", "COMPANY", "Javaでの開発経験(3年以上)", "現在募集中とは限りません"}},
		{"/jobs java", en, []string{"¥600k a month"}},
		{"/jobs PMO", ja, []string{"700,000円/月", "1,200,000円/月"}},
		{"/ask 年収1000万円", ja, []string{"1,000万円"}},
		{"/ask テックリードになるには", ja, []string{"/path techlead"}},
		{"/ask how to become a tech lead", en, []string{"/path techlead", "Tech lead"}},
		{"/careerhelp", ja, []string{"/salary", "/compare", "/path", "/skills", "/kpi", "/market", "/jobs", "/ask", "/digest", "/salary go"}},
		{"/career salary go", ja, []string{"957万円/年"}},
		{"salary go", ja, []string{"957万円/年"}},
	}
	for _, tc := range tests {
		t.Run(tc.line+"/"+string(tc.locale), func(t *testing.T) {
			rep, text := ask(t, tc.line, tc.locale)
			if !rep.OK() {
				t.Fatalf("status %s:\n%s", rep.Status, text)
			}
			mustContain(t, text, tc.want...)
		})
	}
}

func TestNothingFictionalIsShown(t *testing.T) {
	lines := []string{"/salary", "/salary go", "/salary 40s", "/path freelance", "/jobs", "/market", "/ask PR TIMES", "/ask SEES", "/skills", "/path"}
	for _, line := range lines {
		for _, l := range []knowledge.Locale{knowledge.JA, knowledge.EN} {
			_, text := ask(t, line, l)
			mustNotContain(t, text, "http", "prtimes.jp", "000000000", "miraie-group", "5,000社", "三冠", "業界実績18年", "途切れる心配はありません")
		}
	}
	// The jobs must never look like a Go listing.
	rep, _ := ask(t, "/jobs go", knowledge.JA)
	if rep.Status != handlers.StatusNotFound {
		t.Errorf("/jobs go: status %q, want ENOTFOUND (no Go listing exists)", rep.Status)
	}
}

func TestLocale(t *testing.T) {
	for _, tc := range []struct {
		locale knowledge.Locale
		want   string
	}{{"ja", "年収・単価"}, {"ja-JP", "年収・単価"}, {"en-US", "Salary"}, {"en", "Salary"}, {"", "年収・単価"}, {"fr", "年収・単価"}} {
		rep, _ := ask(t, "/salary go", tc.locale)
		if !strings.HasPrefix(rep.Title, tc.want) {
			t.Errorf("locale %q: title %q, want prefix %q", tc.locale, rep.Title, tc.want)
		}
	}
}

func TestHostileInput(t *testing.T) {
	long := strings.Repeat("あ", 5000)
	tests := []struct {
		name   string
		line   string
		status handlers.Status
	}{
		{"empty", "/salary    ", handlers.StatusOK},
		{"5000 characters", "/salary " + long, handlers.StatusInvalid},
		{"5000 characters ask", "/ask " + long, handlers.StatusInvalid},
		{"control characters", "/salary g\x00o\x1b[31m\u202e", handlers.StatusNotFound},
		{"emoji", "/salary 🐹", handlers.StatusNotFound},
		{"full-width", "/salary ｇｏｌａｎｇ", handlers.StatusOK},
		{"sql", "/salary go'; DROP TABLE kb_fact; --", handlers.StatusOK},
		{"sql ask", "/ask ' OR 1=1 --", handlers.StatusNotFound},
		{"sql jobs", "/jobs %' OR '1'='1", handlers.StatusNotFound},
		{"mentions", "/salary @everyone <!channel> <@U123> <@&987>", handlers.StatusNotFound},
		{"mention ask", "/ask @here <!here>", handlers.StatusNotFound},
		{"unknown command", "/drop table", handlers.StatusInvalid},
		{"empty command", "/", handlers.StatusInvalid},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			rep, text := ask(t, tc.line, knowledge.EN)
			if rep.Status != tc.status {
				t.Fatalf("status %q, want %q:\n%s", rep.Status, tc.status, text)
			}
			for _, r := range text {
				if r < 0x20 && r != '\n' {
					t.Fatalf("reply contains control character %U", r)
				}
				if r == '\u202e' {
					t.Fatal("reply contains a bidi override")
				}
			}
			if utf8.RuneCountInString(text) > 20000 {
				t.Errorf("reply is %d characters", utf8.RuneCountInString(text))
			}
			mustNotContain(t, text, long[:300])
		})
	}
	// The database survived the SQL.
	if rep, _ := ask(t, "/salary go", knowledge.JA); !rep.OK() {
		t.Fatal("knowledge base damaged by hostile input")
	}
}

func TestShare(t *testing.T) {
	rep, _ := ask(t, "/salary go", knowledge.EN)
	if rep.Visibility != handlers.Private {
		t.Fatal("answers must be private by default")
	}
	var value string
	for _, a := range rep.Actions {
		if a.Kind == handlers.ActionShare {
			value = a.Value
		}
	}
	if value != "salary go" {
		t.Fatalf("share action value %q, want %q", value, "salary go")
	}
	shared := testRouter.Share(context.Background(), handlers.Request{Locale: knowledge.EN, User: "U1", UserName: "<!channel> Hanako\x07"}, value)
	// A shared answer may keep More (private to whoever presses it), never Share.
	if shared.Visibility != handlers.Public || slices.ContainsFunc(shared.Actions, func(a handlers.Action) bool { return a.Kind != handlers.ActionMore }) {
		t.Errorf("shared reply: visibility %v, actions %v", shared.Visibility, shared.Actions)
	}
	if shared.SharedBy != "<!channel> Hanako" {
		t.Errorf("SharedBy = %q (control characters must be dropped)", shared.SharedBy)
	}
	if shared.Title != rep.Title {
		t.Errorf("shared title %q differs from %q", shared.Title, rep.Title)
	}
	if bad := testRouter.Share(context.Background(), handlers.Request{}, "digest subscribe"); bad.OK() {
		t.Error("sharing a digest command must be refused")
	}
}

func TestComplete(t *testing.T) {
	tests := []struct {
		command, option, partial string
		want                     string
	}{
		{"salary", "topic", "go", "go"},
		{"salary", "topic", "フリー", "freelance"},
		{"salary", "topic", "40", "40s"},
		{"path", "path", "tech", "techlead"},
		{"path", "path", "テック", "techlead"},
		{"compare", "b", "rai", "rails"},
	}
	for _, tc := range tests {
		got := testRouter.Complete(context.Background(), tc.command, tc.option, tc.partial, knowledge.JA)
		if len(got) == 0 || len(got) > 25 || got[0].Value != tc.want {
			t.Errorf("Complete(%s %s %q) = %v, want first %q", tc.command, tc.option, tc.partial, got, tc.want)
		}
	}
	// /market's topic takes every kind: freelance (employment and path) is one choice.
	got := testRouter.Complete(context.Background(), "market", "topic", "フリーランス", knowledge.JA)
	if len(got) != 1 || got[0].Value != "freelance" {
		t.Errorf("Complete(market topic フリーランス) = %v, want one choice freelance", got)
	}
	if got := testRouter.Complete(context.Background(), "path", "path", "", knowledge.EN); len(got) == 0 {
		t.Error("an empty prefix should list paths")
	}
	if got := testRouter.Complete(context.Background(), "ask", "question", "go", knowledge.EN); got != nil {
		t.Errorf("a free-text option must not autocomplete, got %v", got)
	}
}

func TestCommandSpecsAreValid(t *testing.T) {
	seen := map[string]bool{}
	var check func(prefix string, cs []handlers.CommandSpec)
	check = func(prefix string, cs []handlers.CommandSpec) {
		for _, c := range cs {
			if seen[prefix+c.Name] {
				t.Errorf("command %s%s defined twice", prefix, c.Name)
			}
			seen[prefix+c.Name] = true
			if c.Description.JA == "" || c.Description.EN == "" {
				t.Errorf("%s: description needs ja and en", c.Name)
			}
			for _, o := range c.Options {
				if len(o.Choices) > 25 {
					t.Errorf("%s %s: %d choices, at most 25", c.Name, o.Name, len(o.Choices))
				}
			}
			check(prefix+c.Name+" ", c.Subcommands)
		}
	}
	check("", handlers.Commands())
}

func TestParseLine(t *testing.T) {
	tests := []struct{ in, cmd, args string }{
		{"/salary go", "salary", "go"},
		{"salary   go  ", "salary", "go"},
		{"/SALARY Go", "salary", "Go"},
		{"／ｓａｌａｒｙ go", "salary", "go"},
		{"/career compare go rails", "compare", "go rails"},
		{"/career", "careerhelp", ""},
		{"", "", ""},
	}
	for _, tc := range tests {
		cmd, args := handlers.ParseLine(tc.in)
		if cmd != tc.cmd || args != tc.args {
			t.Errorf("ParseLine(%q) = %q, %q; want %q, %q", tc.in, cmd, args, tc.cmd, tc.args)
		}
	}
}

func TestClean(t *testing.T) {
	tests := []struct {
		in   string
		max  int
		want string
	}{
		{"go", 10, "go"},
		{"a\x00b\x1bc", 10, "abc"},
		{"a\n\tb", 10, "a b"},
		{"\u202ego\u200b", 10, "go"},
		{"abcdefghij", 5, "abcde…"},
		{"  spaced   out ", 20, "spaced out"},
	}
	for _, tc := range tests {
		if got := handlers.Clean(tc.in, tc.max); got != tc.want {
			t.Errorf("Clean(%q, %d) = %q, want %q", tc.in, tc.max, got, tc.want)
		}
	}
}

func TestDigestSubscribeNeedsAChatChannel(t *testing.T) {
	ctx := context.Background()
	st := storetest.Open(t, store.Options{})
	d, err := handlers.NewDigest(ctx, st, st, handlers.DigestOptions{DefaultLocale: knowledge.EN})
	if err != nil {
		t.Fatal(err)
	}
	req := handlers.Request{Command: "digest", Args: "subscribe", Locale: knowledge.EN, Platform: "console", Channel: "console", IsAdmin: true}
	if rep := d.HandleDigest(ctx, req); rep.Status != handlers.StatusInvalid {
		t.Fatalf("console subscribe: status %q, want EINVALID", rep.Status)
	}
	subs, err := st.Subscriptions(ctx)
	if err != nil || len(subs) != 0 {
		t.Fatalf("a refused subscribe stored %d subscriptions (err %v)", len(subs), err)
	}
	req.Platform, req.Channel = "slack", "C1"
	if rep := d.HandleDigest(ctx, req); !rep.OK() {
		t.Fatalf("slack subscribe by an admin: %+v", rep)
	}
}

// TestImportedTopicsNeedNoRestart: a new topic and source applied while the
// router runs are matched and cited at once.
func TestImportedTopicsNeedNoRestart(t *testing.T) {
	ctx := context.Background()
	st := storetest.Open(t, store.Options{})
	r, err := handlers.New(ctx, st, handlers.Options{DefaultLocale: knowledge.EN})
	if err != nil {
		t.Fatal(err)
	}
	req := handlers.Request{Command: "salary", Args: "cobol", Locale: knowledge.EN}
	if rep := r.Handle(ctx, req); rep.Status != handlers.StatusNotFound {
		t.Fatalf("before the import: status %q", rep.Status)
	}
	d, err := knowledge.Load(knowledge.Curated, knowledge.CuratedDir)
	if err != nil {
		t.Fatal(err)
	}
	d.Topics = append(d.Topics, knowledge.Topic{ID: "cobol", Kind: knowledge.TopicLanguage, Name: knowledge.Text{JA: "COBOL", EN: "COBOL"}, Aliases: []string{"cobol"}})
	d.Sources = append(d.Sources, knowledge.Source{ID: "test-survey", Type: "survey", Name: knowledge.Text{JA: "テスト調査", EN: "Test survey"}})
	d.Salaries = append(d.Salaries, knowledge.SalaryFigure{ID: "T-1", Topics: []string{"cobol"}, Dimension: knowledge.DimLanguage,
		Label: knowledge.Text{JA: "COBOL", EN: "COBOL test figure"}, Figure: knowledge.Figure{Value: 123, Unit: knowledge.UnitManYenYear, Kind: knowledge.KindAverage},
		Provenance: knowledge.Provenance{Source: "test-survey", Article: d.Articles[0].ID}})
	if _, _, err := st.Sync(ctx, d, "import"); err != nil {
		t.Fatal(err)
	}
	rep := r.Handle(ctx, req)
	if !rep.OK() || len(rep.Fields) != 1 || !strings.Contains(rep.Fields[0].Value, "¥1.23M a year") {
		t.Fatalf("after the import: %+v", rep)
	}
	if len(rep.Sources) != 1 || rep.Sources[0].Name != "Test survey" {
		t.Errorf("new source not cited: %+v", rep.Sources)
	}
}
