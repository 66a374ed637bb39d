package handlers_test

import (
	"regexp"
	"strings"
	"testing"

	"careerbot/handlers"
	"careerbot/knowledge"
)

// figureRE finds amounts written as careerbot writes figures (Japanese).
var figureRE = regexp.MustCompile(`[0-9][0-9,.]*(?:〜[0-9][0-9,.]*)?(?:万円/年|万円/月|円/月|円/時)`)

// TestHostileAndOddInput asks every command hostile and contradictory
// input: each gets a clear answer (words, no internal error, no panic), no
// control characters echoed (mentions are the renderers' to defuse), and every amount shown is a
// curated figure, never one made from the input.
func TestHostileAndOddInput(t *testing.T) {
	data, err := knowledge.Load(knowledge.Curated, knowledge.CuratedDir)
	if err != nil {
		t.Fatal(err)
	}
	curated := map[string]bool{}
	add := func(f knowledge.Figure) {
		for _, m := range figureRE.FindAllString(knowledge.FormatFigure(f, knowledge.JA), -1) {
			curated[m] = true
		}
	}
	for _, s := range data.Salaries {
		add(s.Figure)
	}
	for _, x := range data.Listings {
		add(x.Fee)
	}
	inputs := []string{
		strings.Repeat("あ", 5000),
		strings.Repeat("go ", 1700),
		"asdf qwer zxcv",
		"ほげふが",
		"level 9", "go level 9", "レベル-1", "go level 3 level 2",
		"-5万円以上", "100万以上 50万以下", "0円以上", "999999999999万円以上", "go 1000000000000円以下",
		"@everyone", "<!channel>", "<@U123> go", "<!here> 40代", "@here フロントエンド 派遣",
		"g\x00o\x1b[31m\u202e", "\u200bgo\u200b", "\t\n",
		"15歳", "go 50代 フリーランス 派遣 正社員", "vs vs vs", "と と と", "🐹🐹🐹",
	}
	cmds := []string{"salary", "compare", "skills", "path", "kpi", "market", "jobs", "ask"}
	for _, cmd := range cmds {
		for _, in := range inputs {
			for _, l := range []knowledge.Locale{knowledge.JA, knowledge.EN} {
				name := cmd + " " + in
				if len(name) > 40 {
					name = name[:40]
				}
				t.Run(name, func(t *testing.T) {
					rep, text := askRaw(t, cmd, in, l)
					if rep.Status == handlers.StatusInternal {
						t.Fatalf("internal error:\n%s", text)
					}
					if len(rep.Paragraphs) == 0 && len(rep.Fields) == 0 && rep.Table == nil {
						t.Fatalf("no answer in words:\n%s", text)
					}
					for _, r := range text {
						if (r < 0x20 && r != '\n') || r == '\u202e' || r == '\u200b' {
							t.Fatalf("reply contains %U", r)
						}
					}
					if l == knowledge.JA {
						for _, m := range figureRE.FindAllString(text, -1) {
							if !curated[m] {
								t.Errorf("amount %q is not a curated figure:\n%s", m, text)
							}
						}
					}
				})
			}
		}
	}
}
