// Package flood rate-limits people who write to the bot in chat
// (mentions, DMs): a small token bucket per person. Over the limit the
// person gets one short notice, then silence until the bucket refills, so
// a flood never turns into a flood of answers or of notices.
package flood

import (
	"sync"
	"time"
)

// Verdict is what to do with one message.
type Verdict int

// Verdicts.
const (
	Answer Verdict = iota // within the limit
	Notice                // first message over the limit: say so once
	Ignore                // over the limit, already told
)

// Limiter is a bounded set of token buckets, one per key. It is safe for
// concurrent use.
type Limiter struct {
	mu      sync.Mutex
	burst   float64
	every   time.Duration // one token comes back this often
	max     int
	buckets map[string]*bucket
}

type bucket struct {
	tokens   float64
	at       time.Time
	notified bool
}

// New allows burst messages at once and one more every every, per key,
// keeping at most max keys (idle ones are dropped first).
func New(burst int, every time.Duration, max int) *Limiter {
	return &Limiter{burst: float64(burst), every: every, max: max, buckets: map[string]*bucket{}}
}

// Take spends a token of key's bucket at now.
func (l *Limiter) Take(key string, now time.Time) Verdict {
	l.mu.Lock()
	defer l.mu.Unlock()
	b, ok := l.buckets[key]
	if !ok {
		if len(l.buckets) >= l.max {
			l.evict(now)
		}
		b = &bucket{tokens: l.burst, at: now}
		l.buckets[key] = b
	}
	if d := now.Sub(b.at); d > 0 {
		b.tokens = min(l.burst, b.tokens+float64(d)/float64(l.every))
		b.at = now
	}
	if b.tokens >= 1 {
		b.tokens--
		b.notified = false
		return Answer
	}
	if b.notified {
		return Ignore
	}
	b.notified = true
	return Notice
}

// evict drops full buckets (people idle long enough to be back at the
// limit lose nothing), else an arbitrary one.
func (l *Limiter) evict(now time.Time) {
	for k, b := range l.buckets {
		if b.tokens+float64(now.Sub(b.at))/float64(l.every) >= l.burst {
			delete(l.buckets, k)
		}
	}
	for k := range l.buckets {
		if len(l.buckets) < l.max {
			return
		}
		delete(l.buckets, k)
	}
}
