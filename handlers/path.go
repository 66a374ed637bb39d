package handlers

import (
	"context"
	"strings"

	"careerbot/knowledge"
)

func (r *Router) path(ctx context.Context, req Request) (Reply, error) {
	l := req.Locale
	if req.Args == "" {
		paths, err := r.kb.Paths(ctx)
		if err != nil {
			return Reply{}, err
		}
		rep := Reply{Title: tr(l, "paths_title"), Paragraphs: []string{tr(l, "paths_p")}}
		for _, p := range paths {
			rep.Fields = append(rep.Fields, Field{Label: p.Name.In(l), Value: p.Summary.In(l)})
			rep.Suggestions = append(rep.Suggestions, Suggestion{Label: p.Name.In(l), Command: "/path " + p.ID})
			r.cite(l, p.Provenance, &rep.Sources)
		}
		return rep, nil
	}
	t, ok := r.ix().matcher.Lookup(req.Args, knowledge.TopicPath)
	if !ok {
		return r.notFound(l, "path", req.Args, knowledge.TopicPath), nil
	}
	p, err := r.kb.Path(ctx, t.ID)
	if err != nil {
		return Reply{}, err
	}
	rep := Reply{Title: p.Name.In(l), Paragraphs: []string{provText(l, p.Provenance, false, p.Summary.In(l))}}
	rep.Fields = append(rep.Fields, Field{Label: tr(l, "suited_for"), Value: p.SuitedFor.In(l)})
	if len(p.Skills) > 0 {
		rep.Fields = append(rep.Fields, Field{Label: tr(l, "skills"), Value: bullets(p.Skills, l)})
	}
	rep.Fields = append(rep.Fields, Field{Label: tr(l, "kpis"), Value: r.kpiText(l, p, &rep.Sources)})
	if len(p.NextSteps) > 0 {
		rep.Fields = append(rep.Fields, Field{Label: tr(l, "next_steps"), Value: bullets(p.NextSteps, l)})
	}
	if rel, err := r.related(ctx, l, p.Related, &rep.Sources); err != nil {
		return Reply{}, err
	} else if rel != "" {
		rep.Fields = append(rep.Fields, Field{Label: tr(l, "related"), Value: rel})
	}
	if n := p.Note.In(l); n != "" {
		rep.Notes = append(rep.Notes, tr(l, "note")+": "+n)
	}
	r.cite(l, p.Provenance, &rep.Sources)
	rep.Suggestions = []Suggestion{{Label: "/kpi " + p.ID, Command: "/kpi " + p.ID}, {Label: "/skills", Command: "/skills"}}
	return rep, nil
}

// kpiText lists a path's KPIs, or says the articles state none.
func (r *Router) kpiText(l knowledge.Locale, p knowledge.CareerPath, cites *[]Citation) string {
	if len(p.KPIs) == 0 {
		return tr(l, "kpi_none")
	}
	lines := make([]string, 0, len(p.KPIs))
	for _, k := range p.KPIs {
		line := "• " + k.Text.In(l)
		if n := k.Note.In(l); n != "" {
			line += " (" + n + ")"
		}
		lines = append(lines, line)
		r.cite(l, k.Provenance, cites)
	}
	return strings.Join(lines, "\n")
}

// related writes the salary figures and listings a path refers to.
func (r *Router) related(ctx context.Context, l knowledge.Locale, ids []string, cites *[]Citation) (string, error) {
	if len(ids) == 0 {
		return "", nil
	}
	want := map[string]bool{}
	for _, id := range ids {
		want[id] = true
	}
	sal, err := r.kb.Salaries(ctx, "")
	if err != nil {
		return "", err
	}
	lst, err := r.kb.Listings(ctx, "")
	if err != nil {
		return "", err
	}
	var lines []string
	for _, s := range sal {
		if want[s.ID] {
			lines = append(lines, "• "+s.Label.In(l)+": "+r.figureValue(l, s))
			r.cite(l, s.Provenance, cites)
		}
	}
	for _, x := range lst {
		if want[x.ID] {
			lines = append(lines, "• "+tr(l, "example_listing")+" "+x.ID+": "+x.Summary.In(l)+" — "+knowledge.FormatFigure(x.Fee, l))
			r.cite(l, x.Provenance, cites)
		}
	}
	return strings.Join(lines, "\n"), nil
}

func (r *Router) kpi(ctx context.Context, req Request) (Reply, error) {
	l := req.Locale
	if req.Args == "" {
		paths, err := r.kb.Paths(ctx)
		if err != nil {
			return Reply{}, err
		}
		rep := Reply{Title: tr(l, "kpi_all_title")}
		for _, p := range paths {
			rep.Fields = append(rep.Fields, Field{Label: p.Name.In(l), Value: r.kpiText(l, p, &rep.Sources)})
		}
		return rep, nil
	}
	t, ok := r.ix().matcher.Lookup(req.Args, knowledge.TopicPath)
	if !ok {
		return r.notFound(l, "kpi", req.Args, knowledge.TopicPath), nil
	}
	p, err := r.kb.Path(ctx, t.ID)
	if err != nil {
		return Reply{}, err
	}
	rep := Reply{Title: tr(l, "kpi_title", p.Name.In(l))}
	rep.Paragraphs = []string{r.kpiText(l, p, &rep.Sources)}
	r.cite(l, p.Provenance, &rep.Sources)
	rep.Suggestions = []Suggestion{{Label: "/path " + p.ID, Command: "/path " + p.ID}}
	return rep, nil
}
