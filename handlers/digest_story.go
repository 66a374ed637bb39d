package handlers

import (
	"context"
	"sort"

	"careerbot/knowledge"
)

// A week's digest tells one story: the facts it features are chosen here,
// before any wording, from the week and the knowledge versions alone. The
// Japanese and English digests of a week are written from the same story,
// so they feature the same facts.

// story is the facts a week's digest features.
type story struct {
	week int

	// headline is the figure of the week; fresh says it is there because
	// an import added ("added") or changed ("changed") it since the
	// channel's last digest, "" when it is the rotation's.
	headline *knowledge.SalaryFigure
	fresh    string

	trend *knowledge.Trend

	// career is a path or a skill map, with the KPI the week shows.
	path  *knowledge.CareerPath
	skill *knowledge.SkillMap
	kpi   knowledge.KPI

	action     *knowledge.Action
	actionItem knowledge.Text

	// changes are the facts added, changed or removed since the channel's
	// last digest, up to the version being reported; changesFirst puts
	// them before the headline when none of them is a figure to headline.
	changes      []knowledge.Change
	changesFirst bool
}

// headlineDimensions are the salary breakdowns people ask about, in the
// order a cycle of headlines visits them. Overall figures count as the
// role's figures: each names a role (backend, frontend, system engineer).
var headlineDimensions = []knowledge.Dimension{knowledge.DimLanguage, knowledge.DimAge, knowledge.DimEmployment, knowledge.DimOverall}

// headlineEligible reports whether a salary figure may be a week's
// headline: a statistic (not a target) of a dimension people ask about,
// that the curators have not kept out of the digest.
func headlineEligible(s knowledge.SalaryFigure) bool {
	if !s.InDigest() || s.Figure.Kind == knowledge.KindTarget {
		return false
	}
	if s.Dimension == knowledge.DimOverall {
		return s.Role != ""
	}
	for _, d := range headlineDimensions {
		if s.Dimension == d {
			return true
		}
	}
	return false
}

// trendEligible reports whether a trend may be the week's market
// statement: one with a source the article cites, neither the article's
// unsupported claim nor an unnamed anecdote.
func trendEligible(t knowledge.Trend) bool {
	return t.InDigest() && t.Source != "" && !t.Claim && !t.Anecdote
}

// spread merges groups into one order in which each group's members are
// spaced evenly, so that a cycle through the order does not spend weeks in
// a row on one group (eleven employment figures, say, after three
// language ones). Within a group the curated order is kept. The order
// depends only on the groups, so it is the same every time.
func spread[T any](groups [][]T) []T {
	type slot struct {
		pos   float64
		group int
		v     T
	}
	var slots []slot
	for g, members := range groups {
		for i, v := range members {
			slots = append(slots, slot{(float64(i) + 0.5) / float64(len(members)), g, v})
		}
	}
	sort.SliceStable(slots, func(i, j int) bool {
		if slots[i].pos != slots[j].pos {
			return slots[i].pos < slots[j].pos
		}
		return slots[i].group < slots[j].group
	})
	out := make([]T, len(slots))
	for i, s := range slots {
		out[i] = s.v
	}
	return out
}

// rotate picks week's item of a cycle of n and says which cycle it is in
// (negative weeks, before the epoch, count back). Each item has its week
// before any comes back.
func rotate(n, week int) (i, cycle int) {
	if n == 0 {
		return -1, 0
	}
	i = ((week % n) + n) % n
	return i, (week - i) / n
}

// headlineOrder lists the eligible headline figures in the order weeks
// visit them.
func headlineOrder(sal []knowledge.SalaryFigure) []knowledge.SalaryFigure {
	groups := make([][]knowledge.SalaryFigure, len(headlineDimensions))
	for _, s := range sal {
		if !headlineEligible(s) {
			continue
		}
		for g, d := range headlineDimensions {
			if s.Dimension == d {
				groups[g] = append(groups[g], s)
			}
		}
	}
	return spread(groups)
}

// careerItem is a path or a skill map that has KPIs to show.
type careerItem struct {
	path  *knowledge.CareerPath
	skill *knowledge.SkillMap
	kpis  []knowledge.KPI
}

// chooseStory picks the facts of week's digest, reporting the changes
// after since up to upto. Reading a list fails the story (the scheduler
// retries); reading the changes fails soft, as "nothing new".
func (d *Digest) chooseStory(ctx context.Context, week, since, upto int) (story, error) {
	st := story{week: week}
	sal, err := d.kb.Salaries(ctx, "")
	if err != nil {
		return st, err
	}
	trends, err := d.kb.Trends(ctx)
	if err != nil {
		return st, err
	}
	paths, err := d.kb.Paths(ctx)
	if err != nil {
		return st, err
	}
	maps, err := d.kb.SkillMaps(ctx, "")
	if err != nil {
		return st, err
	}
	actions, err := d.kb.Actions(ctx)
	if err != nil {
		return st, err
	}

	// Headline: the rotation's figure, unless an import brought a new one.
	heads := headlineOrder(sal)
	if i, _ := rotate(len(heads), week); i >= 0 {
		st.headline = &heads[i]
	}
	st.changes = d.changesSince(ctx, since, upto, sal, trends, paths, maps, actions)
	if len(st.changes) > 0 {
		st.changesFirst = true
		byID := map[string]*knowledge.SalaryFigure{}
		for i := range sal {
			byID[sal[i].ID] = &sal[i]
		}
		for _, c := range st.changes {
			if s, ok := byID[c.FactID]; ok && c.Kind == knowledge.FactSalary && c.Change != "removed" && headlineEligible(*s) {
				st.headline, st.fresh, st.changesFirst = s, c.Change, false
				break
			}
		}
	}

	// Market statement.
	var ts []knowledge.Trend
	for _, t := range trends {
		if trendEligible(t) {
			ts = append(ts, t)
		}
	}
	if i, _ := rotate(len(ts), week); i >= 0 {
		st.trend = &ts[i]
	}

	// Career: paths and skill maps that have KPIs, spread together; a
	// later cycle shows the next KPI of the same item.
	var ps, ms []careerItem
	for i := range paths {
		if p := &paths[i]; p.InDigest() && len(p.KPIs) > 0 {
			ps = append(ps, careerItem{path: p, kpis: p.KPIs})
		}
	}
	for i := range maps {
		if m := &maps[i]; m.InDigest() && len(m.KPIs) > 0 {
			ms = append(ms, careerItem{skill: m, kpis: m.KPIs})
		}
	}
	career := spread([][]careerItem{ps, ms})
	if i, cycle := rotate(len(career), week); i >= 0 {
		c := career[i]
		st.path, st.skill = c.path, c.skill
		k, _ := rotate(len(c.kpis), cycle)
		st.kpi = c.kpis[k]
	}

	// Action: each action list in turn, the next item of it each cycle.
	var as []*knowledge.Action
	for i := range actions {
		if a := &actions[i]; a.InDigest() && len(a.Items) > 0 {
			as = append(as, a)
		}
	}
	if i, cycle := rotate(len(as), week); i >= 0 {
		st.action = as[i]
		k, _ := rotate(len(as[i].Items), cycle)
		st.actionItem = as[i].Items[k]
	}
	return st, nil
}

// changesSince lists the facts added, changed or removed after since up
// to upto, leaving out additions and changes of facts the curators keep
// out of the digest (marking a fact digest: false is itself a change, and
// not news). A failure to read them is logged and taken as no change
// rather than holding back the whole digest.
func (d *Digest) changesSince(ctx context.Context, since, upto int, sal []knowledge.SalaryFigure, trends []knowledge.Trend, paths []knowledge.CareerPath, maps []knowledge.SkillMap, actions []knowledge.Action) []knowledge.Change {
	if since >= upto {
		return nil
	}
	all, err := d.kb.Changes(ctx, since)
	if err != nil {
		d.log.Error("reading knowledge changes for the digest", "since", since, "err", err)
		return nil
	}
	out := map[string]bool{}
	mark := func(id string, f knowledge.DigestFlag) {
		if !f.InDigest() {
			out[id] = true
		}
	}
	for _, s := range sal {
		mark(s.ID, s.DigestFlag)
	}
	for _, t := range trends {
		mark(t.ID, t.DigestFlag)
	}
	for _, p := range paths {
		mark(p.ID, p.DigestFlag)
	}
	for _, m := range maps {
		mark(m.ID, m.DigestFlag)
	}
	for _, a := range actions {
		mark(a.ID, a.DigestFlag)
	}
	var changes []knowledge.Change
	for _, c := range all {
		if c.Version > upto || (c.Change != "removed" && out[c.FactID]) {
			continue
		}
		changes = append(changes, c)
	}
	return changes
}
