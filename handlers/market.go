package handlers

import (
	"context"
)

func (r *Router) market(ctx context.Context, v view, req Request) (Reply, error) {
	trends, err := r.kb.Trends(ctx)
	if err != nil {
		return Reply{}, err
	}
	rep := Reply{Title: v.tr("market_title"), Paragraphs: []string{v.tr("market_p")}}
	// Sourced statements first, then the articles' own claims and anecdotes.
	// Each keeps its caveat on the line after it.
	var sourced, rest []string
	for _, t := range trends {
		line := v.trendLine(t)
		if t.Source != "" && !t.Claim && !t.Anecdote {
			sourced = append(sourced, line)
		} else {
			rest = append(rest, line)
		}
		v.cite(t.Provenance, &rep.Sources)
	}
	rep.Paragraphs = append(rep.Paragraphs, sourced...)
	rep.Paragraphs = append(rep.Paragraphs, rest...)
	rep.Suggestions = []Suggestion{{Label: "/salary", Command: "/salary"}, {Label: "/path", Command: "/path"}}
	return rep, nil
}
