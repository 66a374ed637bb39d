package handlers

// What the sizer (sizer.go) counts: each kept item's cost in console
// characters, the sources' short notes, and the reply's length from the
// running totals.

import (
	"slices"
	"strconv"
	"sync"
	"sync/atomic"

	"careerbot/knowledge"
)

// sourceKept reports whether source i stays: a kept item names it, or no
// item names it (nothing says which figure it belongs to).
func (s *sizer) sourceKept(i int) bool {
	return i >= 64 || s.linked&(1<<i) == 0 || s.srcRefs[i] > 0
}

// costField is field i as now kept: "label: value" when one single-line
// item is left, else the label and the kept lines under it; then its note.
func (s *sizer) costField(i int) int {
	kept, single, lines := 0, 0, 0
	for k := s.fieldFirst[i]; k < s.fieldEnd[i]; k++ {
		if x := &s.units[k]; x.kept {
			kept++
			single, lines = x.chars, lines+x.lines
			if x.multi {
				kept++
			}
		}
	}
	switch {
	case kept == 1:
		return s.fieldHead[i] + len(": ") + single + 1 + s.fieldNote[i]
	case kept > 1:
		return s.fieldHead[i] + len(":\n") + lines + s.fieldNote[i]
	}
	return 0
}

// costTable is the table with the rows now kept; a table cut to no rows
// is left out, a table that had none keeps its header.
func (s *sizer) costTable() {
	s.tableCost = 0
	if s.rep.Table == nil {
		return
	}
	if slices.Contains(s.rowKept, true) || len(s.rep.Table.Rows) == 0 {
		s.tableCost = 1 + s.tableLen()
	}
}

// setSrcNote shortens source i's note to note, keeping the totals.
func (s *sizer) setSrcNote(i int, note string) {
	old := s.srcCost[i]
	s.srcNote[i] = note
	s.costSource(i)
	if s.sourceKept(i) {
		s.srcSum += s.srcCost[i] - old
	}
}

// measureCells counts the runes and display width of every table cell.
func (s *sizer) measureCells() {
	n := len(s.rep.Table.Columns)
	for _, row := range s.rows {
		n += len(row)
	}
	s.cellsBuf = grow(s.cellsBuf, 2*n)
	buf := s.cellsBuf
	s.cellChars, s.cellWidth = s.cellChars[:0], s.cellWidth[:0]
	for r := -1; r < len(s.rows); r++ {
		row := s.rep.Table.Columns
		if r >= 0 {
			row = s.rows[r]
		}
		cs, ws := buf[:len(row):len(row)], buf[len(row):2*len(row):2*len(row)]
		buf = buf[2*len(row):]
		for i, c := range row {
			cs[i], ws[i] = runeLen(c), DisplayWidth(c)
		}
		s.cellChars, s.cellWidth = append(s.cellChars, cs), append(s.cellWidth, ws)
	}
}

// costSource is source i's line with its note as it now stands.
func (s *sizer) costSource(i int) {
	c := s.rep.Sources[i]
	n := len("  - ") + runeLen(c.Name) + 1
	if c.Year != 0 {
		n += len(" ()") + len(strconv.Itoa(c.Year))
	}
	if note := s.srcNote[i]; note != "" {
		n += 3 + runeLen(note) // " — "
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

// shortNotes memoises shortNote: the sources' notes are a few curated
// texts, shortened again for every answer that is cut. Bounded, so that
// imports over a long run cannot grow it without end.
var shortNotes struct {
	m sync.Map // shortKey → string
	n atomic.Int32
}

type shortKey struct {
	text string
	l    knowledge.Locale
}

// shortNote is a source's note cut to its lead sentences: 80 characters in
// Japanese, 150 in English.
func shortNote(text string, l knowledge.Locale) string {
	k := shortKey{text, l}
	if v, ok := shortNotes.m.Load(k); ok {
		return v.(string)
	}
	n := 80
	if l == knowledge.EN {
		n = 150
	}
	short := leadWithin(text, n, l)
	if shortNotes.n.Add(1) > 1024 {
		shortNotes.m.Clear()
		shortNotes.n.Store(1)
	}
	shortNotes.m.Store(k, short)
	return short
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
// cut, summed from the running totals.
func (s *sizer) length() int {
	n := s.fixed + s.paraSum + s.fieldSum + s.tableCost + s.noteSum + s.moreLen() + s.srcSum
	if s.fieldsKept > 0 {
		n++
	}
	if s.srcsKept > 0 {
		n += s.srcHead
	}
	return n
}

// moreLen is the notes' blank line and the line saying how many items
// were cut.
func (s *sizer) moreLen() int {
	return 1 + s.moreBase + len(strconv.Itoa(max(s.cut, 1))) + len("* \n")
}

// tableLen is tableLen of the header and the rows now kept, from the
// measured cells.
func (s *sizer) tableLen() int {
	// Line r of cellChars is the header (0) or row r-1.
	kept := func(r int) bool { return r == 0 || s.rowKept[r-1] }
	ncol := len(s.rep.Table.Columns)
	s.widthsBuf = grow(s.widthsBuf, ncol)
	widths := s.widthsBuf
	for r := range s.cellWidth {
		if !kept(r) {
			continue
		}
		for i := 0; i < len(s.cellWidth[r]) && i < ncol; i++ {
			widths[i] = max(widths[i], s.cellWidth[r][i])
		}
	}
	n := 0
	for r := range s.cellChars {
		if !kept(r) {
			continue
		}
		k := r
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
