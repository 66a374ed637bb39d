package chattext

import (
	"sync"
	"sync/atomic"
)

// MaxLines bounds a Lines memo: notes are mostly curated caveats, but one
// can quote what someone typed.
const MaxLines = 4096

// Lines memoises notes as a platform writes them: one line, escaped, after
// a prefix, with the length in units. Notes recur answer after answer, and
// preparing them took a fifth to a third of rendering one.
type Lines struct {
	prefix string
	esc    func(string) string
	m      sync.Map // note → Line
	n      atomic.Int32
}

// Line is a prepared note.
type Line struct {
	Text  string // prefix + esc(OneLine(note))
	Units int    // Len(Text)
}

// NewLines prepares notes as prefix + esc(OneLine(note)).
func NewLines(prefix string, esc func(string) string) *Lines {
	return &Lines{prefix: prefix, esc: esc}
}

// Of is note prepared; false when it is blank.
func (ls *Lines) Of(note string) (Line, bool) {
	if v, ok := ls.m.Load(note); ok {
		return v.(Line), true
	}
	one := OneLine(note)
	if one == "" {
		return Line{}, false
	}
	text := ls.prefix + ls.esc(one)
	l := Line{text, Len(text)}
	if ls.n.Load() < MaxLines {
		if _, loaded := ls.m.LoadOrStore(note, l); !loaded {
			ls.n.Add(1)
		}
	}
	return l, true
}

// Len is how many notes are memoised.
func (ls *Lines) Len() int { return int(ls.n.Load()) }
