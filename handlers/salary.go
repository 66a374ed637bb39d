package handlers

import (
	"context"
	"slices"

	"careerbot/knowledge"
)

// salaryTopicKinds are the topics /salary and /compare accept, and their
// options autocomplete.
var salaryTopicKinds = []knowledge.TopicKind{knowledge.TopicLanguage, knowledge.TopicAge, knowledge.TopicEmployment, knowledge.TopicRole}

// salary answers with the figures that carry every topic named (フロントエンド
// 派遣: the frontend dispatch wage). When no figure carries them all it says
// so and shows each topic's own figures, each labelled with its topic: a
// figure is never presented as the combination's. Money thresholds
// (年収600万以上) keep the figures that satisfy them, in their own units.
func (r *Router) salary(ctx context.Context, v view, req Request) (Reply, error) {
	topics := v.q.TopicsOf(salaryTopicKinds...)
	if len(topics) >= 2 && v.q.Compare {
		return r.compare(ctx, v, req)
	}
	all, err := r.kb.Salaries(ctx, "")
	if err != nil {
		return Reply{}, err
	}
	if len(topics) == 0 {
		if req.Args == "" || (len(v.q.Mentions) == 0 && len(v.q.Ignored) == 0 && (len(v.q.Money) > 0 || v.q.Intent != knowledge.IntentNone)) {
			return r.salaryOverview(v, all), nil
		}
		if rep, ok := v.wrongKind(salaryTopicKinds...); ok {
			return rep, nil
		}
		rep := v.notFound("salary", v.unknownTerm(req.Args), salaryTopicKinds...)
		v.queryNotes(&rep, useMoney, salaryTopicKinds...)
		return rep, nil
	}
	rep := Reply{Title: v.tr("salary_title", v.joinNames(topics))}
	// Pointers into the store's list: the figures are large structs.
	var figs []*knowledge.SalaryFigure
	for i := range all {
		if carriesAll(all[i].Topics, topics) {
			figs = append(figs, &all[i])
		}
	}
	switch {
	case len(figs) > 0:
		shown := v.admitted(figs)
		if len(shown) == 0 {
			rep.Status = StatusNotFound
			rep.Paragraphs = []string{v.tr("money_none", v.moneyText(), len(figs))}
		} else {
			// The most direct figure comes first, so the first line under
			// the title answers; it is not repeated as a paragraph above
			// the same field.
			// shown is figs or a fresh slice: ours to reorder in place.
			first := mostGeneral(shown, topics, v.q.Per)
			head := shown[first]
			copy(shown[1:first+1], shown[:first])
			shown[0] = head
			v.salaryFields(shown, &rep)
			rep.Notes = append(rep.Notes, v.tr("units_note"))
		}
	case len(topics) == 1:
		rep = v.noFigure(topics[0], r.trendsAbout(ctx, topics[0]), r.topicsWithFigures(all, v, topics[0].Kind))
	default:
		v.eachTopic(topics, all, &rep)
	}
	v.queryNotes(&rep, useMoney, salaryTopicKinds...)
	return rep, nil
}

// salaryOverview is /salary alone: the overall averages and headline
// figures, within the query's money thresholds when it has any.
func (r *Router) salaryOverview(v view, all []knowledge.SalaryFigure) Reply {
	var head []*knowledge.SalaryFigure
	for i := range all {
		if s := &all[i]; s.Dimension == knowledge.DimOverall && s.Figure.Kind != knowledge.KindTarget {
			head = append(head, s)
		}
	}
	rep := Reply{Title: v.tr("salary_overview"), Paragraphs: []string{v.tr("salary_overview_p")}}
	if len(v.q.Money) > 0 {
		head = head[:0]
		for i := range all {
			if all[i].Figure.Kind != knowledge.KindTarget {
				head = append(head, &all[i])
			}
		}
		head = v.admitted(head)
		if len(head) == 0 {
			rep.Status = StatusNotFound
			rep.Paragraphs = []string{v.tr("money_none", v.moneyText(), len(all))}
		}
	}
	v.salaryFields(head, &rep)
	rep.Notes = append(rep.Notes, v.tr("units_note"))
	for _, t := range v.ix.salaryTopics {
		if len(rep.Suggestions) == 10 {
			break
		}
		rep.Suggestions = append(rep.Suggestions, Suggestion{Label: v.text(t.Name), Command: "/salary " + t.ID})
	}
	v.queryNotes(&rep, useMoney, salaryTopicKinds...)
	return rep
}

// perTopic bounds the figures a combination without its own shows for each
// topic: the most general ones (byGenerality).
const perTopic = 3

// eachTopic answers a combination no figure carries: it says so, then
// shows each topic's own figures under that topic's name.
func (v view) eachTopic(topics []knowledge.Topic, all []knowledge.SalaryFigure, rep *Reply) {
	rep.Paragraphs = []string{v.tr("combo_none", v.joinNames(topics))}
	var missing []knowledge.Topic
	for _, t := range topics {
		one := []knowledge.Topic{t}
		var own []int // indexes into all: the figures are large structs
		for i := range all {
			if carriesAll(all[i].Topics, one) && v.admits(all[i].Figure) {
				own = append(own, i)
			}
		}
		own = byGenerality(all, own, one, v.q.Per)
		if len(own) > perTopic {
			// The rest are one press away: each topic's own command.
			own = own[:perTopic]
			rep.Suggestions = append(rep.Suggestions, Suggestion{Label: "/salary " + t.ID, Command: "/salary " + t.ID})
		}
		for _, i := range own {
			s := &all[i]
			label := v.text(t.Name) + " — " + v.text(s.Label)
			rep.Fields = append(rep.Fields, v.salaryField(label, *s))
			v.note(v.text(s.Label), s.Provenance, rep)
			v.cite(s.Provenance, &rep.Sources)
		}
		if len(own) == 0 {
			missing = append(missing, t)
		}
	}
	if len(missing) > 0 {
		rep.Paragraphs = append(rep.Paragraphs, v.tr("combo_no_fig", v.topicNames(missing)))
	}
	if len(missing) == len(topics) {
		rep.Status = StatusNotFound
	} else {
		rep.Notes = append(rep.Notes, v.tr("units_note"))
	}
}

// periodOf is the period of a figure's unit.
var periodOf = map[knowledge.Unit]knowledge.Period{
	knowledge.UnitManYenYear: knowledge.PerYear, knowledge.UnitManYenMonth: knowledge.PerMonth,
	knowledge.UnitYenMonth: knowledge.PerMonth, knowledge.UnitYenHour: knowledge.PerHour,
}

// dimensionOf is the salary dimension a topic kind breaks figures down by.
var dimensionOf = map[knowledge.TopicKind]knowledge.Dimension{
	knowledge.TopicLanguage: knowledge.DimLanguage, knowledge.TopicAge: knowledge.DimAge,
	knowledge.TopicEmployment: knowledge.DimEmployment, knowledge.TopicRole: knowledge.DimOverall,
}

// byGenerality orders figures for topics so that the one that answers them
// most directly comes first: of the period asked (per), if any; then fewest
// topics beyond those asked (バックエンド:
// the backend average before the backend-in-their-40s one), then broken
// down by the first topic's own dimension (フリーランス: the freelance
// range before one language's freelance average), then not a target, then
// curated order. It ranks the figures all[i] for i in idx and reorders idx
// in place (indexes: the figures are large structs).
func byGenerality(all []knowledge.SalaryFigure, idx []int, topics []knowledge.Topic, per knowledge.Period) []int {
	type ranked struct{ rank, i int }
	rs := make([]ranked, len(idx))
	for k, i := range idx {
		rs[k] = ranked{generality(&all[i], topics, per), i}
	}
	slices.SortStableFunc(rs, func(a, b ranked) int { return a.rank - b.rank })
	for k, x := range rs {
		idx[k] = x.i
	}
	return idx
}

// generality ranks a figure for topics: the fewer topics beyond those
// asked, the asked period's unit, the asked topic's own dimension, and a
// statistic before a target come first (lower is more general).
func generality(s *knowledge.SalaryFigure, topics []knowledge.Topic, per knowledge.Period) int {
	r := (len(s.Topics) - len(topics)) * 4
	if per != knowledge.PerAny && periodOf[s.Figure.Unit] != per {
		r += 1000 // 月収, per month: a monthly figure answers first
	}
	if s.Dimension != dimensionOf[topics[0].Kind] {
		r += 2
	}
	if s.Figure.Kind == knowledge.KindTarget {
		r++
	}
	return r
}

// mostGeneral is the index of byGenerality(figs, topics, per)[0], found
// without sorting.
func mostGeneral(figs []*knowledge.SalaryFigure, topics []knowledge.Topic, per knowledge.Period) int {
	best, rank := 0, generality(figs[0], topics, per)
	for i := 1; i < len(figs); i++ {
		if r := generality(figs[i], topics, per); r < rank {
			best, rank = i, r
		}
	}
	return best
}

// admitted keeps the figures within the query's money thresholds.
func (v view) admitted(figs []*knowledge.SalaryFigure) []*knowledge.SalaryFigure {
	if len(v.q.Money) == 0 {
		return figs
	}
	var out []*knowledge.SalaryFigure
	for _, s := range figs {
		if v.admits(s.Figure) {
			out = append(out, s)
		}
	}
	return out
}

// noFigure answers a topic the articles discuss without a number: it says
// there is no figure, then what the articles do say about it, each with
// its source, marked as having no figure.
func (v view) noFigure(t knowledge.Topic, says []knowledge.Trend, with []knowledge.Topic) Reply {
	rep := Reply{Title: v.tr("salary_title", v.text(t.Name)), Status: StatusNotFound}
	rep.Paragraphs = []string{v.tr("no_figure", v.text(t.Name))}
	for _, tr := range says {
		rep.Fields = append(rep.Fields, Field{Label: v.tr("no_figure_says"), Value: v.trendLine(tr)})
		v.cite(tr.Provenance, &rep.Sources)
	}
	for _, x := range with {
		rep.Suggestions = append(rep.Suggestions, Suggestion{Label: v.text(x.Name), Command: "/salary " + x.ID})
	}
	return rep
}

// trendsAbout lists the market statements tagged with t that carry no
// figure of their own, at most three: what the articles say about a topic
// they give no number for.
func (r *Router) trendsAbout(ctx context.Context, t knowledge.Topic) []knowledge.Trend {
	trends, err := r.kb.Trends(ctx)
	if err != nil {
		return nil
	}
	var out []knowledge.Trend
	for _, x := range trends {
		if x.Figure == nil && carriesAll(x.Topics, []knowledge.Topic{t}) && len(out) < 3 {
			out = append(out, x)
		}
	}
	return out
}

// topicsWithFigures lists topics of kind that have at least one salary figure.
func (r *Router) topicsWithFigures(all []knowledge.SalaryFigure, v view, kind knowledge.TopicKind) []knowledge.Topic {
	has := map[string]bool{}
	for _, s := range all {
		for _, t := range s.Topics {
			has[t] = true
		}
	}
	var out []knowledge.Topic
	for _, t := range v.ix.matcher.Topics(kind) {
		if has[t.ID] {
			out = append(out, t)
		}
	}
	return out
}
