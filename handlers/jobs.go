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
	list := make([]*knowledge.Listing, len(all))
	for i := range all {
		list[i] = &all[i]
	}
	if req.Args != "" {
		rep.Title = v.tr("jobs_title_kw", Clean(req.Args, maxEcho))
		list = v.matchListings(all, r.folds(all))
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
	rep.Fields = make([]Field, 0, len(list))
	for _, x := range list {
		rep.Fields = append(rep.Fields, v.listingField(x))
		v.cite(x.Provenance, &rep.Sources)
	}
	v.queryNotes(&rep, useMoney)
	return rep, nil
}

// listingField is an example listing in full, its caveat beside its fee.
// x points into the store's list: the field is built once per listing and
// locale (the index's lists memo).
func (v view) listingField(x *knowledge.Listing) Field {
	return memo(v.ix, listKey[knowledge.Listing]{x, 1, v.l}, func() Field { return v.buildListingField(x) })
}

func (v view) buildListingField(x *knowledge.Listing) Field {
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

// listingFolds is the folded text of each listing of one knowledge
// version, so that a keyword is looked for without folding every listing on
// every request.
type listingFolds struct {
	list  []knowledge.Listing // the store's list: identity marks the version
	texts []string
}

// folds returns the folded text of all, computed once per version.
func (r *Router) folds(all []knowledge.Listing) []string {
	if lf := r.lf.Load(); lf != nil && sameList(lf.list, all) {
		return lf.texts
	}
	lf := &listingFolds{list: all, texts: make([]string, len(all))}
	for i, x := range all {
		var parts []string
		for _, t := range []knowledge.Text{x.WorkType, x.Summary, x.Position, x.Work, x.Skills, x.Contract, x.Duration} {
			parts = append(parts, knowledge.FoldText(t.JA), knowledge.FoldText(t.EN))
		}
		lf.texts[i] = strings.Join(parts, "\n")
	}
	r.lf.Store(lf)
	return lf.texts
}

// matchListings keeps the listings that match every topic the query names
// (tagged with it, or naming it in their text), satisfy every money
// threshold and contain every word the query did not understand. texts are
// the listings' folded text (folds).
func (v view) matchListings(all []knowledge.Listing, texts []string) []*knowledge.Listing {
	if v.hasProblem(knowledge.ProblemEmptyRange) {
		return nil
	}
	words := make([]string, 0, len(v.q.Mentions)+len(v.q.Ignored))
	for _, m := range v.q.Mentions {
		words = append(words, knowledge.FoldText(m.Text))
	}
	for _, w := range v.q.Ignored {
		words = append(words, knowledge.FoldText(w))
	}
	var out []*knowledge.Listing
	for i := range all {
		if v.listingMatches(&all[i], texts[i], words) {
			out = append(out, &all[i])
		}
	}
	return out
}

// listingMatches: words are the folded mentions, then the folded ignored
// words, in the query's order.
func (v view) listingMatches(x *knowledge.Listing, text string, words []string) bool {
	for k, m := range v.q.Mentions {
		hit := false
		for _, t := range m.Readings {
			hit = hit || carriesAll(x.Topics, []knowledge.Topic{t})
		}
		if !hit && !contains(text, words[k]) {
			return false
		}
	}
	for _, w := range words[len(v.q.Mentions):] {
		if !contains(text, w) {
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

func contains(text, needle string) bool { return needle != "" && strings.Contains(text, needle) }
