package handlers

import (
	"context"
	"sort"

	"careerbot/knowledge"
)

// marketTop is how many statements /market shows before its More button.
const marketTop = 5

// marketRank orders statements by how much they are worth reading, the
// same way every time: a statement citing a named survey comes before the
// articles' own claims and unnamed examples; then one with a figure before
// one without; then the more recent year (an undated one last); then the
// curated order.
func marketRank(trends []knowledge.Trend) []knowledge.Trend {
	out := append([]knowledge.Trend(nil), trends...)
	score := func(t knowledge.Trend) int {
		s := 0
		if t.Source != "" && !t.Claim && !t.Anecdote {
			s += 2
		}
		if t.Figure != nil {
			s++
		}
		return s
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if sa, sb := score(a), score(b); sa != sb {
			return sa > sb
		}
		return a.Year > b.Year
	})
	return out
}

// market answers /market: the statements about every topic named (or about
// any of them when none covers all), the most worth reading first. Without
// req.Full it shows marketTop and offers the rest behind a More button.
func (r *Router) market(ctx context.Context, v view, req Request) (Reply, error) {
	trends, err := r.kb.Trends(ctx)
	if err != nil {
		return Reply{}, err
	}
	topics := v.q.Topics
	rep := Reply{Title: v.tr("market_title")}
	list := trends
	if len(topics) > 0 {
		rep.Title = v.tr("market_topic", v.joinNames(topics))
		list = nil
		for _, t := range trends {
			if carriesAll(t.Topics, topics) {
				list = append(list, t)
			}
		}
		if len(list) == 0 && len(topics) > 1 {
			for _, t := range trends {
				if carriesAny(t.Topics, topics) {
					list = append(list, t)
				}
			}
			if len(list) > 0 {
				rep.Paragraphs = append(rep.Paragraphs, v.tr("market_any", v.joinNames(topics)))
			}
		}
		if len(list) == 0 {
			rep.Status = StatusNotFound
			rep.Paragraphs = []string{v.tr("market_none", v.joinNames(topics))}
			rep.Suggestions = []Suggestion{{Label: "/market", Command: "/market"}}
			v.queryNotes(&rep, 0)
			return rep, nil
		}
	} else if req.Args != "" && len(v.q.Ignored) > 0 {
		rep := v.notFound("market", v.unknownTerm(req.Args))
		v.queryNotes(&rep, 0)
		return rep, nil
	}
	list = marketRank(list)
	shown := list
	if !req.Full && len(list) > marketTop {
		shown = list[:marketTop]
		rep.Paragraphs = append(rep.Paragraphs, v.tr("market_top", marketTop, len(list)))
		rep.Actions = append(rep.Actions, Action{Kind: ActionMore, Label: v.tr("more_market", len(list)-marketTop), Value: ActionValue(v.l, "market "+Clean(req.Args, MaxArgRunes))})
	} else {
		rep.Paragraphs = append(rep.Paragraphs, v.tr("market_p"))
	}
	for _, t := range shown {
		rep.Paragraphs = append(rep.Paragraphs, v.trendLine(t))
		v.cite(t.Provenance, &rep.Sources)
	}
	rep.Suggestions = []Suggestion{{Label: "/salary", Command: "/salary"}, {Label: "/path", Command: "/path"}}
	v.queryNotes(&rep, 0)
	return rep, nil
}
