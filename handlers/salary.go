package handlers

import (
	"context"

	"careerbot/knowledge"
)

// salaryTopicKinds are the topics /salary and /compare accept, and their
// options autocomplete.
var salaryTopicKinds = []knowledge.TopicKind{knowledge.TopicLanguage, knowledge.TopicAge, knowledge.TopicEmployment, knowledge.TopicRole}

func (r *Router) salary(ctx context.Context, v view, req Request) (Reply, error) {
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
		rep := Reply{Title: v.tr("salary_overview"), Paragraphs: []string{v.tr("salary_overview_p")}}
		v.salaryFields(head, &rep)
		rep.Notes = append(rep.Notes, v.tr("units_note"))
		for _, t := range v.ix.salaryTopics {
			if len(rep.Suggestions) == 10 {
				break
			}
			rep.Suggestions = append(rep.Suggestions, Suggestion{Label: v.text(t.Name), Command: "/salary " + t.ID})
		}
		return rep, nil
	}
	topic, ok := v.ix.matcher.Lookup(req.Args, salaryTopicKinds...)
	if !ok {
		return v.notFound("salary", req.Args, salaryTopicKinds...), nil
	}
	figs, err := r.kb.Salaries(ctx, topic.ID)
	if err != nil {
		return Reply{}, err
	}
	rep := Reply{Title: v.tr("salary_title", v.text(topic.Name))}
	if len(figs) == 0 {
		rep.Status = StatusNotFound
		rep.Paragraphs = []string{v.tr("no_figure", v.text(topic.Name))}
		for _, t := range r.topicsWithFigures(ctx, v, topic.Kind) {
			rep.Suggestions = append(rep.Suggestions, Suggestion{Label: v.text(t.Name), Command: "/salary " + t.ID})
		}
		return rep, nil
	}
	v.salaryFields(figs, &rep)
	rep.Notes = append(rep.Notes, v.tr("units_note"))
	return rep, nil
}

// topicsWithFigures lists topics of kind that have at least one salary figure.
func (r *Router) topicsWithFigures(ctx context.Context, v view, kind knowledge.TopicKind) []knowledge.Topic {
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
	for _, t := range v.ix.matcher.Topics(kind) {
		if has[t.ID] {
			out = append(out, t)
		}
	}
	return out
}
