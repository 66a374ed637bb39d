package handlers

import (
	"context"
	"sort"

	"careerbot/knowledge"
)

// commandFor maps a fact kind to the command that shows it in full.
var commandFor = map[knowledge.FactKind]string{
	knowledge.FactSalary: "/salary", knowledge.FactListing: "/jobs", knowledge.FactPath: "/path",
	knowledge.FactSkill: "/skills", knowledge.FactTrend: "/market", knowledge.FactAction: "/ask",
}

func (r *Router) ask(ctx context.Context, v view, req Request) (Reply, error) {
	if req.Args == "" {
		return errorReply(v.l, StatusInvalid, v.tr("ask_usage")), nil
	}
	if rep, ok, err := r.route(ctx, v, req); err != nil {
		return Reply{}, err
	} else if ok {
		return rep, nil
	}
	hits, err := r.kb.Search(ctx, req.Args, 6)
	if err != nil {
		return Reply{}, err
	}
	rep := Reply{Title: v.tr("ask_title", Clean(req.Args, maxEcho))}
	// Topics named in the question point straight at the command that
	// answers them best.
	for _, t := range v.ix.matcher.Mentions(req.Args) {
		for _, c := range topicCommands[t.Kind] {
			rep.Suggestions = append(rep.Suggestions, Suggestion{Label: c + " " + v.text(t.Name), Command: c + " " + t.ID})
		}
	}
	if len(hits) == 0 && len(rep.Suggestions) == 0 {
		rep.Status = StatusNotFound
		rep.Paragraphs = []string{v.tr("ask_none", Clean(req.Args, maxEcho)), v.tr("see_help")}
		for _, c := range []string{"/salary", "/path", "/skills", "/market", "/jobs"} {
			rep.Suggestions = append(rep.Suggestions, Suggestion{Label: c, Command: c})
		}
		return rep, nil
	}
	if len(hits) == 0 {
		if routed, ok, err := r.routeByTopic(ctx, v, req); err != nil {
			return Reply{}, err
		} else if ok {
			return routed, nil
		}
		// Topics named, but nothing found: say so beside the commands
		// that answer them.
		rep.Status = StatusNotFound
		rep.Paragraphs = []string{v.tr("ask_none", Clean(req.Args, maxEcho))}
		return rep, nil
	}
	facts, err := r.factLists(ctx)
	if err != nil {
		return Reply{}, err
	}
	// A claim without evidence or an unnamed example never ranks above a
	// sourced fact that matches too; within each group the search order holds.
	hits = append([]knowledge.Hit(nil), hits...) // the store's slice may be shared
	sort.SliceStable(hits, func(i, j int) bool { return !facts.flagged(hits[i]) && facts.flagged(hits[j]) })
	for _, h := range hits {
		rep.Fields = append(rep.Fields, v.hitField(h, facts, &rep))
	}
	seen := map[string]bool{}
	for _, s := range rep.Suggestions {
		seen[s.Command] = true
	}
	for _, h := range hits {
		if c := commandFor[h.Kind]; c != "" && c != "/ask" && !seen[c] {
			seen[c] = true
			rep.Suggestions = append(rep.Suggestions, Suggestion{Label: c, Command: c})
		}
	}
	return rep, nil
}

// factLists holds every fact as the store lists them, so a search hit is
// shown the way the command that owns it shows it. Six hits over a hundred
// facts: a scan is cheaper than building maps on every request.
type factLists struct {
	salaries []knowledge.SalaryFigure
	listings []knowledge.Listing
	paths    []knowledge.CareerPath
	skills   []knowledge.SkillMap
	trends   []knowledge.Trend
	actions  []knowledge.Action
}

func (r *Router) factLists(ctx context.Context) (*factLists, error) {
	var fx factLists
	var err error
	if fx.salaries, err = r.kb.Salaries(ctx, ""); err != nil {
		return nil, err
	}
	if fx.listings, err = r.kb.Listings(ctx, ""); err != nil {
		return nil, err
	}
	if fx.paths, err = r.kb.Paths(ctx); err != nil {
		return nil, err
	}
	if fx.skills, err = r.kb.SkillMaps(ctx, ""); err != nil {
		return nil, err
	}
	if fx.trends, err = r.kb.Trends(ctx); err != nil {
		return nil, err
	}
	if fx.actions, err = r.kb.Actions(ctx); err != nil {
		return nil, err
	}
	return &fx, nil
}

// find returns the element of list whose id is id.
func find[T any](list []T, id string, idOf func(*T) string) (T, bool) {
	for i := range list {
		if idOf(&list[i]) == id {
			return list[i], true
		}
	}
	var zero T
	return zero, false
}

// flagged reports whether a hit is an unsupported claim or an anecdote.
func (fx *factLists) flagged(h knowledge.Hit) bool {
	switch h.Kind {
	case knowledge.FactTrend:
		t, _ := find(fx.trends, h.ID, func(x *knowledge.Trend) string { return x.ID })
		return t.Claim || t.Anecdote
	case knowledge.FactSalary:
		s, _ := find(fx.salaries, h.ID, func(x *knowledge.SalaryFigure) string { return x.ID })
		return s.Claim
	}
	return false
}

// hitField shows one search hit with the same kind, source, flags and
// caveats as the command that owns the fact.
func (v view) hitField(h knowledge.Hit, fx *factLists, rep *Reply) Field {
	switch h.Kind {
	case knowledge.FactSalary:
		if s, ok := find(fx.salaries, h.ID, func(x *knowledge.SalaryFigure) string { return x.ID }); ok {
			v.note(v.text(s.Label), s.Provenance, rep)
			v.cite(s.Provenance, &rep.Sources)
			return v.salaryField(v.text(s.Label), s)
		}
	case knowledge.FactListing:
		for i := range fx.listings {
			if x := &fx.listings[i]; x.ID == h.ID {
				v.cite(x.Provenance, &rep.Sources)
				return v.listingField(x)
			}
		}
	case knowledge.FactTrend:
		if t, ok := find(fx.trends, h.ID, func(x *knowledge.Trend) string { return x.ID }); ok {
			v.cite(t.Provenance, &rep.Sources)
			// The line carries the flag and the short caveat itself.
			return Field{Label: v.tr("market_title"), Value: truncate(v.trendLine(t), 1000)}
		}
	case knowledge.FactPath:
		if p, ok := find(fx.paths, h.ID, func(x *knowledge.CareerPath) string { return x.ID }); ok {
			v.cite(p.Provenance, &rep.Sources)
			return Field{Label: v.text(p.Name), Value: truncate(v.provText(p.Provenance, false, v.text(p.Summary)), 1000)}
		}
	case knowledge.FactSkill:
		if m, ok := find(fx.skills, h.ID, func(x *knowledge.SkillMap) string { return x.ID }); ok {
			v.cite(m.Provenance, &rep.Sources)
			return Field{Label: v.text(m.Title), Value: truncate(v.skillSummary(m), 1000)}
		}
	case knowledge.FactAction:
		if a, ok := find(fx.actions, h.ID, func(x *knowledge.Action) string { return x.ID }); ok {
			v.cite(a.Provenance, &rep.Sources)
			return Field{Label: v.text(a.Title), Value: truncate(v.provText(a.Provenance, false, v.bullets(a.Items)), 1000)}
		}
	}
	// A fact of a kind added later: its title and text as the index has them.
	text := v.text(h.Text)
	if text == v.text(h.Title) || text == "" {
		text = "—"
	}
	return Field{Label: truncate(v.text(h.Title), 200), Value: truncate(text, 1000)}
}

// topicCommands are the commands that answer each kind of topic.
var topicCommands = map[knowledge.TopicKind][]string{
	knowledge.TopicLanguage: {"/salary", "/skills"}, knowledge.TopicAge: {"/salary"}, knowledge.TopicEmployment: {"/salary"},
	knowledge.TopicRole: {"/salary"}, knowledge.TopicPath: {"/path", "/kpi"}, knowledge.TopicSkill: {"/skills"},
}

func truncate(s string, n int) string {
	if len(s) <= n || runeLen(s) <= n {
		return s
	}
	return string([]rune(s)[:n-1]) + "…"
}
