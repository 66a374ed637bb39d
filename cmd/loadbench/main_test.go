package main

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"

	"careerbot/bot/slackbot"
	"careerbot/handlers"
)

// TestMain lets the test binary play the trivial server when re-exec'd,
// as the loadbench binary does.
func TestMain(m *testing.M) {
	if len(os.Args) == 3 && os.Args[1] == "-serve-trivial" {
		if err := serveTrivial(os.Args[2]); err != nil {
			os.Exit(1)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

type okEngine struct{ calls int }

func (e *okEngine) Handle(_ context.Context, req handlers.Request) handlers.Reply {
	e.calls++
	return handlers.Reply{Title: req.Command + " " + req.Args}
}

func (e *okEngine) Share(ctx context.Context, req handlers.Request, _ string) handlers.Reply {
	return e.Handle(ctx, req)
}

// TestSlackTargetIsAccepted: the load is real slash commands that the
// adapter verifies and answers, not 401s.
func TestSlackTargetIsAccepted(t *testing.T) {
	tg := targets["slack"]
	var secret string
	for _, kv := range tg.env() {
		if v, ok := strings.CutPrefix(kv, "SLACK_SIGNING_SECRET="); ok {
			secret = v
		}
	}
	now := time.Now()
	engine := &okEngine{}
	bot, err := slackbot.New(slackbot.Config{SigningSecret: secret, Clock: func() time.Time { return now }}, engine)
	if err != nil {
		t.Fatal(err)
	}
	req, err := tg.newRequest(now)
	if err != nil {
		t.Fatal(err)
	}
	req.URL.Path = tg.path
	w := httptest.NewRecorder()
	bot.HTTPHandler().ServeHTTP(w, req)
	if w.Code != http.StatusOK || engine.calls != 1 || !strings.Contains(w.Body.String(), "salary go") {
		t.Errorf("status %d, engine calls %d, body %s", w.Code, engine.calls, w.Body)
	}
}

// TestTrivialRun runs the ceiling briefly, end to end: re-exec, healthz,
// load, report.
func TestTrivialRun(t *testing.T) {
	var out bytes.Buffer
	if err := run([]string{"-target", "trivial", "-c", "2", "-d", "300ms", "-warmup", "50ms", "-n", "2000"}, &out); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "trivial") || !strings.Contains(out.String(), "req/s") {
		t.Errorf("report:\n%s", out.String())
	}
}

func TestMedian(t *testing.T) {
	m := median([]result{{reqPerSec: 3, p99: 9}, {reqPerSec: 1, p99: 1}, {reqPerSec: 2, p99: 5}})
	if m.reqPerSec != 2 || m.p99 != 5 {
		t.Errorf("median = %+v", m)
	}
}

func TestPercentile(t *testing.T) {
	d := make([]time.Duration, 100)
	for i := range d {
		d[i] = time.Duration(i+1) * time.Millisecond
	}
	if p := percentile(d, 0.5); p != 50*time.Millisecond {
		t.Errorf("p50 = %v", p)
	}
	if p := percentile(d, 0.99); p != 99*time.Millisecond {
		t.Errorf("p99 = %v", p)
	}
	if p := percentile(d[:1], 0.99); p != time.Millisecond {
		t.Errorf("p99 of one = %v", p)
	}
}
