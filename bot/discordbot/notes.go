package discordbot

import (
	"sync"
	"sync/atomic"
)

// noteLines memoises each note as a field line (one line, Discord markdown
// escaped) and its length. Notes are mostly curated caveats that recur
// answer after answer, and preparing them took a third of rendering one.
// Bounded, since a note can quote what someone typed.
var noteLines struct {
	m sync.Map // note → noteLine
	n atomic.Int32
}

const maxNoteLines = 4096

type noteLine struct {
	text  string // markdown(oneLine(note))
	units int    // ulen(text)
}

// noteLineOf is note n as a field line; false when n is blank.
func noteLineOf(n string) (noteLine, bool) {
	if v, ok := noteLines.m.Load(n); ok {
		return v.(noteLine), true
	}
	one := oneLine(n)
	if one == "" {
		return noteLine{}, false
	}
	text := markdown(one)
	l := noteLine{text, ulen(text)}
	if noteLines.n.Load() < maxNoteLines {
		if _, loaded := noteLines.m.LoadOrStore(n, l); !loaded {
			noteLines.n.Add(1)
		}
	}
	return l, true
}
