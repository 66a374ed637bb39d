package handlers

import (
	"context"
	"strings"

	"careerbot/knowledge"
)

// trendLine writes one trend with its figure, source and year, marked as a
// claim or an anecdote where it is one.
func (r *Router) trendLine(l knowledge.Locale, t knowledge.Trend) string {
	text := t.Text.In(l)
	if t.Figure != nil {
		text += " (" + knowledge.FormatFigure(*t.Figure, l) + ")"
	}
	var src []string
	if name := r.sourceName(l, t.Source); name != "" {
		src = append(src, name)
	}
	if t.Year != 0 {
		src = append(src, yearText(l, t.Year))
	}
	if len(src) > 0 {
		text += " [" + strings.Join(src, ", ") + "]"
	}
	return "• " + provText(l, t.Provenance, t.Anecdote, text)
}

func (r *Router) market(ctx context.Context, req Request) (Reply, error) {
	l := req.Locale
	trends, err := r.kb.Trends(ctx)
	if err != nil {
		return Reply{}, err
	}
	rep := Reply{Title: tr(l, "market_title"), Paragraphs: []string{tr(l, "market_p")}}
	// Sourced statements first, then the articles' own claims and anecdotes.
	var sourced, rest []string
	for _, t := range trends {
		line := r.trendLine(l, t)
		if t.Source != "" && !t.Claim && !t.Anecdote {
			sourced = append(sourced, line)
		} else {
			rest = append(rest, line)
		}
		r.cite(l, t.Provenance, &rep.Sources)
	}
	rep.Paragraphs = append(rep.Paragraphs, sourced...)
	rep.Paragraphs = append(rep.Paragraphs, rest...)
	rep.Suggestions = []Suggestion{{Label: "/salary", Command: "/salary"}, {Label: "/path", Command: "/path"}}
	return rep, nil
}
