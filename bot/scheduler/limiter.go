package scheduler

import (
	"sync"
	"time"

	"careerbot/knowledge"
)

// Limit is a token bucket: Burst requests at once, then one per Every.
type Limit struct {
	Every time.Duration
	Burst int
}

// Key names one bucket (a channel, a workspace, Discord's global limit or
// one of its per-route buckets) and the limit it has.
type Key struct {
	Name  string
	Limit Limit
}

// Limiter keeps one token bucket per key, written as GCRA (a theoretical
// arrival time per key) so that reserving across several keys at once is
// exact: a request gets the earliest moment every one of its buckets allows,
// and waiting for it never holds a token another request could have used.
// Written here rather than taken from golang.org/x/time/rate because that
// limiter reserves one bucket at a time and reads the wall clock, not ours.
type Limiter struct {
	mu       sync.Mutex
	tat      map[string]time.Time
	ops      int
	headroom int
}

// NewLimiter returns an empty limiter that leaves headroom tokens of every
// bucket with a burst unused: a request that leaves a little late (a busy
// machine, a slow database write) would otherwise find the platform's
// bucket a token short and earn a 429. One token costs one interval in all.
func NewLimiter(headroom int) *Limiter {
	return &Limiter{tat: map[string]time.Time{}, headroom: max(headroom, 0)}
}

func (l *Limiter) burst(k Key) int {
	return max(k.Limit.Burst-l.headroom, 1)
}

// Reserve books the earliest moment at or after now when every key allows
// one more request, and returns it. The caller waits until then.
func (l *Limiter) Reserve(now time.Time, keys ...Key) time.Time {
	l.mu.Lock()
	defer l.mu.Unlock()
	at := now
	for _, k := range keys {
		if k.Limit.Every <= 0 {
			continue
		}
		tat, ok := l.tat[k.Name]
		if !ok {
			continue
		}
		if e := tat.Add(-time.Duration(l.burst(k)-1) * k.Limit.Every); e.After(at) {
			at = e
		}
	}
	for _, k := range keys {
		if k.Limit.Every <= 0 {
			continue
		}
		tat, ok := l.tat[k.Name]
		if !ok || tat.Before(at) {
			tat = at
		}
		l.tat[k.Name] = tat.Add(k.Limit.Every)
	}
	// Forget buckets that have refilled, now and then, so per-channel keys
	// do not pile up.
	if l.ops++; l.ops%4096 == 0 {
		for name, tat := range l.tat {
			if !tat.After(now) {
				delete(l.tat, name)
			}
		}
	}
	return at
}

// Penalize holds a key back until the given time, after the platform said
// to wait (HTTP 429 with Retry-After).
func (l *Limiter) Penalize(key Key, until time.Time) {
	l.mu.Lock()
	defer l.mu.Unlock()
	// The bucket is empty until then: its theoretical arrival time is a
	// full burst beyond it.
	tat := until.Add(time.Duration(l.burst(key)-1) * key.Limit.Every)
	if cur, ok := l.tat[key.Name]; !ok || cur.Before(tat) {
		l.tat[key.Name] = tat
	}
}

// Limits are the platform rate limits the fan-out keeps to.
type Limits struct {
	// Slack: chat.postMessage allows about one message per second per
	// channel, plus a workspace-wide limit that Slack does not publish.
	SlackChannel   Limit
	SlackWorkspace Limit
	// SlackHistory paces FindPost (conversations.history, Tier 3: 50+ a
	// minute per workspace).
	SlackHistory Limit
	// Discord: 50 requests a second for the whole bot, and per-route
	// buckets; POST and GET on one channel's messages are separate routes.
	DiscordGlobal Limit
	DiscordRoute  Limit
}

// DefaultLimits are the documented platform limits, with the Slack
// workspace limit (unpublished) set conservatively.
func DefaultLimits() Limits {
	return Limits{
		SlackChannel:   Limit{Every: time.Second, Burst: 1},
		SlackWorkspace: Limit{Every: 200 * time.Millisecond, Burst: 5},
		SlackHistory:   Limit{Every: 1200 * time.Millisecond, Burst: 5},
		DiscordGlobal:  Limit{Every: 20 * time.Millisecond, Burst: 50},
		DiscordRoute:   Limit{Every: time.Second, Burst: 5},
	}
}

// postKeys are the buckets one post to a channel uses, most specific first.
func (ls Limits) postKeys(platform knowledge.Platform, workspace, channel string) []Key {
	switch platform {
	case knowledge.Slack:
		return []Key{{"slack:channel:" + channel, ls.SlackChannel}, {"slack:workspace:" + workspace, ls.SlackWorkspace}}
	case knowledge.Discord:
		return []Key{{"discord:route:POST /channels/" + channel + "/messages", ls.DiscordRoute}, {"discord:global", ls.DiscordGlobal}}
	}
	return nil
}

// findKeys are the buckets one FindPost uses, most specific first.
func (ls Limits) findKeys(platform knowledge.Platform, workspace, channel string) []Key {
	switch platform {
	case knowledge.Slack:
		return []Key{{"slack:history:" + workspace, ls.SlackHistory}}
	case knowledge.Discord:
		return []Key{{"discord:route:GET /channels/" + channel + "/messages", ls.DiscordRoute}, {"discord:global", ls.DiscordGlobal}}
	}
	return nil
}
