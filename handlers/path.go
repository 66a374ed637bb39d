package handlers

import (
	"context"
	"strings"

	"careerbot/knowledge"
)

func (r *Router) path(ctx context.Context, v view, req Request) (Reply, error) {
	if req.Args == "" {
		paths, err := r.kb.Paths(ctx)
		if err != nil {
			return Reply{}, err
		}
		rep := Reply{Title: v.tr("paths_title"), Paragraphs: []string{v.tr("paths_p")},
			Fields: make([]Field, 0, len(paths)), Suggestions: make([]Suggestion, 0, len(paths))}
		for _, p := range paths {
			rep.Fields = append(rep.Fields, Field{Label: v.text(p.Name), Value: v.provText(p.Provenance, false, v.text(p.Summary))})
			rep.Suggestions = append(rep.Suggestions, Suggestion{Label: v.text(p.Name), Command: "/path " + p.ID})
			v.cite(p.Provenance, &rep.Sources)
		}
		return rep, nil
	}
	t, ok := v.pathTopic()
	if !ok {
		if rep, ok := v.wrongKind(knowledge.TopicPath); ok {
			return rep, nil
		}
		rep := v.notFound("path", v.unknownTerm(req.Args), knowledge.TopicPath)
		v.queryNotes(&rep, 0, knowledge.TopicPath)
		return rep, nil
	}
	p, err := r.kb.Path(ctx, t.ID)
	if err != nil {
		return Reply{}, err
	}
	rep := Reply{Title: v.text(p.Name), Paragraphs: []string{v.provText(p.Provenance, false, v.text(p.Summary))}}
	rep.Fields = append(rep.Fields, Field{Label: v.tr("suited_for"), Value: v.text(p.SuitedFor)})
	if len(p.Skills) > 0 {
		rep.Fields = append(rep.Fields, Field{Label: v.tr("skills"), Value: v.bullets(p.Skills)})
	}
	rep.Fields = append(rep.Fields, Field{Label: v.tr("kpis"), Value: v.kpiText(p.KPIs, &rep.Sources)})
	if len(p.NextSteps) > 0 {
		rep.Fields = append(rep.Fields, Field{Label: v.tr("next_steps"), Value: v.bullets(p.NextSteps)})
	}
	if rel, err := r.related(ctx, v, p.Related, &rep.Sources); err != nil {
		return Reply{}, err
	} else if rel != "" {
		rep.Fields = append(rep.Fields, Field{Label: v.tr("related"), Value: rel})
	}
	v.note("", p.Provenance, &rep)
	v.cite(p.Provenance, &rep.Sources)
	rep.Suggestions = []Suggestion{{Label: "/kpi " + p.ID, Command: "/kpi " + p.ID}, {Label: "/skills", Command: "/skills"}}
	v.otherPaths(&rep, "/path")
	v.queryNotes(&rep, 0, knowledge.TopicPath)
	return rep, nil
}

// related writes the salary figures and listings a path refers to, each
// with its kind, source and short caveat, as /salary and /jobs show them.
func (r *Router) related(ctx context.Context, v view, ids []string, cites *[]Citation) (string, error) {
	if len(ids) == 0 {
		return "", nil
	}
	k := listKey[string]{&ids[0], len(ids), v.l}
	if v.ix != nil {
		if x, ok := v.ix.lists.Load(k); ok {
			rel := x.(relatedText)
			for _, p := range rel.provs {
				v.cite(p, cites)
			}
			return rel.text, nil
		}
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
	var rel relatedText
	for _, s := range sal {
		if want[s.ID] {
			lines = append(lines, "• "+v.withShort(v.text(s.Label)+": "+v.figureValue(s), s.Provenance))
			rel.provs = append(rel.provs, s.Provenance)
		}
	}
	for _, x := range lst {
		if want[x.ID] {
			lines = append(lines, "• "+v.tr("example_listing")+" — "+v.listingLine(x))
			rel.provs = append(rel.provs, x.Provenance)
		}
	}
	rel.text = strings.Join(lines, "\n")
	for _, p := range rel.provs {
		v.cite(p, cites)
	}
	if v.ix != nil {
		// Keyed by the path's curated list of ids: the facts they name
		// belong to the same knowledge version.
		v.ix.remember(k, rel)
	}
	return rel.text, nil
}

// relatedText is related's answer for one path and locale, memoised.
type relatedText struct {
	text  string
	provs []knowledge.Provenance // what it cites, in order
}

func (r *Router) kpi(ctx context.Context, v view, req Request) (Reply, error) {
	if req.Args == "" {
		paths, err := r.kb.Paths(ctx)
		if err != nil {
			return Reply{}, err
		}
		rep := Reply{Title: v.tr("kpi_all_title")}
		for _, p := range paths {
			rep.Fields = append(rep.Fields, Field{Label: v.text(p.Name), Value: v.kpiText(p.KPIs, &rep.Sources)})
		}
		return rep, nil
	}
	t, ok := v.pathTopic()
	if !ok {
		if rep, ok := v.wrongKind(knowledge.TopicPath); ok {
			return rep, nil
		}
		rep := v.notFound("kpi", v.unknownTerm(req.Args), knowledge.TopicPath)
		v.queryNotes(&rep, 0, knowledge.TopicPath)
		return rep, nil
	}
	p, err := r.kb.Path(ctx, t.ID)
	if err != nil {
		return Reply{}, err
	}
	rep := Reply{Title: v.tr("kpi_title", v.text(p.Name))}
	rep.Paragraphs = []string{v.kpiText(p.KPIs, &rep.Sources)}
	v.cite(p.Provenance, &rep.Sources)
	rep.Suggestions = []Suggestion{{Label: "/path " + p.ID, Command: "/path " + p.ID}}
	v.otherPaths(&rep, "/kpi")
	v.queryNotes(&rep, 0, knowledge.TopicPath)
	return rep, nil
}

// pathTopic is the first career path the query names. Other topics it
// names are said as not used (queryNotes).
func (v view) pathTopic() (knowledge.Topic, bool) {
	ts := v.q.TopicsOf(knowledge.TopicPath)
	if len(ts) == 0 {
		return knowledge.Topic{}, false
	}
	return ts[0], true
}

// otherPaths names the paths after the first that the query named: one
// path is answered at a time, and the others are a button away.
func (v view) otherPaths(rep *Reply, cmd string) {
	ts := v.q.TopicsOf(knowledge.TopicPath)
	if len(ts) < 2 {
		return
	}
	rep.Paragraphs = append(rep.Paragraphs, v.tr("other_paths", v.topicNames(ts[1:])))
	for _, t := range ts[1:] {
		rep.Suggestions = append(rep.Suggestions, Suggestion{Label: cmd + " " + t.ID, Command: cmd + " " + t.ID})
	}
}
