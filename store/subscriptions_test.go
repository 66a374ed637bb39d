package store

import (
	"context"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"careerbot/knowledge"
)

type testClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *testClock) Now() time.Time      { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *testClock) Add(d time.Duration) { c.mu.Lock(); c.t = c.t.Add(d); c.mu.Unlock() }

func openDigestStore(t *testing.T) (*Store, *testClock, string) {
	t.Helper()
	clk := &testClock{t: time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)}
	path := filepath.Join(t.TempDir(), "careerbot.db")
	s, err := Open(context.Background(), path, Options{Now: clk.Now})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s, clk, path
}

func TestSubscribeUpsertAndUnsubscribe(t *testing.T) {
	ctx := context.Background()
	s, clk, _ := openDigestStore(t)
	sub, err := s.Subscribe(ctx, knowledge.Subscription{Platform: "slack", Workspace: "T1", Channel: "C1", Schedule: "0 9 * * 1", Timezone: "Asia/Tokyo", Locale: knowledge.JA, SubscribedBy: "U1", KBVersion: 3})
	if err != nil {
		t.Fatal(err)
	}
	if sub.ID == 0 || !sub.SubscribedAt.Equal(clk.Now()) || sub.KBVersion != 3 {
		t.Fatalf("subscribe returned %+v", sub)
	}
	if err := s.Pause(ctx, sub.ID, "channel_not_found"); err != nil {
		t.Fatal(err)
	}
	got, ok, err := s.Subscription(ctx, "slack", "C1")
	if err != nil || !ok || got.PausedReason != "channel_not_found" {
		t.Fatalf("after pause: %+v %v %v", got, ok, err)
	}
	// Re-subscribing keeps the id, takes the new schedule and clears the pause.
	clk.Add(time.Hour)
	again, err := s.Subscribe(ctx, knowledge.Subscription{Platform: "slack", Workspace: "T1", Channel: "C1", Schedule: "0 18 * * 5", Timezone: "UTC", Locale: knowledge.EN, SubscribedBy: "U2", KBVersion: 3})
	if err != nil {
		t.Fatal(err)
	}
	if again.ID != sub.ID || again.Schedule != "0 18 * * 5" || again.PausedReason != "" || again.Locale != knowledge.EN {
		t.Fatalf("re-subscribe returned %+v", again)
	}
	if _, err := s.Subscribe(ctx, knowledge.Subscription{Platform: "discord", Workspace: "G1", Channel: "C1", Schedule: "0 9 * * 1", Timezone: "Asia/Tokyo", Locale: knowledge.JA}); err != nil {
		t.Fatal(err)
	}
	all, err := s.Subscriptions(ctx)
	if err != nil || len(all) != 2 {
		t.Fatalf("subscriptions: %d %v", len(all), err)
	}
	ok, err = s.Unsubscribe(ctx, "slack", "C1")
	if err != nil || !ok {
		t.Fatalf("unsubscribe: %v %v", ok, err)
	}
	ok, err = s.Unsubscribe(ctx, "slack", "C1")
	if err != nil || ok {
		t.Fatalf("second unsubscribe: %v %v", ok, err)
	}
	if _, ok, _ := s.Subscription(ctx, "slack", "C1"); ok {
		t.Fatal("unsubscribed channel still has a subscription")
	}
	all, _ = s.Subscriptions(ctx)
	if len(all) != 1 || all[0].Platform != "discord" {
		t.Fatalf("after unsubscribe: %+v", all)
	}
}

func TestDeliveryLifecycle(t *testing.T) {
	ctx := context.Background()
	s, clk, path := openDigestStore(t)
	sub, err := s.Subscribe(ctx, knowledge.Subscription{Platform: "discord", Workspace: "G", Channel: "C", Schedule: "0 9 * * 1", Timezone: "Asia/Tokyo", Locale: knowledge.JA, KBVersion: 1})
	if err != nil {
		t.Fatal(err)
	}
	sched := time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)
	want := knowledge.Delivery{SubscriptionID: sub.ID, Period: "2026-11-23T00:00Z", ScheduledAt: sched, Marker: "m1", SinceVersion: 1, KBVersion: 2}
	d, err := s.RecordIntent(ctx, want)
	if err != nil {
		t.Fatal(err)
	}
	if d.State != knowledge.DeliveryIntent || d.Attempts != 0 || !d.ScheduledAt.Equal(sched) || d.KBVersion != 2 {
		t.Fatalf("intent: %+v", d)
	}
	// Idempotent: the same period returns the same row.
	again, err := s.RecordIntent(ctx, want)
	if err != nil || again.ID != d.ID {
		t.Fatalf("second intent: %+v %v", again, err)
	}
	open, err := s.UnfinishedDeliveries(ctx)
	if err != nil || len(open) != 1 {
		t.Fatalf("unfinished: %d %v", len(open), err)
	}
	// Claim leases it: another owner cannot claim until the lease ends.
	c, ok, err := s.ClaimDelivery(ctx, d.ID, "a", clk.Now().Add(time.Minute))
	if err != nil || !ok || c.Attempts != 1 || c.LeaseOwner != "a" {
		t.Fatalf("claim: %+v %v %v", c, ok, err)
	}
	if _, ok, _ := s.ClaimDelivery(ctx, d.ID, "b", clk.Now().Add(time.Minute)); ok {
		t.Fatal("b claimed a delivery leased to a")
	}
	// A transient failure keeps it open with the next attempt time.
	next := clk.Now().Add(30 * time.Second)
	if err := s.RecordFailure(ctx, d.ID, "a", "HTTP 503", false, false, next); err != nil {
		t.Fatal(err)
	}
	got, _, _ := s.Delivery(ctx, sub.ID, want.Period)
	if got.State != knowledge.DeliveryIntent || got.LastError != "HTTP 503" || !got.NextAttemptAt.Equal(next) || got.LeaseOwner != "" {
		t.Fatalf("after transient failure: %+v", got)
	}
	clk.Add(2 * time.Minute)
	if c, ok, _ := s.ClaimDelivery(ctx, d.ID, "b", clk.Now().Add(time.Minute)); !ok || c.Attempts != 2 || !c.MaybePosted {
		t.Fatalf("b could not claim after the failure, or was not told the first attempt may have gone out: %+v", c)
	}
	// A refusal (HTTP 429) says nothing went out.
	clk.Add(2 * time.Minute)
	if err := s.RecordFailure(ctx, d.ID, "b", "HTTP 429", false, true, clk.Now()); err != nil {
		t.Fatal(err)
	}
	if c, ok, _ := s.ClaimDelivery(ctx, d.ID, "b", clk.Now().Add(time.Minute)); !ok || c.Attempts != 3 || c.MaybePosted {
		t.Fatalf("claim after a refusal: %+v", c)
	}
	ok, err = s.RecordSent(ctx, d.ID, "msg-1")
	if err != nil || !ok {
		t.Fatalf("sent: %v %v", ok, err)
	}
	if ok, _ := s.RecordSent(ctx, d.ID, "msg-2"); ok {
		t.Fatal("recorded sent twice")
	}
	// A late failure report from a stale owner does not undo the send.
	if err := s.RecordFailure(ctx, d.ID, "a", "timeout", true, false, time.Time{}); err != nil {
		t.Fatal(err)
	}
	got, _, _ = s.Delivery(ctx, sub.ID, want.Period)
	if got.State != knowledge.DeliverySent || got.MessageID != "msg-1" {
		t.Fatalf("after sent: %+v", got)
	}
	subNow, _, _ := s.Subscription(ctx, "discord", "C")
	if subNow.KBVersion != 2 || subNow.PausedReason != "" {
		t.Fatalf("subscription after sent: %+v", subNow)
	}
	if open, _ := s.UnfinishedDeliveries(ctx); len(open) != 0 {
		t.Fatalf("still unfinished: %+v", open)
	}
	// The log survives a reopen of the file.
	s.Close()
	s2, err := Open(ctx, path, Options{Now: clk.Now})
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	last, ok, err := s2.LastDelivery(ctx, sub.ID)
	if err != nil || !ok || last.State != knowledge.DeliverySent || last.MessageID != "msg-1" {
		t.Fatalf("last delivery after reopen: %+v %v %v", last, ok, err)
	}
	lasts, err := s2.LastDeliveries(ctx)
	if err != nil || lasts[sub.ID].ID != d.ID {
		t.Fatalf("last deliveries: %+v %v", lasts, err)
	}
}

func TestPermanentFailurePausesAndSkip(t *testing.T) {
	ctx := context.Background()
	s, clk, _ := openDigestStore(t)
	sub, _ := s.Subscribe(ctx, knowledge.Subscription{Platform: "slack", Channel: "C", Schedule: "0 9 * * 1", Timezone: "UTC", Locale: knowledge.EN})
	d, err := s.RecordIntent(ctx, knowledge.Delivery{SubscriptionID: sub.ID, Period: "p1", ScheduledAt: clk.Now(), Marker: "m"})
	if err != nil {
		t.Fatal(err)
	}
	if _, ok, _ := s.ClaimDelivery(ctx, d.ID, "a", clk.Now().Add(time.Minute)); !ok {
		t.Fatal("claim failed")
	}
	if err := s.RecordFailure(ctx, d.ID, "a", "channel_not_found", true, false, time.Time{}); err != nil {
		t.Fatal(err)
	}
	got, _, _ := s.Delivery(ctx, sub.ID, "p1")
	paused, _, _ := s.Subscription(ctx, "slack", "C")
	if got.State != knowledge.DeliveryFailed || paused.PausedReason != "channel_not_found" || paused.PausedAt.IsZero() {
		t.Fatalf("after permanent failure: %+v / %+v", got, paused)
	}
	// An operator reopens it after fixing access; a send clears the pause.
	if err := s.ReopenDelivery(ctx, d.ID); err != nil {
		t.Fatal(err)
	}
	if _, ok, _ := s.ClaimDelivery(ctx, d.ID, "op", clk.Now().Add(time.Minute)); !ok {
		t.Fatal("reopened delivery not claimable")
	}
	if ok, _ := s.RecordSent(ctx, d.ID, "m-1"); !ok {
		t.Fatal("reopened delivery not sent")
	}
	if sub, _, _ := s.Subscription(ctx, "slack", "C"); sub.PausedReason != "" {
		t.Fatalf("pause not cleared: %+v", sub)
	}
	// Skipped periods are logged once and never reopened by a re-record.
	skip := knowledge.Delivery{SubscriptionID: sub.ID, Period: "p0", ScheduledAt: clk.Now().Add(-7 * 24 * time.Hour), Marker: "m0"}
	if err := s.RecordSkipped(ctx, skip, "missed"); err != nil {
		t.Fatal(err)
	}
	got, _, _ = s.Delivery(ctx, sub.ID, "p0")
	if got.State != knowledge.DeliverySkipped || got.LastError != "missed" {
		t.Fatalf("skipped: %+v", got)
	}
	if again, _ := s.RecordIntent(ctx, skip); again.State != knowledge.DeliverySkipped {
		t.Fatalf("intent over a skipped period reopened it: %+v", again)
	}
	if err := s.CloseDelivery(ctx, d.ID, knowledge.DeliverySent, ""); err == nil {
		t.Fatal("CloseDelivery accepted state sent")
	}
}
