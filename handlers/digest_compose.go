package handlers

import (
	"context"
	"fmt"
	"strings"
	"time"

	"careerbot/knowledge"
	"careerbot/schedule"
)

// digestMaxChars is the most characters (runes, as the console shows them)
// a digest may take: what a channel member reads on a phone without
// scrolling through a wall of text.
const digestMaxChars = 1500

// The digest has five parts, in this order: the figure of the week, one
// market statement, one career path or skill map with a KPI, one action,
// and what changed in the knowledge base since the channel's last digest
// (only when something did; before the figure when no changed fact is a
// figure to headline). Each part has a Suggestion that opens the full
// answer behind it.

// detail is how much of each part a digest shows. Composition starts
// with everything and lowers one knob at a time, in digestTrims' order,
// until the digest fits: text is only ever dropped whole, a sentence, a
// note or a list item at a time.
type detail struct {
	intro          bool // the paragraph under the title
	headlineNote   bool // the figure's caveat
	trendNote      bool // the market statement's caveat
	trendFull      bool // every sentence of the market statement, not only the first
	careerSummary  bool // the path's or skill map's lead sentence
	kpiNote        bool // the KPI's note
	sources        bool // the list of full source names
	changeLines    int  // changes listed before "and N more"
	changeTitleMax int  // runes of a change's title; longer ones are named by kind only
}

var fullDetail = detail{intro: true, headlineNote: true, trendNote: true, trendFull: true, careerSummary: true, kpiNote: true, sources: true, changeLines: 6, changeTitleMax: 90}

// digestTrims lower the detail one step at a time, least missed first.
var digestTrims = []func(*detail){
	func(d *detail) { d.changeLines = 4 },
	func(d *detail) { d.trendNote = false },
	func(d *detail) { d.kpiNote = false },
	func(d *detail) { d.careerSummary = false },
	func(d *detail) { d.trendFull = false },
	func(d *detail) { d.changeLines, d.changeTitleMax = 3, 60 },
	func(d *detail) { d.headlineNote = false },
	func(d *detail) { d.sources = false },
	func(d *detail) { d.intro = false },
	func(d *detail) { d.changeLines = 1 },
}

// Compose writes the digest of the period that starts at period (the
// scheduled occurrence, in the subscription's zone) in locale l, reporting
// knowledge-base changes after sinceVersion up to the current version.
func (d *Digest) Compose(ctx context.Context, period time.Time, l knowledge.Locale, sinceVersion int) (Reply, error) {
	v, err := d.kb.Version(ctx)
	if err != nil {
		return Reply{}, err
	}
	return d.ComposeRange(ctx, period, l, sinceVersion, v.Number)
}

// ComposeRange is Compose with the upper knowledge version fixed, so that a
// retry after a crash posts what the first attempt would have.
func (d *Digest) ComposeRange(ctx context.Context, period time.Time, l knowledge.Locale, sinceVersion, uptoVersion int) (Reply, error) {
	l = d.locale(l)
	st, err := d.chooseStory(ctx, schedule.WeekIndex(period), sinceVersion, uptoVersion)
	if err != nil {
		return Reply{}, err
	}
	det := fullDetail
	rep := d.write(st, period, l, det)
	for _, trim := range digestTrims {
		if replyLength(rep) <= digestMaxChars {
			break
		}
		trim(&det)
		rep = d.write(st, period, l, det)
	}
	// The chart comes only where it fits: it never costs the words.
	if cs := d.spotlightCharts(ctx, st, l); len(cs) > 0 && replyLength(rep)+chartsLength(cs) <= digestMaxChars {
		rep.Charts = cs
	}
	if n := replyLength(rep); n > digestMaxChars {
		d.log.Warn("the digest is longer than a digest should be, even at its shortest", "chars", n, "max", digestMaxChars, "story", st.String(), "locale", l)
	}
	return rep, nil
}

// write puts st into words in l, at the given detail.
func (d *Digest) write(st story, period time.Time, l knowledge.Locale, det detail) Reply {
	rep := Reply{Title: dtr(l, "title", weekTitleDate(period, l)), Visibility: Public, Command: "digest", Locale: l}
	if det.intro {
		rep.Paragraphs = []string{dtr(l, "intro")}
	}
	if st.changesFirst {
		d.whatsNewPart(st, l, det, &rep)
	}
	d.headlinePart(st, l, det, &rep)
	d.marketPart(st, l, det, &rep)
	d.careerPart(st, l, det, &rep)
	d.actionPart(st, l, &rep)
	if !st.changesFirst {
		d.whatsNewPart(st, l, det, &rep)
	}
	// Sources are named in full, without their caveats: those that
	// change what a figure means sit beside it (Field.Note), and the full
	// answer behind each button has the rest.
	for i := range rep.Sources {
		rep.Sources[i].Note = ""
	}
	if !det.sources {
		rep.Sources = nil
	}
	return rep
}

// weekTitleDate is the Monday of period's week, as the title names it.
func weekTitleDate(period time.Time, l knowledge.Locale) string {
	monday := schedule.Monday(period)
	if l == knowledge.JA {
		return monday.Format("2006年1月2日")
	}
	return monday.Format("2006-01-02")
}

// suggest adds a button's command unless an earlier part already has it.
func suggest(rep *Reply, label, command string) {
	for _, s := range rep.Suggestions {
		if s.Command == command {
			return
		}
	}
	rep.Suggestions = append(rep.Suggestions, Suggestion{Label: label, Command: command})
}

// sourceLine names a figure's or statement's source and year briefly, as
// a line carries them: "Kyujin Box, 2025".
func (d *Digest) sourceLine(l knowledge.Locale, p knowledge.Provenance) []string {
	var out []string
	if p.Source != "" {
		out = append(out, d.r.view(l).shortSource(p))
	}
	if p.Year != 0 {
		out = append(out, yearText(l, p.Year))
	}
	return out
}

func listSep(l knowledge.Locale) string {
	if l == knowledge.JA {
		return "、"
	}
	return ", "
}

// headlinePart is the figure of the week, with its unit, kind, source and
// year in the line, and the curator's caveat beside it when it is short.
func (d *Digest) headlinePart(st story, l knowledge.Locale, det detail, rep *Reply) {
	s := st.headline
	if s == nil {
		return
	}
	label := dtr(l, "h_week")
	if st.fresh != "" {
		label = dtr(l, "h_"+st.fresh)
	}
	about := append([]string{knowledge.KindLabel(s.Figure.Kind, l)}, d.sourceLine(l, s.Provenance)...)
	f := Field{Label: label, Value: s.Label.In(l) + ": " + knowledge.FormatFigure(s.Figure, l) + " (" + strings.Join(about, listSep(l)) + ")"}
	if det.headlineNote {
		f.Note = caveat(s.Provenance, l)
	}
	rep.Fields = append(rep.Fields, f)
	d.r.cite(l, s.Provenance, &rep.Sources)
	if len(s.Topics) > 0 {
		suggest(rep, dtr(l, "more_pay", d.topicName(l, s.Topics[0], salaryTopicKinds...)), "/salary "+s.Topics[0])
	}
}

// marketPart is one market statement with its source, marked as the
// article's account of it.
func (d *Digest) marketPart(st story, l knowledge.Locale, det detail, rep *Reply) {
	t := st.trend
	if t == nil {
		return
	}
	text := t.Text.In(l)
	if ss := sentences(text); !det.trendFull && len(ss) > 1 {
		text = ss[0]
	}
	if t.Figure != nil {
		text += " (" + knowledge.FormatFigure(*t.Figure, l) + ")"
	}
	if src := d.sourceLine(l, t.Provenance); len(src) > 0 {
		text += " [" + strings.Join(src, listSep(l)) + "]"
	}
	f := Field{Label: dtr(l, "market"), Value: text}
	if det.trendNote {
		f.Note = caveat(t.Provenance, l)
	}
	rep.Fields = append(rep.Fields, f)
	d.r.cite(l, t.Provenance, &rep.Sources)
	suggest(rep, dtr(l, "more_market"), "/market")
}

// careerPart is one career path or skill map, with one of its KPIs.
func (d *Digest) careerPart(st story, l knowledge.Locale, det detail, rep *Reply) {
	var label, head, command, more string
	var prov knowledge.Provenance
	switch {
	case st.path != nil:
		p := st.path
		// The topic's name is the short one ("Beginners and juniors").
		name := d.topicName(l, p.ID, knowledge.TopicPath)
		if name == p.ID {
			name = p.Name.In(l)
		}
		label, head, prov = dtr(l, "career_path"), name, p.Provenance
		command, more = "/path "+p.ID, dtr(l, "more", name)
		if det.careerSummary {
			n := 160
			if l == knowledge.JA {
				n = 90
			}
			if lead := leadSentences(p.Summary.In(l), n, l); lead != "" {
				head += " — " + provText(l, prov, false, lead)
			}
		}
	case st.skill != nil:
		// A skill map's summary says how the map is built, not what it
		// says: its title and the KPI carry the week.
		m := st.skill
		label, head, prov = dtr(l, "career_skill"), m.Title.In(l), m.Provenance
		command, more = "/skills", dtr(l, "more_skills")
		if len(m.Topics) > 0 {
			command += " " + m.Topics[0]
		}
	default:
		return
	}
	f := Field{Label: label, Value: head + "\n" + dtr(l, "kpi", st.kpi.Text.In(l))}
	if det.kpiNote {
		f.Note = caveat(st.kpi.Provenance, l)
	}
	rep.Fields = append(rep.Fields, f)
	d.r.cite(l, prov, &rep.Sources)
	d.r.cite(l, st.kpi.Provenance, &rep.Sources)
	suggest(rep, more, command)
}

// actionPart is one action for the week, from one of the articles' lists.
func (d *Digest) actionPart(st story, l knowledge.Locale, rep *Reply) {
	a := st.action
	if a == nil {
		return
	}
	value := provText(l, a.Provenance, false, st.actionItem.In(l)) + "\n" + dtr(l, "action_from", a.Title.In(l))
	rep.Fields = append(rep.Fields, Field{Label: dtr(l, "action"), Value: value})
	d.r.cite(l, a.Provenance, &rep.Sources)
	suggest(rep, dtr(l, "more_action"), "/ask "+a.Title.In(l))
}

// whatsNewPart lists what changed since the channel's last digest; it is
// left out when nothing did.
func (d *Digest) whatsNewPart(st story, l knowledge.Locale, det detail, rep *Reply) {
	if len(st.changes) == 0 {
		return
	}
	var lines []string
	for i, c := range st.changes {
		if i == det.changeLines {
			lines = append(lines, "• "+dtr(l, "more_changes", len(st.changes)-i))
			break
		}
		line := "• " + dtr(l, "ch_"+c.Change) + " · " + dtr(l, "kind_"+string(c.Kind))
		if title := leadSentences(c.Title.In(l), det.changeTitleMax, l); title != "" {
			line += ": " + title
		}
		lines = append(lines, line)
	}
	rep.Fields = append(rep.Fields, Field{Label: dtr(l, "whats_new"), Value: strings.Join(lines, "\n")})
	if cmd := changeCommand(st.changes[0], l); cmd != "" {
		suggest(rep, dtr(l, "more_change"), cmd)
	}
}

// changeCommand is the command that shows a changed fact, "" for one that
// is gone or that no command shows by itself.
func changeCommand(c knowledge.Change, l knowledge.Locale) string {
	if c.Change == "removed" {
		return ""
	}
	switch c.Kind {
	case knowledge.FactPath:
		return "/path " + c.FactID
	case knowledge.FactTrend:
		return "/market"
	case knowledge.FactListing:
		return "/jobs"
	case knowledge.FactSalary, knowledge.FactSkill, knowledge.FactAction:
		if t := c.Title.In(l); t != "" {
			return "/ask " + t
		}
	}
	return ""
}

// topicName is a topic's name in l, short enough for a button (without
// its parenthesised detail: "System engineer"), or the id itself when no
// topic of those kinds has it.
func (d *Digest) topicName(l knowledge.Locale, id string, kinds ...knowledge.TopicKind) string {
	for _, t := range d.r.ix().matcher.Topics(kinds...) {
		if t.ID == id {
			name := t.Name.In(l)
			if i := strings.IndexAny(name, "(（"); i > 0 {
				name = strings.TrimSpace(name[:i])
			}
			return name
		}
	}
	return id
}

// String is for logs and test failures: the story's fact ids.
func (st story) String() string {
	var ids []string
	if st.headline != nil {
		ids = append(ids, st.headline.ID)
	}
	if st.trend != nil {
		ids = append(ids, st.trend.ID)
	}
	if st.path != nil {
		ids = append(ids, st.path.ID)
	}
	if st.skill != nil {
		ids = append(ids, st.skill.ID)
	}
	if st.action != nil {
		ids = append(ids, st.action.ID)
	}
	return fmt.Sprintf("week %d: %s", st.week, strings.Join(ids, " "))
}
