package handlers

import (
	"context"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"unicode"
	"unicode/utf8"

	"careerbot/knowledge"
)

// MaxArgRunes bounds the argument text of any command.
const MaxArgRunes = 500

// maxEcho bounds how much of a user's text a reply repeats.
const maxEcho = 60

// DigestService answers the /digest command. The digest package provides it;
// without one, /digest says it is unavailable.
type DigestService interface {
	HandleDigest(ctx context.Context, req Request) Reply
}

// Options configure a Router.
type Options struct {
	DefaultLocale knowledge.Locale // ja when empty
	Digest        DigestService
	Logger        *slog.Logger
	Gaps          GapRecorder // hears questions with no answer; may be nil
}

// Router answers commands from the knowledge base.
type Router struct {
	kb   knowledge.KB
	opts Options
	log  *slog.Logger
	cmds map[string]command
	idx  atomic.Pointer[topicIndex]
	lf   atomic.Pointer[listingFolds] // jobs.go: the listings' folded text, per version
}

// command answers one command for a request whose locale and topic index
// are resolved in v.
type command func(ctx context.Context, v view, req Request) (Reply, error)

// topicIndex is what the router derives from the knowledge base's topics
// and sources. It is rebuilt when the store hands out a new version's lists
// (after an import), so new topics are matched without a restart.
type topicIndex struct {
	topics       []knowledge.Topic // as the store returned them: identity marks the version
	srcs         []knowledge.Source
	arts         []knowledge.Article
	matcher      *knowledge.Matcher
	sources      map[string]knowledge.Source
	articles     map[string]knowledge.Article
	salaryTopics []knowledge.Topic // the topics /salary accepts, listed once
	parser       *knowledge.QueryParser
	// notes memoises noteLine: the notes are curated, and long answers
	// carry many of them, so building each line once per version spares
	// the garbage collector. Bounded by the knowledge base itself.
	notes  sync.Map // noteKey → string
	values sync.Map // valueKey → string (figureValue)
	// lists memoises bullets: skill groups, actions and group names are
	// joined into the same lines on every answer that shows them. Keyed
	// by the curated slice itself (its first element and length), which
	// the knowledge version never changes; listsN bounds it should one
	// index outlive many versions.
	lists  sync.Map // listKey[T] → string; listKey[Listing] → Field
	listsN atomic.Int32
}

// listKey names a curated list (by its first element and length) in one
// locale.
type listKey[T any] struct {
	first *T
	n     int
	l     knowledge.Locale
}

// listText is build's text for a curated list, memoised (lists).
func listText[T any](ix *topicIndex, l knowledge.Locale, items []T, build func() string) string {
	if len(items) == 0 {
		return build()
	}
	return memo(ix, listKey[T]{&items[0], len(items), l}, build)
}

// joinKey is a label made of two curated texts (joined).
type joinKey struct{ a, sep, b string }

// joined is a + sep + b for curated a and b (a topic's name and a figure's
// label), made once per version: a comparison that cannot line its figures
// up labels every one of them so.
func (ix *topicIndex) joined(a, sep, b string) string {
	return memo(ix, joinKey{a, sep, b}, func() string { return a + sep + b })
}

// memo is build's value, kept in the index's lists memo under k (one
// knowledge version's curated data, so bounded); with no index, built.
func memo[V any](ix *topicIndex, k any, build func() V) V {
	if ix == nil {
		return build()
	}
	if v, ok := ix.lists.Load(k); ok {
		return v.(V)
	}
	v := build()
	ix.remember(k, v)
	return v
}

// remember stores v under k in the lists memo, emptying it first when it
// has grown past any one knowledge version's lists.
func (ix *topicIndex) remember(k, v any) {
	if ix.listsN.Add(1) > 4096 {
		ix.lists.Clear()
		ix.listsN.Store(1)
	}
	ix.lists.Store(k, v)
}

type noteKey struct {
	l           knowledge.Locale
	about, note string
}

// noteLine is a fact's note as a reply lists it: "Note (about): note".
func (ix *topicIndex) noteLine(l knowledge.Locale, about, note string) string {
	k := noteKey{l, about, note}
	if s, ok := ix.notes.Load(k); ok {
		return s.(string)
	}
	line := tr(l, "note") + ": " + note
	if about != "" {
		line = tr(l, "note") + " (" + about + "): " + note
	}
	ix.notes.Store(k, line)
	return line
}

func newTopicIndex(topics []knowledge.Topic, srcs []knowledge.Source, arts []knowledge.Article) *topicIndex {
	ix := &topicIndex{topics: topics, srcs: srcs, arts: arts, matcher: knowledge.NewMatcher(topics),
		sources: map[string]knowledge.Source{}, articles: map[string]knowledge.Article{}}
	for _, s := range srcs {
		ix.sources[s.ID] = s
	}
	for _, a := range arts {
		ix.articles[a.ID] = a
	}
	ix.salaryTopics = ix.matcher.Topics(salaryTopicKinds...)
	ix.parser = knowledge.NewQueryParser(ix.matcher, knowledge.QueryOptions{})
	return ix
}

// sameList reports whether two slices are the same backing list (the store
// shares one list per knowledge version).
func sameList[T any](a, b []T) bool {
	return len(a) == len(b) && (len(a) == 0 || &a[0] == &b[0])
}

// ix returns the topic index of the knowledge base's current version. The
// check is three reads of the store's decoded snapshot; on an error the index
// in hand is kept.
func (r *Router) ix() *topicIndex {
	cur := r.idx.Load()
	ctx := context.Background()
	topics, err := r.kb.Topics(ctx)
	if err != nil {
		return cur
	}
	srcs, err := r.kb.Sources(ctx)
	if err != nil {
		return cur
	}
	arts, err := r.kb.Articles(ctx)
	if err != nil {
		return cur
	}
	if cur != nil && sameList(cur.topics, topics) && sameList(cur.srcs, srcs) && sameList(cur.arts, arts) {
		return cur
	}
	ix := newTopicIndex(topics, srcs, arts)
	r.idx.Store(ix)
	return ix
}

// New builds a Router over kb.
func New(ctx context.Context, kb knowledge.KB, opts Options) (*Router, error) {
	if opts.DefaultLocale == "" {
		opts.DefaultLocale = knowledge.JA
	}
	topics, err := kb.Topics(ctx)
	if err != nil {
		return nil, fmt.Errorf("loading topics: %w", err)
	}
	srcs, err := kb.Sources(ctx)
	if err != nil {
		return nil, fmt.Errorf("loading sources: %w", err)
	}
	arts, err := kb.Articles(ctx)
	if err != nil {
		return nil, fmt.Errorf("loading articles: %w", err)
	}
	r := &Router{kb: kb, opts: opts, log: opts.Logger}
	if r.log == nil {
		r.log = slog.Default()
	}
	r.idx.Store(newTopicIndex(topics, srcs, arts))
	r.cmds = map[string]command{
		"salary":     r.salary,
		"compare":    r.compare,
		"path":       r.path,
		"kpi":        r.kpi,
		"skills":     r.skills,
		"market":     r.market,
		"jobs":       r.jobs,
		"ask":        r.ask,
		"careerhelp": r.help,
		"help":       r.help,
	}
	return r, nil
}

// Locale returns the locale a request is answered in: the request's own
// when careerbot speaks it, else the default. Handle calls it once per
// request; everything after works with the result.
func (r *Router) Locale(req Request) knowledge.Locale {
	if l, ok := knowledge.ParseLocale(string(req.Locale)); ok {
		return l
	}
	return r.opts.DefaultLocale
}

// view resolves the per-request wording state for locale l, which must
// already be normalised (Locale).
func (r *Router) view(l knowledge.Locale) view {
	return view{l: l, ix: r.ix()}
}

// Handle answers one command. It never fails: errors become replies with a
// Status, worded for the asker, and internal errors are logged.
func (r *Router) Handle(ctx context.Context, req Request) (reply Reply) {
	l := r.Locale(req)
	req.Locale = l
	cmd := knowledge.Normalize(Clean(req.Command, 40))
	args := strings.TrimSpace(req.Args)
	defer func() {
		if p := recover(); p != nil {
			r.log.Error("command panicked", "command", cmd, "panic", p)
			reply = errorReply(l, StatusInternal, tr(l, "internal"))
		}
		reply.Command, reply.Args, reply.Locale = cmd, Clean(args, MaxArgRunes), l
		if reply.Status == StatusOK && reply.Visibility == Private && cmd != "digest" {
			reply.Actions = append(reply.Actions, Action{Kind: ActionShare, Label: tr(l, "share"), Value: strings.TrimSpace(cmd + " " + reply.Args)})
		}
		if !req.Full {
			reply = compact(reply) // sized for a chat window; More shows the rest (size.go)
		}
		r.recordGap(cmd, args, reply)
	}()
	if n := utf8.RuneCountInString(args); n > MaxArgRunes {
		return errorReply(l, StatusInvalid, tr(l, "too_long", n, MaxArgRunes))
	}
	req.Args = Clean(args, MaxArgRunes)
	if cmd == "digest" {
		if r.opts.Digest == nil {
			return errorReply(l, StatusInvalid, tr(l, "digest_unavailable"))
		}
		return r.opts.Digest.HandleDigest(ctx, req)
	}
	fn, ok := r.cmds[cmd]
	if !ok {
		rep := errorReply(l, StatusInvalid, tr(l, "unknown_command", Clean(cmd, maxEcho)), tr(l, "see_help"))
		rep.Suggestions = closestCommands(cmd)
		return rep
	}
	rep, err := fn(ctx, r.parse(l, req.Args), req)
	if err != nil {
		code := knowledge.ErrorCode(err)
		if code == knowledge.EINTERNAL {
			r.log.Error("command failed", "command", cmd, "err", err)
			return errorReply(l, StatusInternal, tr(l, "internal"))
		}
		return errorReply(l, Status(code), err.Error())
	}
	return rep
}

// Share answers the command behind a share button publicly, attributed to
// the person who clicked.
func (r *Router) Share(ctx context.Context, req Request, value string) Reply {
	cmd, args := ParseLine(value)
	l := r.Locale(req)
	if cmd == "" || cmd == "digest" {
		return errorReply(l, StatusInvalid, tr(l, "share_invalid"))
	}
	req.Command, req.Args = cmd, args
	rep := r.Handle(ctx, req)
	if !rep.OK() {
		return rep
	}
	rep.Visibility = Public
	// More stays: whoever presses it gets the whole answer, privately.
	rep.Actions = slices.DeleteFunc(rep.Actions, func(a Action) bool { return a.Kind != ActionMore })
	name := Clean(req.UserName, maxEcho)
	if name == "" {
		name = Clean(req.User, maxEcho)
	}
	rep.SharedBy = name
	return rep
}

// Complete suggests topic values for an autocomplete option of command as
// the user types partial. Unknown commands or options get no suggestions.
func (r *Router) Complete(ctx context.Context, command, option, partial string, l knowledge.Locale) []Choice {
	spec, ok := findOption(command, option)
	if !ok || !spec.Autocomplete {
		return nil
	}
	var out []Choice
	seen := map[string]bool{} // an option of every kind lists freelance (employment, path) once
	for _, t := range r.ix().matcher.Complete(Clean(partial, 100), 25, spec.TopicKinds...) {
		if !seen[t.ID] {
			seen[t.ID] = true
			out = append(out, Choice{Name: t.Name, Value: t.ID})
		}
	}
	return out
}

func findOption(command, option string) (OptionSpec, bool) {
	for _, c := range Commands() {
		if c.Name != command {
			continue
		}
		for _, o := range c.Options {
			if o.Name == option {
				return o, true
			}
		}
	}
	return OptionSpec{}, false
}

// Clean makes user text safe to repeat in a reply: control and format
// characters (including bidi overrides and zero-width ones) are dropped,
// runs of white space become one space, and the result is cut to limit runes.
func Clean(s string, limit int) string {
	if cleanAlready(s, limit) {
		return s // most text is: no copy
	}
	return cleanCopy(s, limit)
}

// cleanCopy is Clean writing the cleaned copy.
func cleanCopy(s string, limit int) string {
	var b strings.Builder
	n := 0
	space := false
	for _, c := range s {
		if c == utf8.RuneError || unicode.Is(unicode.Cc, c) || unicode.Is(unicode.Cf, c) {
			if c == '\n' || c == '\t' || c == '\r' {
				space = true
			}
			continue
		}
		if unicode.IsSpace(c) {
			space = true
			continue
		}
		if space && b.Len() > 0 {
			if n >= limit {
				break
			}
			b.WriteByte(' ')
			n++
		}
		space = false
		if n >= limit {
			break
		}
		b.WriteRune(c)
		n++
	}
	out := b.String()
	if n >= limit && utf8.RuneCountInString(s) > limit {
		out = strings.TrimSpace(out) + "…"
	}
	return out
}

// cleanAlready reports whether Clean(s, limit) is s: no control, format
// or invalid character, single spaces only between words, and at most
// limit runes.
func cleanAlready(s string, limit int) bool {
	n, space := 0, true // a space at the start is one to drop
	for _, c := range s {
		switch {
		case c == ' ':
			if space {
				return false
			}
			space = true
		case c < 0x80:
			if c < 0x20 || c == 0x7F {
				return false
			}
			space = false
		default:
			if c == utf8.RuneError || unicode.Is(unicode.Cc, c) || unicode.Is(unicode.Cf, c) || unicode.IsSpace(c) {
				return false
			}
			space = false
		}
		if n++; n > limit {
			return false
		}
	}
	return !space || s == ""
}

func errorReply(l knowledge.Locale, status Status, paragraphs ...string) Reply {
	return Reply{Status: status, Paragraphs: paragraphs, Visibility: Private}
}

// closestCommands suggests commands whose names are near a mistyped one.
func closestCommands(cmd string) []Suggestion {
	var out []Suggestion
	for _, c := range Commands() {
		if strings.HasPrefix(c.Name, cmd) || (len(cmd) > 2 && strings.Contains(c.Name, cmd)) || knowledge.EditDistance(c.Name, cmd, 2) <= 2 {
			out = append(out, Suggestion{Label: "/" + c.Name, Command: "/" + c.Name})
		}
	}
	if len(out) == 0 {
		out = append(out, Suggestion{Label: "/careerhelp", Command: "/careerhelp"})
	}
	return out
}
