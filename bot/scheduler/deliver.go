package scheduler

import (
	"context"
	"fmt"
	"time"

	"careerbot/bot/delivery"
	"careerbot/knowledge"
)

// wait sleeps until at on the scheduler's clock.
func (s *Scheduler[M]) wait(ctx context.Context, at time.Time) error {
	if d := at.Sub(s.clock.Now()); d > 0 {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-s.clock.After(d):
		}
	}
	return nil
}

// call makes one platform request: it waits for a rate-limit slot (reserved
// now unless one was reserved already), then for a place in the platform's
// semaphore, and bounds the request by PostTimeout.
func (s *Scheduler[M]) call(ctx context.Context, sem chan struct{}, keys []Key, at time.Time, fn func(context.Context) error) error {
	if at.IsZero() {
		at = s.limiter.Reserve(s.clock.Now(), keys...)
	}
	if err := s.wait(ctx, at); err != nil {
		return err
	}
	select {
	case sem <- struct{}{}:
	case <-ctx.Done():
		return ctx.Err()
	}
	defer func() { <-sem }()
	cctx, cancel := context.WithTimeout(ctx, s.opts.PostTimeout)
	defer cancel()
	err := fn(cctx)
	if err != nil && len(keys) > 0 {
		if _, ra := delivery.Classify(err); ra > 0 {
			s.limiter.Penalize(keys[0], s.clock.Now().Add(ra))
		}
	}
	return err
}

func (s *Scheduler[M]) backoff(attempts int) time.Duration {
	d := s.opts.BackoffBase
	for i := 1; i < attempts && d < s.opts.BackoffMax; i++ {
		d *= 2
	}
	return min(d, s.opts.BackoffMax)
}

// deliver makes one attempt at one delivery.
func (s *Scheduler[M]) deliver(ctx context.Context, j job[M], sem chan struct{}) (outcome, string, error) {
	p := s.posters[j.sub.Platform]
	if p == nil {
		return none, "", fmt.Errorf("no %s adapter is running", j.sub.Platform)
	}
	if !j.postAt.IsZero() {
		// Claim just ahead of the reserved slot, so the lease covers the
		// request rather than the wait, and the write does not delay it.
		if err := s.wait(ctx, j.postAt.Add(-s.opts.ClaimLead)); err != nil {
			return none, "", err
		}
	}
	d, ok, err := s.store.ClaimDelivery(ctx, j.d.ID, s.opts.Owner, s.clock.Now().Add(s.opts.Lease))
	if err != nil {
		return none, "", err
	}
	if !ok {
		return busy, "", nil
	}
	if j.verify && !d.MaybePosted {
		// Nothing went out, and it is too late now.
		s.log.Warn("digest period missed beyond the grace window", "platform", j.sub.Platform, "channel", j.sub.Channel, "period", d.Period)
		return skipped, "", s.store.CloseDelivery(ctx, d.ID, knowledge.DeliverySkipped, "missed the grace window")
	}
	if d.MaybePosted {
		// An earlier attempt may have gone out before a crash or an
		// ambiguous error: look for its marker before posting again.
		var id string
		var found bool
		err := s.call(ctx, sem, s.limits.findKeys(j.sub.Platform, j.sub.Workspace, j.sub.Channel), time.Time{}, func(ctx context.Context) error {
			var err error
			id, found, err = p.FindPost(delivery.WithWorkspace(ctx, j.sub.Workspace), j.sub.Channel, d.Marker, d.CreatedAt.Add(-10*time.Minute))
			return err
		})
		if err != nil {
			return s.failed(ctx, j, d, fmt.Errorf("looking for an earlier post: %w", err))
		}
		if found {
			if _, err := s.store.RecordSent(ctx, d.ID, id); err != nil {
				return none, id, err
			}
			s.log.Info("digest found already posted", "platform", j.sub.Platform, "channel", j.sub.Channel, "period", d.Period, "message", id)
			return recovered, id, nil
		}
		if j.verify {
			why := fmt.Sprintf("gave up after %d attempts, past the grace window: %s", d.Attempts-1, d.LastError)
			s.log.Warn("digest period abandoned", "platform", j.sub.Platform, "channel", j.sub.Channel, "period", d.Period, "reason", why)
			return failed, "", s.store.CloseDelivery(ctx, d.ID, knowledge.DeliveryFailed, why)
		}
	}
	loc := j.loc
	if loc == nil {
		loc = time.UTC
	}
	reply, err := j.cache.compose(ctx, s.composer, d.ScheduledAt.In(loc), j.sub.Locale, d.SinceVersion, d.KBVersion)
	if err != nil {
		return s.failed(ctx, j, d, fmt.Errorf("composing the digest: %w", err))
	}
	var id string
	// A first attempt uses the slot reserved for it; a retry reserves one now.
	err = s.call(ctx, sem, s.limits.postKeys(j.sub.Platform, j.sub.Workspace, j.sub.Channel), j.postAt, func(ctx context.Context) error {
		var err error
		id, err = p.Post(delivery.WithWorkspace(ctx, j.sub.Workspace), j.sub.Channel, reply, d.Marker)
		return err
	})
	if err != nil {
		return s.failed(ctx, j, d, err)
	}
	if _, err := s.store.RecordSent(ctx, d.ID, id); err != nil {
		return none, id, err
	}
	s.log.Info("digest posted", "platform", j.sub.Platform, "channel", j.sub.Channel, "period", d.Period, "message", id, "attempt", d.Attempts)
	return posted, id, nil
}

// failed records a failed attempt: permanent failures pause the
// subscription, transient ones wait for a retry honouring Retry-After.
func (s *Scheduler[M]) failed(ctx context.Context, j job[M], d knowledge.Delivery, err error) (outcome, string, error) {
	if ctx.Err() != nil {
		// Shutting down: leave the intent for the next start, which will
		// look for the post before sending again.
		return none, "", ctx.Err()
	}
	permanent, ra := delivery.Classify(err)
	reason := err.Error()
	if len(reason) > 500 {
		reason = reason[:500]
	}
	if permanent {
		s.log.Warn("digest delivery failed for good; pausing the subscription", "platform", j.sub.Platform, "channel", j.sub.Channel, "period", d.Period, "err", err)
		return failed, "", s.store.RecordFailure(ctx, d.ID, s.opts.Owner, reason, true, false, time.Time{})
	}
	// The platform's Retry-After is an exact instruction; without one, back
	// off exponentially.
	delay := ra
	if delay <= 0 {
		delay = s.backoff(d.Attempts)
	}
	at := s.clock.Now().Add(delay)
	s.log.Warn("digest delivery failed; will retry", "platform", j.sub.Platform, "channel", j.sub.Channel, "period", d.Period, "attempt", d.Attempts, "retry_in", delay, "err", err)
	if j.retry != nil {
		j.retry(at)
	}
	// Adapters give a Retry-After only with HTTP 429, a refusal: nothing
	// went out, so the retry need not look for it first.
	return retrying, "", s.store.RecordFailure(ctx, d.ID, s.opts.Owner, reason, false, ra > 0, at)
}
