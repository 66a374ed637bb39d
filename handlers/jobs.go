package handlers

import (
	"context"
	"strings"

	"careerbot/knowledge"
)

func (r *Router) jobs(ctx context.Context, req Request) (Reply, error) {
	l := req.Locale
	all, err := r.kb.Listings(ctx, "")
	if err != nil {
		return Reply{}, err
	}
	rep := Reply{Title: tr(l, "jobs_title"), Paragraphs: []string{tr(l, "jobs_note")}}
	list := all
	if req.Args != "" {
		rep.Title = tr(l, "jobs_title_kw", req.Args)
		list = matchListings(all, req.Args, r.ix().matcher)
		if len(list) == 0 {
			rep.Status = StatusNotFound
			rep.Paragraphs = []string{tr(l, "jobs_none", Clean(req.Args, maxEcho), len(all)), tr(l, "jobs_note")}
			rep.Suggestions = []Suggestion{{Label: "/jobs", Command: "/jobs"}}
			return rep, nil
		}
	}
	for _, x := range list {
		lines := []string{
			tr(l, "fee") + ": " + knowledge.FormatFigure(x.Fee, l) + " (" + knowledge.KindLabel(x.Fee.Kind, l) + ")",
			tr(l, "contract") + ": " + x.Contract.In(l),
			tr(l, "position") + ": " + x.Position.In(l),
			tr(l, "duration") + ": " + x.Duration.In(l),
			tr(l, "work") + ": " + x.Work.In(l),
			tr(l, "req_skills") + ": " + x.Skills.In(l),
		}
		if n := x.Note.In(l); n != "" {
			lines = append(lines, tr(l, "note")+": "+n)
		}
		rep.Fields = append(rep.Fields, Field{Label: x.WorkType.In(l) + ": " + x.Summary.In(l), Value: strings.Join(lines, "\n")})
		r.cite(l, x.Provenance, &rep.Sources)
	}
	return rep, nil
}

// matchListings keeps listings about the topic the keyword names, or whose
// text contains the keyword.
func matchListings(all []knowledge.Listing, kw string, m *knowledge.Matcher) []knowledge.Listing {
	var out []knowledge.Listing
	topic, isTopic := m.Lookup(kw)
	if !isTopic {
		topic, isTopic = m.Lookup(kw, knowledge.TopicLanguage, knowledge.TopicSkill, knowledge.TopicRole, knowledge.TopicPath, knowledge.TopicEmployment)
	}
	needle := knowledge.FoldText(kw)
	for _, x := range all {
		hit := false
		if isTopic {
			for _, t := range x.Topics {
				hit = hit || t == topic.ID
			}
		}
		if !hit {
			for _, t := range []knowledge.Text{x.WorkType, x.Summary, x.Position, x.Work, x.Skills, x.Contract, x.Duration} {
				if strings.Contains(knowledge.FoldText(t.JA), needle) || strings.Contains(knowledge.FoldText(t.EN), needle) {
					hit = true
					break
				}
			}
		}
		if hit {
			out = append(out, x)
		}
	}
	return out
}
