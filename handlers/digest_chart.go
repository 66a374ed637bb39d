package handlers

import (
	"context"
	"slices"

	"careerbot/knowledge"
)

// spotlightCharts is the digest's one chart: the headline figure beside
// the figures it compares with, those of the same breakdown, unit, kind,
// employment type and role (Go beside Rails and Node.js; the 60s beside
// the other age bands). None when fewer than two such figures exist.
func (d *Digest) spotlightCharts(ctx context.Context, st story, l knowledge.Locale) []Chart {
	h := st.headline
	if h == nil {
		return nil
	}
	all, err := d.kb.Salaries(ctx, "")
	if err != nil {
		d.log.Warn("no chart for the digest: reading the salary figures failed", "err", err)
		return nil
	}
	var peers []knowledge.SalaryFigure
	for _, s := range all {
		if headlineEligible(s) && keyOf(&s) == keyOf(h) && s.Role == h.Role && len(peers) < MaxChartPoints {
			peers = append(peers, s)
		}
	}
	if len(peers) < 2 {
		return nil
	}
	// Each figure is named by the topic that sets it apart from the
	// others (its language or age band), not by what they all share.
	common := map[string]bool{}
	for _, t := range peers[0].Topics {
		common[t] = true
	}
	for _, s := range peers[1:] {
		for t := range common {
			if !slices.Contains(s.Topics, t) {
				delete(common, t)
			}
		}
	}
	labels := make([]string, 0, len(peers))
	figs := make([]*knowledge.SalaryFigure, 0, len(peers))
	for i := range peers {
		s := &peers[i]
		label := s.Label.In(l)
		for _, t := range s.Topics {
			if !common[t] {
				label = d.topicName(l, t, salaryTopicKinds...)
				break
			}
		}
		if slices.Contains(labels, label) {
			continue // two figures for one topic: the chart would not say which
		}
		labels, figs = append(labels, label), append(figs, s)
	}
	if len(figs) < 2 {
		return nil
	}
	return d.r.view(l).compareCharts(labels, figs)
}

// chartsLength is at least what the console's text bars of cs take, in
// characters, so the digest's length limit covers them.
func chartsLength(cs []Chart) int {
	n := 0
	for _, c := range cs {
		n += 1 + len([]rune(c.Title+" — "+c.Axis)) + 1 + len([]rune(c.Legend())) + 1
		for _, p := range c.Points {
			n += 20 + 2 + 30 + 1 + len([]rune(p.Text)) + 1
		}
	}
	return n
}
