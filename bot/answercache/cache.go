// Package answercache is careerbot's one answer cache: a bounded LRU of
// rendered chat answers, keyed by the knowledge version, the platform, the
// command, its normalised arguments, the locale and the full/compact flag
// (Key). Slack and Discord both keep their rendered answers here, so the
// rules live in one place: whether a command may be cached is its
// handlers.CommandSpec.Cacheable flag, only answers are kept (never an
// error or a "not in the knowledge base" reply, which must reach the gaps
// counter on every ask), and a `careerbot kb import` shows at the very next
// request because the key holds the version read from the store for each
// request. The value type is the adapter's rendered message, so anything
// rendered with it (blocks, embeds, files) is cached with it.
package answercache

import (
	"context"
	"sync"
	"sync/atomic"
	"time"
)

// Options configure a Cache.
type Options struct {
	// Size is the most entries kept; 0 (or less) turns the cache off.
	Size int
	// MaxAge, when positive, bounds how long an entry is reused even
	// though the knowledge version has not changed. The key already
	// changes with every import, so 0 (no bound) is the default.
	MaxAge time.Duration
	// Now is the clock for MaxAge; time.Now when nil. Tests inject one.
	Now func() time.Time
}

// Stats are the cache's counters since it was made, for metrics.
type Stats struct {
	Hits      uint64 // lookups answered from a stored entry
	Misses    uint64 // lookups that found no stored entry
	Coalesced uint64 // of the misses, those answered by waiting for another request computing the same key
	Stored    uint64 // answers kept
	Skipped   uint64 // answers computed but not kept (errors, gaps)
	Evicted   uint64 // entries dropped for room or age
	Entries   int    // entries held now
}

// Cache is a bounded LRU of values of type V. It is safe for concurrent
// use. A nil *Cache is a cache that is off: every lookup misses, nothing is
// stored, Do always computes.
type Cache[V any] struct {
	size   int
	maxAge time.Duration
	now    func() time.Time

	mu       sync.Mutex
	entries  map[Key]*entry[V]
	root     entry[V] // sentinel of the recency list: root.next is the newest
	inflight map[Key]*flight[V]

	hits, misses, coalesced, stored, skipped, evicted atomic.Uint64
}

type entry[V any] struct {
	key        Key
	val        V
	at         time.Time // when stored; only set when maxAge > 0
	prev, next *entry[V]
}

// flight is one computation of a key that others may wait for.
type flight[V any] struct {
	done    chan struct{}
	val     V
	stored  bool
	waiters int // under Cache.mu; tests wait for it
}

// New returns a cache, or nil (a cache that is off) when o.Size ≤ 0.
func New[V any](o Options) *Cache[V] {
	if o.Size <= 0 {
		return nil
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	c := &Cache[V]{size: o.Size, maxAge: o.MaxAge, now: o.Now,
		entries: make(map[Key]*entry[V], min(o.Size, 1024)), inflight: map[Key]*flight[V]{}}
	c.root.next, c.root.prev = &c.root, &c.root
	return c
}

// Get returns the value stored under k and marks it most recently used.
func (c *Cache[V]) Get(k Key) (V, bool) {
	var zero V
	if c == nil {
		return zero, false
	}
	c.mu.Lock()
	e, ok := c.entries[k]
	if ok && c.maxAge > 0 && c.now().Sub(e.at) >= c.maxAge {
		c.remove(e)
		c.evicted.Add(1)
		ok = false
	}
	if !ok {
		c.mu.Unlock()
		c.misses.Add(1)
		return zero, false
	}
	c.unlink(e)
	c.pushFront(e)
	v := e.val
	c.mu.Unlock()
	c.hits.Add(1)
	return v, true
}

// Put stores v under k as the most recently used entry, dropping the least
// recently used one when the cache is full. v must not be changed
// afterwards: it is handed to every later asker.
func (c *Cache[V]) Put(k Key, v V) {
	if c == nil {
		return
	}
	var at time.Time
	if c.maxAge > 0 {
		at = c.now()
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.stored.Add(1)
	if e, ok := c.entries[k]; ok {
		e.val, e.at = v, at
		c.unlink(e)
		c.pushFront(e)
		return
	}
	if len(c.entries) >= c.size {
		c.remove(c.root.prev)
		c.evicted.Add(1)
	}
	e := &entry[V]{key: k, val: v, at: at}
	c.entries[k] = e
	c.pushFront(e)
}

// Do returns the value under k, or computes it with compute and stores it
// when compute says it may be kept. Concurrent misses of one key wait for
// the first one's computation instead of repeating it, but only for a
// value that was kept: when the first one's value may not be kept (an
// error, a question with no answer), each waiter computes its own, so
// that every ask reaches the engine (and the gaps counter) as without the
// cache. hit says the value came from the cache or from another request.
func (c *Cache[V]) Do(ctx context.Context, k Key, compute func() (V, bool)) (v V, hit bool) {
	if c == nil {
		v, _ = compute()
		return v, false
	}
	if v, ok := c.Get(k); ok {
		return v, true
	}
	c.mu.Lock()
	if f, ok := c.inflight[k]; ok {
		f.waiters++
		c.mu.Unlock()
		select {
		case <-f.done:
			if f.stored {
				c.coalesced.Add(1)
				return f.val, true
			}
		case <-ctx.Done():
		}
		return c.compute(k, compute), false
	}
	f := &flight[V]{done: make(chan struct{})}
	c.inflight[k] = f
	c.mu.Unlock()
	defer func() { // also when compute panics: waiters must not hang
		c.mu.Lock()
		delete(c.inflight, k)
		c.mu.Unlock()
		close(f.done)
	}()
	f.val, f.stored = c.computeKeep(k, compute)
	return f.val, false
}

func (c *Cache[V]) compute(k Key, compute func() (V, bool)) V {
	v, _ := c.computeKeep(k, compute)
	return v
}

func (c *Cache[V]) computeKeep(k Key, compute func() (V, bool)) (V, bool) {
	v, keep := compute()
	if keep {
		c.Put(k, v)
	} else {
		c.skipped.Add(1)
	}
	return v, keep
}

// Stats returns the counters; a nil cache has none.
func (c *Cache[V]) Stats() Stats {
	if c == nil {
		return Stats{}
	}
	c.mu.Lock()
	n := len(c.entries)
	c.mu.Unlock()
	return Stats{Hits: c.hits.Load(), Misses: c.misses.Load(), Coalesced: c.coalesced.Load(),
		Stored: c.stored.Load(), Skipped: c.skipped.Load(), Evicted: c.evicted.Load(), Entries: n}
}

// Len is the number of entries held.
func (c *Cache[V]) Len() int { return c.Stats().Entries }

func (c *Cache[V]) remove(e *entry[V]) {
	c.unlink(e)
	delete(c.entries, e.key)
}

func (c *Cache[V]) unlink(e *entry[V]) {
	e.prev.next, e.next.prev = e.next, e.prev
	e.prev, e.next = nil, nil
}

func (c *Cache[V]) pushFront(e *entry[V]) {
	e.prev, e.next = &c.root, c.root.next
	c.root.next.prev = e
	c.root.next = e
}
