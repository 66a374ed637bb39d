// Package scheduler delivers the weekly digest: it finds the subscriptions
// that are due, asks its Composer (handlers.Digest) to compose each
// channel's digest and posts it through that platform's delivery.Poster,
// exactly once per channel and period across crashes and restarts, within
// the platforms' rate limits. It is generic over the message type, so it
// does not import handlers; cmd/careerbot instantiates it with
// handlers.Reply. The calendar maths is package schedule's.
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
	"sync"
	"time"

	"careerbot/bot/delivery"
	"careerbot/knowledge"
	"careerbot/schedule"
)

// Store is what the scheduler asks of the store: the digest's
// subscriptions and delivery log, and the knowledge version a digest
// covers.
type Store interface {
	knowledge.DigestStore
	Version(ctx context.Context) (knowledge.Version, error)
}

// Message is what the scheduler delivers: what the composer writes and the
// posters send (handlers.Reply in careerbot). One composed digest goes to
// many channels at once, so each post gets its own Clone, sharing nothing
// that an adapter could modify.
type Message[M any] interface {
	Clone() M
}

// Composer writes a digest; *handlers.Digest is a Composer[handlers.Reply].
type Composer[M any] interface {
	ComposeRange(ctx context.Context, period time.Time, l knowledge.Locale, sinceVersion, uptoVersion int) (M, error)
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
	// Observer hears each pass of Run (bot/ops counts digests and reports
	// readiness from it); nil: nobody.
	Observer Observer
}

// Observer hears the passes Run makes.
type Observer interface {
	PassStarted()
	PassDone(rep Report, err error)
}

// Scheduler delivers digests of type M. Run it with Run; Tick does one pass.
type Scheduler[M Message[M]] struct {
	store    Store
	composer Composer[M]
	posters  map[knowledge.Platform]delivery.Poster[M]
	clock    Clock
	limiter  *Limiter
	limits   Limits
	opts     Options
	log      *slog.Logger
	tick     sync.Mutex // one pass at a time, so one process never works a row twice
}

// New builds a scheduler over the store, the composer and one poster per
// platform.
func New[M Message[M]](st Store, c Composer[M], posters []delivery.Poster[M], opts Options) (*Scheduler[M], error) {
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
	s := &Scheduler[M]{store: serialStore{st, new(sync.Mutex)}, composer: c, posters: map[knowledge.Platform]delivery.Poster[M]{}, clock: opts.Clock, limiter: NewLimiter(opts.Headroom),
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
func (s *Scheduler[M]) Run(ctx context.Context) error {
	s.log.Info("digest scheduler started", "owner", s.opts.Owner, "grace", s.opts.Grace, "platforms", len(s.posters))
	for {
		if s.opts.Observer != nil {
			s.opts.Observer.PassStarted()
		}
		rep, err := s.Tick(ctx)
		if s.opts.Observer != nil {
			s.opts.Observer.PassDone(rep, err)
		}
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

type job[M Message[M]] struct {
	sub    knowledge.Subscription
	d      knowledge.Delivery
	loc    *time.Location
	verify bool               // past the grace window: only find out whether it went out
	postAt time.Time          // a slot reserved in advance for the post, or zero
	retry  func(at time.Time) // told when a transient failure is to be retried
	cache  *composeCache[M]
}

// Tick does one pass: it finishes unfinished deliveries that are ready,
// records intents for periods that became due, and posts them all,
// concurrently within the rate limits. It returns when they are done.
func (s *Scheduler[M]) Tick(ctx context.Context) (Report, error) {
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
	var jobs []job[M]
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
		jobs = append(jobs, job[M]{sub: sub, d: d, loc: loc, verify: d.ScheduledAt.Before(now.Add(-s.opts.Grace))})
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
		sched, err := schedule.Parse(sub.Schedule, sub.Timezone)
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
		period := schedule.PeriodKey(latest)
		d := knowledge.Delivery{SubscriptionID: sub.ID, Period: period, ScheduledAt: latest, Marker: schedule.DigestMarker(sub.Platform, sub.Channel, period),
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
func (s *Scheduler[M]) fanOut(ctx context.Context, jobs []job[M], rep *Report) {
	if len(jobs) == 0 {
		return
	}
	now := s.clock.Now().Add(s.opts.ClaimLead)
	cache := &composeCache[M]{m: map[composeKey]M{}}
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
