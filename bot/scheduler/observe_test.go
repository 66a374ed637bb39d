package scheduler

import (
	"context"
	"sync"
	"testing"
	"time"
)

type passRecorder struct {
	mu             sync.Mutex
	started, done  int
	posted, failed int
}

func (p *passRecorder) PassStarted() {
	p.mu.Lock()
	p.started++
	p.mu.Unlock()
}

func (p *passRecorder) PassDone(rep Report, err error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.done++
	p.posted += rep.Posted
	if err != nil {
		p.failed++
	}
}

// TestRunReportsPasses: every pass Run makes is reported, begun and done,
// with what it posted.
func TestRunReportsPasses(t *testing.T) {
	e := newEnv(t)
	e.clock.Set(monday9.Add(-time.Minute))
	e.subscribe("slack", "T1", "C1", weekly, "Asia/Tokyo")
	rec := &passRecorder{}
	s := e.scheduler(Options{Observer: rec})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- s.Run(ctx) }()
	deadline := time.Now().Add(10 * time.Second)
	for e.slack.count() == 0 && time.Now().Before(deadline) {
		e.clock.Advance(time.Second)
		time.Sleep(time.Millisecond)
	}
	// The pass that posted reports once it has recorded the post.
	for time.Now().Before(deadline) {
		rec.mu.Lock()
		posted := rec.posted
		rec.mu.Unlock()
		if posted == 1 {
			break
		}
		time.Sleep(time.Millisecond)
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	rec.mu.Lock()
	defer rec.mu.Unlock()
	if rec.started < 2 || rec.started != rec.done {
		t.Errorf("%d passes started, %d done; want at least 2, all done", rec.started, rec.done)
	}
	if rec.posted != 1 || rec.failed != 0 {
		t.Errorf("passes reported %d posted, %d failed; want 1 and 0", rec.posted, rec.failed)
	}
}
