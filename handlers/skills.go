package handlers

import (
	"context"

	"careerbot/knowledge"
)

var skillTopicKinds = []knowledge.TopicKind{knowledge.TopicLanguage, knowledge.TopicSkill, knowledge.TopicRole}

// skillSummary is a skill map's summary, or the names of its groups when it
// has none.
func (v view) skillSummary(m knowledge.SkillMap) string {
	if s := v.text(m.Summary); s != "" {
		return v.provText(m.Provenance, false, s)
	}
	names := make([]knowledge.Text, 0, len(m.Groups))
	for _, g := range m.Groups {
		names = append(names, g.Name)
	}
	return v.bullets(names)
}

func (r *Router) skills(ctx context.Context, v view, req Request) (Reply, error) {
	if req.Args == "" {
		maps, err := r.kb.SkillMaps(ctx, "")
		if err != nil {
			return Reply{}, err
		}
		rep := Reply{Title: v.tr("skills_all_title"), Paragraphs: []string{v.tr("skills_all_p")}}
		for _, m := range maps {
			rep.Fields = append(rep.Fields, Field{Label: v.text(m.Title), Value: v.skillSummary(m)})
			v.cite(m.Provenance, &rep.Sources)
		}
		return rep, nil
	}
	t, ok := v.ix.matcher.Lookup(req.Args, skillTopicKinds...)
	if !ok {
		return v.notFound("skills", req.Args, skillTopicKinds...), nil
	}
	maps, err := r.kb.SkillMaps(ctx, t.ID)
	if err != nil {
		return Reply{}, err
	}
	rep := Reply{Title: v.tr("skills_title", v.text(t.Name))}
	if len(maps) == 0 {
		rep.Status = StatusNotFound
		rep.Paragraphs = []string{v.tr("no_skills", v.text(t.Name))}
		rep.Suggestions = []Suggestion{{Label: "/skills", Command: "/skills"}}
		return rep, nil
	}
	for _, m := range maps {
		if s := v.text(m.Summary); s != "" {
			rep.Paragraphs = append(rep.Paragraphs, v.text(m.Title)+": "+v.provText(m.Provenance, false, s))
		}
		for _, g := range m.Groups {
			label := v.text(g.Name)
			if len(maps) > 1 {
				label = v.text(m.Title) + " — " + label
			}
			rep.Fields = append(rep.Fields, Field{Label: label, Value: v.bullets(g.Items)})
		}
		if len(m.KPIs) > 0 {
			rep.Fields = append(rep.Fields, Field{Label: v.text(m.Title) + " — " + v.tr("kpis"), Value: v.kpiText(m.KPIs, &rep.Sources)})
		}
		v.note("", m.Provenance, &rep)
		v.cite(m.Provenance, &rep.Sources)
	}
	return rep, nil
}
