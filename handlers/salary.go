package handlers

import (
	"context"
	"strings"

	"careerbot/knowledge"
)

// figureValue writes a salary figure's number, kind, year and source on one line.
func (r *Router) figureValue(l knowledge.Locale, s knowledge.SalaryFigure) string {
	parts := []string{knowledge.FormatFigure(s.Figure, l), knowledge.KindLabel(s.Figure.Kind, l)}
	if s.Year != 0 {
		parts = append(parts, yearText(l, s.Year))
	}
	if name := r.sourceName(l, s.Source); name != "" {
		parts = append(parts, name)
	}
	return strings.Join(parts, " · ")
}

// salaryFields renders figures as fields, their caveats as notes and their
// sources as citations.
func (r *Router) salaryFields(l knowledge.Locale, figs []knowledge.SalaryFigure, rep *Reply) {
	seenNote := map[string]bool{}
	for _, s := range figs {
		rep.Fields = append(rep.Fields, Field{Label: s.Label.In(l), Value: r.figureValue(l, s)})
		if n := s.Note.In(l); n != "" && !seenNote[n] {
			seenNote[n] = true
			rep.Notes = append(rep.Notes, tr(l, "note")+" ("+s.Label.In(l)+"): "+n)
		}
		r.cite(l, s.Provenance, &rep.Sources)
	}
}

var salaryTopicKinds = []knowledge.TopicKind{knowledge.TopicLanguage, knowledge.TopicAge, knowledge.TopicEmployment, knowledge.TopicRole}

func (r *Router) salary(ctx context.Context, req Request) (Reply, error) {
	l := req.Locale
	if req.Args == "" {
		all, err := r.kb.Salaries(ctx, "")
		if err != nil {
			return Reply{}, err
		}
		var head []knowledge.SalaryFigure
		for _, s := range all {
			if s.Dimension == knowledge.DimOverall && s.Figure.Kind != knowledge.KindTarget {
				head = append(head, s)
			}
		}
		rep := Reply{Title: tr(l, "salary_overview"), Paragraphs: []string{tr(l, "salary_overview_p")}}
		r.salaryFields(l, head, &rep)
		rep.Notes = append(rep.Notes, tr(l, "units_note"))
		for _, t := range r.ix().salaryTopics {
			if len(rep.Suggestions) == 10 {
				break
			}
			rep.Suggestions = append(rep.Suggestions, Suggestion{Label: t.Name.In(l), Command: "/salary " + t.ID})
		}
		return rep, nil
	}
	topic, ok := r.ix().matcher.Lookup(req.Args, salaryTopicKinds...)
	if !ok {
		return r.notFound(l, "salary", req.Args, salaryTopicKinds...), nil
	}
	figs, err := r.kb.Salaries(ctx, topic.ID)
	if err != nil {
		return Reply{}, err
	}
	rep := Reply{Title: tr(l, "salary_title", topic.Name.In(l))}
	if len(figs) == 0 {
		rep.Status = StatusNotFound
		rep.Paragraphs = []string{tr(l, "no_figure", topic.Name.In(l))}
		for _, t := range r.topicsWithFigures(ctx, topic.Kind) {
			rep.Suggestions = append(rep.Suggestions, Suggestion{Label: t.Name.In(l), Command: "/salary " + t.ID})
		}
		return rep, nil
	}
	r.salaryFields(l, figs, &rep)
	rep.Notes = append(rep.Notes, tr(l, "units_note"))
	return rep, nil
}

// topicsWithFigures lists topics of kind that have at least one salary figure.
func (r *Router) topicsWithFigures(ctx context.Context, kind knowledge.TopicKind) []knowledge.Topic {
	all, err := r.kb.Salaries(ctx, "")
	if err != nil {
		return nil
	}
	has := map[string]bool{}
	for _, s := range all {
		for _, t := range s.Topics {
			has[t] = true
		}
	}
	var out []knowledge.Topic
	for _, t := range r.ix().matcher.Topics(kind) {
		if has[t.ID] {
			out = append(out, t)
		}
	}
	return out
}
