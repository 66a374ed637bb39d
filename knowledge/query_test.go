package knowledge_test

import (
	"strings"
	"testing"

	"careerbot/knowledge"
)

func queryParser(t testing.TB) *knowledge.QueryParser {
	t.Helper()
	return knowledge.NewQueryParser(curatedMatcher(t), knowledge.QueryOptions{MaxLevel: 3})
}

// TestParseQuery: realistic phrasings, in both languages, with typos,
// full-width and half-width input, mixed scripts, combined topics, levels,
// amounts, comparisons and plain questions. Each row is the query as
// Query.String renders it: topic ids in the order typed, level, amounts in
// yen (with the period when the words give one), comparison, intent, the
// words not understood as typed, and problems.
func TestParseQuery(t *testing.T) {
	p := queryParser(t)
	tests := []struct{ in, want string }{
		{"フロントエンド 派遣", "topics=frontend,dispatch"},
		{"フロントエンド派遣", "topics=frontend,dispatch"},
		{"frontend dispatch", "topics=frontend,dispatch"},
		{"frontend dispatched", "topics=frontend,dispatch"},
		{"go freelance", "topics=go,freelance"},
		{"Go言語 フリーランス", "topics=go,freelance"},
		{"go言語フリーランス", "topics=go,freelance"},
		{"golang freelancer", "topics=go,freelance"},
		{"40代 バックエンド", "topics=40s,backend"},
		{"backend 30s", "topics=backend,30s"},
		{"正社員 バックエンド", "topics=employee,backend"},
		{"backend full-time employee", "topics=backend,employee"},
		{"rails vs go", "topics=rails,go compare intent=compare"},
		{"goとrails", "topics=go,rails compare intent=compare"},
		{"Rails と Go の年収比較", "topics=rails,go compare intent=pay"},
		{"compare rails and go salary", "topics=rails,go compare intent=pay"},
		{"rails vs go salary", "topics=rails,go compare intent=pay"},
		{"40代のバックエンドエンジニアの年収は？", "topics=40s,backend intent=pay"},
		{"フロントエンドの派遣の時給は？", "topics=frontend,dispatch intent=pay"},
		{"how much does a go engineer earn", "topics=go intent=pay"},
		{"what is the salary of a backend engineer in their 40s", "topics=backend,40s intent=pay"},
		{"How much do frontend engineers earn as dispatched workers?", "topics=frontend,dispatch intent=pay"},
		{"go level 3", "topics=go level=3"},
		{"go lv3", "topics=go level=3"},
		{"goのレベル3のスキル", "topics=go level=3 intent=skills"},
		{"skills for go level1", "topics=go level=1 intent=skills"},
		{"Go Lv.2", "topics=go level=2"},
		{"レベル２", "topics= level=2"},
		{"go level 9", "topics=go problem=level 9 is out of range (levels 1–3)"},
		{"level 0", "topics= problem=level 0 is out of range (levels 1–3)"},
		{"/jobs 80万円以上", "topics= money=>=800000 intent=jobs"},
		{"80万円以上の案件", "topics= money=>=800000 intent=jobs"},
		{"jobs over 800k", "topics= money=>=800000 intent=jobs"},
		{"PMO over 1M", "topics=pm money=>=1000000"},
		{"¥1.2M+", "topics= money=>=1200000"},
		{"100万以下", "topics= money=<=1000000"},
		{">=90万", "topics= money=>=900000"},
		{"¥900k+", "topics= money=>=900000"},
		{"80万〜", "topics= money=>=800000"},
		{"80〜100万円の求人", "topics= money=>=800000 money=<=1000000 intent=jobs"},
		{"-5万円以上", "topics= problem=not a usable amount: -5万円以上"},
		{"100万以上 50万以下", "topics= money=>=1000000 money=<=500000 problem=no amount satisfies both: 100万以上 50万以下"},
		{"月収80万以上", "topics= money=>=800000/month intent=pay"},
		{"時給2000円以上", "topics= money=>=2000/hour intent=pay"},
		{"annual salary over 9 million yen", "topics= money=>=9000000/year intent=pay"},
		{"golag", "topics=go"},
		{"pyhton salary", "topics=python intent=pay"},
		{"rials vs golang", "topics=rails,go compare intent=compare"},
		{"backedn 30s", "topics=backend,30s"},
		{"フリーランサー", "topics=freelance"},
		{"ＧＯ\u3000フリーランス", "topics=go,freelance"},
		{"ＲＡＩＬＳ\u3000ｖｓ\u3000ＧＯ", "topics=rails,go compare intent=compare"},
		{"ﾌﾘｰﾗﾝｽ ｺﾞｰ", "topics=freelance,go"},
		{"テックリードになるには", "topics=techlead intent=path"},
		{"未経験からエンジニアになるには", "topics=beginner intent=path"},
		{"how much can a freelancer earn per month", "topics=freelance intent=pay"},
		{"go jobs over 800k a month", "topics=go money=>=800000/month intent=jobs"},
		{"30代までにテックリードになるには", "topics=30s,techlead intent=path"},
		{"how to become a tech lead", "topics=techlead intent=path"},
		{"フルスタックエンジニアになりたい", "topics=fullstack intent=path"},
		{"career path for backend engineers", "topics=backend intent=path"},
		{"pmのKPI", "topics=pm intent=kpi"},
		{"techlead kpis", "topics=techlead intent=kpi"},
		{"テックリードの指標", "topics=techlead intent=kpi"},
		{"goのスキル", "topics=go intent=skills"},
		{"what skills does a backend engineer need", "topics=backend intent=skills"},
		{"クラウドの資格", "topics=cloud,certification"},
		{"go market trend", "topics=go intent=market"},
		{"goの市場動向", "topics=go intent=market"},
		{"market", "topics= intent=market"},
		{"Javaの求人", "topics=java intent=jobs"},
		{"java listings", "topics=java intent=jobs"},
		{"Java", "topics=java"},
		{"java salary", "topics=java intent=pay"},
		{"python 年収", "topics=python intent=pay"},
		{"node.js vs python", "topics=nodejs,python compare intent=compare"},
		{"ノードとパイソン", "topics=nodejs,python compare intent=compare"},
		{"20代と30代の年収", "topics=20s,30s compare intent=pay"},
		{"20s vs 50s salary", "topics=20s,50s compare intent=pay"},
		{"フリーランスと正社員の違い", "topics=freelance,employee compare intent=compare"},
		{"freelance or employee which pays more", "topics=freelance,employee compare intent=pay"},
		{"35歳 バックエンド 年収", "topics=30s,backend intent=pay"},
		{"I'm 42, backend, what's my market value?", "topics=backend intent=market ignored=[42]"},
		{"google engineer salary", "topics= intent=pay ignored=[google engineer]"},
		{"rust engineer salary", "topics= intent=pay ignored=[rust engineer]"},
		{"cobol", "topics= ignored=[cobol]"},
		{"ものづくりエンジニア", "topics= ignored=[ものづくり エンジニア]"},
		{"こんにちは", "topics= ignored=[こんにちは]"},
		{"@everyone <!channel>", "topics= ignored=[everyone channel]"},
		{"'; DROP TABLE facts; --", "topics= ignored=[DROP TABLE facts]"},
		{"🐹 go 🐹", "topics=go"},
		{"go👍freelance", "topics=go,freelance"},
		{"Go言語エンジニアの年収はいくら？", "topics=go intent=pay"},
		{"go言語の平均年収", "topics=go intent=pay"},
		{"ゴー言語", "topics=go"},
		{"ruby on rails の単価", "topics=rails intent=pay"},
		{"RoRの案件単価", "topics=rails intent=pay"},
		{"react フロントエンド 単価", "topics=react,frontend intent=pay"},
		{"spring boot java backend", "topics=springboot,java,backend"},
		{"laravel php", "topics=laravel,php"},
		{"djangoエンジニア", "topics=django"},
		{"AWSとGCP", "topics=cloud"},
		{"kubernetes docker", "topics=containers"},
		{"ci/cd", "topics=cicd"},
		{"ＣＩ／ＣＤ", "topics=cicd"},
		{"マネージャーになるには", "topics=techlead intent=path"},
		{"プロジェクトマネージャーの年収", "topics=pm intent=pay"},
		{"engineering manager salary", "topics=techlead intent=pay"},
		{"フリーランスになるには", "topics=freelance intent=path"},
		{"副業", "topics=freelance"},
		{"転職 30代", "topics=job-change,30s"},
		{"未経験 エンジニア", "topics=beginner"},
		{"junior backend salary", "topics=beginner,backend intent=pay"},
		{"50代 go エンジニア 年収", "topics=50s,go intent=pay"},
		{"60代 フリーランス", "topics=60s,freelance"},
		{"年収800万以上", "topics= money=>=8000000/year intent=pay"},
		{"go engineers from tokyo", "topics=go ignored=[tokyo]"},
		{"go jobs from 80万", "topics=go money=>=800000 intent=jobs"},
		{"max salary for go", "topics=go intent=pay ignored=[max]"},
		{"between 60万 and 80万", "topics= money=>=600000 money=<=800000"},
		{"between 60万円と80万円の案件", "topics= money=>=600000 money=<=800000 intent=jobs"},
		{"backend salary age 35", "topics=backend,30s intent=pay"},
		{"aged 42 go engineer", "topics=40s,go"},
		{"over 1,000,000 yen under 500k", "topics= money=>=1000000 money=<=500000 problem=no amount satisfies both: over 1,000,000 yen under 500k"},
		{"80万円くらい", "topics= money=~800000"},
		{"60万〜80万の案件", "topics= money=>=600000 money=<=800000 intent=jobs"},
		{"時給 ¥2,000 an hour 以上", "topics= money=>=2000/hour intent=pay"},
		{"ｌｅｖｅｌ３", "topics= level=3"},
		{"Ｇｏ言語\u3000レベル２", "topics=go level=2"},
		{"goolge", "topics= ignored=[goolge]"},
		{"Golang engineer in 30s freelance", "topics=go,30s,freelance"},
		{"30代 フリーランス go 年収", "topics=30s,freelance,go intent=pay"},
		{"フロントエンドエンジニア 時給", "topics=frontend intent=pay"},
		{"バックエント", "topics=backend"},
		{"テックリード\u3000なるには", "topics=techlead intent=path"},
		{"how do i become a pm", "topics=pm intent=path"},
		{"pmo", "topics=pm"},
		{"node js", "topics=nodejs"},
		{"C++ engineer salary", "topics= intent=pay ignored=[C engineer]"},
		{"salary", "topics= intent=pay"},
		{"年収", "topics= intent=pay"},
		{"給料が高い言語は？", "topics=languages intent=pay ignored=[高い]"},
		{"javaとgoどっちが稼げる", "topics=java,go compare intent=pay"},
		{"東京のgoエンジニア", "topics=go ignored=[東京]"},
		{"フリーランスのgoエンジニアで月単価80万以上", "topics=freelance,go money=>=800000/month intent=pay"},
		{"単価80万円以上のgo案件", "topics=go money=>=800000 intent=pay"},
		{"over 1,000,000 yen", "topics= money=>=1000000"},
		{"less than 50万", "topics= money=<=500000"},
		{"80万円くらい", "topics= money=~800000"},
		{"level 2 level 3", "topics= level=2 problem=two levels asked: level 3"},
		{"go engineer salary 2024", "topics=go intent=pay ignored=[2024]"},
		{"Goエンジニアの年収を教えてください", "topics=go intent=pay"},
		{"フロントエンド\u3000派遣\u3000時給", "topics=frontend,dispatch intent=pay"},
		{"派遣のフロントエンドエンジニアの時給はどのくらいですか", "topics=dispatch,frontend intent=pay"},
		{"Web系 フロントエンド 派遣", "topics=frontend,dispatch ignored=[Web系]"},
		{"what does a senior go developer make", "topics=go intent=pay ignored=[senior]"},
		{"senior go developer salary", "topics=go intent=pay ignored=[senior]"},
		{"react vs vue", "topics=react compare intent=compare ignored=[vue]"},
		{"パイソンエンジニア 年収 30代", "topics=python,30s intent=pay"},
		{"fullstack roadmap", "topics=fullstack intent=path"},
		{"full stack engineer", "topics=fullstack"},
		{"ＰＹＴＨＯＮ\u3000ｖｓ\u3000ＪＡＶＡ", "topics=python,java compare intent=compare"},
		{"go, rails, python", "topics=go,rails,python"},
		{"dispatch frontend hourly wage", "topics=dispatch,frontend intent=pay"},
		{"freelance go developer monthly rate", "topics=freelance,go intent=pay"},
		{"temp frontend", "topics=dispatch,frontend"},
		{"part-time", "topics=part_time"},
		{"アルバイト 時給", "topics=part_time intent=pay"},
		{"インフラエンジニアになるには", "topics=infra intent=path"},
		{"sre", "topics= ignored=[sre]"},
	}
	if len(tests) < 80 {
		t.Fatalf("only %d phrasings", len(tests))
	}
	for _, tc := range tests {
		if got := p.Parse(tc.in).String(); got != tc.want {
			t.Errorf("Parse(%q)\n got  %s\n want %s", tc.in, got, tc.want)
		}
	}
}

// TestQueryReadings: a name several kinds share is read by the kind each
// command accepts (freelance: the employment type for /salary, the path
// for /path), and a name with no reading of those kinds is reported.
func TestQueryReadings(t *testing.T) {
	p := queryParser(t)
	q := p.Parse("freelance go")
	if got := ids(q.TopicsOf(knowledge.TopicPath)); got != "freelance/path" {
		t.Errorf("TopicsOf(path) = %s", got)
	}
	if got := ids(q.TopicsOf(knowledge.TopicEmployment, knowledge.TopicLanguage)); got != "freelance/employment go/language" {
		t.Errorf("TopicsOf(employment, language) = %s", got)
	}
	if got := ids(q.TopicsOf()); got != "freelance/employment go/language" {
		t.Errorf("TopicsOf() = %s", got)
	}
	un := q.Unread(knowledge.TopicPath)
	if len(un) != 1 || un[0].Text != "go" {
		t.Errorf("Unread(path) = %+v, want the mention go", un)
	}
	q = p.Parse("副業")
	if got := ids(q.TopicsOf(knowledge.TopicEmployment)); got != "" {
		t.Errorf("副業 read as employment: %s", got)
	}
	if got := ids(q.Topics); got != "freelance/path" {
		t.Errorf("副業 = %s, want the freelance path", got)
	}
}

func ids(ts []knowledge.Topic) string {
	var s []string
	for _, t := range ts {
		s = append(s, t.ID+"/"+string(t.Kind))
	}
	return strings.Join(s, " ")
}

// TestQueryAsTyped: mentions and ignored words keep what the user typed
// (width, case), and a name read as a typo says so.
func TestQueryAsTyped(t *testing.T) {
	p := queryParser(t)
	q := p.Parse("ＧＯ golag Frontend Google ｸﾞｰｸﾞﾙ")
	var got []string
	for _, m := range q.Mentions {
		s := m.Text + "=" + m.Readings[0].ID
		if m.Fuzzy {
			s += "(typo)"
		}
		got = append(got, s)
	}
	if g := strings.Join(got, " "); g != "ＧＯ=go Frontend=frontend" {
		t.Errorf("mentions = %s", g)
	}
	if g := strings.Join(q.Ignored, " "); g != "Google ｸﾞｰｸﾞﾙ" {
		t.Errorf("ignored = %s", g)
	}
	q = p.Parse("golag")
	if len(q.Mentions) != 1 || !q.Mentions[0].Fuzzy || q.Mentions[0].Text != "golag" {
		t.Errorf("golag: %+v, want a typo mention of go", q.Mentions)
	}
	q = p.Parse("fo\x00o\u202ebar")
	for _, w := range q.Ignored {
		if strings.ContainsAny(w, "\x00\u202e") {
			t.Errorf("ignored word %q keeps a control character", w)
		}
	}
}

func TestThresholdAdmits(t *testing.T) {
	fee := func(v float64) knowledge.Figure {
		return knowledge.Figure{Value: v, Unit: knowledge.UnitYenMonth, Kind: knowledge.KindListing}
	}
	annual := knowledge.Figure{Value: 957, Unit: knowledge.UnitManYenYear, Kind: knowledge.KindAverage}
	band := knowledge.Figure{Min: 60, Max: 80, Unit: knowledge.UnitManYenMonth, Kind: knowledge.KindTypicalBand}
	hourly := knowledge.Figure{Value: 1900, Unit: knowledge.UnitYenHour, Kind: knowledge.KindAverage, Approx: true}
	multiple := knowledge.Figure{Value: 6, Unit: knowledge.UnitMultiple, Kind: knowledge.KindChange}
	at := func(op knowledge.ThresholdOp, yen int64, per knowledge.Period) knowledge.Threshold {
		return knowledge.Threshold{Op: op, Yen: yen, Per: per}
	}
	tests := []struct {
		th   knowledge.Threshold
		f    knowledge.Figure
		want bool
	}{
		{at(knowledge.AtLeast, 800000, knowledge.PerAny), fee(900000), true},
		{at(knowledge.AtLeast, 800000, knowledge.PerAny), fee(600000), false},
		{at(knowledge.AtLeast, 800000, knowledge.PerAny), fee(800000), true},
		{at(knowledge.AtMost, 800000, knowledge.PerAny), fee(600000), true},
		{at(knowledge.AtLeast, 800000, knowledge.PerAny), annual, true},
		{at(knowledge.AtLeast, 800000, knowledge.PerMonth), annual, false},
		{at(knowledge.AtLeast, 9000000, knowledge.PerYear), annual, true},
		{at(knowledge.AtLeast, 700000, knowledge.PerAny), band, true},
		{at(knowledge.AtMost, 500000, knowledge.PerAny), band, false},
		{at(knowledge.AtMost, 650000, knowledge.PerMonth), band, true},
		{at(knowledge.AtLeast, 2000, knowledge.PerHour), hourly, false},
		{at(knowledge.About, 2000, knowledge.PerAny), hourly, true},
		{at(knowledge.AtLeast, 1, knowledge.PerAny), multiple, false},
	}
	for _, tc := range tests {
		if got := tc.th.Admits(tc.f); got != tc.want {
			t.Errorf("%s%d/%s admits %+v = %v, want %v", tc.th.Op, tc.th.Yen, tc.th.Per, tc.f, got, tc.want)
		}
	}
	// Through the parser: the /jobs threshold against the curated fees.
	q := queryParser(t).Parse("80万円以上")
	if len(q.Money) != 1 || !q.Money[0].Admits(fee(900000)) || q.Money[0].Admits(fee(600000)) {
		t.Errorf("80万円以上 = %+v", q.Money)
	}
}

func TestQueryLevels(t *testing.T) {
	open := knowledge.NewQueryParser(curatedMatcher(t), knowledge.QueryOptions{})
	q := open.Parse("go level 5")
	if q.Level != 5 || len(q.Problems) != 0 {
		t.Fatalf("without a maximum, level 5 = %s", q)
	}
	q.CheckLevel(3)
	if q.Level != 0 || len(q.Problems) != 1 || q.Problems[0].Kind != knowledge.ProblemLevelRange || q.Problems[0].Max != 3 {
		t.Errorf("CheckLevel(3) on level 5: %s", q)
	}
	q = open.Parse("go level 2")
	if q.CheckLevel(3); q.Level != 2 || len(q.Problems) != 0 {
		t.Errorf("CheckLevel(3) on level 2: %s", q)
	}
}

// TestQueryHostile: long, odd and hostile input gets an answer with the
// problem named, fast and without echoing markup.
func TestQueryHostile(t *testing.T) {
	p := queryParser(t)
	long := p.Parse(strings.Repeat("go ", 1700))
	if ids(long.Topics) != "go/language" || len(long.Problems) != 1 || long.Problems[0].Kind != knowledge.ProblemTooLong {
		t.Errorf("5,100 characters: %s", long)
	}
	if n := len([]rune(long.Text)); n > knowledge.MaxQueryRunes {
		t.Errorf("Text kept %d runes", n)
	}
	junk := p.Parse(strings.Repeat("zq ", 100))
	if len(junk.Ignored) != knowledge.MaxIgnored || !hasProblem(junk, knowledge.ProblemTooManyIgnored) {
		t.Errorf("100 unknown words: %d ignored, problems %v", len(junk.Ignored), junk.Problems)
	}
	for in, kind := range map[string]knowledge.QueryProblemKind{
		"level 9": knowledge.ProblemLevelRange, "-5万円以上": knowledge.ProblemAmount, "100万以上 50万以下": knowledge.ProblemEmptyRange,
		"0円以上": knowledge.ProblemAmount, "9999999999999999万円": knowledge.ProblemAmount, "15歳": knowledge.ProblemNoAgeBand,
	} {
		if q := p.Parse(in); !hasProblem(q, kind) {
			t.Errorf("Parse(%q) = %s, want problem kind %d", in, q, kind)
		}
	}
	for _, in := range []string{"@everyone", "<!channel>", "<@U123>", "'; DROP TABLE facts; --", "\x00\x01\x1b[31m", "🐹🔥💯", "\xff\xfe", "ｰｰｰ", "、、。。", "", "   "} {
		q := p.Parse(in)
		for _, w := range q.Ignored {
			if w == "" || strings.ContainsAny(w, "@<>!;'\x00\x1b") {
				t.Errorf("Parse(%q) ignored %q", in, w)
			}
		}
		if len(q.Topics) != 0 {
			t.Errorf("Parse(%q) found topics %s", in, ids(q.Topics))
		}
	}
}

func hasProblem(q knowledge.Query, k knowledge.QueryProblemKind) bool {
	for _, p := range q.Problems {
		if p.Kind == k {
			return true
		}
	}
	return false
}

// FuzzParseQuery: parsing never panics, topics and mentions agree, ignored
// words are not names, and folding the input first (full-width, case)
// changes nothing but how ignored words are spelt.
func FuzzParseQuery(f *testing.F) {
	m := curatedMatcher(f)
	p := knowledge.NewQueryParser(m, knowledge.QueryOptions{MaxLevel: 3})
	for _, s := range []string{"フロントエンド派遣", "go言語フリーランス", "backend 30s", "rails vs go", "80万円以上", "¥900k+", "lv.3",
		"100万以上 50万以下", "-5万円以上", "@everyone", "<!channel>", "'; DROP TABLE x; --", "🐹", "ﾌﾘｰﾗﾝｽ", "ＧＯ　ｖｓ　ＲＡＩＬＳ",
		"40代のバックエンドエンジニアの年収は？", "how much does a go engineer earn", "golag", "ものづくり", "tech\x00lead", "e\u0301go"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		q := p.Parse(s)
		if len(q.Topics) != len(q.Mentions) {
			t.Fatalf("%d topics, %d mentions", len(q.Topics), len(q.Mentions))
		}
		seen := map[string]bool{}
		for i, tp := range q.Topics {
			r := q.Mentions[i].Readings
			if len(r) == 0 || r[0].ID != tp.ID || r[0].Kind != tp.Kind {
				t.Fatalf("topic %d %s/%s is not its mention's first reading %v", i, tp.ID, tp.Kind, r)
			}
			if k := tp.ID + "/" + string(tp.Kind); seen[k] {
				t.Fatalf("topic %s twice", k)
			} else {
				seen[k] = true
			}
		}
		if len(q.Ignored) > knowledge.MaxIgnored {
			t.Fatalf("%d ignored", len(q.Ignored))
		}
		for _, w := range q.Ignored {
			if knowledge.Normalize(w) == "" {
				t.Fatalf("ignored %q is empty", w)
			}
			if tp, ok := m.Lookup(w); ok {
				t.Fatalf("ignored %q, a name of %s", w, tp.ID)
			}
		}
		if len([]rune(s)) > knowledge.MaxQueryRunes/2 {
			return
		}
		folded := p.Parse(knowledge.FoldText(s))
		if a, b := ids(q.Topics), ids(folded.Topics); a != b {
			t.Fatalf("topics %q → %s, folded %q → %s", s, a, knowledge.FoldText(s), b)
		}
		if q.Level != folded.Level || q.Compare != folded.Compare || q.Intent != folded.Intent || len(q.Money) != len(folded.Money) || len(q.Ignored) != len(folded.Ignored) {
			t.Fatalf("%q → %s\nfolded %q → %s", s, q, knowledge.FoldText(s), folded)
		}
		for i := range q.Money {
			if a, b := q.Money[i], folded.Money[i]; a.Op != b.Op || a.Yen != b.Yen || a.Per != b.Per {
				t.Fatalf("amount %d: %+v, folded %+v", i, a, b)
			}
		}
	})
}

// TestQueryPeriod: a pay word gives the period asked about, with or without
// an amount.
func TestQueryPeriod(t *testing.T) {
	p := queryParser(t)
	for _, tc := range []struct {
		in   string
		want knowledge.Period
	}{
		{"フリーランスの月収", knowledge.PerMonth},
		{"how much can a freelancer earn per month", knowledge.PerMonth},
		{"派遣の時給", knowledge.PerHour},
		{"40代の年収", knowledge.PerYear},
		{"go salary", knowledge.PerAny},
		{"go", knowledge.PerAny},
	} {
		if got := p.Parse(tc.in).Per; got != tc.want {
			t.Errorf("Parse(%q).Per = %v, want %v", tc.in, got, tc.want)
		}
	}
}
