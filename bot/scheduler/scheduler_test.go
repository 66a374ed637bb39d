package scheduler

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"careerbot/bot/delivery"
	"careerbot/handlers"
	"careerbot/knowledge"
	"careerbot/schedule"
)

const weekly = "0 9 * * 1"

// careerbot instantiates the scheduler with handlers' types.
var (
	_ Composer[handlers.Reply] = (*handlers.Digest)(nil)
	_ Message[handlers.Reply]  = handlers.Reply{}
)

func TestTickPostsDuePeriodsOnce(t *testing.T) {
	e := newEnv(t)
	e.clock.Set(monday9.Add(-time.Hour))
	a := e.subscribe("slack", "T1", "C1", weekly, "Asia/Tokyo")
	b := e.subscribe("discord", "G1", "D1", weekly, "Asia/Tokyo")
	c := e.subscribe("slack", "T1", "C2", "0 9 * * 1", "Europe/London") // 09:00 in London is 18:00 in Tokyo
	s := e.scheduler(Options{})

	rep := e.tick(s)
	if n := e.slack.count() + e.discord.count(); n != 0 || rep.Posted != 0 {
		t.Fatalf("posted %d before the scheduled time", n)
	}
	if !rep.Next.Equal(monday9) {
		t.Fatalf("next pass at %s, want %s", rep.Next, monday9)
	}
	e.clock.Set(monday9.Add(30 * time.Second))
	if rep := e.tick(s); rep.Posted != 2 {
		t.Fatalf("posted %d at 09:00 Tokyo, want 2: %+v", rep.Posted, rep)
	}
	if rep := e.tick(s); rep.Posted != 0 {
		t.Fatalf("a second pass posted %d again", rep.Posted)
	}
	london := time.Date(2026, 11, 30, 9, 0, 0, 0, mustLoc("Europe/London"))
	e.clock.Set(london.Add(time.Minute))
	if rep := e.tick(s); rep.Posted != 1 {
		t.Fatalf("London's 09:00 posted %d, want 1", rep.Posted)
	}
	for _, sub := range []knowledge.Subscription{a, b} {
		d := e.delivery(sub, monday9)
		if d.State != knowledge.DeliverySent || d.MessageID == "" || d.Attempts != 1 {
			t.Errorf("delivery %+v", d)
		}
	}
	if d := e.delivery(c, london); d.State != knowledge.DeliverySent {
		t.Errorf("London delivery %+v", d)
	}
	// A week later: one more each, with a new marker.
	e.clock.Set(monday9.Add(7*24*time.Hour + time.Minute))
	if rep := e.tick(s); rep.Posted != 2 {
		t.Fatalf("next week posted %d, want 2", rep.Posted)
	}
	posts := e.slack.postsByChannel()["C1"]
	if len(posts) != 2 || posts[0].Marker == posts[1].Marker {
		t.Fatalf("C1 posts: %+v", posts)
	}
	// Each post names its subscription's workspace, whose token it needs.
	if posts[0].Workspace != "T1" || e.discord.postsByChannel()["D1"][0].Workspace != "G1" {
		t.Errorf("posted without the workspace: %q, %q", posts[0].Workspace, e.discord.postsByChannel()["D1"][0].Workspace)
	}
	if !strings.Contains(posts[1].Reply.Title, "2026-12-07T09:00:00+09:00") {
		t.Errorf("second digest composed for the wrong period: %q", posts[1].Reply.Title)
	}
}

func TestSubscribedAfterTheHourWaitsForNextWeek(t *testing.T) {
	e := newEnv(t)
	e.clock.Set(monday9.Add(10 * time.Minute))
	e.subscribe("slack", "T1", "C1", weekly, "Asia/Tokyo")
	s := e.scheduler(Options{})
	if rep := e.tick(s); rep.Posted != 0 {
		t.Fatalf("a channel subscribed at 09:10 got the 09:00 digest")
	}
}

func TestCatchUpWithinGraceSkipsOlder(t *testing.T) {
	e := newEnv(t)
	e.clock.Set(monday9.Add(-24 * time.Hour))
	sub := e.subscribe("discord", "G1", "D1", weekly, "Asia/Tokyo")
	s := e.scheduler(Options{Grace: 24 * time.Hour})
	// Down over the weekend and the Monday morning: back at 20:00, within
	// the grace window.
	e.clock.Set(monday9.Add(11 * time.Hour))
	if rep := e.tick(s); rep.Posted != 1 {
		t.Fatalf("catch-up posted %d, want 1", rep.Posted)
	}
	// Down for three weeks: back on a Wednesday. Three Mondays were missed;
	// the latest is 48 hours old, beyond the grace window: none is posted.
	e.clock.Set(monday9.Add(3*7*24*time.Hour + 48*time.Hour))
	rep := e.tick(s)
	if rep.Posted != 0 || rep.Skipped != 3 {
		t.Fatalf("after three weeks down: %+v", rep)
	}
	skip := e.delivery(sub, monday9.Add(3*7*24*time.Hour))
	if skip.State != knowledge.DeliverySkipped || !strings.Contains(skip.LastError, "24h") {
		t.Fatalf("skipped period: %+v", skip)
	}
	if rep := e.tick(s); rep.Skipped != 0 {
		t.Fatalf("the skip was logged again: %+v", rep)
	}
	// The next Monday goes out as usual.
	e.clock.Set(monday9.Add(4*7*24*time.Hour + time.Minute))
	if rep := e.tick(s); rep.Posted != 1 {
		t.Fatalf("the week after: %+v", rep)
	}
	if n := e.discord.count(); n != 2 {
		t.Fatalf("%d posts in all, want 2", n)
	}
}

func TestTransientFailureHonoursRetryAfter(t *testing.T) {
	e := newEnv(t)
	e.clock.Set(monday9.Add(-time.Hour))
	sub := e.subscribe("slack", "T1", "C1", weekly, "Asia/Tokyo")
	e.slack.fail = func(ch string, try int) (error, bool) {
		if try == 1 {
			return delivery.Transient(errors.New("HTTP 429 ratelimited"), 90*time.Second), false
		}
		return nil, true
	}
	s := e.scheduler(Options{BackoffBase: 10 * time.Second})
	e.clock.Set(monday9)
	rep := e.tick(s)
	if rep.Retrying != 1 || rep.Posted != 0 {
		t.Fatalf("first pass: %+v", rep)
	}
	if want := monday9.Add(90 * time.Second); !rep.Next.Equal(want) {
		t.Fatalf("next pass at %s, want %s (Retry-After, not the 10s backoff)", rep.Next, want)
	}
	e.clock.Advance(60 * time.Second)
	if rep := e.tick(s); rep.Posted != 0 || e.slack.tries["C1"] != 1 {
		t.Fatalf("retried before Retry-After: %+v, tries %d", rep, e.slack.tries["C1"])
	}
	e.clock.Advance(30 * time.Second)
	if rep := e.tick(s); rep.Posted != 1 {
		t.Fatalf("retry after 90s: %+v", rep)
	}
	if e.slack.finds != 0 {
		t.Errorf("the retry after a refusal (429) looked for an earlier post (finds=%d), though nothing went out", e.slack.finds)
	}
	d := e.delivery(sub, monday9)
	if d.State != knowledge.DeliverySent || d.Attempts != 2 {
		t.Fatalf("delivery %+v", d)
	}
}

func TestBackoffGrowsAndIsCapped(t *testing.T) {
	e := newEnv(t)
	s := e.scheduler(Options{BackoffBase: 10 * time.Second, BackoffMax: time.Minute})
	for attempts, want := range map[int]time.Duration{1: 10 * time.Second, 2: 20 * time.Second, 3: 40 * time.Second, 4: time.Minute, 30: time.Minute} {
		if got := s.backoff(attempts); got != want {
			t.Errorf("backoff(%d) = %s, want %s", attempts, got, want)
		}
	}
}

func TestAmbiguousFailureIsFoundNotReposted(t *testing.T) {
	e := newEnv(t)
	e.clock.Set(monday9.Add(-time.Hour))
	sub := e.subscribe("discord", "G1", "D1", weekly, "Asia/Tokyo")
	// The platform takes the message but the answer is lost (a timeout).
	e.discord.fail = func(ch string, try int) (error, bool) {
		return delivery.Transient(context.DeadlineExceeded, 0), true
	}
	s := e.scheduler(Options{BackoffBase: 10 * time.Second})
	e.clock.Set(monday9)
	if rep := e.tick(s); rep.Retrying != 1 {
		t.Fatalf("first pass: %+v", rep)
	}
	e.clock.Advance(10 * time.Second)
	if rep := e.tick(s); rep.Recovered != 1 || rep.Posted != 0 {
		t.Fatalf("second pass: %+v", rep)
	}
	if n := e.discord.count(); n != 1 {
		t.Fatalf("%d posts, want 1", n)
	}
	if d := e.delivery(sub, monday9); d.State != knowledge.DeliverySent || d.MessageID != e.discord.posts[0].ID {
		t.Fatalf("delivery %+v", d)
	}
}

func TestPermanentFailurePausesOnlyThatChannel(t *testing.T) {
	e := newEnv(t)
	e.clock.Set(monday9.Add(-time.Hour))
	e.subscribe("slack", "T1", "C1", weekly, "Asia/Tokyo")
	gone := e.subscribe("slack", "T1", "C2", weekly, "Asia/Tokyo")
	e.subscribe("slack", "T1", "C3", weekly, "Asia/Tokyo")
	e.slack.fail = func(ch string, try int) (error, bool) {
		if ch == "C2" {
			return delivery.Permanent(errors.New("channel_not_found")), false
		}
		return nil, true
	}
	s := e.scheduler(Options{})
	e.clock.Set(monday9)
	rep := e.tick(s)
	if rep.Posted != 2 || rep.Failed != 1 {
		t.Fatalf("pass: %+v", rep)
	}
	sub, _, _ := e.st.Subscription(context.Background(), "slack", "C2")
	if !strings.Contains(sub.PausedReason, "channel_not_found") {
		t.Fatalf("C2 not paused with the reason: %+v", sub)
	}
	if d := e.delivery(gone, monday9); d.State != knowledge.DeliveryFailed {
		t.Fatalf("C2 delivery %+v", d)
	}
	// Paused: the next week skips C2 without trying it.
	e.clock.Set(monday9.Add(7 * 24 * time.Hour))
	if rep := e.tick(s); rep.Posted != 2 || rep.Failed != 0 || e.slack.tries["C2"] != 1 {
		t.Fatalf("next week: %+v, C2 tries %d", rep, e.slack.tries["C2"])
	}
}

func TestRestartFinishesInterruptedIntents(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t)
	e.clock.Set(monday9.Add(-time.Hour))
	posted := e.subscribe("slack", "T1", "C1", weekly, "Asia/Tokyo")
	lost := e.subscribe("slack", "T1", "C2", weekly, "Asia/Tokyo")
	never := e.subscribe("slack", "T1", "C3", weekly, "Asia/Tokyo")
	e.clock.Set(monday9)
	// A first process recorded three intents, claimed two, posted one, and
	// died before recording anything else.
	var ds []knowledge.Delivery
	for _, sub := range []knowledge.Subscription{posted, lost, never} {
		d, err := e.st.RecordIntent(ctx, knowledge.Delivery{SubscriptionID: sub.ID, Period: "2026-11-30T00:00Z", ScheduledAt: monday9,
			Marker: markerFor(sub), KBVersion: 1})
		if err != nil {
			t.Fatal(err)
		}
		ds = append(ds, d)
	}
	for _, d := range ds[:2] {
		if _, ok, _ := e.st.ClaimDelivery(ctx, d.ID, "old", e.clock.Now().Add(2*time.Minute)); !ok {
			t.Fatal("claim")
		}
	}
	if _, err := e.slack.Post(ctx, "C1", handlers.Reply{Title: "digest"}, ds[0].Marker); err != nil {
		t.Fatal(err)
	}

	// The restart comes at once: the leases still hold, so it waits.
	e.clock.Advance(30 * time.Second)
	e.reopen()
	s := e.scheduler(Options{Owner: "new"})
	rep := e.tick(s)
	if rep.Busy != 2 || rep.Posted != 1 || !rep.Next.Equal(monday9.Add(2*time.Minute)) {
		t.Fatalf("restart within the lease: %+v", rep)
	}
	e.clock.Advance(2 * time.Minute)
	rep = e.tick(s)
	if rep.Recovered != 1 || rep.Posted != 1 {
		t.Fatalf("after the lease: %+v", rep)
	}
	for _, ch := range []string{"C1", "C2", "C3"} {
		if n := len(e.slack.postsByChannel()[ch]); n != 1 {
			t.Errorf("%s has %d posts, want 1", ch, n)
		}
	}
	if open, _ := e.st.UnfinishedDeliveries(ctx); len(open) != 0 {
		t.Fatalf("still open: %+v", open)
	}
}

func markerFor(sub knowledge.Subscription) string {
	return schedule.DigestMarker(sub.Platform, sub.Channel, "2026-11-30T00:00Z")
}

func TestSendNow(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t)
	e.clock.Set(monday9.Add(-time.Hour))
	e.subscribe("discord", "G1", "D1", weekly, "Asia/Tokyo")
	s := e.scheduler(Options{})
	if _, err := s.SendNow(ctx, "discord", "nope"); err == nil || !strings.Contains(err.Error(), "not subscribed") {
		t.Fatalf("send-now to an unsubscribed channel: %v", err)
	}
	// Before this Monday's 09:00 the current period is last Monday's.
	id, err := s.SendNow(ctx, "discord", "D1")
	if err != nil || id == "" {
		t.Fatalf("send-now: %q %v", id, err)
	}
	if _, err := s.SendNow(ctx, "discord", "D1"); err == nil || !strings.Contains(err.Error(), "already posted") {
		t.Fatalf("second send-now: %v", err)
	}
	e.clock.Set(monday9.Add(time.Minute))
	if rep := e.tick(s); rep.Posted != 1 {
		t.Fatalf("this Monday's digest: %+v", rep)
	}
	if _, err := s.SendNow(ctx, "discord", "D1"); err == nil {
		t.Fatal("send-now posted this Monday's digest a second time")
	}
	if n := e.discord.count(); n != 2 {
		t.Fatalf("%d posts, want 2", n)
	}
}

func TestSendNowResumesPausedSubscription(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t)
	e.clock.Set(monday9.Add(-time.Hour))
	e.subscribe("slack", "T1", "C1", weekly, "Asia/Tokyo")
	e.slack.fail = func(ch string, try int) (error, bool) {
		if try == 1 {
			return delivery.Permanent(errors.New("not_in_channel")), false
		}
		return nil, true
	}
	s := e.scheduler(Options{})
	e.clock.Set(monday9)
	if rep := e.tick(s); rep.Failed != 1 {
		t.Fatalf("pass: %+v", rep)
	}
	// The bot was invited back; the operator sends the missed digest.
	if _, err := s.SendNow(ctx, "slack", "C1"); err != nil {
		t.Fatal(err)
	}
	sub, _, _ := e.st.Subscription(ctx, "slack", "C1")
	if sub.PausedReason != "" {
		t.Fatalf("still paused: %+v", sub)
	}
	e.clock.Set(monday9.Add(7*24*time.Hour + time.Minute))
	if rep := e.tick(s); rep.Posted != 1 {
		t.Fatalf("the week after: %+v", rep)
	}
}

func TestRunStopsWithContext(t *testing.T) {
	e := newEnv(t)
	e.clock.Set(monday9.Add(-time.Minute))
	e.subscribe("slack", "T1", "C1", weekly, "Asia/Tokyo")
	s := e.scheduler(Options{})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- s.Run(ctx) }()
	// Let Run reach its sleep, then move the clock to 09:00 and wait for
	// the post.
	deadline := time.Now().Add(10 * time.Second)
	for e.slack.count() == 0 && time.Now().Before(deadline) {
		e.clock.Advance(time.Second)
		time.Sleep(time.Millisecond)
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if n := e.slack.count(); n != 1 {
		t.Fatalf("%d posts, want 1", n)
	}
}

// TestRealDigestEndToEnd posts the digest handlers compose, and checks that
// the knowledge version moves with each sent digest so the next one
// reports only what changed since.
func TestRealDigestEndToEnd(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t)
	data, err := knowledge.Load(knowledge.Curated, knowledge.CuratedDir)
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := e.st.Sync(ctx, data, "v1"); err != nil {
		t.Fatal(err)
	}
	d, err := handlers.NewDigest(ctx, e.st, e.st, handlers.DigestOptions{Now: e.clock.Now})
	if err != nil {
		t.Fatal(err)
	}
	e.clock.Set(monday9.Add(-time.Hour))
	rep := d.HandleDigest(ctx, handlers.Request{Command: "digest", Args: "subscribe mon 09:00 Asia/Tokyo", Locale: knowledge.EN, Platform: "slack", Workspace: "T1", Channel: "C1", IsAdmin: true})
	if rep.Status != "" {
		t.Fatalf("subscribe: %+v", rep)
	}
	preview := d.HandleDigest(ctx, handlers.Request{Command: "digest", Args: "preview", Locale: knowledge.EN, Platform: "slack", Channel: "C1"})

	// The curators change the knowledge base before the digest goes out.
	data.Trends[1].Text.EN = "A trend reworded by the curators"
	if _, _, err := e.st.Sync(ctx, data, "v2"); err != nil {
		t.Fatal(err)
	}
	s, err := New(e.st, d, []delivery.Poster[handlers.Reply]{e.slack}, Options{Clock: e.clock, Limits: generousLimits(), Logger: quietLogger(), ClaimLead: -1})
	if err != nil {
		t.Fatal(err)
	}
	e.clock.Set(monday9)
	if r := e.tick(s); r.Posted != 1 {
		t.Fatalf("pass: %+v", r)
	}
	post := e.slack.posts[0]
	// The change adds the digest's what's-new part, absent from the preview.
	if post.Reply.Visibility != handlers.Public || post.Reply.Title != preview.Title || len(post.Reply.Fields) != len(preview.Fields)+1 {
		t.Fatalf("posted digest %q differs in shape from the preview %q", post.Reply.Title, preview.Title)
	}
	if !strings.Contains(fieldValue(post.Reply, "Changed since your last digest"), "A trend reworded by the curators") {
		t.Errorf("the digest does not report the change: %q", fieldValue(post.Reply, "Changed since your last digest"))
	}
	sub, _, _ := e.st.Subscription(ctx, "slack", "C1")
	if sub.KBVersion != 2 {
		t.Fatalf("subscription covers version %d after the digest, want 2", sub.KBVersion)
	}
	e.clock.Set(monday9.Add(7 * 24 * time.Hour))
	if r := e.tick(s); r.Posted != 1 {
		t.Fatalf("next week: %+v", r)
	}
	if v := fieldValue(e.slack.posts[1].Reply, "Changed since your last digest"); v != "" {
		t.Errorf("the second digest repeats old changes: %q", v)
	}
}

func fieldValue(r handlers.Reply, prefix string) string {
	for _, f := range r.Fields {
		if strings.HasPrefix(f.Label, prefix) {
			return f.Value
		}
	}
	return ""
}

func TestNoPosterWaitsAndBadSchedulePauses(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t)
	e.clock.Set(monday9.Add(-time.Hour))
	e.subscribe("console", "", "tty", weekly, "Asia/Tokyo")
	e.subscribe("slack", "T1", "C1", "not a cron spec", "Asia/Tokyo")
	e.subscribe("slack", "T1", "C2", weekly, "Asia/Tokyo")
	s := e.scheduler(Options{})
	e.clock.Set(monday9)
	if rep := e.tick(s); rep.Posted != 1 || rep.Failed != 0 {
		t.Fatalf("pass: %+v", rep)
	}
	// No adapter for the console: the subscription waits, unpaused, with
	// no delivery recorded.
	sub, _, _ := e.st.Subscription(ctx, "console", "tty")
	if sub.PausedReason != "" {
		t.Fatalf("a platform that is not running paused the subscription: %q", sub.PausedReason)
	}
	if _, ok, _ := e.st.LastDelivery(ctx, sub.ID); ok {
		t.Fatal("a delivery was recorded for a platform that is not running")
	}
	bad, _, _ := e.st.Subscription(ctx, "slack", "C1")
	if !strings.Contains(bad.PausedReason, "invalid schedule") {
		t.Fatalf("a bad schedule did not pause its subscription: %+v", bad)
	}
}
