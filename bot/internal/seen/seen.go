// Package seen remembers keys for a while in a bounded set, to do
// something once per key: count one vote per person and answer.
package seen

import (
	"sync"
	"time"
)

// Set is a bounded set of keys that expire. It is safe for concurrent use.
type Set struct {
	mu  sync.Mutex
	ttl time.Duration
	max int
	m   map[string]time.Time // key → expiry
}

// New keeps each key for ttl, and at most max keys (the soonest to expire
// go first when full).
func New(ttl time.Duration, max int) *Set {
	return &Set{ttl: ttl, max: max, m: map[string]time.Time{}}
}

// First records key at now and reports whether it was not already held.
func (s *Set) First(key string, now time.Time) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if exp, ok := s.m[key]; ok && now.Before(exp) {
		return false
	}
	if len(s.m) >= s.max {
		var oldest string
		var oldestAt time.Time
		for k, exp := range s.m {
			if !now.Before(exp) {
				delete(s.m, k)
			} else if oldest == "" || exp.Before(oldestAt) {
				oldest, oldestAt = k, exp
			}
		}
		if len(s.m) >= s.max {
			delete(s.m, oldest)
		}
	}
	s.m[key] = now.Add(s.ttl)
	return true
}
