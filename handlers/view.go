package handlers

import (
	"fmt"
	"slices"
	"strings"

	"careerbot/knowledge"
)

// view is how one request writes facts: its locale, normalised once by
// Router.Handle, and the topic index of the knowledge version in hand. Every
// command words a fact through the same view methods, so a fact shows its
// kind, source, year, flags and caveats whichever command found it.
type view struct {
	l  knowledge.Locale
	ix *topicIndex
	q  knowledge.Query // the request's argument text as parsed once (engine.go)
}

func (v view) tr(key string, args ...any) string { return tr(v.l, key, args...) }

// text picks a curated text in the view's locale.
func (v view) text(t knowledge.Text) string { return t.In(v.l) }

func (v view) sep() string {
	if v.l == knowledge.JA {
		return "、"
	}
	return ", "
}

func (v view) topicNames(ts []knowledge.Topic) string {
	names := make([]string, 0, len(ts))
	for _, t := range ts {
		names = append(names, t.Name.In(v.l))
	}
	return strings.Join(names, v.sep())
}

// bullets lists curated items (a slice of the knowledge base) one per
// line, each after "• ", joined once per knowledge version
// (topicIndex.bulletList).
func (v view) bullets(items []knowledge.Text) string {
	return listText(v.ix, v.l, items, func() string { return v.bulletLines(items) })
}

// bulletLines is bullets for any list, built every time.
func (v view) bulletLines(items []knowledge.Text) string {
	n := 0
	for _, it := range items {
		n += len("• \n") + len(it.In(v.l))
	}
	var b strings.Builder
	b.Grow(n)
	for i, it := range items {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString("• ")
		b.WriteString(it.In(v.l))
	}
	return b.String()
}

func (v view) yearText(y int) string {
	if y == 0 {
		return v.tr("year_unknown")
	}
	return fmt.Sprint(y)
}

func (v view) sourceName(id string) string {
	if s, ok := v.ix.sources[id]; ok {
		return s.Name.In(v.l)
	}
	return ""
}

// sourceText names where a fact comes from: the source the article cites,
// or, when it cites none, that it cites none and which article says so.
func (v view) sourceText(p knowledge.Provenance) string {
	if name := v.sourceName(p.Source); name != "" {
		return name
	}
	if a, ok := v.ix.articles[p.Article]; ok && !a.Name.IsZero() {
		return v.tr("no_source_in", a.Name.In(v.l))
	}
	return v.tr("no_source")
}

// cite turns provenance into a citation, and collects it once per source.
func (v view) cite(p knowledge.Provenance, into *[]Citation) {
	if p.Source == "" {
		return
	}
	src, ok := v.ix.sources[p.Source]
	if !ok {
		return
	}
	c := Citation{Name: src.Name.In(v.l), Short: src.Short.In(v.l), Year: src.Year, Note: src.Note.In(v.l)}
	if c.Year == 0 {
		c.Year = p.Year
	}
	for _, x := range *into {
		if x.Name == c.Name {
			return
		}
	}
	if *into == nil {
		*into = make([]Citation, 0, 2) // answers cite a few sources
	}
	*into = append(*into, c)
}

// flag names what kind of statement a fact is when it is not a sourced
// one: an unnamed example or a claim without evidence. Empty otherwise.
func (v view) flag(p knowledge.Provenance, anecdote bool) string {
	switch {
	case anecdote:
		return v.tr("anecdote")
	case p.Claim:
		return v.tr("claim")
	}
	return ""
}

// provText prefixes a statement that is only the article's claim or an
// unnamed anecdote, so it is never read as a verified fact.
func (v view) provText(p knowledge.Provenance, anecdote bool, text string) string {
	if f := v.flag(p, anecdote); f != "" {
		return f + ": " + text
	}
	return text
}

// figureMeta is the line that goes with any figure: its kind, year and
// source, and the claim flag where there is one.
func (v view) figureMeta(f knowledge.Figure, p knowledge.Provenance) string {
	parts := []string{knowledge.KindLabel(f.Kind, v.l)}
	if p.Year != 0 {
		parts = append(parts, v.yearText(p.Year))
	}
	// The source in short form: the reply's sources name it in full.
	if p.Source != "" {
		parts = append(parts, v.shortSource(p))
	} else {
		parts = append(parts, v.sourceText(p))
	}
	if fl := v.flag(p, false); fl != "" {
		parts = append(parts, fl)
	}
	return strings.Join(parts, " · ")
}

// figureValue writes a salary figure's number, kind, year and source on one line.
func (v view) figureValue(s knowledge.SalaryFigure) string {
	p := s.Provenance
	k := valueKey{s.Figure, p.Source, p.Article, p.Year, p.Claim, v.l}
	if t, ok := v.ix.values.Load(k); ok {
		return t.(string)
	}
	t := knowledge.FormatFigure(s.Figure, v.l) + " · " + v.figureMeta(s.Figure, p)
	v.ix.values.Store(k, t)
	return t
}

// valueKey is what a figure's line depends on (figureValue), for the
// index's memo: curated facts only, so it is bounded by the data.
type valueKey struct {
	f               knowledge.Figure
	source, article string
	year            int
	claim           bool
	l               knowledge.Locale
}

// withShort appends a fact's short caveat to a one-line text, for places
// that have no Field.Note beside them (lists inside one field, tables).
func (v view) withShort(text string, p knowledge.Provenance) string {
	if n := p.ShortNote.In(v.l); n != "" {
		return text + " (" + n + ")"
	}
	return text
}

// salaryField is a salary figure as a field: its value with kind, year and
// source, and its short caveat beside it.
func (v view) salaryField(label string, s knowledge.SalaryFigure) Field {
	return Field{Label: label, Value: v.figureValue(s), Note: s.ShortNote.In(v.l)}
}

// salaryFields renders figures as fields, their caveats as notes and their
// sources as citations.
func (v view) salaryFields(figs []*knowledge.SalaryFigure, rep *Reply) {
	rep.Fields = slices.Grow(rep.Fields, len(figs))
	for _, s := range figs {
		rep.Fields = append(rep.Fields, v.salaryField(s.Label.In(v.l), *s))
		v.note(s.Label.In(v.l), s.Provenance, rep)
		v.cite(s.Provenance, &rep.Sources)
	}
}

// note adds a fact's caveat to the reply's notes, once, naming what it is
// about.
func (v view) note(about string, p knowledge.Provenance, rep *Reply) {
	n := p.Note.In(v.l)
	if n == "" {
		return
	}
	for _, x := range rep.Notes {
		if strings.HasSuffix(x, n) && strings.HasSuffix(x[:len(x)-len(n)], ": ") {
			return
		}
	}
	rep.Notes = append(rep.Notes, v.ix.noteLine(v.l, about, n))
}

// listingFee is an example listing's fee with its kind and source.
func (v view) listingFee(x *knowledge.Listing) string {
	return knowledge.FormatFigure(x.Fee, v.l) + " · " + v.figureMeta(x.Fee, x.Provenance)
}

// listingLine is an example listing on one line, with the caveat that it is
// undated and not necessarily open.
func (v view) listingLine(x knowledge.Listing) string {
	return v.withShort(x.WorkType.In(v.l)+": "+x.Summary.In(v.l)+" — "+v.listingFee(&x), x.Provenance)
}

// kpiText lists KPIs, or says the articles state none.
func (v view) kpiText(kpis []knowledge.KPI, cites *[]Citation) string {
	if len(kpis) == 0 {
		return v.tr("kpi_none")
	}
	for _, k := range kpis {
		v.cite(k.Provenance, cites)
	}
	return listText(v.ix, v.l, kpis, func() string {
		lines := make([]string, 0, len(kpis))
		for _, k := range kpis {
			line := "• " + v.provText(k.Provenance, false, k.Text.In(v.l))
			if n := k.Note.In(v.l); n != "" {
				line += " (" + n + ")"
			}
			lines = append(lines, line)
		}
		return strings.Join(lines, "\n")
	})
}

// trendLine writes one trend with its figure and that figure's short
// caveat, its source and year, marked as a claim or an anecdote where it is
// one, and followed by its note.
func (v view) trendLine(t knowledge.Trend) string {
	// Once per statement, locale and knowledge version; the text is in
	// the key so that two statements sharing an id in an unvalidated
	// knowledge base still get their own lines.
	return memo(v.ix, trendKey{t.ID, t.Text.JA, v.l}, func() string { return v.buildTrendLine(t) })
}

type trendKey struct {
	id, ja string
	l      knowledge.Locale
}

func (v view) buildTrendLine(t knowledge.Trend) string {
	text := t.Text.In(v.l)
	var fig []string
	if t.Figure != nil {
		fig = append(fig, knowledge.FormatFigure(*t.Figure, v.l))
	}
	if n := t.ShortNote.In(v.l); n != "" {
		fig = append(fig, n)
	}
	if len(fig) > 0 {
		text += " (" + strings.Join(fig, "; ") + ")"
	}
	src := []string{v.sourceText(t.Provenance)}
	if t.Year != 0 {
		src = append(src, v.yearText(t.Year))
	}
	text += " [" + strings.Join(src, ", ") + "]"
	line := "• " + v.provText(t.Provenance, t.Anecdote, text)
	if n := t.Note.In(v.l); n != "" {
		line += "\n  " + v.tr("note") + ": " + n
	}
	return line
}

// notFound answers an unknown topic: it says so, offers the closest known
// topics of the accepted kinds and lists them all.
func (v view) notFound(command, term string, kinds ...knowledge.TopicKind) Reply {
	rep := Reply{Status: StatusNotFound, Visibility: Private}
	rep.Paragraphs = append(rep.Paragraphs, v.tr("not_in_kb", Clean(term, maxEcho)))
	close := v.ix.matcher.Suggest(term, 5, kinds...)
	if len(close) > 0 {
		rep.Paragraphs = append(rep.Paragraphs, v.tr("did_you_mean", v.topicNames(close)))
	}
	// A few topics, not all sixty: the answer must still fit a phone
	// screen, and /careerhelp lists them all.
	all := v.ix.matcher.Topics(kinds...)
	if len(all) > maxKnownTopics {
		rep.Paragraphs = append(rep.Paragraphs, v.tr("known_topics_more", v.topicNames(all[:maxKnownTopics]), len(all)-maxKnownTopics))
	} else {
		rep.Paragraphs = append(rep.Paragraphs, v.tr("known_topics", v.topicNames(all)))
	}
	// The closest first, then the others; not appended together: the
	// topics are large structs and all of them are many.
	rep.Suggestions = make([]Suggestion, 0, 8)
	for _, list := range [2][]knowledge.Topic{close, all} {
		for _, t := range list {
			if len(rep.Suggestions) == 8 {
				break
			}
			if hasSuggestion(rep.Suggestions, t.ID) {
				continue
			}
			rep.Suggestions = append(rep.Suggestions, Suggestion{Label: t.Name.In(v.l), Command: "/" + command + " " + t.ID})
		}
	}
	return rep
}

// maxKnownTopics is how many topics a not-found answer names.
const maxKnownTopics = 12

func hasSuggestion(s []Suggestion, id string) bool {
	for _, x := range s {
		if strings.HasSuffix(x.Command, " "+id) {
			return true
		}
	}
	return false
}

// The digest (digest.go) still words facts through these Router methods and
// functions; each is the view's, for the locale it is given. They go once
// the digest takes a view itself.

func (r *Router) cite(l knowledge.Locale, p knowledge.Provenance, into *[]Citation) {
	r.view(l).cite(p, into)
}

func (r *Router) sourceName(l knowledge.Locale, id string) string { return r.view(l).sourceName(id) }

func (r *Router) kpiText(l knowledge.Locale, p knowledge.CareerPath, cites *[]Citation) string {
	return r.view(l).kpiText(p.KPIs, cites)
}

func (r *Router) trendLine(l knowledge.Locale, t knowledge.Trend) string {
	return r.view(l).trendLine(t)
}

func yearText(l knowledge.Locale, y int) string { return view{l: l}.yearText(y) }

func provText(l knowledge.Locale, p knowledge.Provenance, anecdote bool, text string) string {
	return view{l: l}.provText(p, anecdote, text)
}
