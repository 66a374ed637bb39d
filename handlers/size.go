package handlers

import (
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"careerbot/knowledge"
)

// Answers are sized for a chat window: Router.Handle compacts every reply
// (unless the request asks for the Full one) so that it reads on a phone.
// The first paragraph answers the question; whole items are cut from the
// end (the long notes first, then table rows, fields and paragraphs), never
// a figure's short caveat (Field.Note) nor the sources of the figures that
// stay; what was cut is one press away behind the More action.
const (
	// CompactTarget is the length, in characters as the console counts
	// them, that a compacted answer aims at.
	CompactTarget = 1500
	// CompactMax is the length no compacted answer exceeds when its
	// mandatory parts (the first item, the sources of what is kept) allow.
	CompactMax = 2500
)

// sizeMessages is the wording compaction adds to a reply.
var sizeMessages = map[string]knowledge.Text{
	// %d: how many items were cut; %s: the More button's label.
	"more_items": {JA: "ほか %d 件は「%s」で表示できます。", EN: "%d more items: press “%s” to see them."},
}

// moreLine says how many items are behind the More action.
func moreLine(l knowledge.Locale, n int) string {
	return format(sizeMessages, l, "more_items", n, Label(l, LabelMore))
}

// ActionValue is what a More or suggestion button carries: the locale and
// the command line to run ("en:salary go"), so that a press runs the same
// question in the language it was answered in. line may start with a slash.
func ActionValue(l knowledge.Locale, line string) string {
	line = strings.TrimSpace(line)
	line = strings.TrimPrefix(strings.TrimPrefix(line, "/"), "／")
	return string(l) + ":" + line
}

// ActionRequest is the request a More or suggestion button's value runs,
// on behalf of base's asker (platform, user, rights): its command, args
// and locale come from the value, and full asks for the whole answer. It
// reports false for a value that names no command.
func ActionRequest(base Request, value string, full bool) (Request, bool) {
	loc, line, ok := strings.Cut(value, ":")
	l, known := knowledge.ParseLocale(loc)
	if !ok || !known {
		line = value
	} else {
		base.Locale = l
	}
	cmd, args := ParseLine(line)
	if cmd == "" {
		return base, false
	}
	base.Command, base.Args, base.Full = cmd, args, full
	return base, true
}

// compact sizes rep for a chat window (see CompactTarget): it adds a first
// line that states the answer when the reply has none, and cuts whole
// items while the reply is too long. When it cut anything, the reply ends
// with a line saying how many items were cut and carries an ActionMore
// whose value re-runs the request (ActionValue).
func compact(rep Reply) Reply {
	lead := leadLine(rep)
	if lead != "" {
		rep.Paragraphs = append([]string{lead}, rep.Paragraphs...)
	}
	if consoleLen(rep) <= CompactTarget {
		return rep
	}
	s := newSizer(rep, lead != "")
	s.shrink()
	out := s.build()
	cut := s.cut
	for i, c := range rep.Sources {
		// A source left out counts once, shortened first or not.
		if !slices.ContainsFunc(out.Sources, func(k Citation) bool { return k.Name == c.Name }) && s.srcNote[i] == c.Note {
			cut++
		}
	}
	if cut == 0 {
		return rep
	}
	out.Notes = append(out.Notes, moreLine(rep.Locale, cut))
	// A command that already offers More (/market's top five) keeps its
	// own button: both re-run the question in full.
	if !slices.ContainsFunc(out.Actions, func(a Action) bool { return a.Kind == ActionMore }) {
		out.Actions = append(out.Actions, Action{Kind: ActionMore, Label: Label(rep.Locale, LabelMore), Value: ActionValue(rep.Locale, rep.Command+" "+rep.Args)})
	}
	return out
}

// leadLine is a first line for the reply, derived from its first field:
// the figure with its unit, kind, year and a short source name, and its
// short caveat. It is ""
// when the field is not a figure (a value "figure · kind · [year ·]
// source"), or the first paragraph already gives it.
func leadLine(rep Reply) string {
	if !rep.OK() || len(rep.Fields) == 0 {
		return ""
	}
	f := rep.Fields[0]
	line, _, _ := strings.Cut(f.Value, "\n")
	segs := strings.Split(line, " · ")
	if len(segs) < 3 || strings.HasPrefix(line, "•") || !strings.ContainsFunc(segs[0], unicode.IsDigit) {
		return ""
	}
	if len(rep.Paragraphs) > 0 && strings.Contains(rep.Paragraphs[0], segs[0]) {
		return ""
	}
	parts := []string{segs[1]}
	rest := segs[2:]
	if y := rest[0]; len(y) == 4 && strings.IndexFunc(y, func(r rune) bool { return r < '0' || r > '9' }) < 0 {
		parts = append(parts, y)
		rest = rest[1:]
	}
	if len(rest) > 0 {
		src := rest[0]
		for _, c := range rep.Sources {
			if c.Name != "" && c.Short != "" && strings.Contains(line, c.Name) {
				src = c.Short
				break
			}
		}
		parts = append(parts, src)
		parts = append(parts, rest[1:]...)
	}
	text := f.Label + ": " + segs[0]
	if rep.Locale == knowledge.EN {
		text += " (" + strings.Join(parts, ", ") + ")"
	} else {
		text += "（" + strings.Join(parts, "、") + "）"
	}
	if n := strings.TrimSpace(f.Note); n != "" {
		text += " — " + n
	}
	return text
}

// unitKind says where an item of a reply sits.
type unitKind int

const (
	unitPara  unitKind = iota // a paragraph, or one bullet of a bulleted paragraph
	unitField                 // a field, or one bullet of a bulleted field value
	unitRow                   // a table row
	unitNote                  // one of the reply's notes
)

// unit is one item compaction may cut whole.
type unit struct {
	kind   unitKind
	i      int    // paragraph, field, row or note index
	text   string // the item's text (a bullet with its continuation lines)
	refs   uint64 // the sources (bit i: Sources[i]) whose name it mentions
	kept   bool
	pinned bool // the reply's first item: never cut
	chars  int  // runes in text
	lines  int  // as lines of a multi-line field value: Σ ("  " + line + "\n")
	multi  bool // text has more than one line
}

// sizer cuts a reply's items until it fits. It counts the characters the
// console would show from numbers worked out once, so that trying a cut
// costs a sum, not a rendering (compaction runs on every answer).
type sizer struct {
	rep     Reply
	units   []unit
	linked  uint64   // sources some item mentions; the others always stay
	srcNote []string // the sources' notes, perhaps shortened
	rows    [][]string
	cut     int // items cut, and source notes and table cells shortened

	fixed     int   // title, status, suggestions, "shared by"
	fieldHead []int // per field: its label's runes
	fieldNote []int // per field: its note line
	notesHead int   // the More line
	srcHead   int   // the sources' heading
	moreBase  int   // the More line's runes, but for the count's digits
	srcCost   []int // per source: its line
	cellChars [][]int
	cellWidth [][]int
}

// splitBullets splits a bulleted text ("• a\n  more\n• b") into its
// bullets, each with its continuation lines; a text that does not start
// with a bullet is one item.
func splitBullets(s string) []string {
	if !strings.HasPrefix(s, "•") || !strings.Contains(s, "\n") {
		return []string{s}
	}
	var out []string
	for _, line := range strings.Split(s, "\n") {
		if strings.HasPrefix(line, "•") || len(out) == 0 {
			out = append(out, line)
		} else {
			out[len(out)-1] += "\n" + line
		}
	}
	return out
}

// newSizer lists rep's items. lead says that rep's first paragraph was
// derived from its first field (leadLine), so it names that field's source.
func newSizer(rep Reply, lead bool) *sizer {
	rc := utf8.RuneCountInString
	s := &sizer{rep: rep}
	refs := func(text string) uint64 {
		var r uint64
		for j, c := range rep.Sources {
			if j < 64 && c.Name != "" && strings.Contains(text, c.Name) {
				r |= 1 << j
			}
		}
		return r
	}
	add := func(k unitKind, i int, text string, extra uint64) {
		u := unit{kind: k, i: i, text: text, kept: true, chars: rc(text), multi: strings.Contains(text, "\n")}
		if k == unitField {
			for _, l := range strings.Split(text, "\n") {
				u.lines += len("  ") + rc(l) + 1
			}
		}
		u.refs = refs(text) | extra
		s.linked |= u.refs
		s.units = append(s.units, u)
	}
	for i, p := range rep.Paragraphs {
		for _, b := range splitBullets(p) {
			add(unitPara, i, b, 0)
		}
	}
	for i, f := range rep.Fields {
		extra := refs(f.Label) | refs(f.Note)
		for _, b := range splitBullets(f.Value) {
			add(unitField, i, b, extra)
		}
		s.fieldHead = append(s.fieldHead, rc(f.Label))
		n := 0
		if note := strings.TrimSpace(f.Note); note != "" {
			n = len("  * ") + rc(strings.Join(strings.Fields(note), " ")) + 1
		}
		s.fieldNote = append(s.fieldNote, n)
	}
	if rep.Table != nil {
		s.rows = slices.Clone(rep.Table.Rows)
		for i, row := range rep.Table.Rows {
			add(unitRow, i, strings.Join(row, "\n"), 0)
		}
		s.measureCells()
	}
	for i, n := range rep.Notes {
		add(unitNote, i, n, 0)
	}
	// The first item answers the question: it always stays, and so does
	// the source its first line names in short form (see leadLine).
	for k := range s.units {
		if s.units[k].kind != unitNote {
			s.units[k].pinned = true
			if lead {
				s.units[k].refs |= s.fieldRefs(0)
			}
			break
		}
	}
	s.srcNote = make([]string, len(rep.Sources))
	s.srcCost = make([]int, len(rep.Sources))
	for i, c := range rep.Sources {
		s.srcNote[i] = c.Note
		s.costSource(i)
	}
	fixed := rep
	fixed.Paragraphs, fixed.Fields, fixed.Table, fixed.Notes, fixed.Sources = nil, nil, nil, nil, nil
	s.fixed = consoleLen(fixed)
	s.srcHead = 1 + rc(Label(rep.Locale, LabelSources)) + len(":\n")
	s.moreBase = rc(moreLine(rep.Locale, 0)) - 1
	return s
}

// measureCells counts the runes and display width of every table cell.
func (s *sizer) measureCells() {
	s.cellChars, s.cellWidth = nil, nil
	for _, row := range append([][]string{s.rep.Table.Columns}, s.rows...) {
		cs, ws := make([]int, len(row)), make([]int, len(row))
		for i, c := range row {
			cs[i], ws[i] = utf8.RuneCountInString(c), DisplayWidth(c)
		}
		s.cellChars, s.cellWidth = append(s.cellChars, cs), append(s.cellWidth, ws)
	}
}

// costSource is source i's line with its note as it now stands.
func (s *sizer) costSource(i int) {
	c := s.rep.Sources[i]
	n := len("  - ") + utf8.RuneCountInString(c.Name) + 1
	if c.Year != 0 {
		n += len(" ()") + len(strconv.Itoa(c.Year))
	}
	if note := s.srcNote[i]; note != "" {
		n += 3 + utf8.RuneCountInString(note) // " — "
	}
	s.srcCost[i] = n
}

// fieldRefs are the sources field i mentions.
func (s *sizer) fieldRefs(i int) uint64 {
	var refs uint64
	for _, u := range s.units {
		if u.kind == unitField && u.i == i {
			refs |= u.refs
		}
	}
	return refs
}

// shrink cuts items, the least needed first, until the reply fits the
// target or nothing more may go: the notes (long caveats; each figure
// keeps its short one), then the sources' notes down to their first
// sentence, then the sources' notes, then table rows, fields and
// paragraphs from the end.
func (s *sizer) shrink() {
	for k := len(s.units) - 1; k >= 0 && s.length() > CompactTarget; k-- {
		if s.units[k].kind == unitNote {
			s.drop(k)
		}
	}
	for i := len(s.srcNote) - 1; i >= 0 && s.length() > CompactTarget; i-- {
		n := s.srcNote[i]
		short := leadWithin(n, 80, s.rep.Locale)
		if s.rep.Locale == knowledge.EN {
			short = leadWithin(n, 150, s.rep.Locale)
		}
		if short != n {
			s.srcNote[i] = short
			s.costSource(i)
			s.cut++
		}
	}
	// A figure matters more than what its source is: source notes go
	// whole before any row, field or paragraph (More shows them).
	for i := len(s.srcNote) - 1; i >= 0 && s.length() > CompactTarget; i-- {
		if s.srcNote[i] != "" {
			if s.srcNote[i] == s.rep.Sources[i].Note {
				s.cut++ // one item less; a shortened note was counted already
			}
			s.srcNote[i] = ""
			s.costSource(i)
		}
	}
	for k := len(s.units) - 1; k >= 0 && s.length() > CompactTarget; k-- {
		if s.units[k].kind != unitNote && !s.units[k].pinned {
			s.drop(k)
		}
	}
}

// leadWithin is leadSentences(text, n, l), reading no more of text than
// the n runes (and two more, to see where a sentence ends) it may keep.
func leadWithin(text string, n int, l knowledge.Locale) string {
	end, count := len(text), 0
	for i := range text {
		if count == n+2 {
			end = i
			break
		}
		count++
	}
	if end == len(text) {
		return leadSentences(text, n, l)
	}
	ss := sentences(text[:end])
	// The last sentence of a cut text may be cut too: never keep it.
	return leadSentences(joinSentences(ss[:max(len(ss)-1, 0)], l), n, l)
}

func (s *sizer) drop(k int) {
	s.units[k].kept = false
	s.cut++
}

// keptSources is the set of sources that stay: those a kept item names,
// and those no item names (nothing says which figure they belong to).
func (s *sizer) keptSources() uint64 {
	keep := ^s.linked
	for _, u := range s.units {
		if u.kept {
			keep |= u.refs
		}
	}
	return keep
}

// length is consoleLen of build, with the line saying how many items were
// cut, counted from the numbers newSizer worked out.
func (s *sizer) length() int {
	n := s.fixed
	var rows []int
	fields, notes := 0, 0
	for k := 0; k < len(s.units); k++ {
		u := s.units[k]
		switch {
		case u.kind == unitField:
			// A field's units are consecutive: count them together.
			kept, single, lines := 0, 0, 0
			for ; k < len(s.units) && s.units[k].kind == unitField && s.units[k].i == u.i; k++ {
				if x := s.units[k]; x.kept {
					kept++
					single, lines = x.chars, lines+x.lines
					if x.multi {
						kept++
					}
				}
			}
			k--
			switch {
			case kept == 1:
				n += s.fieldHead[u.i] + len(": ") + single + 1 + s.fieldNote[u.i]
				fields++
			case kept > 1:
				n += s.fieldHead[u.i] + len(":\n") + lines + s.fieldNote[u.i]
				fields++
			}
		case !u.kept:
		case u.kind == unitPara:
			n += u.chars + 1
		case u.kind == unitRow:
			rows = append(rows, u.i+1) // cellChars[0] is the header
		case u.kind == unitNote:
			n += u.chars + len("* \n")
			notes++
		}
	}
	if fields > 0 {
		n++
	}
	if len(rows) > 0 || (s.rep.Table != nil && len(s.rep.Table.Rows) == 0) {
		n += 1 + s.tableLen(rows)
	}
	n += 1 + s.moreBase + len(strconv.Itoa(max(s.cut, 1))) + len("* \n")
	keep := ^s.linked
	for _, u := range s.units {
		if u.kept {
			keep |= u.refs
		}
	}
	srcs := 0
	for i := range s.rep.Sources {
		if i >= 64 || keep&(1<<i) != 0 {
			n += s.srcCost[i]
			srcs++
		}
	}
	if srcs > 0 {
		n += s.srcHead
	}
	return n
}

// tableLen is tableLen of the header and the given rows (indexes into
// cellChars), from the measured cells.
func (s *sizer) tableLen(rows []int) int {
	rows = append([]int{0}, rows...)
	ncol := len(s.rep.Table.Columns)
	widths := make([]int, ncol)
	for _, r := range rows {
		for i := 0; i < len(s.cellWidth[r]) && i < ncol; i++ {
			widths[i] = max(widths[i], s.cellWidth[r][i])
		}
	}
	n := 0
	for k, r := range rows {
		for i := range widths {
			if i > 0 {
				n += len(" | ")
			}
			chars, width := 0, 0
			if i < len(s.cellChars[r]) {
				chars, width = s.cellChars[r][i], s.cellWidth[r][i]
			}
			n += chars
			if i < ncol-1 {
				n += widths[i] - width
			}
		}
		n++
		if k == 0 {
			n += 3*max(ncol-1, 0) + 1
			for _, w := range widths {
				n += w
			}
		}
	}
	return n
}

// build is the reply with the items cut so far left out. Sources that only
// cut items named are left out as well.
func (s *sizer) build() Reply {
	r := s.rep
	r.Paragraphs, r.Fields, r.Notes, r.Sources = nil, nil, nil, nil
	paras := map[int][]string{}
	fields := map[int][]string{}
	var rows [][]string
	for _, u := range s.units {
		if !u.kept {
			continue
		}
		switch u.kind {
		case unitPara:
			paras[u.i] = append(paras[u.i], u.text)
		case unitField:
			fields[u.i] = append(fields[u.i], u.text)
		case unitRow:
			rows = append(rows, s.rows[u.i])
		case unitNote:
			r.Notes = append(r.Notes, u.text)
		}
	}
	for i := range s.rep.Paragraphs {
		if p, ok := paras[i]; ok {
			r.Paragraphs = append(r.Paragraphs, strings.Join(p, "\n"))
		}
	}
	for i, f := range s.rep.Fields {
		if v, ok := fields[i]; ok {
			f.Value = strings.Join(v, "\n")
			r.Fields = append(r.Fields, f)
		}
	}
	if s.rep.Table != nil && (len(rows) > 0 || len(s.rep.Table.Rows) == 0) {
		r.Table = &Table{Columns: s.rep.Table.Columns, Rows: rows}
	} else {
		r.Table = nil
	}
	keep := s.keptSources()
	for i, c := range s.rep.Sources {
		if i >= 64 || keep&(1<<i) != 0 {
			c.Note = s.srcNote[i]
			r.Sources = append(r.Sources, c)
		}
	}
	return r
}
