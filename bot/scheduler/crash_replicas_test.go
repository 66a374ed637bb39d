package scheduler

import (
	"context"
	"fmt"
	"math/rand"
	"os"
	"sync"
	"testing"
	"time"

	"careerbot/bot/delivery"
	"careerbot/handlers"
	"careerbot/knowledge"
	"careerbot/schedule"
	"careerbot/store/postgres"
	"careerbot/store/postgres/pgtest"
)

// replica is one of the replicas of TestCrashInjectionReplicas: a process
// that dies at a chosen event and is restarted, on its own connections.
type replica struct {
	p   *proc
	st  *postgres.Store
	s   *Scheduler[handlers.Reply]
	inc int
}

// TestCrashInjectionReplicas is TestCrashInjection with three replicas on
// one PostgreSQL database (CAREERBOT_TEST_POSTGRES_URL): they tick at the
// same time, each dies at randomly chosen points (any store call or
// platform request, before or after it takes effect) and is restarted,
// until the period is done. Every channel must end with exactly one post.
// What keeps them apart is only the database: the row-locked, leased
// claims of the delivery log.
func TestCrashInjectionReplicas(t *testing.T) {
	dsn := pgtest.Schema(t)
	const channels, replicas = 12, 3
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
	ctx := context.Background()
	subscribedAt := monday9.Add(-7 * 24 * time.Hour)
	setup := pgtest.Open(t, dsn, postgres.Options{Now: func() time.Time { return subscribedAt }, NoListen: true})

	crashes, trials, incarnations, midFanOut := 0, 0, 0, 0
	where := map[string]int{}
	duplicates, losses, mismatches := 0, 0, 0
	for trials = 0; crashes < minCrashes; trials++ {
		// Each trial has channels of its own; the last trial's are
		// unsubscribed, so the replicas never see them.
		var subs []knowledge.Subscription
		for i := 0; i < channels; i++ {
			platform, ws := "slack", fmt.Sprint("T", i%2)
			if i%3 == 0 {
				platform, ws = "discord", "G1"
			}
			sub, err := setup.Subscribe(ctx, knowledge.Subscription{Platform: knowledge.Platform(platform), Workspace: ws, Channel: fmt.Sprintf("t%d-ch%d", trials, i),
				Schedule: weekly, Timezone: "Asia/Tokyo", Locale: knowledge.JA})
			if err != nil {
				t.Fatal(err)
			}
			subs = append(subs, sub)
		}
		clock := newFakeClock(monday9.Add(time.Duration(rng.Intn(120)) * time.Second))
		platforms := map[knowledge.Platform]*fakePlatform{"slack": newFakePlatform("slack", clock), "discord": newFakePlatform("discord", clock)}
		flaky := rng.Intn(3) == 0
		for _, pl := range platforms {
			prng := rand.New(rand.NewSource(rng.Int63()))
			var mu sync.Mutex // replicas post at once
			pl.fail = func(ch string, try int) (error, bool) {
				mu.Lock()
				defer mu.Unlock()
				if !flaky || prng.Intn(5) != 0 {
					return nil, true
				}
				switch prng.Intn(3) {
				case 0:
					return delivery.Transient(fmt.Errorf("HTTP 503"), 0), false
				case 1:
					return delivery.Transient(fmt.Errorf("HTTP 429"), time.Duration(1+prng.Intn(5))*time.Second), false
				}
				return delivery.Transient(fmt.Errorf("timeout after the request was sent"), 0), true
			}
		}
		totalPosts := func() int { return platforms["slack"].count() + platforms["discord"].count() }
		start := func(r *replica, i int) {
			incarnations++
			r.inc++
			r.p = &proc{after: rng.Intn(2) == 0, posted: totalPosts}
			if rng.Intn(10) != 0 {
				r.p.remaining = 1 + rng.Intn(3*channels+6)
			}
			st, err := postgres.Open(ctx, dsn, postgres.Options{Now: clock.Now, NoListen: true})
			if err != nil {
				t.Fatal(err)
			}
			r.st = st
			r.s, err = New(gatedStore{st, r.p}, fakeComposer{}, []delivery.Poster[handlers.Reply]{gatedPoster{platforms["slack"], r.p}, gatedPoster{platforms["discord"], r.p}},
				Options{Clock: clock, Limits: generousLimits(), Concurrency: 4, Owner: fmt.Sprintf("t%d-r%d-i%d", trials, i, r.inc), Logger: quietLogger(),
					BackoffBase: 5 * time.Second, Poll: time.Hour, ClaimLead: -1})
			if err != nil {
				t.Fatal(err)
			}
		}
		rs := make([]*replica, replicas)
		for i := range rs {
			rs[i] = &replica{}
			start(rs[i], i)
		}
		for round := 0; ; round++ {
			if round > 600 {
				t.Fatalf("trial %d made no progress after %d rounds", trials, round)
			}
			reps := make([]Report, replicas)
			errs := make([]error, replicas)
			var wg sync.WaitGroup
			for i, r := range rs {
				wg.Add(1)
				go func() {
					defer wg.Done()
					reps[i], errs[i] = r.s.Tick(ctx)
				}()
			}
			// A replica that met a 429 waits for its rate-limit slot on the
			// fake clock, which otherwise moves only between rounds: let
			// time pass for it, as it would, while the others finish.
			ticked := make(chan struct{})
			go func() { wg.Wait(); close(ticked) }()
			for waiting := true; waiting; {
				select {
				case <-ticked:
					waiting = false
				case <-time.After(20 * time.Millisecond):
					clock.AdvanceToWaiter()
				}
			}
			crashed, busy := false, 0
			next := time.Time{}
			for i, r := range rs {
				if r.p.isDead() {
					crashed = true
					crashes++
					where[r.p.crashedAt]++
					if r.p.postedAt > 0 && r.p.postedAt < channels {
						midFanOut++
					}
					r.st.Close()
					start(r, i)
					continue
				}
				if errs[i] != nil {
					t.Fatalf("trial %d replica %d: %v", trials, i, errs[i])
				}
				busy += reps[i].Posted + reps[i].Recovered + reps[i].Retrying + reps[i].Busy
				if next.IsZero() || reps[i].Next.Before(next) {
					next = reps[i].Next
				}
			}
			open, err := setup.UnfinishedDeliveries(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if !crashed && len(open) == 0 && busy == 0 {
				break
			}
			if crashed {
				// The restart takes a while: past the dead process's leases.
				clock.Advance(2*time.Minute + time.Duration(rng.Intn(300))*time.Second)
			} else {
				clock.Advance(max(next.Sub(clock.Now()), time.Second))
			}
		}
		for _, r := range rs {
			r.st.Close()
		}

		// Judge the trial by the platform's own record.
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
			d, ok, err := setup.Delivery(ctx, sub.ID, schedule.PeriodKey(monday9))
			if err != nil || !ok || d.State != knowledge.DeliverySent || len(posts) == 0 || d.MessageID != posts[0].ID ||
				posts[0].Marker != schedule.DigestMarker(sub.Platform, sub.Channel, schedule.PeriodKey(monday9)) {
				mismatches++
				t.Errorf("trial %d: %s %s: log %+v, posts %+v", trials, sub.Platform, sub.Channel, d, posts)
			}
			if _, err := setup.Unsubscribe(ctx, sub.Platform, sub.Channel); err != nil {
				t.Fatal(err)
			}
		}
		if t.Failed() {
			break
		}
	}
	t.Logf("crash injection, %d replicas on PostgreSQL: %d crash points over %d trials (%d process starts) of %d channels each; %d crashed mid fan-out",
		replicas, crashes, trials, incarnations, channels, midFanOut)
	for _, k := range sortedKeys(where) {
		t.Logf("  crashed at %-28s %4d", k, where[k])
	}
	t.Logf("result: %d channel-periods, %d duplicates, %d losses, %d log mismatches", trials*channels, duplicates, losses, mismatches)
	if crashes < minCrashes || duplicates != 0 || losses != 0 || mismatches != 0 {
		t.Fatalf("crashes %d (want ≥ %d), duplicates %d, losses %d, mismatches %d", crashes, minCrashes, duplicates, losses, mismatches)
	}
}
