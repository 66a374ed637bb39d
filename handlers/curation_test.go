package handlers_test

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"careerbot/handlers"
	"careerbot/knowledge"
	"careerbot/store"
	"careerbot/store/storetest"
)

// everything is every text a reply carries, field notes and all, so a check
// over it does not depend on what a renderer chooses to print.
func everything(r handlers.Reply) string {
	var b strings.Builder
	w := func(s string) { b.WriteString(s); b.WriteByte('\n') }
	w(r.Title)
	for _, p := range r.Paragraphs {
		w(p)
	}
	for _, f := range r.Fields {
		w(f.Label)
		w(f.Value)
		w(f.Note)
	}
	if r.Table != nil {
		w(strings.Join(r.Table.Columns, " | "))
		for _, row := range r.Table.Rows {
			w(strings.Join(row, " | "))
		}
	}
	for _, n := range r.Notes {
		w(n)
	}
	for _, s := range r.Sources {
		w(fmt.Sprint(s.Name, " ", s.Year, " ", s.Note))
	}
	for _, s := range r.Suggestions {
		w(s.Label + " " + s.Command)
	}
	return b.String()
}

type answer struct {
	line string
	l    knowledge.Locale
	rep  handlers.Reply
}

// allAnswers runs every command with no argument and with every topic (by
// id and by its name in the locale), a /compare of every neighbouring pair
// of salary topics, and twenty weeks of digests, in both locales.
func allAnswers(t *testing.T) []answer {
	t.Helper()
	ctx := context.Background()
	data, err := knowledge.Load(knowledge.Curated, knowledge.CuratedDir)
	if err != nil {
		t.Fatal(err)
	}
	var lines []string
	var salaryTopics []string
	for _, c := range handlers.Commands() {
		if c.Name == "digest" {
			continue
		}
		lines = append(lines, "/"+c.Name)
		for _, tp := range data.Topics {
			lines = append(lines, "/"+c.Name+" "+tp.ID, "/"+c.Name+" "+tp.Name.JA, "/"+c.Name+" "+tp.Name.EN)
		}
	}
	for _, tp := range data.Topics {
		switch tp.Kind {
		case knowledge.TopicLanguage, knowledge.TopicAge, knowledge.TopicEmployment, knowledge.TopicRole:
			salaryTopics = append(salaryTopics, tp.ID)
		}
	}
	for i := 0; i+1 < len(salaryTopics); i++ {
		lines = append(lines, "/compare "+salaryTopics[i]+" "+salaryTopics[i+1])
	}
	lines = append(lines, "/compare 正社員 フリーランス", "/ask 40代 転職", "/ask 957万円以上", "/ask HTML CSS", "/ask SEES", "/ask 取り違えない", "/ask do not confuse 586")
	var out []answer
	for _, l := range []knowledge.Locale{knowledge.JA, knowledge.EN} {
		for _, line := range lines {
			rep, _ := ask(t, line, l)
			out = append(out, answer{line, l, rep})
		}
	}
	st := storetest.Open(t, store.Options{})
	d, err := handlers.NewDigest(ctx, st, st, handlers.DigestOptions{DefaultLocale: knowledge.JA})
	if err != nil {
		t.Fatal(err)
	}
	monday := time.Date(2026, 11, 30, 9, 0, 0, 0, time.UTC)
	for w := 0; w < 20; w++ {
		for _, l := range []knowledge.Locale{knowledge.JA, knowledge.EN} {
			rep, err := d.Compose(ctx, monday.AddDate(0, 0, 7*w), l, 0)
			if err != nil {
				t.Fatal(err)
			}
			out = append(out, answer{fmt.Sprintf("digest week %d", w), l, rep})
		}
	}
	return out
}

// TestCuratorNotesNeverShown: what the data keeps for curators reaches no
// reply of any command, whatever the topic or locale.
func TestCuratorNotesNeverShown(t *testing.T) {
	data, err := knowledge.Load(knowledge.Curated, knowledge.CuratedDir)
	if err != nil {
		t.Fatal(err)
	}
	var notes []string
	for _, rec := range data.Facts() {
		switch v := rec.Value.(type) {
		case knowledge.SalaryFigure:
			notes = append(notes, v.CuratorNote)
		case knowledge.Listing:
			notes = append(notes, v.CuratorNote)
		case knowledge.Trend:
			notes = append(notes, v.CuratorNote)
		case knowledge.CareerPath:
			notes = append(notes, v.CuratorNote)
		case knowledge.SkillMap:
			notes = append(notes, v.CuratorNote)
		case knowledge.Action:
			notes = append(notes, v.CuratorNote)
		}
	}
	var curator []string
	for _, n := range notes {
		if n != "" {
			curator = append(curator, n)
		}
	}
	if len(curator) == 0 {
		t.Fatal("the curated data has no curator_note: the test would prove nothing")
	}
	// Wording addressed to whoever types the data in.
	curator = append(curator, "取り違えない", "混同しない", "do not confuse", "Not to be confused", "kept as printed", "curator_note")
	answers := allAnswers(t)
	for _, a := range answers {
		// The asker's own words come back in a title; they are not ours.
		_, args := handlers.ParseLine(a.line)
		text := strings.ReplaceAll(everything(a.rep), args, "")
		for _, n := range curator {
			if strings.Contains(text, n) {
				t.Errorf("%s (%s) shows curator text %q", a.line, a.l, n)
			}
		}
	}
	t.Logf("%d replies checked", len(answers))
}

var (
	jaFigure = regexp.MustCompile(`[0-9]万円/[年月]|[0-9]円/[月時]`)
	enFigure = regexp.MustCompile(`¥[0-9.,]+[Mk]?(–¥[0-9.,]+[Mk]?)?( or more)? (a year|a month|an hour)`)
)

// TestEveryFigureKeepsKindAndSource: wherever a command shows a figure in
// a field or a table, the same line names its kind and where it comes from.
// And a claim or an unnamed example carries its flag in every command.
func TestEveryFigureKeepsKindAndSource(t *testing.T) {
	ctx := context.Background()
	data, err := knowledge.Load(knowledge.Curated, knowledge.CuratedDir)
	if err != nil {
		t.Fatal(err)
	}
	kinds := map[knowledge.Locale][]string{}
	sources := map[knowledge.Locale][]string{}
	for _, l := range []knowledge.Locale{knowledge.JA, knowledge.EN} {
		for _, k := range []knowledge.Kind{knowledge.KindAverage, knowledge.KindRange, knowledge.KindTypicalBand, knowledge.KindManyListings, knowledge.KindListing, knowledge.KindTarget, knowledge.KindEstimate, knowledge.KindChange} {
			kinds[l] = append(kinds[l], knowledge.KindLabel(k, l))
		}
		for _, s := range data.Sources {
			// A table cell may name the source in short form; the reply's
			// sources carry the whole name (checked below).
			sources[l] = append(sources[l], s.Name.In(l), s.Short.In(l))
		}
	}
	sources[knowledge.JA] = append(sources[knowledge.JA], "出典の記載なし")
	sources[knowledge.EN] = append(sources[knowledge.EN], "no source cited")
	hasAny := func(s string, list []string) bool {
		for _, x := range list {
			if strings.Contains(s, x) {
				return true
			}
		}
		return false
	}
	flagged := map[knowledge.Locale]map[string]string{knowledge.JA: {}, knowledge.EN: {}} // trend text → its flag
	for _, tr := range data.Trends {
		for _, l := range []knowledge.Locale{knowledge.JA, knowledge.EN} {
			switch {
			case tr.Anecdote:
				flagged[l][tr.Text.In(l)] = map[knowledge.Locale]string{knowledge.JA: "事例 (企業名・出典の記載なし)", knowledge.EN: "Unnamed example, not a statistic"}[l]
			case tr.Claim:
				flagged[l][tr.Text.In(l)] = map[knowledge.Locale]string{knowledge.JA: "記事の主張 (根拠の記載なし)", knowledge.EN: "Claim without evidence"}[l]
			}
		}
	}
	_ = ctx
	for _, a := range allAnswers(t) {
		re := jaFigure
		if a.l == knowledge.EN {
			re = enFigure
		}
		var lines []string
		for _, f := range a.rep.Fields {
			lines = append(lines, strings.Split(f.Value, "\n")...)
		}
		if a.rep.Table != nil {
			for _, row := range a.rep.Table.Rows {
				lines = append(lines, strings.Join(row, " | "))
			}
		}
		for _, line := range lines {
			if !re.MatchString(line) || strings.HasPrefix(strings.TrimSpace(line), a.rep.Title) {
				continue
			}
			// Prose that quotes an amount (an action item, a path summary)
			// is not a figure line: those start with a bullet or run long.
			if !strings.Contains(line, " · ") && !strings.Contains(line, " | ") {
				continue
			}
			if !hasAny(line, kinds[a.l]) {
				t.Errorf("%s (%s): a figure without its kind: %q", a.line, a.l, line)
			}
			if !hasAny(line, sources[a.l]) {
				t.Errorf("%s (%s): a figure without its source: %q", a.line, a.l, line)
			}
		}
		text := everything(a.rep)
		for _, line := range strings.Split(text, "\n") {
			for stmt, flag := range flagged[a.l] {
				if strings.Contains(line, stmt) && !strings.Contains(line, flag) {
					t.Errorf("%s (%s): %q shown without %q", a.line, a.l, stmt, flag)
				}
			}
		}
	}
}

// TestEnglishWording: English amounts as English readers write them, 業務委託
// as a contract, one hearsay marker, and our own inferences marked as ours.
func TestEnglishWording(t *testing.T) {
	for _, a := range allAnswers(t) {
		text := everything(a.rep)
		bad := []string{"man-yen", "×¥10,000", "utsourcing", "The article says (no evidence given)", "says it is said", "¥7–10M", "¥600–800k", "¥800–900k", "¥4–5M"}
		if a.l == knowledge.EN {
			for _, b := range bad {
				if strings.Contains(text, b) {
					t.Errorf("%s (en) contains %q", a.line, b)
				}
			}
		}
		for _, m := range []struct{ inference, mark string }{
			{"most likely reflects", "careerbot's note:"},
			{"提示された額を表している可能性が高い", "careerbot注:"},
			{"not usually counted as programming languages", "careerbot's note:"},
			{"一般にはプログラミング言語に数えない", "careerbot注:"},
		} {
			for _, line := range strings.Split(text, "\n") {
				i := strings.Index(line, m.inference)
				if i >= 0 && !strings.Contains(line[:i], m.mark) {
					t.Errorf("%s (%s): our inference %q is not marked %q: %q", a.line, a.l, m.inference, m.mark, line)
				}
			}
		}
	}
}

// The findings of issue 8 §2, each as a reader sees it.
func TestIssue8Labels(t *testing.T) {
	ja, en := knowledge.JA, knowledge.EN

	t.Run("C-8 many listings, not a second most common band", func(t *testing.T) {
		rep, _ := ask(t, "/compare 正社員 フリーランス", ja)
		text := everything(rep)
		for _, f := range rep.Fields {
			line := f.Value
			if strings.Contains(line, "最も多い価格帯") && !strings.Contains(line, "60〜80万円/月") {
				t.Errorf("a most common band other than 60〜80: %q", line)
			}
			if strings.Contains(line, "80〜90万円/月 ·") && !strings.Contains(line, "案件が多い価格帯") {
				t.Errorf("80〜90 not labelled as a band with many listings: %q", line)
			}
		}
		mustContain(t, text, "80〜90万円/月 · 案件が多い価格帯", "両立する")
		mustNotContain(t, text, "食い違い")
		_, text = ask(t, "/salary freelance", en)
		mustContain(t, text, "¥800k–¥900k a month · band with many listings", "fit together")
		mustNotContain(t, text, "does not agree")
	})

	t.Run("ranges are not labelled average", func(t *testing.T) {
		for _, tc := range []struct {
			line  string
			l     knowledge.Locale
			label string
		}{
			{"/salary freelance", ja, "バックエンドエンジニアの年収の範囲(フリーランス)"},
			{"/salary frontend", en, "Frontend engineer annual income range (freelance)"},
			{"/salary part-time", ja, "バックエンドエンジニアの時給の範囲(派遣・アルバイト)"},
		} {
			rep, text := ask(t, tc.line, tc.l)
			found := false
			for _, f := range rep.Fields {
				if f.Label == tc.label {
					found = true
					if f.Note == "" {
						t.Errorf("%s: the range %q has no short note", tc.line, f.Label)
					}
				}
				if strings.Contains(f.Value, knowledge.KindLabel(knowledge.KindRange, tc.l)) && (strings.Contains(f.Label, "平均") || strings.Contains(strings.ToLower(f.Label), "average")) {
					t.Errorf("%s: a range labelled as an average: %q", tc.line, f.Label)
				}
			}
			if !found {
				t.Errorf("%s: no field %q:\n%s", tc.line, tc.label, text)
			}
		}
	})

	t.Run("SEES's own figures say it is an agency for engineers 40+", func(t *testing.T) {
		for _, l := range []knowledge.Locale{ja, en} {
			rep, _ := ask(t, "/salary freelance", l)
			n := 0
			for _, f := range rep.Fields {
				// SEES's listings as a source (named in short form beside
				// the figure), not an article it published.
				if strings.HasSuffix(f.Value, map[knowledge.Locale]string{ja: " · SEES調べ", en: " · SEES"}[l]) {
					n++
					if !strings.Contains(f.Note, map[knowledge.Locale]string{ja: "40代以上", en: "40+"}[l]) {
						t.Errorf("%s: %q has short note %q", l, f.Label, f.Note)
					}
				}
			}
			if n < 3 {
				t.Errorf("%s: %d SEES figures in /salary freelance, want C-6, C-8 and C-13b", l, n)
			}
		}
	})

	t.Run("short notes beside the figures", func(t *testing.T) {
		for _, tc := range []struct {
			line string
			l    knowledge.Locale
			note string
		}{
			{"/salary go", ja, "案件の調査: 提示額で、実収入とは限らない"},
			{"/salary go", en, "survey of listings: offered rates, not necessarily earnings"},
			{"/salary go", en, "the article's goal, not survey data"},
			{"/salary 60s", ja, "SE(Webサービス開発)全体の数字"},
			{"/salary", en, "only in the title of a page the article cites"},
			{"/jobs", en, "example listing: undated, not necessarily open"},
		} {
			rep, _ := ask(t, tc.line, tc.l)
			found := false
			for _, f := range rep.Fields {
				found = found || f.Note == tc.note
			}
			if !found {
				t.Errorf("%s (%s): no field with the note %q", tc.line, tc.l, tc.note)
			}
		}
	})

	t.Run("/market shows each trend's notes and flags", func(t *testing.T) {
		_, text := ask(t, "/market --full", en)
		mustContain(t, text, "advertising section", "a multiple of the 2020 level", "not a percentage",
			"Claim without evidence: The article says “data-driven services”",
			"Claim without evidence: The article says that as of 2025 the Go engineer market is booming",
			"show large pay gaps", "no source cited")
		mustNotContain(t, text, "considerably more")
	})

	t.Run("/ask keeps kind, source and flags", func(t *testing.T) {
		rep, _ := ask(t, "/ask 40代 転職", ja)
		at := -1
		for i, f := range rep.Fields {
			if strings.Contains(f.Value, "40代以上の転職") {
				at = i
				mustContain(t, f.Value, "記事の主張 (根拠の記載なし)", "伝聞")
			}
		}
		if at < 0 {
			t.Fatalf("the hearsay about changing jobs after 40 is not found: %+v", rep.Fields)
		}
		if at == 0 && len(rep.Fields) > 1 {
			t.Error("an unsupported claim ranks above the sourced facts")
		}
		rep, _ = ask(t, "/ask 957万円以上", ja)
		found := false
		for _, f := range rep.Fields {
			if strings.Contains(f.Value, "957万円/年以上") {
				found = true
				mustContain(t, f.Value+f.Note, "目標 (統計ではない)", "出典の記載なし")
			}
		}
		if !found {
			t.Errorf("/ask 957万円以上 does not show the target: %+v", rep.Fields)
		}
	})

	t.Run("/path freelance lists listings as undated", func(t *testing.T) {
		for _, l := range []knowledge.Locale{ja, en} {
			_, text := ask(t, "/path freelance", l)
			n := 0
			for _, line := range strings.Split(text, "\n") {
				if strings.Contains(line, knowledge.KindLabel(knowledge.KindListing, l)) {
					n++
					mustContain(t, line, map[knowledge.Locale]string{ja: "掲載日なし・募集中とは限らない", en: "undated, not necessarily open"}[l])
				}
			}
			if n != 5 {
				t.Errorf("%s: %d listing lines in /path freelance, want 5", l, n)
			}
		}
	})

	t.Run("our readings marked, the anecdote's examples kept out of the target", func(t *testing.T) {
		_, text := ask(t, "/skills frontend", en)
		mustContain(t, text, "careerbot's note: HTML is a markup language")
		_, text = ask(t, "/path fullstack", ja)
		mustNotContain(t, text, "例:React", "例:AWS")
		_, text = ask(t, "/path fullstack", en)
		mustNotContain(t, text, "e.g. React", "e.g. AWS")
	})

	t.Run("業務委託 is a contract", func(t *testing.T) {
		_, text := ask(t, "/jobs", en)
		mustContain(t, text, "Independent-contractor agreement")
	})
}
