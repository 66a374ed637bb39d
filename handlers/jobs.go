package handlers

import (
	"context"
	"strings"

	"careerbot/knowledge"
)

// jobs answers /jobs: every example listing, or those that match all of
// the topics named (by tag, or by the words in the listing's text), every
// money threshold (80万円以上, by the listing's own fee unit) and every
// other word as a keyword in the listing's text.
func (r *Router) jobs(ctx context.Context, v view, req Request) (Reply, error) {
	all, err := r.kb.Listings(ctx, "")
	if err != nil {
		return Reply{}, err
	}
	rep := Reply{Title: v.tr("jobs_title"), Paragraphs: []string{v.tr("jobs_note")}}
	list := all
	if req.Args != "" {
		rep.Title = v.tr("jobs_title_kw", Clean(req.Args, maxEcho))
		list = v.matchListings(all)
		// Words the parser did not know are the keywords searched for.
		v.q.Ignored = nil
		if len(list) == 0 {
			rep.Status = StatusNotFound
			rep.Paragraphs = []string{v.tr("jobs_none", Clean(req.Args, maxEcho), len(all)), v.tr("jobs_note")}
			rep.Suggestions = []Suggestion{{Label: "/jobs", Command: "/jobs"}}
			v.queryNotes(&rep, useMoney)
			return rep, nil
		}
	}
	for _, x := range list {
		rep.Fields = append(rep.Fields, v.listingField(x))
		v.cite(x.Provenance, &rep.Sources)
	}
	v.queryNotes(&rep, useMoney)
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

// matchListings keeps the listings that match every topic the query names
// (tagged with it, or naming it in their text), satisfy every money
// threshold and contain every word the query did not understand.
func (v view) matchListings(all []knowledge.Listing) []knowledge.Listing {
	if v.hasProblem(knowledge.ProblemEmptyRange) || v.hasProblem(knowledge.ProblemAmount) && len(v.q.Money) == 0 && len(v.q.Mentions) == 0 && len(v.q.Ignored) == 0 {
		return nil
	}
	var out []knowledge.Listing
	for _, x := range all {
		if v.listingMatches(x) {
			out = append(out, x)
		}
	}
	return out
}

func (v view) listingMatches(x knowledge.Listing) bool {
	for _, m := range v.q.Mentions {
		hit := false
		for _, t := range m.Readings {
			hit = hit || carriesAll(x.Topics, []knowledge.Topic{t})
		}
		if !hit && !listingSays(x, m.Text) {
			return false
		}
	}
	for _, w := range v.q.Ignored {
		if !listingSays(x, w) {
			return false
		}
	}
	for _, t := range v.q.Money {
		if !t.Admits(x.Fee) {
			return false
		}
	}
	return true
}

// listingSays reports whether a listing's text contains word, folded.
func listingSays(x knowledge.Listing, word string) bool {
	needle := knowledge.FoldText(word)
	if needle == "" {
		return false
	}
	for _, t := range []knowledge.Text{x.WorkType, x.Summary, x.Position, x.Work, x.Skills, x.Contract, x.Duration} {
		if strings.Contains(knowledge.FoldText(t.JA), needle) || strings.Contains(knowledge.FoldText(t.EN), needle) {
			return true
		}
	}
	return false
}
