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
func marketRank(trends []*knowledge.Trend) []*knowledge.Trend {
	type ranked struct {
		t     *knowledge.Trend
		score int
	}
	rs := make([]ranked, len(trends))
	for i, t := range trends {
		s := 0
		if t.Source != "" && !t.Claim && !t.Anecdote {
			s += 2
		}
		if t.Figure != nil {
			s++
		}
		rs[i] = ranked{t, s}
	}
	sort.SliceStable(rs, func(i, j int) bool {
		if rs[i].score != rs[j].score {
			return rs[i].score > rs[j].score
		}
		return rs[i].t.Year > rs[j].t.Year
	})
	out := make([]*knowledge.Trend, len(rs))
	for i, x := range rs {
		out[i] = x.t
	}
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
	if len(topics) == 0 && req.Args != "" && len(v.q.Ignored) > 0 {
		rep := v.notFound("market", v.unknownTerm(req.Args))
		v.queryNotes(&rep, 0)
		return rep, nil
	}
	rep := Reply{Title: v.tr("market_title")}
	// Pointers into the store's list: the statements are large structs.
	var list []*knowledge.Trend
	if len(topics) == 0 {
		list = make([]*knowledge.Trend, len(trends))
		for i := range trends {
			list[i] = &trends[i]
		}
	} else {
		rep.Title = v.tr("market_topic", v.joinNames(topics))
		for i := range trends {
			if carriesAll(trends[i].Topics, topics) {
				list = append(list, &trends[i])
			}
		}
		if len(list) == 0 && len(topics) > 1 {
			for i := range trends {
				if carriesAny(trends[i].Topics, topics) {
					list = append(list, &trends[i])
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
		rep.Paragraphs = append(rep.Paragraphs, v.trendLine(*t))
		v.cite(t.Provenance, &rep.Sources)
	}
	rep.Suggestions = []Suggestion{{Label: "/salary", Command: "/salary"}, {Label: "/path", Command: "/path"}}
	v.queryNotes(&rep, 0)
	return rep, nil
}
