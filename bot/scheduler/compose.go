package scheduler

import (
	"context"
	"sync"
	"time"

	"careerbot/knowledge"
)

// composeCache composes each distinct digest once per pass: channels with the
// same period, locale and knowledge versions get the same digest, so a
// thousand-channel fan-out asks the knowledge base a handful of times.
type composeCache[M Message[M]] struct {
	mu sync.Mutex
	m  map[composeKey]M
}

type composeKey struct {
	period      int64
	zone        string
	locale      knowledge.Locale
	since, upto int
}

func (c *composeCache[M]) compose(ctx context.Context, comp Composer[M], period time.Time, l knowledge.Locale, since, upto int) (M, error) {
	if c == nil {
		return comp.ComposeRange(ctx, period, l, since, upto)
	}
	k := composeKey{period.Unix(), period.Location().String(), l, since, upto}
	c.mu.Lock()
	defer c.mu.Unlock()
	if r, ok := c.m[k]; ok {
		return r.Clone(), nil
	}
	r, err := comp.ComposeRange(ctx, period, l, since, upto)
	if err == nil {
		c.m[k] = r
	}
	return r.Clone(), err
}
