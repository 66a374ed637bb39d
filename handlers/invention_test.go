package handlers_test

import (
	"strings"
	"testing"

	"careerbot/handlers"
	"careerbot/knowledge"
)

// TestNoInventionForAnyPairOfTopics asks /salary of every pair of curated
// topics, in both locales, and checks every figure the answer shows: where
// the answer presents the pair's figures, each must be curated for both
// topics; where it says the articles have none for the pair, each must sit
// under the name of a topic it is curated for. A figure shown for a pair it
// was not curated for fails.
func TestNoInventionForAnyPairOfTopics(t *testing.T) {
	data, err := knowledge.Load(knowledge.Curated, knowledge.CuratedDir)
	if err != nil {
		t.Fatal(err)
	}
	salaryKind := map[knowledge.TopicKind]bool{knowledge.TopicLanguage: true, knowledge.TopicAge: true, knowledge.TopicEmployment: true, knowledge.TopicRole: true}
	byID := map[string]knowledge.Topic{} // the salary reading of an id, where it has one
	var ids []string
	for _, tp := range data.Topics {
		if _, seen := byID[tp.ID]; seen {
			continue
		}
		ids = append(ids, tp.ID)
		byID[tp.ID] = tp
	}
	for _, tp := range data.Topics {
		if salaryKind[tp.Kind] {
			byID[tp.ID] = tp
		}
	}
	pairs, checked := 0, 0
	for i, a := range ids {
		for _, b := range ids[i+1:] {
			pairs++
			var read []knowledge.Topic
			for _, id := range []string{a, b} {
				if salaryKind[byID[id].Kind] {
					read = append(read, byID[id])
				}
			}
			for _, l := range []knowledge.Locale{knowledge.JA, knowledge.EN} {
				rep, text := ask(t, "/salary "+a+" "+b, l)
				checked += checkPair(t, data.Salaries, read, rep, text, l)
			}
		}
	}
	// /compare: a row or field under a topic's name carries that topic and
	// not the other one compared.
	var salaryIDs []string
	for _, id := range ids {
		if salaryKind[byID[id].Kind] {
			salaryIDs = append(salaryIDs, id)
		}
	}
	for i, a := range salaryIDs {
		for _, b := range salaryIDs[i+1:] {
			for _, l := range []knowledge.Locale{knowledge.JA, knowledge.EN} {
				rep, _ := ask(t, "/compare "+a+" "+b, l)
				checked += checkCompare(t, data.Salaries, byID[a], byID[b], rep, l)
			}
		}
	}
	if pairs < 1000 || checked == 0 {
		t.Fatalf("%d pairs, %d figures checked: the test checked nothing useful", pairs, checked)
	}
	t.Logf("%d pairs of topics, %d figures checked", pairs, checked)
}

// checkPair checks one answer's figures and returns how many it checked.
func checkPair(t *testing.T, sal []knowledge.SalaryFigure, read []knowledge.Topic, rep handlers.Reply, text string, l knowledge.Locale) int {
	t.Helper()
	combo := map[knowledge.Locale]string{knowledge.JA: "組み合わせの数字はありません", knowledge.EN: "give no figure for"}[l]
	split := strings.Contains(text, combo)
	n := 0
	for _, f := range rep.Fields {
		var cands []knowledge.SalaryFigure
		for _, s := range sal {
			if strings.HasPrefix(f.Value, knowledge.FormatFigure(s.Figure, l)+" · ") {
				cands = append(cands, s)
			}
		}
		if len(cands) == 0 {
			continue // not a salary figure: a statement without one
		}
		n++
		ok := false
		for _, s := range cands {
			switch {
			case !split:
				ok = ok || tagged(s, read...)
			default:
				for _, tp := range read {
					ok = ok || (strings.HasPrefix(f.Label, tp.Name.In(l)+" — ") && tagged(s, tp))
				}
			}
		}
		if !ok || len(read) == 0 {
			t.Errorf("%s %q: %q = %q is not curated for %v (split answer: %v)", l, rep.Args, f.Label, f.Value, names(read), split)
		}
	}
	return n
}

func tagged(s knowledge.SalaryFigure, ts ...knowledge.Topic) bool {
	for _, tp := range ts {
		found := false
		for _, id := range s.Topics {
			found = found || id == tp.ID
		}
		if !found {
			return false
		}
	}
	return true
}

func names(ts []knowledge.Topic) []string {
	out := make([]string, len(ts))
	for i, tp := range ts {
		out[i] = tp.ID
	}
	return out
}

// checkCompare checks a /compare answer for two topics: every table row
// and every field is under one topic's name, and its figure is curated
// for that topic and not for the other.
func checkCompare(t *testing.T, sal []knowledge.SalaryFigure, a, b knowledge.Topic, rep handlers.Reply, l knowledge.Locale) int {
	t.Helper()
	n := 0
	check := func(under, value string) {
		n++
		for _, pair := range [][2]knowledge.Topic{{a, b}, {b, a}} {
			if under != pair[0].Name.In(l) {
				continue
			}
			for _, s := range sal {
				if strings.HasPrefix(value, knowledge.FormatFigure(s.Figure, l)) && tagged(s, pair[0]) && !tagged(s, pair[1]) {
					return
				}
			}
		}
		t.Errorf("%s /compare %s %s: %q under %q is not a figure of that topic alone", l, a.ID, b.ID, value, under)
	}
	if rep.Table != nil {
		for _, row := range rep.Table.Rows {
			check(row[0], row[1])
		}
	}
	for _, f := range rep.Fields {
		under, _, _ := strings.Cut(f.Label, ": ")
		check(under, f.Value)
	}
	return n
}
