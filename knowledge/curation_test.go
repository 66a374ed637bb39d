package knowledge_test

import (
	"strings"
	"testing"
	"testing/fstest"

	"careerbot/knowledge"
)

// curationBase is a valid minimal data set the curation rules are tried on.
const curationBase = `articles:
  - id: a
    file: a.txt
    title: {ja: タイトル, en: Title}
    name: {ja: 記事, en: the article}
    publisher: {ja: 出版, en: Pub}
    nature: {ja: 記事, en: Article}
sources:
  - {id: s, type: agency, name: {ja: エージェント, en: Agency}, short: {ja: エージェント, en: Agency}}
topics:
  - {id: freelance, kind: employment, name: {ja: フリーランス, en: Freelance}, aliases: [フリー]}
salaries:
`

func TestCurationRules(t *testing.T) {
	tests := []struct {
		name, salary, want string // want "" means the data is valid
	}{
		{"curator note kept apart", `  - id: B-5
    topics: [freelance]
    dimension: employment
    label: {ja: 60代, en: 60s}
    figure: {value: 582, unit: man_yen_year, kind: average}
    article: a
    note: {ja: "50代より下がる。", en: "Lower than the 50s."}
    curator_note: "30代の586万円と取り違えないこと"
`, ""},
		{"curator speak in a shown note", `  - id: B-5
    topics: [freelance]
    dimension: employment
    label: {ja: 60代, en: 60s}
    figure: {value: 582, unit: man_yen_year, kind: average}
    article: a
    note: {ja: "30代の586万円と取り違えないこと。", en: "Not to be confused with the 30s."}
`, "is addressed to curators, not readers"},
		{"many listings is a band", `  - id: C-8
    topics: [freelance]
    dimension: employment
    label: {ja: 案件の月額, en: Monthly rate}
    figure: {min: 80, max: 90, unit: man_yen_month, kind: many_listings}
    source: s
    article: a
    short_note: {ja: "エージェントの自社案件", en: "the agency's own listings"}
`, ""},
		{"a band needs a short note", `  - id: C-8
    topics: [freelance]
    dimension: employment
    label: {ja: 案件の月額, en: Monthly rate}
    figure: {min: 80, max: 90, unit: man_yen_month, kind: many_listings}
    article: a
`, "short_note: a figure of kind many_listings needs a short_note"},
		{"an agency's figure needs a short note", `  - id: X
    topics: [freelance]
    dimension: employment
    label: {ja: 年収, en: Pay}
    figure: {value: 500, unit: man_yen_year, kind: average}
    source: s
    article: a
`, "source of type agency needs a short_note"},
		{"a range labelled average", `  - id: C-2
    topics: [freelance]
    dimension: employment
    label: {ja: 平均年収, en: Average annual income}
    figure: {min: 700, max: 1000, unit: man_yen_year, kind: range}
    article: a
    short_note: {ja: "範囲", en: "a range"}
`, "must not say 平均 or average"},
		{"a short note too long", `  - id: C-2
    topics: [freelance]
    dimension: employment
    label: {ja: 年収の範囲, en: Pay range}
    figure: {min: 700, max: 1000, unit: man_yen_year, kind: range}
    article: a
    short_note: {ja: "範囲", en: "a range as the article gives it, which is not an average of anything at all"}
`, "short_note: en is 75 characters, at most 60"},
		{"our note marked in one language only", `  - id: A-1
    topics: [freelance]
    dimension: employment
    label: {ja: 年収, en: Pay}
    figure: {value: 957, unit: man_yen_year, kind: average}
    article: a
    note: {ja: "careerbot注: 提示額の可能性が高い。", en: "It most likely reflects offered rates."}
`, "a careerbot note must be marked in both languages"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			fsys := fstest.MapFS{"d/x.yaml": {Data: []byte(curationBase + tc.salary)}}
			d, err := knowledge.Load(fsys, "d")
			if tc.want == "" {
				if err != nil {
					t.Fatalf("valid data refused: %v", err)
				}
				if tc.name == "curator note kept apart" && d.Salaries[0].CuratorNote == "" {
					t.Error("curator_note was not loaded")
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error %v, want one mentioning %q", err, tc.want)
			}
		})
	}
}

// TestCuratedKinds: the issue-8 read of the articles, as the data holds it.
func TestCuratedKinds(t *testing.T) {
	d, err := knowledge.Load(knowledge.Curated, knowledge.CuratedDir)
	if err != nil {
		t.Fatal(err)
	}
	byID := map[string]knowledge.SalaryFigure{}
	for _, s := range d.Salaries {
		byID[s.ID] = s
	}
	// 「80〜90万円の案件も多くある」: many listings, not the most common band.
	if k := byID["C-8"].Figure.Kind; k != knowledge.KindManyListings {
		t.Errorf("C-8 kind = %s, want many_listings", k)
	}
	if k := byID["C-6"].Figure.Kind; k != knowledge.KindTypicalBand {
		t.Errorf("C-6 kind = %s, want typical_band", k)
	}
	// SEES's own figures say whose they are.
	for _, id := range []string{"C-6", "C-8", "C-13b"} {
		s := byID[id]
		if !strings.Contains(s.Note.JA, "40代") || !strings.Contains(s.Note.EN, "aged 40 and over") {
			t.Errorf("%s note does not say SEES is for engineers aged 40 and over: %q", id, s.Note.EN)
		}
		if !strings.Contains(s.ShortNote.JA, "40代以上") || !strings.Contains(s.ShortNote.EN, "40+") {
			t.Errorf("%s short note does not say SEES is for engineers 40+: %q", id, s.ShortNote.EN)
		}
		if strings.Contains(s.Note.JA, "食い違い") || strings.Contains(s.Note.EN, "does not agree") {
			t.Errorf("%s note calls the 60〜80 and 80〜90 statements contradictory: %q", id, s.Note.EN)
		}
	}
	// The 60s note speaks to the reader; the warning to curators is kept apart.
	if b5 := byID["B-5"]; strings.Contains(b5.Note.JA, "取り違え") || b5.CuratorNote == "" {
		t.Errorf("B-5: note %q, curator_note %q", b5.Note.JA, b5.CuratorNote)
	}
	// "earn considerably more" overstates 「年収に大きな差」.
	for _, tr := range d.Trends {
		switch tr.ID {
		case "H-6":
			if strings.Contains(tr.Text.EN, "considerably more") {
				t.Errorf("H-6 overstates the article: %q", tr.Text.EN)
			}
		case "H-8", "H-18":
			if !tr.Claim {
				t.Errorf("%s carries no claim flag", tr.ID)
			}
			if !strings.HasPrefix(tr.Text.EN, "The article says") {
				t.Errorf("%s is not attributed to the article: %q", tr.ID, tr.Text.EN)
			}
		}
	}
	// The full-stack KPI target names no framework or cloud: the article
	// names React and AWS only in an anecdote.
	for _, p := range d.Paths {
		if p.ID != "fullstack" {
			continue
		}
		for _, s := range p.Skills {
			if strings.Contains(s.EN, "React") || strings.Contains(s.EN, "AWS") {
				t.Errorf("full-stack skill %q borrows the anecdote's example", s.EN)
			}
		}
	}
}

func TestEditDistance(t *testing.T) {
	tests := []struct {
		a, b  string
		limit int
		want  int
	}{
		{"salary", "salary", 2, 0},
		{"salry", "salary", 2, 1},
		{"comapre", "compare", 2, 1}, // a transposition is one edit
		{"cmopare", "compare", 0, 1}, // gives up past a limit of 0
		{"market", "skills", 2, 3},   // gives up past the limit
		{"ゴー", "ゴ", 2, 1},
	}
	for _, tc := range tests {
		if got := knowledge.EditDistance(tc.a, tc.b, tc.limit); got != tc.want {
			t.Errorf("EditDistance(%q, %q, %d) = %d, want %d", tc.a, tc.b, tc.limit, got, tc.want)
		}
	}
}
