package handlers

import (
	"slices"
	"strings"
	"sync"
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
	k := moreKey{l, n}
	if s, ok := moreLines.Load(k); ok {
		return s.(string)
	}
	s := format(sizeMessages, l, "more_items", n, Label(l, LabelMore))
	if n < 256 { // as many items as an answer has: bounded
		moreLines.Store(k, s)
	}
	return s
}

// moreLines memoises moreLine: every answer that is cut words it twice.
var moreLines sync.Map // moreKey → string

type moreKey struct {
	l knowledge.Locale
	n int
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
	// Most answers fit: counting them is cheaper than listing their items.
	// One that is surely too long (four bytes a character at most) goes
	// straight to the sizer, which counts it anyway.
	fixed := fixedLen(rep)
	if fixed+itemsBytes(rep)/utf8.UTFMax <= CompactTarget && fixed+itemsLen(rep) <= CompactTarget {
		return rep
	}
	s := newSizer(rep, lead != "", fixed)
	s.shrink()
	out := s.build()
	defer s.release()
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
// short caveat. It is "" when the field is not a figure (a value "figure ·
// kind · [year ·] source"), when the first paragraph already gives it, and
// when there is no paragraph: then the field itself is the first line.
func leadLine(rep Reply) string {
	// With no paragraph, the first field is the first line: it answers.
	if !rep.OK() || len(rep.Fields) == 0 || len(rep.Paragraphs) == 0 {
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
