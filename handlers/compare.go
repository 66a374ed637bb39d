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
func splitTopics(m *knowledge.Matcher, args string, kinds ...knowledge.TopicKind) (found []knowledge.Topic, unknown []string) {
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
			if t, ok := m.Lookup(strings.Join(words[i:i+n], " "), kinds...); ok {
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

func (r *Router) compare(ctx context.Context, v view, req Request) (Reply, error) {
	l := v.l
	topics, unknown := splitTopics(v.ix.matcher, req.Args, salaryTopicKinds...)
	if len(unknown) > 0 {
		return v.notFound("salary", strings.Join(unknown, " "), salaryTopicKinds...), nil
	}
	topics = dedupeTopics(topics)
	if len(topics) < 2 {
		return errorReply(l, StatusInvalid, v.tr("compare_usage")), nil
	}
	if len(topics) > maxCompare {
		return errorReply(l, StatusInvalid, v.tr("compare_too_many", maxCompare)), nil
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
	rep := Reply{Title: v.tr("compare_title", strings.Join(names, " / "))}
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
		// A short caveat changes what a figure means: it gets a column of
		// its own, so it stays on the figure's row.
		withNote := false
		for _, f := range chosen {
			withNote = withNote || !f.ShortNote.IsZero()
		}
		rep.Table = &Table{Columns: []string{v.tr("col_topic"), v.tr("col_figure"), v.tr("col_kind"), v.tr("col_year"), v.tr("col_source")}}
		if withNote {
			rep.Table.Columns = append(rep.Table.Columns, v.tr("col_note"))
		}
		for j, f := range chosen {
			row := []string{names[have[j]], knowledge.FormatFigure(f.Figure, l), knowledge.KindLabel(f.Figure.Kind, l), v.yearText(f.Year), v.sourceText(f.Provenance)}
			if withNote {
				row = append(row, f.ShortNote.In(l))
			}
			rep.Table.Rows = append(rep.Table.Rows, row)
			v.cite(f.Provenance, &rep.Sources)
			v.note(names[have[j]], f.Provenance, &rep)
		}
		rep.Charts = v.compareCharts(rep.Table.column(0), chosen)
	} else if len(have) > 0 {
		if len(have) >= 2 {
			rep.Paragraphs = append(rep.Paragraphs, v.tr("compare_mismatch"))
		}
		for _, i := range have {
			for _, f := range figs[i] {
				rep.Fields = append(rep.Fields, v.salaryField(names[i]+": "+f.Label.In(l), f))
				v.note(f.Label.In(l), f.Provenance, &rep)
				v.cite(f.Provenance, &rep.Sources)
			}
		}
	}
	if len(missing) > 0 {
		rep.Paragraphs = append(rep.Paragraphs, v.tr("compare_missing", strings.Join(missing, v.sep())))
	}
	if len(have) == 0 {
		rep.Status = StatusNotFound
	}
	rep.Notes = append(rep.Notes, v.tr("units_note"))
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
