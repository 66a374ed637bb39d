package handlers

import (
	"context"
	"strings"
	"time"

	"careerbot/knowledge"
	"careerbot/schedule"
)

// composition is a digest being written: its locale, the week that picks
// each section's spotlight, the knowledge versions whose changes it
// reports, and the reply the sections add to.
type composition struct {
	l           knowledge.Locale
	week        int
	since, upto int
	rep         Reply
}

// section adds one part of the digest. Sections run in order and each
// appends its fields, sources and suggestions, so the order here is the
// digest's.
type section func(d *Digest, ctx context.Context, c *composition) error

var digestSections = []section{
	(*Digest).salarySection,
	(*Digest).pathSection,
	(*Digest).skillSection,
	(*Digest).trendSection,
	(*Digest).listingsSection,
	(*Digest).whatsNewSection,
	(*Digest).actionSection,
}

// pick chooses the i-th of n items in rotation; -1 when there are none.
func pick(n, i int) int {
	if n == 0 {
		return -1
	}
	return ((i % n) + n) % n
}

// Compose writes the digest of the period that starts at period (the
// scheduled occurrence, in the subscription's zone) in locale l, reporting
// knowledge-base changes after sinceVersion up to the current version.
func (d *Digest) Compose(ctx context.Context, period time.Time, l knowledge.Locale, sinceVersion int) (Reply, error) {
	v, err := d.kb.Version(ctx)
	if err != nil {
		return Reply{}, err
	}
	return d.ComposeRange(ctx, period, l, sinceVersion, v.Number)
}

// ComposeRange is Compose with the upper knowledge version fixed, so that a
// retry after a crash posts what the first attempt would have.
func (d *Digest) ComposeRange(ctx context.Context, period time.Time, l knowledge.Locale, sinceVersion, uptoVersion int) (Reply, error) {
	l = d.locale(l)
	c := &composition{l: l, week: schedule.WeekIndex(period), since: sinceVersion, upto: uptoVersion}
	c.rep = Reply{Title: dtr(l, "title", weekTitleDate(period, l)), Paragraphs: []string{dtr(l, "intro")}, Visibility: Public, Command: "digest", Locale: l}
	for _, s := range digestSections {
		if err := s(d, ctx, c); err != nil {
			return Reply{}, err
		}
	}
	return c.rep, nil
}

// weekTitleDate is the Monday of period's week, as the title names it.
func weekTitleDate(period time.Time, l knowledge.Locale) string {
	monday := schedule.Monday(period)
	if l == knowledge.JA {
		return monday.Format("2006年1月2日")
	}
	return monday.Format("2006-01-02")
}

// spotlight adds a field of at most 1000 runes and a suggestion (when its
// command is not empty).
func (c *composition) spotlight(label, value, command string) {
	c.rep.Fields = append(c.rep.Fields, Field{Label: label, Value: bound(value, 1000)})
	if command != "" {
		c.rep.Suggestions = append(c.rep.Suggestions, Suggestion{Label: command, Command: command})
	}
}

// salarySection shows the figures of one dimension (and role) a week, as a
// table with each figure's kind, year and source, and their notes below.
func (d *Digest) salarySection(ctx context.Context, c *composition) error {
	sal, err := d.kb.Salaries(ctx, "")
	if err != nil {
		return err
	}
	groups := salaryGroups(sal)
	i := pick(len(groups), c.week)
	if i < 0 {
		return nil
	}
	l, r, g := c.l, d.r, groups[i]
	name := dtr(l, "grp_"+string(g[0].Dimension))
	if role := roleName(r, g[0].Role, l); role != "" {
		name += " (" + role + ")"
	}
	t := &Table{Columns: []string{tr(l, "col_item"), tr(l, "col_figure"), tr(l, "col_kind"), tr(l, "col_year"), tr(l, "col_source")}}
	value := dtr(l, "sp_salary_v")
	seen := map[string]bool{}
	for _, s := range g {
		t.Rows = append(t.Rows, []string{s.Label.In(l), knowledge.FormatFigure(s.Figure, l), knowledge.KindLabel(s.Figure.Kind, l), yearText(l, s.Year), r.sourceName(l, s.Source)})
		if n := s.Note.In(l); n != "" && !seen[n] {
			seen[n] = true
			value += "\n• " + s.Label.In(l) + ": " + n
		}
		r.cite(l, s.Provenance, &c.rep.Sources)
	}
	c.rep.Table = t
	c.spotlight(dtr(l, "sp_salary", name), value, "/salary")
	return nil
}

// pathSection shows a career path with its KPIs.
func (d *Digest) pathSection(ctx context.Context, c *composition) error {
	paths, err := d.kb.Paths(ctx)
	if err != nil {
		return err
	}
	i := pick(len(paths), c.week)
	if i < 0 {
		return nil
	}
	l, p := c.l, paths[i]
	value := provText(l, p.Provenance, false, p.Summary.In(l)) + "\n" + tr(l, "kpis") + ":\n" + d.r.kpiText(l, p, &c.rep.Sources)
	d.r.cite(l, p.Provenance, &c.rep.Sources)
	c.spotlight(dtr(l, "sp_path", p.Name.In(l)), value, "/path "+p.ID)
	return nil
}

// skillSection shows a skill map in short: its summary and the first three
// items of each group.
func (d *Digest) skillSection(ctx context.Context, c *composition) error {
	maps, err := d.kb.SkillMaps(ctx, "")
	if err != nil {
		return err
	}
	i := pick(len(maps), c.week)
	if i < 0 {
		return nil
	}
	l, m := c.l, maps[i]
	var lines []string
	if s := m.Summary.In(l); s != "" {
		lines = append(lines, s)
	}
	for _, g := range m.Groups {
		items := make([]string, 0, 3)
		for j, it := range g.Items {
			if j == 3 {
				items = append(items, "…")
				break
			}
			items = append(items, bound(it.In(l), 80))
		}
		// Items often contain commas themselves.
		lines = append(lines, "• "+g.Name.In(l)+": "+strings.Join(items, " / "))
	}
	d.r.cite(l, m.Provenance, &c.rep.Sources)
	command := ""
	if len(m.Topics) > 0 {
		command = "/skills " + m.Topics[0]
	}
	c.spotlight(dtr(l, "sp_skill", m.Title.In(l)), strings.Join(lines, "\n"), command)
	return nil
}

// trendSection shows a market trend, marked as the article's claim or an
// anecdote where it is one.
func (d *Digest) trendSection(ctx context.Context, c *composition) error {
	trends, err := d.kb.Trends(ctx)
	if err != nil {
		return err
	}
	i := pick(len(trends), c.week)
	if i < 0 {
		return nil
	}
	t := trends[i]
	d.r.cite(c.l, t.Provenance, &c.rep.Sources)
	c.spotlight(dtr(c.l, "sp_trend"), d.r.trendLine(c.l, t), "/market")
	return nil
}

// listingsSection shows two example listings with their fees.
func (d *Digest) listingsSection(ctx context.Context, c *composition) error {
	listings, err := d.kb.Listings(ctx, "")
	if err != nil {
		return err
	}
	n := len(listings)
	if n == 0 {
		return nil
	}
	l := c.l
	var lines []string
	for k := 0; k < min(2, n); k++ {
		x := listings[pick(n, 2*c.week+k)]
		lines = append(lines, "• "+x.WorkType.In(l)+": "+x.Summary.In(l)+" — "+knowledge.FormatFigure(x.Fee, l)+" ("+knowledge.KindLabel(x.Fee.Kind, l)+")")
		d.r.cite(l, x.Provenance, &c.rep.Sources)
	}
	c.spotlight(dtr(l, "sp_listings"), strings.Join(lines, "\n"), "/jobs")
	return nil
}

// whatsNewSection lists what changed in the knowledge base since the
// channel's last digest.
func (d *Digest) whatsNewSection(ctx context.Context, c *composition) error {
	c.spotlight(dtr(c.l, "whats_new"), d.changesText(ctx, c.l, c.since, c.upto), "")
	return nil
}

// actionSection shows one action for the week: the articles' action items,
// one at a time.
func (d *Digest) actionSection(ctx context.Context, c *composition) error {
	actions, err := d.kb.Actions(ctx)
	if err != nil {
		return err
	}
	type item struct {
		a    knowledge.Action
		text knowledge.Text
	}
	var items []item
	for _, a := range actions {
		for _, it := range a.Items {
			items = append(items, item{a, it})
		}
	}
	i := pick(len(items), c.week)
	if i < 0 {
		return nil
	}
	l, it := c.l, items[i]
	value := provText(l, it.a.Provenance, false, it.text.In(l)) + "\n" + dtr(l, "action_from", it.a.Title.In(l))
	c.spotlight(dtr(l, "action"), value, "")
	d.r.cite(l, it.a.Provenance, &c.rep.Sources)
	return nil
}

// changesText lists the facts added, changed or removed after since up to
// upto. A failure to read them is logged and shown as no change rather than
// holding back the whole digest.
func (d *Digest) changesText(ctx context.Context, l knowledge.Locale, since, upto int) string {
	if since >= upto {
		return dtr(l, "nothing_new")
	}
	changes, err := d.kb.Changes(ctx, since)
	if err != nil {
		d.log.Error("reading knowledge changes for the digest", "since", since, "err", err)
		return dtr(l, "nothing_new")
	}
	var lines []string
	more := 0
	for _, c := range changes {
		if c.Version > upto {
			continue
		}
		if len(lines) == 8 {
			more++
			continue
		}
		lines = append(lines, "• "+dtr(l, "ch_"+c.Change)+" · "+dtr(l, "kind_"+string(c.Kind))+": "+bound(c.Title.In(l), 80))
	}
	if len(lines) == 0 {
		return dtr(l, "nothing_new")
	}
	if more > 0 {
		lines = append(lines, "• "+dtr(l, "more", more))
	}
	return strings.Join(lines, "\n")
}

// salaryGroups splits salary figures into tables of one dimension and role,
// in curated order, leaving out targets (aspirations, not statistics).
func salaryGroups(sal []knowledge.SalaryFigure) [][]knowledge.SalaryFigure {
	var keys []string
	byKey := map[string][]knowledge.SalaryFigure{}
	for _, s := range sal {
		if s.Figure.Kind == knowledge.KindTarget {
			continue
		}
		k := string(s.Dimension) + "/" + s.Role
		if _, ok := byKey[k]; !ok {
			keys = append(keys, k)
		}
		byKey[k] = append(byKey[k], s)
	}
	out := make([][]knowledge.SalaryFigure, 0, len(keys))
	for _, k := range keys {
		out = append(out, byKey[k])
	}
	return out
}

func roleName(r *Router, role string, l knowledge.Locale) string {
	if role == "" {
		return ""
	}
	for _, t := range r.ix().matcher.Topics(knowledge.TopicRole) {
		if t.ID == role {
			return t.Name.In(l)
		}
	}
	return role
}
