package handlers

import (
	"slices"
	"strings"
	"sync"
)

// The sizer behind compact (size.go): it lists a reply's items, keeps running
// totals of what the console would show, and cuts whole items until the reply
// fits.

// unitKind says where an item of a reply sits.
type unitKind uint8

const (
	unitPara  unitKind = iota // a paragraph, or one bullet of a bulleted paragraph
	unitField                 // a field, or one bullet of a bulleted field value
	unitRow                   // a table row
	unitNote                  // one of the reply's notes
)

// unit is one item compaction may cut whole.
type unit struct {
	text   string // the item's text (a bullet with its continuation lines)
	refs   uint64 // the sources (bit i: Sources[i]) whose name it mentions
	i      int    // paragraph, field, row or note index
	end    int    // where text ends in its paragraph or field value
	chars  int    // runes in text
	lines  int    // as lines of a multi-line field value: Σ ("  " + line + "\n")
	kind   unitKind
	kept   bool
	pinned bool // the reply's first item: never cut
	multi  bool // text has more than one line
}

// sizer cuts a reply's items until it fits. It counts the characters the
// console would show from numbers worked out once, so that trying a cut
// costs a sum, not a rendering (compaction runs on every answer).
type sizer struct {
	rep  Reply
	lead bool // the first paragraph was derived from the first field
	// shortInName: the sources (bit j) whose short name is part of their
	// whole name, worked out once for refs.
	shortInName uint64
	units       []unit
	linked      uint64   // sources some item mentions; the others always stay
	srcNote     []string // the sources' notes, perhaps shortened
	rows        [][]string
	cut         int // items cut, and source notes and table cells shortened

	fixed     int     // title, status, suggestions, "shared by"
	fieldHead []int   // per field: its label's runes
	fieldNote []int   // per field: its note line
	notesHead int     // the More line
	srcHead   int     // the sources' heading
	moreBase  int     // the More line's runes, but for the count's digits
	srcCost   []int   // per source: its line
	cellChars [][]int // per table line (the header first): its cells' runes
	cellWidth [][]int // and display widths
	cellsBuf  []int   // backing for both
	widthsBuf []int   // tableLen's column widths

	// Running totals of what is kept, updated by drop and setSrcNote, so
	// that length is a sum: shrink asks for it after every cut.
	paraSum, noteSum     int
	fieldFirst, fieldEnd []int // per field: its units, units[first:end] (a field's are together)
	fieldCost            []int // per field: its lines as now kept, 0 when all cut
	fieldSum, fieldsKept int
	rowKept              []bool
	tableCost            int   // the table and the blank line before it; 0 when cut
	srcRefs              []int // per source (< 64): kept items naming it
	srcSum, srcsKept     int
}

// bullets yields the bullets of a bulleted text ("• a\n  more\n• b"),
// each with its continuation lines, as slices of s with the offset where
// each ends; a text that does not start with a bullet is one item.
func bullets(s string, yield func(b string, end int)) {
	if !strings.HasPrefix(s, "•") {
		yield(s, len(s))
		return
	}
	start := 0
	for i := 0; ; {
		j := strings.IndexByte(s[i:], '\n')
		if j < 0 {
			yield(s[start:], len(s))
			return
		}
		i += j + 1
		if strings.HasPrefix(s[i:], "•") {
			yield(s[start:i-1], i-1)
			start = i
		}
	}
}

// countBullets is how many items bullets yields for s.
func countBullets(s string) int {
	if !strings.HasPrefix(s, "•") {
		return 1
	}
	return 1 + strings.Count(s, "\n•")
}

// newSizer lists rep's items and counts what the console would show of
// rep (length); fixed is fixedLen(rep). lead says that rep's first paragraph was derived from its
// first field (leadLine), so it names that field's source. Which sources
// each item names is worked out only when something must be cut (link).
func newSizer(rep Reply, lead bool, fixed int) *sizer {
	rc := runeLen
	s := sizers.Get().(*sizer)
	s.reset()
	s.rep, s.lead = rep, lead
	n := len(rep.Notes)
	for _, p := range rep.Paragraphs {
		n += countBullets(p)
	}
	for _, f := range rep.Fields {
		n += countBullets(f.Value)
	}
	if rep.Table != nil {
		n += len(rep.Table.Rows)
	}
	s.units = slices.Grow(s.units[:0], n)
	s.fieldHead = slices.Grow(s.fieldHead[:0], len(rep.Fields))
	s.fieldNote = slices.Grow(s.fieldNote[:0], len(rep.Fields))
	add := func(k unitKind, i int, text string, end int) {
		u := unit{kind: k, i: i, text: text, end: end, kept: true}
		if k != unitRow {
			u.chars = rc(text)
		}
		newlines := strings.Count(text, "\n")
		u.multi = newlines > 0
		if k == unitField {
			u.lines = (newlines+1)*len("  \n") + u.chars - newlines
		}
		s.units = append(s.units, u)
	}
	for i, p := range rep.Paragraphs {
		bullets(p, func(b string, end int) { add(unitPara, i, b, end) })
	}
	for i, f := range rep.Fields {
		bullets(f.Value, func(b string, end int) { add(unitField, i, b, end) })
		s.fieldHead = append(s.fieldHead, rc(f.Label))
		n := 0
		if note := strings.TrimSpace(f.Note); note != "" {
			n = len("  * ") + foldedLen(note) + 1
		}
		s.fieldNote = append(s.fieldNote, n)
	}
	if rep.Table != nil {
		s.rows = rep.Table.Rows
		// A row is cut whole and costed by tableLen.
		for i := range rep.Table.Rows {
			add(unitRow, i, "", 0)
		}
		s.measureCells()
	}
	for i, n := range rep.Notes {
		add(unitNote, i, n, len(n))
	}
	// The first item answers the question: it always stays.
	for k := range s.units {
		if s.units[k].kind != unitNote {
			s.units[k].pinned = true
			break
		}
	}
	s.srcNote = grow(s.srcNote, len(rep.Sources))
	s.srcCost = grow(s.srcCost, len(rep.Sources))
	for i, c := range rep.Sources {
		s.srcNote[i] = c.Note
		s.costSource(i)
	}
	s.srcHead = 1 + rc(Label(rep.Locale, LabelSources)) + len(":\n")
	s.moreBase = rc(moreLine(rep.Locale, 0)) - 1
	s.totals()
	s.fixed = fixed
	return s
}

// sizers holds sizers between answers: a long answer's sizer has a few
// kilobytes of items, counts and cells, and compaction runs on every answer.
var sizers = sync.Pool{New: func() any { return new(sizer) }}

// reset empties s for another reply, keeping its slices' room.
func (s *sizer) reset() {
	clear(s.units[:cap(s.units)]) // they hold the last reply's texts
	clear(s.srcNote[:cap(s.srcNote)])
	*s = sizer{
		units: s.units[:0], srcNote: s.srcNote[:0], srcCost: s.srcCost[:0],
		fieldHead: s.fieldHead[:0], fieldNote: s.fieldNote[:0],
		cellChars: s.cellChars[:0], cellWidth: s.cellWidth[:0], cellsBuf: s.cellsBuf[:0], widthsBuf: s.widthsBuf[:0],
		fieldFirst: s.fieldFirst[:0], fieldEnd: s.fieldEnd[:0], fieldCost: s.fieldCost[:0],
		rowKept: s.rowKept[:0], srcRefs: s.srcRefs[:0],
	}
}

// release returns s to the pool; nothing it holds may be used after.
func (s *sizer) release() {
	s.reset()
	sizers.Put(s)
}

// grow is x resized to n zero values, reusing its room.
func grow[T any](x []T, n int) []T {
	if cap(x) < n {
		return make([]T, n)
	}
	x = x[:n]
	clear(x)
	return x
}

// full is consoleLen of the reply as given: every item kept, no More line.
func (s *sizer) full() int {
	n := s.length() - s.moreLen()
	if len(s.rep.Notes) > 0 {
		n++ // the notes' blank line, counted in moreLen
	}
	return n
}

// link works out which sources each item (but the notes: see noteRefs)
// names, before anything is cut: a source stays while a kept item names
// it. The first item also keeps the source its first line names in short
// form (see leadLine).
func (s *sizer) link() {
	// A source a whole paragraph or field value does not name, none of
	// its bullets names: each text is searched for the sources it has.
	for j, c := range s.rep.Sources {
		if j < 64 && c.Short != "" && strings.Contains(c.Name, c.Short) {
			s.shortInName |= 1 << j
		}
	}
	kind, item := unitKind(255), -1
	var among, extra uint64
	whole := 0 // the length of the paragraph or field value being read
	for k := range s.units {
		u := &s.units[k]
		if u.kind != kind || u.i != item {
			kind, item, extra = u.kind, u.i, 0
			switch u.kind {
			case unitPara:
				among = s.refsAmong(s.rep.Paragraphs[u.i], ^uint64(0))
				whole = len(s.rep.Paragraphs[u.i])
			case unitField:
				f := s.rep.Fields[u.i]
				among = s.refsAmong(f.Value, ^uint64(0))
				whole = len(f.Value)
				extra = s.refs(f.Label)
				if f.Note != "" {
					extra |= s.refs(f.Note)
				}
			}
		}
		switch u.kind {
		case unitNote:
			continue
		case unitRow:
			for _, c := range s.rows[u.i] {
				u.refs |= s.refs(c)
			}
		default:
			if len(u.text) == whole {
				u.refs = among | extra // the item is the whole text, read just now
			} else {
				u.refs = s.refsAmong(u.text, among) | extra
			}
		}
		s.linked |= u.refs
	}
	if s.lead {
		for k := range s.units {
			if s.units[k].pinned {
				s.units[k].refs |= s.fieldRefs(0)
				break
			}
		}
	}
	for _, u := range s.units {
		for j := range s.srcRefs {
			if j < 64 && u.refs&(1<<j) != 0 {
				s.srcRefs[j]++
			}
		}
	}
}

// totals works out the running totals with every item kept.
func (s *sizer) totals() {
	nf := len(s.rep.Fields)
	s.fieldFirst, s.fieldEnd = grow(s.fieldFirst, nf), grow(s.fieldEnd, nf)
	s.fieldCost = grow(s.fieldCost, nf)
	s.srcRefs = grow(s.srcRefs, len(s.rep.Sources))
	if s.rep.Table != nil {
		s.rowKept = grow(s.rowKept, len(s.rep.Table.Rows))
	}
	for k, u := range s.units {
		switch u.kind {
		case unitPara:
			s.paraSum += u.chars + 1
		case unitNote:
			s.noteSum += u.chars + len("* \n")
		case unitField:
			if s.fieldEnd[u.i] == 0 {
				s.fieldFirst[u.i] = k
			}
			s.fieldEnd[u.i] = k + 1
		case unitRow:
			s.rowKept[u.i] = true
		}
	}
	for i := range s.fieldCost {
		s.fieldCost[i] = s.costField(i)
		s.fieldSum += s.fieldCost[i]
		if s.fieldCost[i] > 0 {
			s.fieldsKept++
		}
	}
	s.costTable()
	for i := range s.rep.Sources {
		if s.sourceKept(i) {
			s.srcSum += s.srcCost[i]
			s.srcsKept++
		}
	}
}

// refs is the set of sources (bit j: Sources[j]) text names, in full or in
// short form; a short name two sources share names both.
func (s *sizer) refs(text string) uint64 { return s.refsAmong(text, ^uint64(0)) }

// refsAmong is refs(text) looking only for the sources in among.
func (s *sizer) refsAmong(text string, among uint64) uint64 {
	var r uint64
	for j, c := range s.rep.Sources {
		if j >= 64 {
			break
		}
		if among&(1<<j) == 0 {
			continue
		}
		switch {
		case c.Short != "" && strings.Contains(text, c.Short):
			r |= 1 << j
		case c.Name == "":
		case s.shortInName&(1<<j) != 0:
			// Most short names are part of the whole name ("PR TIMES"):
			// a text without the short name cannot hold the whole one.
		case strings.Contains(text, c.Name):
			r |= 1 << j
		}
	}
	return r
}

// noteRefs links the kept notes to the sources they name. A source only a
// kept note names was counted as named by no item, so it stays either way.
func (s *sizer) noteRefs() {
	for k := range s.units {
		u := &s.units[k]
		if u.kind != unitNote || !u.kept {
			continue
		}
		u.refs = s.refs(u.text)
		for j := range s.srcRefs {
			if j < 64 && u.refs&s.linked&(1<<j) != 0 {
				s.srcRefs[j]++
			}
		}
	}
}

// shrink cuts items, the least needed first, until the reply fits the
// target or nothing more may go: the notes (long caveats; each figure
// keeps its short one), then the sources' notes down to their first
// sentence, then the sources' notes, then table rows, fields and
// paragraphs from the end.
func (s *sizer) shrink() {
	s.link()
	for k := len(s.units) - 1; k >= 0 && s.length() > CompactTarget; k-- {
		if s.units[k].kind == unitNote {
			s.drop(k)
		}
	}
	s.noteRefs()
	for i := len(s.srcNote) - 1; i >= 0 && s.length() > CompactTarget; i-- {
		n := s.srcNote[i]
		short := shortNote(n, s.rep.Locale)
		if short != n {
			s.setSrcNote(i, short)
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
			s.setSrcNote(i, "")
		}
	}
	for k := len(s.units) - 1; k >= 0 && s.length() > CompactTarget; k-- {
		if s.units[k].kind != unitNote && !s.units[k].pinned {
			s.drop(k)
		}
	}
}

func (s *sizer) drop(k int) {
	u := &s.units[k]
	if !u.kept {
		return
	}
	u.kept = false
	s.cut++
	switch u.kind {
	case unitPara:
		s.paraSum -= u.chars + 1
	case unitNote:
		s.noteSum -= u.chars + len("* \n")
	case unitRow:
		s.rowKept[u.i] = false
		s.costTable()
	case unitField:
		old := s.fieldCost[u.i]
		s.fieldCost[u.i] = s.costField(u.i)
		s.fieldSum += s.fieldCost[u.i] - old
		if old > 0 && s.fieldCost[u.i] == 0 {
			s.fieldsKept--
		}
	}
	for j := range s.srcRefs {
		if j < 64 && u.refs&(1<<j) != 0 {
			if s.srcRefs[j]--; s.srcRefs[j] == 0 {
				s.srcSum -= s.srcCost[j]
				s.srcsKept--
			}
		}
	}
}

// keptText is the text of the kept items among units[k:j], which make up
// one paragraph or field value; false when none is kept.
func (s *sizer) keptText(k, j int) (string, bool) {
	u := s.units[k]
	whole := func() string {
		if u.kind == unitField {
			return s.rep.Fields[u.i].Value
		}
		return s.rep.Paragraphs[u.i]
	}
	last, prefix := -1, true
	for x := k; x < j; x++ {
		if s.units[x].kept {
			if last != x-1 {
				prefix = false
			}
			last = x
		}
	}
	switch {
	case last < 0:
		return "", false
	case prefix:
		return whole()[:s.units[last].end], true
	}
	parts := make([]string, 0, j-k)
	for x := k; x < j; x++ {
		if s.units[x].kept {
			parts = append(parts, s.units[x].text)
		}
	}
	return strings.Join(parts, "\n"), true
}

// build is the reply with the items cut so far left out. Sources that only
// cut items named are left out as well.
func (s *sizer) build() Reply {
	r := s.rep
	r.Paragraphs, r.Notes = nil, nil
	r.Fields = make([]Field, 0, s.fieldsKept)
	r.Sources = make([]Citation, 0, s.srcsKept)
	var rows [][]string
	// Each paragraph and field value is rebuilt from its kept items: when
	// they are its first ones in order (items are cut from the end), the
	// text is a prefix of the original and needs no copy.
	for k := 0; k < len(s.units); {
		u := s.units[k]
		switch u.kind {
		case unitRow:
			if u.kept {
				rows = append(rows, s.rows[u.i])
			}
			k++
			continue
		case unitNote:
			if u.kept {
				r.Notes = append(r.Notes, u.text)
			}
			k++
			continue
		}
		j := k
		for j < len(s.units) && s.units[j].kind == u.kind && s.units[j].i == u.i {
			j++
		}
		if text, ok := s.keptText(k, j); ok {
			if u.kind == unitPara {
				r.Paragraphs = append(r.Paragraphs, text)
			} else {
				f := s.rep.Fields[u.i]
				f.Value = text
				r.Fields = append(r.Fields, f)
			}
		}
		k = j
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
