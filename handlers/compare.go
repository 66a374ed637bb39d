package handlers

import (
	"context"
	"strings"

	"careerbot/knowledge"
)

// maxCompare bounds how many topics one /compare puts side by side.
const maxCompare = 5

// splitTopics reads topic names from args, preferring the longest run of
// words that names a topic ("ruby on rails", "engineering manager") and
// accepting commas, 、, "vs" and と as separators.
func (r *Router) splitTopics(args string, kinds ...knowledge.TopicKind) (found []knowledge.Topic, unknown []string) {
	repl := strings.NewReplacer(",", " ", "、", " ", "，", " ", "/", " ", "と", " ")
	var words []string
	for _, w := range strings.Fields(repl.Replace(args)) {
		if !strings.EqualFold(w, "vs") {
			words = append(words, w)
		}
	}
	for i := 0; i < len(words); {
		n := min(4, len(words)-i)
		for ; n >= 1; n-- {
			if t, ok := r.ix().matcher.Lookup(strings.Join(words[i:i+n], " "), kinds...); ok {
				found = append(found, t)
				break
			}
		}
		if n == 0 {
			unknown = append(unknown, words[i])
			n = 1
		}
		i += n
	}
	return found, unknown
}

type compareKey struct {
	unit       knowledge.Unit
	kind       knowledge.Kind
	employment string
	dimension  knowledge.Dimension
}

func keyOf(s knowledge.SalaryFigure) compareKey {
	return compareKey{s.Figure.Unit, s.Figure.Kind, s.Employment, s.Dimension}
}

func (r *Router) compare(ctx context.Context, req Request) (Reply, error) {
	l := req.Locale
	topics, unknown := r.splitTopics(req.Args, salaryTopicKinds...)
	if len(unknown) > 0 {
		rep := r.notFound(l, "salary", strings.Join(unknown, " "), salaryTopicKinds...)
		return rep, nil
	}
	topics = dedupeTopics(topics)
	if len(topics) < 2 {
		return errorReply(l, StatusInvalid, tr(l, "compare_usage")), nil
	}
	if len(topics) > maxCompare {
		return errorReply(l, StatusInvalid, tr(l, "compare_too_many", maxCompare)), nil
	}
	names := make([]string, len(topics))
	figs := make([][]knowledge.SalaryFigure, len(topics))
	for i, t := range topics {
		names[i] = t.Name.In(l)
		f, err := r.kb.Salaries(ctx, t.ID)
		if err != nil {
			return Reply{}, err
		}
		figs[i] = withoutTargets(f)
	}
	rep := Reply{Title: tr(l, "compare_title", strings.Join(names, " / "))}
	var missing []string
	var have []int
	for i := range topics {
		if len(figs[i]) == 0 {
			missing = append(missing, names[i])
		} else {
			have = append(have, i)
		}
	}
	// Find one kind of figure every topic that has figures shares, trying
	// the first topic's figures in curated order.
	var chosen []knowledge.SalaryFigure
	if len(have) >= 2 {
		for _, cand := range figs[have[0]] {
			k := keyOf(cand)
			row := []knowledge.SalaryFigure{cand}
			for _, i := range have[1:] {
				for _, f := range figs[i] {
					if keyOf(f) == k {
						row = append(row, f)
						break
					}
				}
			}
			if len(row) == len(have) {
				chosen = row
				break
			}
		}
	}
	if chosen != nil {
		rep.Table = &Table{Columns: []string{tr(l, "col_topic"), tr(l, "col_figure"), tr(l, "col_kind"), tr(l, "col_year"), tr(l, "col_source")}}
		for j, f := range chosen {
			rep.Table.Rows = append(rep.Table.Rows, []string{names[have[j]], knowledge.FormatFigure(f.Figure, l), knowledge.KindLabel(f.Figure.Kind, l), yearText(l, f.Year), r.sourceName(l, f.Source)})
			r.cite(l, f.Provenance, &rep.Sources)
			if n := f.Note.In(l); n != "" {
				rep.Notes = appendOnce(rep.Notes, tr(l, "note")+" ("+names[have[j]]+"): "+n)
			}
		}
	} else if len(have) > 0 {
		if len(have) >= 2 {
			rep.Paragraphs = append(rep.Paragraphs, tr(l, "compare_mismatch"))
		}
		for _, i := range have {
			for _, f := range figs[i] {
				rep.Fields = append(rep.Fields, Field{Label: names[i] + ": " + f.Label.In(l), Value: r.figureValue(l, f)})
				r.cite(l, f.Provenance, &rep.Sources)
			}
		}
	}
	if len(missing) > 0 {
		rep.Paragraphs = append(rep.Paragraphs, tr(l, "compare_missing", strings.Join(missing, ", ")))
	}
	if len(have) == 0 {
		rep.Status = StatusNotFound
	}
	rep.Notes = append(rep.Notes, tr(l, "units_note"))
	return rep, nil
}

func withoutTargets(figs []knowledge.SalaryFigure) []knowledge.SalaryFigure {
	out := figs[:0:0]
	for _, f := range figs {
		if f.Figure.Kind != knowledge.KindTarget {
			out = append(out, f)
		}
	}
	return out
}

func dedupeTopics(ts []knowledge.Topic) []knowledge.Topic {
	seen := map[string]bool{}
	var out []knowledge.Topic
	for _, t := range ts {
		k := string(t.Kind) + "/" + t.ID
		if !seen[k] {
			seen[k] = true
			out = append(out, t)
		}
	}
	return out
}

func appendOnce(list []string, s string) []string {
	for _, x := range list {
		if x == s {
			return list
		}
	}
	return append(list, s)
}
