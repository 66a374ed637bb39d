// Package scheduler delivers the weekly digest: it finds the subscriptions
// that are due, asks handlers to compose each channel's digest and posts it
// through that platform's delivery.Poster, exactly once per channel and
// period across crashes and restarts, within the platforms' rate limits.
//
// The protocol: an intent row is written for (subscription, period) before
// anything is sent; each attempt claims the row (counting the attempt and
// leasing it to this process); the result is written after. A row that was
// attempted before but has no result may have gone out, so before posting
// again the scheduler asks the platform for a message carrying the period's
// marker (Poster.FindPost) and records that instead.
package scheduler

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"sync"
	"time"

	"careerbot/bot/delivery"
	"careerbot/handlers"
	"careerbot/knowledge"
)

// Store is what the scheduler asks of the subscription store.
type Store interface {
	Subscriptions(ctx context.Context) ([]knowledge.Subscription, error)
	Subscription(ctx context.Context, platform knowledge.Platform, channel string) (knowledge.Subscription, bool, error)
	LastDeliveries(ctx context.Context) (map[int64]knowledge.Delivery, error)
	UnfinishedDeliveries(ctx context.Context) ([]knowledge.Delivery, error)
	Delivery(ctx context.Context, subscriptionID int64, period string) (knowledge.Delivery, bool, error)
	RecordIntents(ctx context.Context, ds []knowledge.Delivery) ([]knowledge.Delivery, error)
	RecordSkipped(ctx context.Context, d knowledge.Delivery, reason string) error
	ClaimDelivery(ctx context.Context, id int64, owner string, until time.Time) (knowledge.Delivery, bool, error)
	RecordSent(ctx context.Context, id int64, messageID string) (bool, error)
	RecordFailure(ctx context.Context, id int64, owner, reason string, permanent, refused bool, next time.Time) error
	CloseDelivery(ctx context.Context, id int64, state knowledge.DeliveryState, reason string) error
	ReopenDelivery(ctx context.Context, id int64) error
	Pause(ctx context.Context, subscriptionID int64, reason string) error
	Version(ctx context.Context) (knowledge.Version, error)
}

// Composer writes a digest; *handlers.Digest is one.
type Composer interface {
	ComposeRange(ctx context.Context, period time.Time, l knowledge.Locale, sinceVersion, uptoVersion int) (handlers.Reply, error)
}

// Options configure a Scheduler. Zero values take the defaults shown.
type Options struct {
	Clock       Clock         // the real clock
	Grace       time.Duration // DIGEST_GRACE: how late a missed period may still go out; 24h
	Limits      *Limits       // DefaultLimits()
	Concurrency int           // posts in flight per platform; 32
	Lease       time.Duration // how long an attempt keeps others off a delivery; 2m
	PostTimeout time.Duration // bound on one platform call, well under Lease; 30s
	Poll        time.Duration // longest sleep between looks at the store; 1m
	BackoffBase time.Duration // first retry delay after a transient failure; 10s
	BackoffMax  time.Duration // longest retry delay; 30m
	// ClaimLead is how long before its rate-limit slot a delivery is
	// claimed in the store, so that the database write does not make the
	// request late (a late request wastes a full bucket's refill and earns
	// 429s). The fan-out's first slots start this far ahead. 50ms; negative
	// for none.
	ClaimLead time.Duration
	// Headroom is how many tokens of each shared bucket the fan-out leaves
	// unused, against requests that leave a little late. 1; negative for
	// none.
	Headroom int
	Owner    string // this process's lease name; random
	Logger   *slog.Logger
}

// Scheduler delivers digests. Run it with Run; Tick does one pass.
type Scheduler struct {
	store    Store
	composer Composer
	posters  map[knowledge.Platform]delivery.Poster
	clock    Clock
	limiter  *Limiter
	limits   Limits
	opts     Options
	log      *slog.Logger
	tick     sync.Mutex // one pass at a time, so one process never works a row twice
}

// New builds a scheduler over the store, the composer and one poster per
// platform.
func New(st Store, c Composer, posters []delivery.Poster, opts Options) (*Scheduler, error) {
	if st == nil || c == nil {
		return nil, errors.New("scheduler: a store and a composer are required")
	}
	if opts.Clock == nil {
		opts.Clock = realClock{}
	}
	if opts.Grace == 0 {
		opts.Grace = 24 * time.Hour
	}
	if opts.Limits == nil {
		l := DefaultLimits()
		opts.Limits = &l
	}
	if opts.Concurrency <= 0 {
		opts.Concurrency = 32
	}
	if opts.Lease <= 0 {
		opts.Lease = 2 * time.Minute
	}
	if opts.PostTimeout <= 0 {
		opts.PostTimeout = 30 * time.Second
	}
	if opts.PostTimeout >= opts.Lease {
		return nil, fmt.Errorf("scheduler: the post timeout (%s) must be shorter than the lease (%s)", opts.PostTimeout, opts.Lease)
	}
	if opts.Poll <= 0 {
		opts.Poll = time.Minute
	}
	if opts.BackoffBase <= 0 {
		opts.BackoffBase = 10 * time.Second
	}
	if opts.BackoffMax <= 0 {
		opts.BackoffMax = 30 * time.Minute
	}
	if opts.ClaimLead == 0 {
		opts.ClaimLead = 50 * time.Millisecond
	} else if opts.ClaimLead < 0 {
		opts.ClaimLead = 0
	}
	if opts.Headroom == 0 {
		opts.Headroom = 1
	} else if opts.Headroom < 0 {
		opts.Headroom = 0
	}
	if opts.Owner == "" {
		var b [6]byte
		rand.Read(b[:])
		opts.Owner = "careerbot-" + hex.EncodeToString(b[:])
	}
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	s := &Scheduler{store: serialStore{st, new(sync.Mutex)}, composer: c, posters: map[knowledge.Platform]delivery.Poster{}, clock: opts.Clock, limiter: NewLimiter(opts.Headroom),
		limits: *opts.Limits, opts: opts, log: opts.Logger.With("component", "digest")}
	for _, p := range posters {
		if p != nil {
			s.posters[p.Platform()] = p
		}
	}
	return s, nil
}

// Report counts what one pass did.
type Report struct {
	Posted    int // posted now
	Recovered int // found already posted by an earlier, interrupted attempt
	Retrying  int // failed transiently, to be tried again
	Failed    int // failed for good (the subscription is paused)
	Skipped   int // periods missed beyond the grace window
	Busy      int // leased by another process
	// Next is when the next pass has something to do.
	Next time.Time
}

func (r *Report) add(o outcome) {
	switch o {
	case posted:
		r.Posted++
	case recovered:
		r.Recovered++
	case retrying:
		r.Retrying++
	case failed:
		r.Failed++
	case skipped:
		r.Skipped++
	case busy:
		r.Busy++
	}
}

type outcome int

const (
	none outcome = iota
	posted
	recovered
	retrying
	failed
	skipped
	busy
)

// Run delivers digests until ctx is done. The first pass finishes whatever
// an earlier run left unfinished.
func (s *Scheduler) Run(ctx context.Context) error {
	s.log.Info("digest scheduler started", "owner", s.opts.Owner, "grace", s.opts.Grace, "platforms", len(s.posters))
	for {
		rep, err := s.Tick(ctx)
		if ctx.Err() != nil {
			return nil
		}
		now := s.clock.Now()
		wait := s.opts.Poll
		if err != nil {
			s.log.Error("digest pass failed; trying again shortly", "err", err)
			wait = min(wait, 30*time.Second)
		} else if d := rep.Next.Sub(now); d < wait {
			wait = max(d, time.Second)
		}
		select {
		case <-ctx.Done():
			return nil
		case <-s.clock.After(wait):
		}
	}
}

type job struct {
	sub    knowledge.Subscription
	d      knowledge.Delivery
	loc    *time.Location
	verify bool               // past the grace window: only find out whether it went out
	postAt time.Time          // a slot reserved in advance for the post, or zero
	retry  func(at time.Time) // told when a transient failure is to be retried
	cache  *composeCache
}

// Tick does one pass: it finishes unfinished deliveries that are ready,
// records intents for periods that became due, and posts them all,
// concurrently within the rate limits. It returns when they are done.
func (s *Scheduler) Tick(ctx context.Context) (Report, error) {
	s.tick.Lock()
	defer s.tick.Unlock()
	now := s.clock.Now()
	rep := Report{Next: now.Add(s.opts.Poll)}
	wake := func(t time.Time) {
		if !t.IsZero() && t.Before(rep.Next) {
			rep.Next = t
		}
	}
	subs, err := s.store.Subscriptions(ctx)
	if err != nil {
		return rep, err
	}
	lasts, err := s.store.LastDeliveries(ctx)
	if err != nil {
		return rep, err
	}
	open, err := s.store.UnfinishedDeliveries(ctx)
	if err != nil {
		return rep, err
	}
	v, err := s.store.Version(ctx)
	if err != nil {
		return rep, err
	}
	byID := make(map[int64]knowledge.Subscription, len(subs))
	for _, sub := range subs {
		byID[sub.ID] = sub
	}
	locs := map[string]*time.Location{}
	var jobs []job
	queued := map[int64]bool{}
	consider := func(sub knowledge.Subscription, d knowledge.Delivery) {
		if queued[d.ID] || d.State != knowledge.DeliveryIntent {
			return
		}
		queued[d.ID] = true // considered once per pass, whether run now or later
		if d.LeaseOwner != "" && d.LeaseOwner != s.opts.Owner && d.LeaseUntil.After(now) {
			rep.Busy++
			wake(d.LeaseUntil)
			return
		}
		if d.NextAttemptAt.After(now) {
			wake(d.NextAttemptAt)
			return
		}
		loc := locs[sub.Timezone]
		jobs = append(jobs, job{sub: sub, d: d, loc: loc, verify: d.ScheduledAt.Before(now.Add(-s.opts.Grace))})
	}
	// What an earlier pass or run left unfinished.
	for _, d := range open {
		sub, ok := byID[d.SubscriptionID]
		if !ok || sub.PausedReason != "" || s.posters[sub.Platform] == nil {
			continue
		}
		if _, ok := locs[sub.Timezone]; !ok {
			if loc, err := time.LoadLocation(sub.Timezone); err == nil {
				locs[sub.Timezone] = loc
			} else {
				continue
			}
		}
		consider(sub, d)
	}
	// What became due.
	var intents []knowledge.Delivery
	var intentSubs []knowledge.Subscription
	noPoster := map[knowledge.Platform]int{}
	for _, sub := range subs {
		if sub.PausedReason != "" {
			continue
		}
		if s.posters[sub.Platform] == nil {
			noPoster[sub.Platform]++
			continue
		}
		sched, err := handlers.ParseSchedule(sub.Schedule, sub.Timezone)
		if err != nil {
			reason := "invalid schedule: " + err.Error()
			s.log.Error("pausing a digest subscription", "platform", sub.Platform, "channel", sub.Channel, "reason", reason)
			if err := s.store.Pause(ctx, sub.ID, reason); err != nil {
				return rep, err
			}
			continue
		}
		locs[sub.Timezone] = sched.Loc
		wake(sched.Next(now))
		anchor := sub.SubscribedAt
		if last, ok := lasts[sub.ID]; ok && last.ScheduledAt.After(anchor) {
			anchor = last.ScheduledAt
		}
		latest, missed, ok := sched.Latest(anchor, now)
		if !ok {
			continue
		}
		period := handlers.PeriodKey(latest)
		d := knowledge.Delivery{SubscriptionID: sub.ID, Period: period, ScheduledAt: latest, Marker: handlers.DigestMarker(sub.Platform, sub.Channel, period),
			SinceVersion: sub.KBVersion, KBVersion: v.Number}
		if latest.Before(now.Add(-s.opts.Grace)) {
			// Missed for good: log it once (the row moves the anchor on)
			// rather than post stale digests in a burst.
			s.log.Warn("skipping missed digest periods beyond the grace window", "platform", sub.Platform, "channel", sub.Channel,
				"latest_missed", latest, "periods", missed+1, "grace", s.opts.Grace)
			if err := s.store.RecordSkipped(ctx, d, fmt.Sprintf("missed: the bot was not running within %s of the scheduled time", s.opts.Grace)); err != nil {
				return rep, err
			}
			rep.Skipped += missed + 1
			continue
		}
		if missed > 0 {
			s.log.Warn("skipping older missed digest periods; posting the latest", "platform", sub.Platform, "channel", sub.Channel, "skipped", missed, "posting", latest)
			rep.Skipped += missed
		}
		intents = append(intents, d)
		intentSubs = append(intentSubs, sub)
	}
	for p, n := range noPoster {
		s.log.Debug("digest subscriptions wait for a platform that is not running", "platform", p, "subscriptions", n)
	}
	if len(intents) > 0 {
		recorded, err := s.store.RecordIntents(ctx, intents)
		if err != nil {
			return rep, err
		}
		for i, d := range recorded {
			consider(intentSubs[i], d)
		}
	}
	s.fanOut(ctx, jobs, &rep)
	return rep, ctx.Err()
}

// fanOut runs the jobs concurrently. Post slots are reserved up front in
// job order, so the pass keeps every platform bucket busy without any
// worker sitting on a slot another channel could use; a per-platform
// semaphore bounds the requests in flight.
func (s *Scheduler) fanOut(ctx context.Context, jobs []job, rep *Report) {
	if len(jobs) == 0 {
		return
	}
	now := s.clock.Now().Add(s.opts.ClaimLead)
	cache := &composeCache{m: map[composeKey]handlers.Reply{}}
	sems := map[knowledge.Platform]chan struct{}{}
	var mu sync.Mutex
	var wg sync.WaitGroup
	for _, j := range jobs {
		if !j.verify && !j.d.MaybePosted {
			j.postAt = s.limiter.Reserve(now, s.limits.postKeys(j.sub.Platform, j.sub.Workspace, j.sub.Channel)...)
		}
		sem := sems[j.sub.Platform]
		if sem == nil {
			sem = make(chan struct{}, s.opts.Concurrency)
			sems[j.sub.Platform] = sem
		}
		j.cache = cache
		j.retry = func(at time.Time) {
			mu.Lock()
			if at.Before(rep.Next) {
				rep.Next = at
			}
			mu.Unlock()
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			o, _, err := s.deliver(ctx, j, sem)
			if err != nil && ctx.Err() == nil {
				s.log.Error("digest delivery", "platform", j.sub.Platform, "channel", j.sub.Channel, "period", j.d.Period, "err", err)
			}
			mu.Lock()
			rep.add(o)
			mu.Unlock()
		}()
	}
	wg.Wait()
}

// wait sleeps until at on the scheduler's clock.
func (s *Scheduler) wait(ctx context.Context, at time.Time) error {
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
func (s *Scheduler) call(ctx context.Context, sem chan struct{}, keys []Key, at time.Time, fn func(context.Context) error) error {
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

func (s *Scheduler) backoff(attempts int) time.Duration {
	d := s.opts.BackoffBase
	for i := 1; i < attempts && d < s.opts.BackoffMax; i++ {
		d *= 2
	}
	return min(d, s.opts.BackoffMax)
}

// deliver makes one attempt at one delivery.
func (s *Scheduler) deliver(ctx context.Context, j job, sem chan struct{}) (outcome, string, error) {
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
			id, found, err = p.FindPost(ctx, j.sub.Channel, d.Marker, d.CreatedAt.Add(-10*time.Minute))
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
		id, err = p.Post(ctx, j.sub.Channel, reply, d.Marker)
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
func (s *Scheduler) failed(ctx context.Context, j job, d knowledge.Delivery, err error) (outcome, string, error) {
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

// SendNow posts a channel's digest for its current period right away, for
// operators: the latest scheduled occurrence (or, for a subscription with
// none yet, the next one), ignoring the grace window and any pause. It
// never posts a period twice: one already posted is an error that says so.
func (s *Scheduler) SendNow(ctx context.Context, platform knowledge.Platform, channel string) (messageID string, err error) {
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
	sched, err := handlers.ParseSchedule(sub.Schedule, sub.Timezone)
	if err != nil {
		return "", err
	}
	now := s.clock.Now()
	occ, _, ok := sched.Latest(now.Add(-35*24*time.Hour), now)
	if !ok {
		occ = sched.Next(now)
	}
	v, err := s.store.Version(ctx)
	if err != nil {
		return "", err
	}
	period := handlers.PeriodKey(occ)
	d, err := s.store.RecordIntents(ctx, []knowledge.Delivery{{SubscriptionID: sub.ID, Period: period, ScheduledAt: occ,
		Marker: handlers.DigestMarker(platform, channel, period), SinceVersion: sub.KBVersion, KBVersion: v.Number}})
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
	j := job{sub: sub, d: del, loc: sched.Loc}
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

// composeCache composes each distinct digest once per pass: channels with the
// same period, locale and knowledge versions get the same digest, so a
// thousand-channel fan-out asks the knowledge base a handful of times.
type composeCache struct {
	mu sync.Mutex
	m  map[composeKey]handlers.Reply
}

type composeKey struct {
	period      int64
	zone        string
	locale      knowledge.Locale
	since, upto int
}

func (c *composeCache) compose(ctx context.Context, comp Composer, period time.Time, l knowledge.Locale, since, upto int) (handlers.Reply, error) {
	if c == nil {
		return comp.ComposeRange(ctx, period, l, since, upto)
	}
	k := composeKey{period.Unix(), period.Location().String(), l, since, upto}
	c.mu.Lock()
	defer c.mu.Unlock()
	if r, ok := c.m[k]; ok {
		return cloneReply(r), nil
	}
	r, err := comp.ComposeRange(ctx, period, l, since, upto)
	if err == nil {
		c.m[k] = r
	}
	return cloneReply(r), err
}

// cloneReply copies a reply's slices, so that concurrent adapters rendering
// the same digest share nothing they could modify.
func cloneReply(r handlers.Reply) handlers.Reply {
	r.Paragraphs = slices.Clone(r.Paragraphs)
	r.Fields = slices.Clone(r.Fields)
	r.Sources = slices.Clone(r.Sources)
	r.Suggestions = slices.Clone(r.Suggestions)
	r.Actions = slices.Clone(r.Actions)
	if r.Table != nil {
		t := handlers.Table{Columns: slices.Clone(r.Table.Columns)}
		for _, row := range r.Table.Rows {
			t.Rows = append(t.Rows, slices.Clone(row))
		}
		r.Table = &t
	}
	return r
}
