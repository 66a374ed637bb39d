package knowledge_test

import (
	"errors"
	"strings"
	"testing"
	"testing/fstest"

	"careerbot/knowledge"
)

func TestCuratedDataLoads(t *testing.T) {
	d, err := knowledge.Load(knowledge.Curated, knowledge.CuratedDir)
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Articles) != 3 {
		t.Errorf("articles = %d, want 3", len(d.Articles))
	}
	for name, n := range map[string]int{"sources": len(d.Sources), "topics": len(d.Topics), "salaries": len(d.Salaries), "listings": len(d.Listings), "paths": len(d.Paths), "skills": len(d.Skills), "trends": len(d.Trends), "actions": len(d.Actions)} {
		if n == 0 {
			t.Errorf("no %s in the curated data", name)
		}
	}
}

func TestLoadRefusesWithFileAndLine(t *testing.T) {
	good := "articles:\n  - id: a\n    file: a.txt\n    title: {ja: タイトル, en: Title}\n    publisher: {ja: 出版, en: Pub}\n    nature: {ja: 記事, en: Article}\n"
	tests := []struct {
		name, file, body, want string
	}{
		{"unknown field", "x.yaml", good + "    colour: red\n", "x.yaml:7"},
		{"syntax", "x.yaml", "articles:\n  - id: [\n", "x.yaml:"},
		{"missing english", "y.yaml", "articles:\n  - id: a\n    file: a.txt\n    title: {ja: タイトル}\n    publisher: {ja: 出版, en: Pub}\n    nature: {ja: 記事, en: Article}\n", "y.yaml:2: articles[0]"},
		{"url", "z.yaml", good + "sources:\n  - id: s\n    type: press_release\n    name: {ja: 'https://prtimes.jp/main/html/rd/p/000000000.000000000.html', en: PR}\n    short: {ja: PR, en: PR}\n", "z.yaml:8: sources[0] (id \"s\"): name: URLs are not stored"},
		{"short source name too long", "z.yaml", good + "sources:\n  - id: s\n    type: press_release\n    name: {ja: PR, en: PR}\n    short: {ja: PR, en: A press release on PR TIMES}\n", "short: \"A press release on PR TIMES\" is 27 characters; at most 20"},
		{"short source name missing", "z.yaml", good + "sources:\n  - id: s\n    type: press_release\n    name: {ja: PR, en: PR}\n", "z.yaml:8: sources[0] (id \"s\"): short: both ja and en text are required"},
		{"bad unit", "s.yaml", good + "topics:\n  - {id: go, kind: language, name: {ja: Go, en: Go}, aliases: [golang]}\nsalaries:\n  - id: A-1\n    topics: [go]\n    dimension: language\n    label: {ja: Go, en: Go}\n    figure: {value: 957, unit: yen_per_decade, kind: average}\n    article: a\n", "s.yaml:10: salaries[0] (id \"A-1\"): figure: unknown unit"},
		{"range as value", "s.yaml", good + "topics:\n  - {id: go, kind: language, name: {ja: Go, en: Go}, aliases: [golang]}\nsalaries:\n  - id: C-2\n    topics: [go]\n    dimension: employment\n    label: {ja: F, en: F}\n    figure: {value: 850, unit: man_yen_year, kind: range}\n    article: a\n", "kind \"range\" needs min and max"},
		{"dangling topic", "s.yaml", good + "salaries:\n  - id: A-1\n    topics: [cobol]\n    dimension: language\n    label: {ja: Go, en: Go}\n    figure: {value: 957, unit: man_yen_year, kind: average}\n    article: a\n", "topic \"cobol\" is not defined"},
		{"duplicate alias", "t.yaml", good + "topics:\n  - {id: go, kind: language, name: {ja: Go, en: Go}, aliases: [golang]}\n  - {id: gox, kind: language, name: {ja: Gox, en: Gox}, aliases: [Go-Lang]}\n", "t.yaml:9: topics[1] (id \"gox\"): alias \"Go-Lang\" is also an alias of language topic \"go\""},
		{"digest not a bool", "s.yaml", good + "topics:\n  - {id: go, kind: language, name: {ja: Go, en: Go}, aliases: [golang]}\nsalaries:\n  - id: A-1\n    topics: [go]\n    dimension: language\n    label: {ja: Go, en: Go}\n    figure: {value: 957, unit: man_yen_year, kind: average}\n    article: a\n    digest: never\n", "s.yaml:16"},
		{"digest emptied", "s.yaml", good + "topics:\n  - {id: go, kind: language, name: {ja: Go, en: Go}, aliases: [golang]}\nsalaries:\n  - id: A-1\n    topics: [go]\n    dimension: language\n    label: {ja: Go, en: Go}\n    figure: {value: 957, unit: man_yen_year, kind: average}\n    article: a\n    digest: false\n", "s.yaml:10: salaries[0] (id \"A-1\"): digest: every salary figure is marked digest: false"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			fsys := fstest.MapFS{"d/" + tc.file: {Data: []byte(tc.body)}}
			_, err := knowledge.Load(fsys, "d")
			if err == nil {
				t.Fatal("Load accepted invalid data")
			}
			if knowledge.ErrorCode(err) != knowledge.EINVALID {
				t.Errorf("code = %s, want EINVALID", knowledge.ErrorCode(err))
			}
			var ide *knowledge.InvalidDataError
			if tc.name != "syntax" && !errors.As(err, &ide) {
				t.Errorf("error %v does not wrap *InvalidDataError", err)
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error\n%v\ndoes not mention %q", err, tc.want)
			}
		})
	}
}

// TestDigestFlag: digest: false keeps a fact out of the weekly digest and
// nothing else; absent or true keeps it in. The curated data marks the
// Kyujin Box page-title figures.
func TestDigestFlag(t *testing.T) {
	body := "articles:\n  - {id: a, file: a.txt, title: {ja: T, en: T}, name: {ja: N, en: N}, publisher: {ja: P, en: P}, nature: {ja: N, en: N}}\n" +
		"topics:\n  - {id: go, kind: language, name: {ja: Go, en: Go}, aliases: [golang]}\nsalaries:\n" +
		"  - {id: A-1, topics: [go], dimension: language, label: {ja: Go, en: Go}, figure: {value: 957, unit: man_yen_year, kind: average}, article: a}\n" +
		"  - {id: A-2, topics: [go], dimension: language, label: {ja: Go, en: Go}, figure: {value: 957, unit: man_yen_year, kind: average}, article: a, digest: false}\n" +
		"  - {id: A-3, topics: [go], dimension: language, label: {ja: Go, en: Go}, figure: {value: 957, unit: man_yen_year, kind: average}, article: a, digest: true}\n"
	d, err := knowledge.Load(fstest.MapFS{"d/s.yaml": {Data: []byte(body)}}, "d")
	if err != nil {
		t.Fatal(err)
	}
	for i, want := range []bool{true, false, true} {
		if got := d.Salaries[i].InDigest(); got != want {
			t.Errorf("%s: InDigest = %v, want %v", d.Salaries[i].ID, got, want)
		}
	}
	cur, err := knowledge.Load(knowledge.Curated, knowledge.CuratedDir)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]bool{}
	for _, s := range cur.Salaries {
		if !s.InDigest() {
			out[s.ID] = true
		}
	}
	for _, id := range []string{"D-4", "D-4h", "D-5", "D-5h"} {
		if !out[id] {
			t.Errorf("%s (a Kyujin Box page-title figure) is not marked digest: false", id)
		}
	}
}
