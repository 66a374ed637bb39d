package scheduler

import (
	"context"
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"careerbot/bot/delivery"
	"careerbot/handlers"
	"careerbot/knowledge"
	"careerbot/schedule"
	"careerbot/store"
)

// proc is one incarnation of the bot process. Every store call and every
// platform request is an event; at the chosen event the process dies,
// either just before the event or just after it took effect (for a post:
// the message is out but the bot never hears back). After the death every
// further event of that incarnation fails, as nothing runs in a dead
// process.
type proc struct {
	mu        sync.Mutex
	remaining int // events until the crash; 0: no crash planned
	after     bool
	dead      bool
	crashedAt string
	posted    func() int // posts on the platform so far, to tell mid fan-out crashes
	postedAt  int
}

func (p *proc) gate(name string, fn func() error) error {
	p.mu.Lock()
	if p.dead {
		p.mu.Unlock()
		return errCrashed
	}
	crash := false
	if p.remaining > 0 {
		p.remaining--
		crash = p.remaining == 0
	}
	if crash && !p.after {
		p.dead, p.crashedAt = true, name+" (before)"
		p.postedAt = p.posted()
		p.mu.Unlock()
		return errCrashed
	}
	p.mu.Unlock()
	err := fn()
	if crash {
		p.mu.Lock()
		p.dead, p.crashedAt = true, name+" (after)"
		p.postedAt = p.posted()
		p.mu.Unlock()
		return errCrashed
	}
	return err
}

func (p *proc) isDead() bool { p.mu.Lock(); defer p.mu.Unlock(); return p.dead }

// gatedStore is the real store seen through a mortal process.
type gatedStore struct {
	st Store
	p  *proc
}

func gate1[T any](p *proc, name string, fn func() (T, error)) (T, error) {
	var v T
	err := p.gate(name, func() error { var err error; v, err = fn(); return err })
	return v, err
}

func (g gatedStore) Subscribe(ctx context.Context, sub knowledge.Subscription) (knowledge.Subscription, error) {
	return gate1(g.p, "Subscribe", func() (knowledge.Subscription, error) { return g.st.Subscribe(ctx, sub) })
}
func (g gatedStore) Unsubscribe(ctx context.Context, platform knowledge.Platform, channel string) (bool, error) {
	return gate1(g.p, "Unsubscribe", func() (bool, error) { return g.st.Unsubscribe(ctx, platform, channel) })
}
func (g gatedStore) LastDelivery(ctx context.Context, id int64) (knowledge.Delivery, bool, error) {
	var ok bool
	d, err := gate1(g.p, "LastDelivery", func() (knowledge.Delivery, error) {
		d, o, err := g.st.LastDelivery(ctx, id)
		ok = o
		return d, err
	})
	return d, ok, err
}
func (g gatedStore) Subscriptions(ctx context.Context) ([]knowledge.Subscription, error) {
	return gate1(g.p, "Subscriptions", func() ([]knowledge.Subscription, error) { return g.st.Subscriptions(ctx) })
}
func (g gatedStore) Subscription(ctx context.Context, platform knowledge.Platform, channel string) (knowledge.Subscription, bool, error) {
	var ok bool
	sub, err := gate1(g.p, "Subscription", func() (knowledge.Subscription, error) {
		s, o, err := g.st.Subscription(ctx, platform, channel)
		ok = o
		return s, err
	})
	return sub, ok, err
}
func (g gatedStore) LastDeliveries(ctx context.Context) (map[int64]knowledge.Delivery, error) {
	return gate1(g.p, "LastDeliveries", func() (map[int64]knowledge.Delivery, error) { return g.st.LastDeliveries(ctx) })
}
func (g gatedStore) UnfinishedDeliveries(ctx context.Context) ([]knowledge.Delivery, error) {
	return gate1(g.p, "UnfinishedDeliveries", func() ([]knowledge.Delivery, error) { return g.st.UnfinishedDeliveries(ctx) })
}
func (g gatedStore) Delivery(ctx context.Context, id int64, period string) (knowledge.Delivery, bool, error) {
	var ok bool
	d, err := gate1(g.p, "Delivery", func() (knowledge.Delivery, error) {
		d, o, err := g.st.Delivery(ctx, id, period)
		ok = o
		return d, err
	})
	return d, ok, err
}
func (g gatedStore) RecordIntents(ctx context.Context, ds []knowledge.Delivery) ([]knowledge.Delivery, error) {
	return gate1(g.p, "RecordIntents", func() ([]knowledge.Delivery, error) { return g.st.RecordIntents(ctx, ds) })
}
func (g gatedStore) RecordSkipped(ctx context.Context, d knowledge.Delivery, reason string) error {
	return g.p.gate("RecordSkipped", func() error { return g.st.RecordSkipped(ctx, d, reason) })
}
func (g gatedStore) ClaimDelivery(ctx context.Context, id int64, owner string, until time.Time) (knowledge.Delivery, bool, error) {
	var ok bool
	d, err := gate1(g.p, "ClaimDelivery", func() (knowledge.Delivery, error) {
		d, o, err := g.st.ClaimDelivery(ctx, id, owner, until)
		ok = o
		return d, err
	})
	return d, ok, err
}
func (g gatedStore) RecordSent(ctx context.Context, id int64, messageID string) (bool, error) {
	return gate1(g.p, "RecordSent", func() (bool, error) { return g.st.RecordSent(ctx, id, messageID) })
}
func (g gatedStore) RecordFailure(ctx context.Context, id int64, owner, reason string, permanent, refused bool, next time.Time) error {
	return g.p.gate("RecordFailure", func() error { return g.st.RecordFailure(ctx, id, owner, reason, permanent, refused, next) })
}
func (g gatedStore) CloseDelivery(ctx context.Context, id int64, state knowledge.DeliveryState, reason string) error {
	return g.p.gate("CloseDelivery", func() error { return g.st.CloseDelivery(ctx, id, state, reason) })
}
func (g gatedStore) ReopenDelivery(ctx context.Context, id int64) error {
	return g.p.gate("ReopenDelivery", func() error { return g.st.ReopenDelivery(ctx, id) })
}
func (g gatedStore) Pause(ctx context.Context, id int64, reason string) error {
	return g.p.gate("Pause", func() error { return g.st.Pause(ctx, id, reason) })
}
func (g gatedStore) Version(ctx context.Context) (knowledge.Version, error) {
	return gate1(g.p, "Version", func() (knowledge.Version, error) { return g.st.Version(ctx) })
}

// gatedPoster is the platform seen through a mortal process.
type gatedPoster struct {
	pl *fakePlatform
	p  *proc
}

func (g gatedPoster) Platform() knowledge.Platform { return g.pl.Platform() }
func (g gatedPoster) Post(ctx context.Context, channel string, reply handlers.Reply, marker string) (string, error) {
	return gate1(g.p, "Post", func() (string, error) { return g.pl.Post(ctx, channel, reply, marker) })
}
func (g gatedPoster) FindPost(ctx context.Context, channel, marker string, since time.Time) (string, bool, error) {
	var found bool
	id, err := gate1(g.p, "FindPost", func() (string, error) {
		id, f, err := g.pl.FindPost(ctx, channel, marker, since)
		found = f
		return id, err
	})
	return id, found, err
}

// TestCrashInjection kills the scheduler at randomly chosen points (any
// store call or platform request, before or after it takes effect, in the
// middle of a concurrent fan-out, during retries) and restarts it over the
// same SQLite file, again and again, until the period is done. Every
// subscribed channel must end with exactly one post for the period.
func TestCrashInjection(t *testing.T) {
	const channels = 12
	minCrashes := 1000
	if testing.Short() {
		minCrashes = 100
	}
	seed := time.Now().UnixNano()
	if s := os.Getenv("CRASH_SEED"); s != "" {
		fmt.Sscan(s, &seed)
	}
	t.Logf("seed %d (rerun with CRASH_SEED=%d)", seed, seed)
	rng := rand.New(rand.NewSource(seed))

	// A template database with the subscriptions, copied for every trial.
	dir := t.TempDir()
	template := filepath.Join(dir, "template.db")
	subscribedAt := monday9.Add(-7 * 24 * time.Hour)
	{
		st, err := store.Open(context.Background(), template, store.Options{Now: func() time.Time { return subscribedAt }})
		if err != nil {
			t.Fatal(err)
		}
		for i := 0; i < channels; i++ {
			platform, ws := "slack", fmt.Sprint("T", i%2)
			if i%3 == 0 {
				platform, ws = "discord", "G1"
			}
			if _, err := st.Subscribe(context.Background(), knowledge.Subscription{Platform: knowledge.Platform(platform), Workspace: ws, Channel: fmt.Sprint("ch", i),
				Schedule: weekly, Timezone: "Asia/Tokyo", Locale: knowledge.JA}); err != nil {
				t.Fatal(err)
			}
		}
		st.Close()
	}
	body, err := os.ReadFile(template)
	if err != nil {
		t.Fatal(err)
	}

	crashes, trials, incarnations, midFanOut := 0, 0, 0, 0
	where := map[string]int{}
	duplicates, losses, mismatches := 0, 0, 0
	ctx := context.Background()
	for trials = 0; crashes < minCrashes; trials++ {
		path := filepath.Join(dir, fmt.Sprintf("trial%d.db", trials))
		if err := os.WriteFile(path, body, 0o600); err != nil {
			t.Fatal(err)
		}
		clock := newFakeClock(monday9.Add(time.Duration(rng.Intn(120)) * time.Second))
		platforms := map[knowledge.Platform]*fakePlatform{"slack": newFakePlatform("slack", clock), "discord": newFakePlatform("discord", clock)}
		// Some trials also have flaky platforms: refused requests, and
		// requests that went through but whose answer was lost.
		flaky := rng.Intn(3) == 0
		for _, pl := range platforms {
			prng := rand.New(rand.NewSource(rng.Int63()))
			pl.fail = func(ch string, try int) (error, bool) {
				if !flaky || prng.Intn(5) != 0 {
					return nil, true
				}
				switch prng.Intn(3) {
				case 0:
					return delivery.Transient(fmt.Errorf("HTTP 503"), 0), false
				case 1:
					// A 429 refusal: nothing posted, Retry-After given.
					return delivery.Transient(fmt.Errorf("HTTP 429"), time.Duration(1+prng.Intn(5))*time.Second), false
				}
				// Posted, but the answer was lost: no Retry-After.
				return delivery.Transient(fmt.Errorf("timeout after the request was sent"), 0), true
			}
		}
		totalPosts := func() int { return platforms["slack"].count() + platforms["discord"].count() }
		done := false
		for inc := 0; !done; inc++ {
			if inc > 200 {
				t.Fatalf("trial %d made no progress after %d restarts", trials, inc)
			}
			incarnations++
			p := &proc{after: rng.Intn(2) == 0, posted: totalPosts}
			// Most starts crash somewhere in the work left; some run clean.
			if rng.Intn(10) != 0 {
				p.remaining = 1 + rng.Intn(3*channels+6)
			}
			st, err := store.Open(ctx, path, store.Options{Now: clock.Now})
			if err != nil {
				t.Fatal(err)
			}
			s, err := New(gatedStore{st, p}, fakeComposer{}, []delivery.Poster[handlers.Reply]{gatedPoster{platforms["slack"], p}, gatedPoster{platforms["discord"], p}},
				Options{Clock: clock, Limits: generousLimits(), Concurrency: 4, Owner: fmt.Sprintf("t%d-i%d", trials, inc), Logger: quietLogger(),
					BackoffBase: 5 * time.Second, Poll: time.Hour, ClaimLead: -1})
			if err != nil {
				t.Fatal(err)
			}
			for pass := 0; pass < 100; pass++ {
				rep, err := s.Tick(ctx)
				if p.isDead() {
					break
				}
				if err != nil {
					t.Fatalf("trial %d: %v", trials, err)
				}
				open, err := st.UnfinishedDeliveries(ctx)
				if err != nil {
					t.Fatal(err)
				}
				if len(open) == 0 && rep.Posted+rep.Recovered+rep.Retrying == 0 {
					done = true
					break
				}
				// Sleep until the next retry or lease expiry.
				clock.Advance(max(rep.Next.Sub(clock.Now()), time.Second))
			}
			st.Close()
			if p.isDead() {
				crashes++
				where[p.crashedAt]++
				if p.postedAt > 0 && p.postedAt < channels {
					midFanOut++
				}
				done = false
				// The restart takes a while: past the dead process's leases.
				clock.Advance(2*time.Minute + time.Duration(rng.Intn(300))*time.Second)
			}
		}

		// Judge the trial by the platform's own record.
		st, err := store.Open(ctx, path, store.Options{Now: clock.Now})
		if err != nil {
			t.Fatal(err)
		}
		subs, _ := st.Subscriptions(ctx)
		for _, sub := range subs {
			posts := platforms[sub.Platform].postsByChannel()[sub.Channel]
			switch {
			case len(posts) == 0:
				losses++
				t.Errorf("trial %d: %s %s never got its digest", trials, sub.Platform, sub.Channel)
			case len(posts) > 1:
				duplicates += len(posts) - 1
				t.Errorf("trial %d: %s %s got %d posts", trials, sub.Platform, sub.Channel, len(posts))
			}
			d, ok, err := st.Delivery(ctx, sub.ID, schedule.PeriodKey(monday9))
			if err != nil || !ok || d.State != knowledge.DeliverySent || len(posts) == 0 || d.MessageID != posts[0].ID ||
				posts[0].Marker != schedule.DigestMarker(sub.Platform, sub.Channel, schedule.PeriodKey(monday9)) {
				mismatches++
				t.Errorf("trial %d: %s %s: log %+v, posts %+v", trials, sub.Platform, sub.Channel, d, posts)
			}
		}
		st.Close()
		os.Remove(path)
		if t.Failed() {
			break
		}
	}
	t.Logf("crash injection: %d crash points over %d trials (%d process starts) of %d channels each; %d crashed mid fan-out",
		crashes, trials, incarnations, channels, midFanOut)
	for _, k := range sortedKeys(where) {
		t.Logf("  crashed at %-28s %4d", k, where[k])
	}
	t.Logf("result: %d channel-periods, %d duplicates, %d losses, %d log mismatches", trials*channels, duplicates, losses, mismatches)
	if crashes < minCrashes || duplicates != 0 || losses != 0 || mismatches != 0 {
		t.Fatalf("crashes %d (want ≥ %d), duplicates %d, losses %d, mismatches %d", crashes, minCrashes, duplicates, losses, mismatches)
	}
}
