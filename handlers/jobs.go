package handlers

import (
	"context"
	"strings"

	"careerbot/knowledge"
)

func (r *Router) jobs(ctx context.Context, v view, req Request) (Reply, error) {
	all, err := r.kb.Listings(ctx, "")
	if err != nil {
		return Reply{}, err
	}
	rep := Reply{Title: v.tr("jobs_title"), Paragraphs: []string{v.tr("jobs_note")}}
	list := all
	if req.Args != "" {
		rep.Title = v.tr("jobs_title_kw", req.Args)
		list = matchListings(all, req.Args, v.ix.matcher)
		if len(list) == 0 {
			rep.Status = StatusNotFound
			rep.Paragraphs = []string{v.tr("jobs_none", Clean(req.Args, maxEcho), len(all)), v.tr("jobs_note")}
			rep.Suggestions = []Suggestion{{Label: "/jobs", Command: "/jobs"}}
			return rep, nil
		}
	}
	for _, x := range list {
		rep.Fields = append(rep.Fields, v.listingField(x))
		v.cite(x.Provenance, &rep.Sources)
	}
	return rep, nil
}

// listingField is an example listing in full, its caveat beside its fee.
func (v view) listingField(x knowledge.Listing) Field {
	lines := []string{
		v.tr("fee") + ": " + v.listingFee(x),
		v.tr("contract") + ": " + v.text(x.Contract),
		v.tr("position") + ": " + v.text(x.Position),
		v.tr("duration") + ": " + v.text(x.Duration),
		v.tr("work") + ": " + v.text(x.Work),
		v.tr("req_skills") + ": " + v.text(x.Skills),
	}
	if n := v.text(x.Note); n != "" {
		lines = append(lines, v.tr("note")+": "+n)
	}
	return Field{Label: v.text(x.WorkType) + ": " + v.text(x.Summary), Value: strings.Join(lines, "\n"), Note: v.text(x.ShortNote)}
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
