package scheduler

import (
	"context"
	"fmt"

	"careerbot/knowledge"
	"careerbot/schedule"
)

// SendNow posts a channel's digest for its current period right away, for
// operators: the latest scheduled occurrence (or, for a subscription with
// none yet, the next one), ignoring the grace window and any pause. It
// never posts a period twice: one already posted is an error that says so.
func (s *Scheduler[M]) SendNow(ctx context.Context, platform knowledge.Platform, channel string) (messageID string, err error) {
	s.tick.Lock()
	defer s.tick.Unlock()
	sub, ok, err := s.store.Subscription(ctx, platform, channel)
	if err != nil {
		return "", err
	}
	if !ok {
		return "", fmt.Errorf("%s channel %s is not subscribed to the digest (subscribe it with /digest subscribe first)", platform, channel)
	}
	if s.posters[platform] == nil {
		return "", fmt.Errorf("the %s adapter is not configured, so nothing can be posted there", platform)
	}
	sched, err := schedule.Parse(sub.Schedule, sub.Timezone)
	if err != nil {
		return "", err
	}
	now := s.clock.Now()
	occ, _, ok := sched.Latest(now.Add(-schedule.MaxLookback), now)
	if !ok {
		occ = sched.Next(now)
	}
	v, err := s.store.Version(ctx)
	if err != nil {
		return "", err
	}
	period := schedule.PeriodKey(occ)
	d, err := s.store.RecordIntents(ctx, []knowledge.Delivery{{SubscriptionID: sub.ID, Period: period, ScheduledAt: occ,
		Marker: schedule.DigestMarker(platform, channel, period), SinceVersion: sub.KBVersion, KBVersion: v.Number}})
	if err != nil {
		return "", err
	}
	del := d[0]
	switch del.State {
	case knowledge.DeliverySent:
		return del.MessageID, fmt.Errorf("the digest for period %s was already posted in %s channel %s (message %s)", period, platform, channel, del.MessageID)
	case knowledge.DeliveryFailed, knowledge.DeliverySkipped:
		if err := s.store.ReopenDelivery(ctx, del.ID); err != nil {
			return "", err
		}
		del.State = knowledge.DeliveryIntent
	}
	j := job[M]{sub: sub, d: del, loc: sched.Loc}
	o, id, err := s.deliver(ctx, j, make(chan struct{}, 1))
	if err != nil {
		return "", err
	}
	switch o {
	case posted, recovered:
		return id, nil
	case busy:
		return "", fmt.Errorf("another careerbot process is delivering this digest right now; check /digest status in a minute")
	}
	got, _, err := s.store.Delivery(ctx, sub.ID, period)
	if err != nil {
		return "", err
	}
	return "", fmt.Errorf("the digest was not posted: %s", got.LastError)
}
