package handlers

import (
	"context"
	"slices"

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
	return v.bulletLines(names) // a list built here: not memoised
}

// skills answers with the skill maps that carry every topic named, or only
// the level asked for (/skills go level1, レベル2) in maps that have levels.
func (r *Router) skills(ctx context.Context, v view, req Request) (Reply, error) {
	maps, err := r.kb.SkillMaps(ctx, "")
	if err != nil {
		return Reply{}, err
	}
	v.levelRange(maps)
	topics := v.q.TopicsOf(skillTopicKinds...)
	if len(topics) == 0 && v.q.Level != 0 && len(v.q.Ignored) == 0 {
		// レベル2 alone: the maps that have levels.
		all := make([]*knowledge.SkillMap, len(maps))
		for i := range maps {
			all[i] = &maps[i]
		}
		return r.skillLevel(v, nil, all), nil
	}
	if len(topics) == 0 {
		if req.Args != "" && (len(v.q.Mentions) > 0 || len(v.q.Ignored) > 0) {
			if rep, ok := v.wrongKind(skillTopicKinds...); ok {
				return rep, nil
			}
			rep := v.notFound("skills", v.unknownTerm(req.Args), skillTopicKinds...)
			v.queryNotes(&rep, useLevel, skillTopicKinds...)
			return rep, nil
		}
		rep := Reply{Title: v.tr("skills_all_title"), Paragraphs: []string{v.tr("skills_all_p")}}
		for _, m := range maps {
			rep.Fields = append(rep.Fields, Field{Label: v.text(m.Title), Value: v.skillSummary(m)})
			v.cite(m.Provenance, &rep.Sources)
		}
		v.queryNotes(&rep, useLevel, skillTopicKinds...)
		return rep, nil
	}
	var found []*knowledge.SkillMap // pointers into the store's list: the maps are large
	for i := range maps {
		if carriesAll(maps[i].Topics, topics) {
			found = append(found, &maps[i])
		}
	}
	if v.q.Level != 0 {
		return r.skillLevel(v, topics, found), nil
	}
	rep := Reply{Title: v.tr("skills_title", v.joinNames(topics))}
	if len(found) == 0 && len(topics) > 1 {
		// No map covers the combination: each topic's maps, by title.
		rep.Paragraphs = []string{v.tr("skills_combo", v.joinNames(topics))}
		for _, t := range topics {
			for _, m := range maps {
				if carriesAll(m.Topics, []knowledge.Topic{t}) {
					rep.Fields = append(rep.Fields, Field{Label: v.text(t.Name) + " — " + v.text(m.Title), Value: v.skillSummary(m)})
					v.cite(m.Provenance, &rep.Sources)
				}
			}
		}
		if len(rep.Fields) == 0 {
			rep.Status = StatusNotFound
		}
		v.queryNotes(&rep, useLevel, skillTopicKinds...)
		return rep, nil
	}
	if len(found) == 0 {
		rep.Status = StatusNotFound
		rep.Paragraphs = []string{v.tr("no_skills", v.joinNames(topics))}
		rep.Suggestions = []Suggestion{{Label: "/skills", Command: "/skills"}}
		v.queryNotes(&rep, useLevel, skillTopicKinds...)
		return rep, nil
	}
	for _, m := range found {
		v.skillMap(m, len(found) > 1, 0, &rep)
	}
	v.queryNotes(&rep, useLevel, skillTopicKinds...)
	return rep, nil
}

// skillLevel answers a level: the group of that level in each map that has
// levels. A level above the highest a map has is a problem, worded.
func (r *Router) skillLevel(v view, topics []knowledge.Topic, maps []*knowledge.SkillMap) Reply {
	var leveled []*knowledge.SkillMap
	top := 0
	for _, m := range maps {
		has := false
		for _, g := range m.Groups {
			if n := levelOf(g); n > 0 {
				has = true
				top = max(top, n)
			}
		}
		if has {
			leveled = append(leveled, m)
		}
	}
	name := v.joinNames(topics)
	if name == "" && len(leveled) > 0 {
		name = v.text(leveled[0].Title)
	}
	rep := Reply{Title: v.tr("skills_level", name, v.q.Level)}
	if len(leveled) == 0 {
		rep.Status = StatusNotFound
		rep.Paragraphs = []string{v.tr("skills_no_level", name)}
		rep.Suggestions = []Suggestion{{Label: "/skills go level 1", Command: "/skills go level 1"}}
		v.queryNotes(&rep, 0, skillTopicKinds...)
		return rep
	}
	q := v.q
	q.CheckLevel(top)
	v.q = q
	if v.q.Level == 0 {
		rep.Status = StatusInvalid
		rep.Title = v.tr("skills_title", name)
		v.queryNotes(&rep, useLevel, skillTopicKinds...)
		return rep
	}
	for _, m := range leveled {
		v.skillMap(m, len(leveled) > 1, v.q.Level, &rep)
	}
	v.queryNotes(&rep, useLevel, skillTopicKinds...)
	return rep
}

// skillMap writes one map: its summary, its groups (only level when
// level > 0), its KPIs, caveat and source.
func (v view) skillMap(m *knowledge.SkillMap, titled bool, level int, rep *Reply) {
	rep.Fields = slices.Grow(rep.Fields, len(m.Groups)+1)
	if s := v.text(m.Summary); s != "" && level == 0 {
		rep.Paragraphs = append(rep.Paragraphs, v.text(m.Title)+": "+v.provText(m.Provenance, false, s))
	}
	for _, g := range m.Groups {
		if level > 0 && levelOf(g) != level {
			continue
		}
		label := v.text(g.Name)
		if titled {
			label = v.text(m.Title) + " — " + label
		}
		rep.Fields = append(rep.Fields, Field{Label: label, Value: v.bullets(g.Items)})
	}
	if len(m.KPIs) > 0 && level == 0 {
		rep.Fields = append(rep.Fields, Field{Label: v.text(m.Title) + " — " + v.tr("kpis"), Value: v.kpiText(m.KPIs, &rep.Sources)})
	}
	v.note("", m.Provenance, rep)
	v.cite(m.Provenance, &rep.Sources)
}

// levelRange gives an out-of-range level problem the highest level the
// skill maps have, so the answer can say which levels there are.
func (v *view) levelRange(maps []knowledge.SkillMap) {
	top := 0
	for _, m := range maps {
		for _, g := range m.Groups {
			top = max(top, levelOf(g))
		}
	}
	ps := append([]knowledge.QueryProblem(nil), v.q.Problems...)
	for i := range ps {
		if ps[i].Kind == knowledge.ProblemLevelRange && ps[i].Max == 0 {
			ps[i].Max = top
		}
	}
	v.q.Problems = ps
}
