package handlers

import (
	"context"

	"careerbot/knowledge"
)

var skillTopicKinds = []knowledge.TopicKind{knowledge.TopicLanguage, knowledge.TopicSkill, knowledge.TopicRole}

func (r *Router) skills(ctx context.Context, req Request) (Reply, error) {
	l := req.Locale
	if req.Args == "" {
		maps, err := r.kb.SkillMaps(ctx, "")
		if err != nil {
			return Reply{}, err
		}
		rep := Reply{Title: tr(l, "skills_all_title"), Paragraphs: []string{tr(l, "skills_all_p")}}
		for _, m := range maps {
			v := m.Summary.In(l)
			if v == "" {
				names := make([]knowledge.Text, 0, len(m.Groups))
				for _, g := range m.Groups {
					names = append(names, g.Name)
				}
				v = bullets(names, l)
			}
			rep.Fields = append(rep.Fields, Field{Label: m.Title.In(l), Value: v})
			r.cite(l, m.Provenance, &rep.Sources)
		}
		return rep, nil
	}
	t, ok := r.ix().matcher.Lookup(req.Args, skillTopicKinds...)
	if !ok {
		return r.notFound(l, "skills", req.Args, skillTopicKinds...), nil
	}
	maps, err := r.kb.SkillMaps(ctx, t.ID)
	if err != nil {
		return Reply{}, err
	}
	rep := Reply{Title: tr(l, "skills_title", t.Name.In(l))}
	if len(maps) == 0 {
		rep.Status = StatusNotFound
		rep.Paragraphs = []string{tr(l, "no_skills", t.Name.In(l))}
		rep.Suggestions = []Suggestion{{Label: "/skills", Command: "/skills"}}
		return rep, nil
	}
	for _, m := range maps {
		if s := m.Summary.In(l); s != "" {
			rep.Paragraphs = append(rep.Paragraphs, m.Title.In(l)+": "+s)
		}
		for _, g := range m.Groups {
			label := g.Name.In(l)
			if len(maps) > 1 {
				label = m.Title.In(l) + " — " + label
			}
			rep.Fields = append(rep.Fields, Field{Label: label, Value: bullets(g.Items, l)})
		}
		if len(m.KPIs) > 0 {
			p := knowledge.CareerPath{KPIs: m.KPIs}
			rep.Fields = append(rep.Fields, Field{Label: m.Title.In(l) + " — " + tr(l, "kpis"), Value: r.kpiText(l, p, &rep.Sources)})
		}
		if n := m.Note.In(l); n != "" {
			rep.Notes = append(rep.Notes, tr(l, "note")+": "+n)
		}
		r.cite(l, m.Provenance, &rep.Sources)
	}
	return rep, nil
}
