package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"careerbot/bot/delivery"
	"careerbot/handlers"
	"careerbot/knowledge"
	"careerbot/store"
	"careerbot/store/storetest"
)

func digestTestApp(t *testing.T) *app {
	t.Helper()
	st := storetest.Open(t, store.Options{})
	return &app{store: st, log: slog.New(slog.NewTextHandler(io.Discard, nil)), cfg: config{DefaultLocale: knowledge.JA,
		DigestSchedule: "0 9 * * 1", DigestTimezone: "Asia/Tokyo", DigestGrace: 24 * time.Hour}}
}

func TestDigestCommandPreview(t *testing.T) {
	a := digestTestApp(t)
	var out bytes.Buffer
	if err := digestCommand(context.Background(), a, []string{"preview", "--locale", "en", "--date", "2026-12-02"}, &out); err != nil {
		t.Fatal(err)
	}
	text := out.String()
	for _, want := range []string{"== Weekly career digest · week of 2026-11-30 ==", "Figure of the week", "One action for this week", "Sources:"} {
		if !strings.Contains(text, want) {
			t.Errorf("preview lacks %q:\n%s", want, text)
		}
	}
	// The same date gives the same digest; the next week another one.
	var again, next bytes.Buffer
	digestCommand(context.Background(), a, []string{"preview", "--locale", "en", "--date", "2026-11-30"}, &again)
	digestCommand(context.Background(), a, []string{"preview", "--locale", "en", "--date", "2026-12-07"}, &next)
	if again.String() != text || next.String() == text {
		t.Error("preview is not a function of the week")
	}
	for _, bad := range [][]string{{"preview", "--date", "2026/12/02"}, {"preview", "--locale", "fr"}, {"send-now"}, {"send-now", "--channel", "irc:x"}, {"launch"}} {
		if err := digestCommand(context.Background(), a, bad, io.Discard); err == nil {
			t.Errorf("%v accepted", bad)
		}
	}
	err := digestCommand(context.Background(), a, []string{"send-now", "--channel", "slack:C1"}, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "SLACK_BOT_TOKEN") {
		t.Errorf("send-now without tokens: %v", err)
	}
}

type recordingPoster struct {
	mu    sync.Mutex
	posts []handlers.Reply
}

func (p *recordingPoster) Platform() knowledge.Platform { return knowledge.Slack }
func (p *recordingPoster) Post(ctx context.Context, channel string, r handlers.Reply, marker string) (string, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.posts = append(p.posts, r)
	return "m1", nil
}
func (p *recordingPoster) FindPost(ctx context.Context, channel, marker string, since time.Time) (string, bool, error) {
	return "", false, nil
}
func (p *recordingPoster) count() int { p.mu.Lock(); defer p.mu.Unlock(); return len(p.posts) }

// TestStartSchedulerWiring runs the scheduler as `careerbot run` starts it:
// a channel whose run was a minute ago gets its digest, once.
func TestStartSchedulerWiring(t *testing.T) {
	a := digestTestApp(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var _ handlers.DigestService = digestMust(newDigest(a))
	due := time.Now().UTC().Add(-time.Minute)
	if _, err := a.store.Subscribe(ctx, knowledge.Subscription{Platform: "slack", Workspace: "T1", Channel: "C1",
		Schedule: fmt.Sprintf("%d %d * * *", due.Minute(), due.Hour()), Timezone: "UTC", Locale: knowledge.EN, SubscribedAt: time.Now().Add(-time.Hour)}); err != nil {
		t.Fatal(err)
	}
	p := &recordingPoster{}
	done := make(chan error, 1)
	go func() { done <- startScheduler(ctx, a, []delivery.Poster[handlers.Reply]{p}) }()
	deadline := time.Now().Add(20 * time.Second)
	for p.count() == 0 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if n := p.count(); n != 1 || !strings.Contains(p.posts[0].Title, "Weekly career digest") {
		t.Fatalf("%d posts: %+v", n, p.posts)
	}
}

func digestMust[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}
