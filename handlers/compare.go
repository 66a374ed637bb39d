package handlers

import (
	"context"
	"slices"
	"strings"

	"careerbot/knowledge"
)

// maxCompare bounds how many topics one /compare puts side by side.
const maxCompare = 5

type compareKey struct {
	unit       knowledge.Unit
	kind       knowledge.Kind
	employment string
	dimension  knowledge.Dimension
}

func keyOf(s *knowledge.SalaryFigure) compareKey {
	return compareKey{s.Figure.Unit, s.Figure.Kind, s.Employment, s.Dimension}
}

func (r *Router) compare(ctx context.Context, v view, req Request) (Reply, error) {
	l := v.l
	topics := v.q.TopicsOf(salaryTopicKinds...)
	if len(topics) < 2 && (len(v.q.Ignored) > 0 || len(v.q.Mentions) > len(topics)) {
		rep := v.notFound("salary", v.unknownTerm(req.Args), salaryTopicKinds...)
		v.queryNotes(&rep, 0, salaryTopicKinds...)
		return rep, nil
	}
	if len(topics) < 2 {
		rep := errorReply(l, StatusInvalid, v.tr("compare_usage"))
		v.queryNotes(&rep, 0, salaryTopicKinds...)
		return rep, nil
	}
	if len(topics) > maxCompare {
		return errorReply(l, StatusInvalid, v.tr("compare_too_many", maxCompare)), nil
	}
	all, err := r.kb.Salaries(ctx, "")
	if err != nil {
		return Reply{}, err
	}
	topics, quals := splitQualifiers(topics)
	names := make([]string, len(topics))
	// Each topic's figures as indexes into all: the figures are large
	// structs, and a comparison looks at many it does not show.
	figs := make([][]int, len(topics))
	var shared []string
	for i, t := range topics {
		names[i] = t.Name.In(l)
		// A topic's row takes only figures that are not also another
		// compared topic's (Go's freelance average is no figure for
		// "freelance" beside Go), the most general first.
		own, with := 0, []int(nil)
		for k := range all {
			f := &all[k]
			if !carriesAll(f.Topics, topics[i:i+1]) || !carriesAll(f.Topics, quals) || f.Figure.Kind == knowledge.KindTarget {
				continue
			}
			own++
			if !carriesOther(f.Topics, topics, i) {
				with = append(with, k)
			}
		}
		figs[i] = byGenerality(all, with, topics[i:i+1], v.q.Per)
		if own > 0 && len(with) == 0 {
			shared = append(shared, names[i])
		}
	}
	rep := Reply{Title: v.tr("compare_title", strings.Join(names, " / "))}
	if len(quals) > 0 {
		rep.Title += " (" + v.joinNames(quals) + ")"
	}
	var missing []string
	var have []int
	for i := range topics {
		if len(figs[i]) == 0 {
			if !slices.Contains(shared, names[i]) {
				missing = append(missing, names[i])
			}
		} else {
			have = append(have, i)
		}
	}
	if len(shared) > 0 {
		rep.Paragraphs = append(rep.Paragraphs, v.tr("compare_shared", strings.Join(shared, v.sep())))
	}
	// Find one kind of figure every topic that has figures shares, trying
	// the first topic's figures in curated order.
	var chosen []*knowledge.SalaryFigure
	if len(have) >= 2 {
		row := make([]int, 0, len(have))
		for _, cand := range figs[have[0]] {
			k := keyOf(&all[cand])
			row = append(row[:0], cand)
			for _, i := range have[1:] {
				for _, f := range figs[i] {
					if keyOf(&all[f]) == k {
						row = append(row, f)
						break
					}
				}
			}
			if len(row) == len(have) {
				chosen = make([]*knowledge.SalaryFigure, len(row))
				for j, f := range row {
					chosen[j] = &all[f]
				}
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
		// The first line answers: each topic's figure, side by side, with
		// the kind and the sources in short form.
		parts := make([]string, len(chosen))
		var srcs []string
		for j, f := range chosen {
			parts[j] = names[have[j]] + " " + knowledge.FormatFigure(f.Figure, l)
			if s := v.shortSource(f.Provenance); !slices.Contains(srcs, s) {
				srcs = append(srcs, s)
			}
		}
		rep.Paragraphs = append(rep.Paragraphs, strings.Join(parts, " / ")+" ("+knowledge.KindLabel(chosen[0].Figure.Kind, l)+v.sep()+strings.Join(srcs, v.sep())+")")
		cols := make([]string, 0, 6)
		rep.Table = &Table{Columns: append(cols, v.tr("col_topic"), v.tr("col_figure"), v.tr("col_kind"), v.tr("col_year"), v.tr("col_source")),
			Rows: make([][]string, 0, len(chosen))}
		if withNote {
			rep.Table.Columns = append(rep.Table.Columns, v.tr("col_note"))
		}
		// Cells name sources in short form so a row fits a chat window;
		// the full names are in the reply's sources.
		for j, f := range chosen {
			row := make([]string, 5, 6)
			row[0], row[1], row[2], row[3], row[4] = names[have[j]], knowledge.FormatFigure(f.Figure, l), knowledge.KindLabel(f.Figure.Kind, l), v.yearText(f.Year), v.shortSource(f.Provenance)
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
		n := 0
		for _, i := range have {
			n += len(figs[i])
		}
		rep.Fields = make([]Field, 0, n)
		for _, i := range have {
			for _, k := range figs[i] {
				f := all[k]
				rep.Fields = append(rep.Fields, v.salaryField(v.ix.joined(names[i], ": ", f.Label.In(l)), f))
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
	v.queryNotes(&rep, 0, salaryTopicKinds...)
	return rep, nil
}

// carriesOther reports whether a fact tagged with tags carries a compared
// topic other than topics[i].
func carriesOther(tags []string, topics []knowledge.Topic, i int) bool {
	for j, t := range topics {
		if j != i && carriesAll(tags, []knowledge.Topic{t}) {
			return true
		}
	}
	return false
}

// splitQualifiers separates what is compared from what qualifies every
// side: in "go rails freelance" two languages are compared, both as
// freelance figures. When exactly one kind is named more than once, the
// topics of the other kinds are qualifiers; otherwise all are compared.
func splitQualifiers(topics []knowledge.Topic) (compared, quals []knowledge.Topic) {
	// How many kinds are named, and which are named more than once (a
	// handful of topics: no map).
	kinds, n := 0, 0
	var multi knowledge.TopicKind
	for i, t := range topics {
		first, c := true, 0
		for j, u := range topics {
			if u.Kind == t.Kind {
				c++
				first = first && j >= i
			}
		}
		if !first {
			continue // this kind was counted at its first topic
		}
		kinds++
		if c >= 2 {
			multi, n = t.Kind, n+1
		}
	}
	if n != 1 || kinds == 1 {
		return topics, nil
	}
	for _, t := range topics {
		if t.Kind == multi {
			compared = append(compared, t)
		} else {
			quals = append(quals, t)
		}
	}
	return compared, quals
}
