package ops

import (
	"context"
	"fmt"
	"sort"
	"sync"
	"time"
)

// Pinger is the database, as readiness sees it: it answers or it does not.
type Pinger interface {
	Ping(ctx context.Context) error
}

// PingFunc makes a function a Pinger.
type PingFunc func(ctx context.Context) error

// Ping calls f.
func (f PingFunc) Ping(ctx context.Context) error { return f(ctx) }

// Health decides readiness: the database answers, every expected
// connection is up, and the digest scheduler has finished a pass recently.
type Health struct {
	db  Pinger
	now func() time.Time

	mu    sync.Mutex
	conns map[string]bool // connection name → up
	// The digest scheduler, when expected.
	passes     bool
	maxAge     time.Duration
	lastPass   time.Time // when the last pass finished
	passErr    error     // why the last pass failed, or nil
	passActive int       // passes running now
}

// NewHealth returns a Health over the database (nil: no database check).
func NewHealth(db Pinger, now func() time.Time) *Health {
	if now == nil {
		now = time.Now
	}
	return &Health{db: db, now: now, conns: map[string]bool{}}
}

// ExpectConnection says a connection (e.g. "slack socket mode", "discord
// gateway shard 0/2") is configured: until it reports up, the process is
// not ready.
func (h *Health) ExpectConnection(name string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if _, ok := h.conns[name]; !ok {
		h.conns[name] = false
	}
}

// Connection records a connection going up or down.
func (h *Health) Connection(name string, up bool) {
	h.mu.Lock()
	h.conns[name] = up
	h.mu.Unlock()
}

// ExpectPasses says the digest scheduler runs: the process is ready only
// once a pass has finished within maxAge (or one is running now).
func (h *Health) ExpectPasses(maxAge time.Duration) {
	h.mu.Lock()
	h.passes, h.maxAge = true, maxAge
	h.mu.Unlock()
}

// PassStarted records that a scheduler pass began.
func (h *Health) PassStarted() {
	h.mu.Lock()
	h.passActive++
	h.mu.Unlock()
}

// PassDone records that a scheduler pass ended, with its error.
func (h *Health) PassDone(err error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.passActive > 0 {
		h.passActive--
	}
	h.lastPass, h.passErr = h.now(), err
}

// Reasons returns why the process is not ready, or nothing when it is.
// The database gets up to two seconds to answer.
func (h *Health) Reasons(ctx context.Context) []string {
	var reasons []string
	if h.db != nil {
		pctx, cancel := context.WithTimeout(ctx, 2*time.Second)
		err := h.db.Ping(pctx)
		cancel()
		if err != nil {
			reasons = append(reasons, fmt.Sprintf("database: does not answer: %v", err))
		}
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	var down []string
	for name, up := range h.conns {
		if !up {
			down = append(down, name+": not connected")
		}
	}
	sort.Strings(down)
	reasons = append(reasons, down...)
	if h.passes {
		switch age := h.now().Sub(h.lastPass); {
		case h.passErr != nil:
			reasons = append(reasons, fmt.Sprintf("digest scheduler: the last pass failed: %v", h.passErr))
		case h.passActive > 0:
			// A long fan-out is work, not a hang: each post has a timeout.
		case h.lastPass.IsZero():
			reasons = append(reasons, "digest scheduler: no pass has finished yet")
		case age > h.maxAge:
			reasons = append(reasons, fmt.Sprintf("digest scheduler: the last pass finished %s ago (more than %s)", age.Round(time.Second), h.maxAge))
		}
	}
	return reasons
}
