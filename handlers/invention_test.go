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
