package answercache

import (
	"context"
	"log/slog"

	"careerbot/handlers"
)

// Versioner names the knowledge version the next answer comes from.
// handlers.Router implements it (Router.KnowledgeVersion).
type Versioner interface {
	KnowledgeVersion(ctx context.Context) (string, error)
}

var _ Versioner = (*handlers.Router)(nil)

// Answers is what an adapter holds: a Cache of its rendered answers, bound
// to the engine that names the knowledge version. A nil *Answers is off.
type Answers[V any] struct {
	cache    *Cache[V]
	versions Versioner
	log      *slog.Logger
}

// NewAnswers returns the adapter's answer cache, or nil (off) when
// o.Size ≤ 0.
func NewAnswers[V any](versions Versioner, o Options, log *slog.Logger) *Answers[V] {
	c := New[V](o)
	if c == nil || versions == nil {
		return nil
	}
	if log == nil {
		log = slog.Default()
	}
	return &Answers[V]{cache: c, versions: versions, log: log}
}

// Key reads the knowledge version and returns the key of req's answer, and
// whether that answer may come from or go to the cache. When the version
// cannot be read, the answer is computed afresh (and the failure logged):
// a slower answer beats a stale one.
func (a *Answers[V]) Key(ctx context.Context, req handlers.Request) (Key, bool) {
	if a == nil {
		return Key{}, false
	}
	k, ok := KeyFor("", req)
	if !ok { // no version read for what is never cached
		return Key{}, false
	}
	v, err := a.versions.KnowledgeVersion(ctx)
	if err != nil {
		a.log.Warn("could not read the knowledge version; answering without the answer cache", "err", err)
		return Key{}, false
	}
	k.Version = v
	return k, true
}

// Get returns the cached answer under k.
func (a *Answers[V]) Get(k Key) (V, bool) {
	if a == nil {
		var zero V
		return zero, false
	}
	return a.cache.Get(k)
}

// Fill returns the answer under k (ok from Key), computing it with render
// when it is not cached. render runs the engine and renders its reply; the
// reply decides whether the rendered answer is kept (Reply.Reusable).
func (a *Answers[V]) Fill(ctx context.Context, k Key, ok bool, render func() (V, handlers.Reply)) (V, bool) {
	if a == nil || !ok {
		v, _ := render()
		return v, false
	}
	return a.cache.Do(ctx, k, func() (V, bool) {
		v, rep := render()
		return v, rep.Reusable()
	})
}

// Answer is Key then Fill: req's rendered answer, from the cache when it
// is there. hit says it was.
func (a *Answers[V]) Answer(ctx context.Context, req handlers.Request, render func() (V, handlers.Reply)) (V, bool) {
	k, ok := a.Key(ctx, req)
	return a.Fill(ctx, k, ok, render)
}

// Stats returns the cache's counters.
func (a *Answers[V]) Stats() Stats {
	if a == nil {
		return Stats{}
	}
	return a.cache.Stats()
}
