package ops

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"math"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus/testutil"
	dto "github.com/prometheus/client_model/go"

	"careerbot/bot/answercache"
)

// histogramCount returns the sample count of the histogram series with
// these label values, from a real gather of the registry.
func histogramCount(t *testing.T, m *Metrics, name string, labels map[string]string) uint64 {
	t.Helper()
	mfs, err := m.Registry().Gather()
	if err != nil {
		t.Fatal(err)
	}
	for _, mf := range mfs {
		if mf.GetName() != name {
			continue
		}
	series:
		for _, s := range mf.GetMetric() {
			for _, lp := range s.GetLabel() {
				if labels[lp.GetName()] != lp.GetValue() {
					continue series
				}
			}
			return s.GetHistogram().GetSampleCount()
		}
	}
	return 0
}

func TestCommandCountsAndLatency(t *testing.T) {
	m := NewMetrics([]string{"salary", "compare"})
	m.Command("slack", "salary", "", 30*time.Millisecond)
	m.Command("slack", "salary", "", 10*time.Millisecond)
	m.Command("discord", "salary", "not_found", time.Millisecond)
	m.Command("slack", "rm -rf", "invalid", time.Millisecond) // not a command: "other"

	for _, c := range []struct {
		platform, command, outcome string
		want                       float64
	}{
		{"slack", "salary", "ok", 2},
		{"discord", "salary", "not_found", 1},
		{"slack", "other", "invalid", 1},
		{"discord", "compare", "ok", 0},
	} {
		if got := testutil.ToFloat64(m.commands.WithLabelValues(c.platform, c.command, c.outcome)); got != c.want {
			t.Errorf("commands{%s,%s,%s} = %v, want %v", c.platform, c.command, c.outcome, got, c.want)
		}
	}
	if n := histogramCount(t, m, "careerbot_command_duration_seconds", map[string]string{"platform": "slack", "command": "salary"}); n != 2 {
		t.Errorf("latency samples for slack salary = %d, want 2", n)
	}
	if n := histogramCount(t, m, "careerbot_command_duration_seconds", map[string]string{"platform": "slack", "command": "other"}); n != 1 {
		t.Errorf("latency samples for slack other = %d, want 1", n)
	}
}

// TestTransportCounts429: a fake API that rate limits once, then answers.
func TestTransportCounts429(t *testing.T) {
	var n atomic.Int32
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch n.Add(1) {
		case 1:
			w.Header().Set("Retry-After", "1")
			w.WriteHeader(http.StatusTooManyRequests)
		case 2:
			w.WriteHeader(http.StatusInternalServerError)
		default:
			io.WriteString(w, `{"ok":true}`)
		}
	}))
	defer api.Close()
	m := NewMetrics(nil)
	c := &http.Client{Transport: m.Transport("slack", nil)}
	for range 3 {
		resp, err := c.Get(api.URL + "/api/chat.postMessage")
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
	}
	api.Close()
	if _, err := c.Get(api.URL); err == nil {
		t.Fatal("a closed server answered")
	}
	for result, want := range map[string]float64{"429": 1, "5xx": 1, "2xx": 1, "error": 1, "4xx": 0} {
		if got := testutil.ToFloat64(m.apiCalls.WithLabelValues("slack", result)); got != want {
			t.Errorf("api calls{slack,%s} = %v, want %v", result, got, want)
		}
	}
	if got := testutil.ToFloat64(m.limited.WithLabelValues("slack")); got != 1 {
		t.Errorf("rate limited = %v, want 1", got)
	}
	if got := testutil.ToFloat64(m.limited.WithLabelValues("discord")); got != 0 {
		t.Errorf("discord rate limited = %v, want 0", got)
	}
}

func TestRetriesDigestsCacheKnowledge(t *testing.T) {
	m := NewMetrics(nil)
	m.Retry("discord")
	m.Retry("discord")
	if got := testutil.ToFloat64(m.retries.WithLabelValues("discord")); got != 2 {
		t.Errorf("retries = %v, want 2", got)
	}

	m.Digests(3, 1, 2, 1, 0)
	m.Digests(1, 0, 0, 0, 4)
	for outcome, want := range map[string]float64{"sent": 4, "recovered": 1, "retried": 2, "failed": 1, "skipped": 4} {
		if got := testutil.ToFloat64(m.digests.WithLabelValues(outcome)); got != want {
			t.Errorf("digests{%s} = %v, want %v", outcome, got, want)
		}
	}

	stats := answercache.Stats{Hits: 5, Misses: 2, Entries: 2}
	m.WatchCache("slack", func() answercache.Stats { return stats })
	m.WatchCache("discord", func() answercache.Stats { return answercache.Stats{Misses: 1} })
	want := `
# HELP careerbot_answer_cache_hits_total Answers served from the answer cache, by platform.
# TYPE careerbot_answer_cache_hits_total counter
careerbot_answer_cache_hits_total{platform="discord"} 0
careerbot_answer_cache_hits_total{platform="slack"} 5
# HELP careerbot_answer_cache_misses_total Answer-cache lookups that found nothing, by platform.
# TYPE careerbot_answer_cache_misses_total counter
careerbot_answer_cache_misses_total{platform="discord"} 1
careerbot_answer_cache_misses_total{platform="slack"} 2
`
	if err := testutil.GatherAndCompare(m.Registry(), strings.NewReader(want), "careerbot_answer_cache_hits_total", "careerbot_answer_cache_misses_total"); err != nil {
		t.Error(err)
	}
	stats.Hits = 6 // read at each scrape, not copied once
	if err := testutil.GatherAndCompare(m.Registry(), strings.NewReader(strings.Replace(want, `"slack"} 5`, `"slack"} 6`, 1)), "careerbot_answer_cache_hits_total", "careerbot_answer_cache_misses_total"); err != nil {
		t.Error(err)
	}

	if v := gauge(t, m, "careerbot_knowledge_version"); !math.IsNaN(v) {
		t.Errorf("knowledge version with nothing watched = %v, want NaN", v)
	}
	version, verr := 42.0, error(nil)
	m.WatchKnowledge(func() (float64, error) { return version, verr })
	if v := gauge(t, m, "careerbot_knowledge_version"); v != 42 {
		t.Errorf("knowledge version = %v, want 42", v)
	}
	verr = errors.New("database is locked")
	if v := gauge(t, m, "careerbot_knowledge_version"); !math.IsNaN(v) {
		t.Errorf("knowledge version when the database fails = %v, want NaN", v)
	}
}

func gauge(t *testing.T, m *Metrics, name string) float64 {
	t.Helper()
	mfs, err := m.Registry().Gather()
	if err != nil {
		t.Fatal(err)
	}
	for _, mf := range mfs {
		if mf.GetName() == name && mf.GetType() == dto.MetricType_GAUGE && len(mf.GetMetric()) == 1 {
			return mf.GetMetric()[0].GetGauge().GetValue()
		}
	}
	t.Fatalf("no gauge %s", name)
	return 0
}

// TestRegistriesAreSeparate: two Metrics count apart (tests, two bots).
func TestRegistriesAreSeparate(t *testing.T) {
	a, b := NewMetrics([]string{"salary"}), NewMetrics([]string{"salary"})
	a.Command("slack", "salary", "", time.Millisecond)
	if got := testutil.ToFloat64(b.commands.WithLabelValues("slack", "salary", "ok")); got != 0 {
		t.Errorf("the second registry counted the first's command: %v", got)
	}
}

// fakeClock is a settable clock.
type fakeClock struct{ t time.Time }

func (c *fakeClock) now() time.Time { return c.t }

func TestReadiness(t *testing.T) {
	dbDown := errors.New("unable to open database file")
	cases := []struct {
		name  string
		setup func(h *Health, c *fakeClock, db *error)
		want  []string // substrings of the reasons, in order; none: ready
	}{
		{"nothing expected", func(*Health, *fakeClock, *error) {}, nil},
		{"database down", func(_ *Health, _ *fakeClock, db *error) { *db = dbDown }, []string{"database: does not answer: unable to open database file"}},
		{"socket mode not yet connected", func(h *Health, _ *fakeClock, _ *error) { h.ExpectConnection("slack socket mode") }, []string{"slack socket mode: not connected"}},
		{"socket mode connected", func(h *Health, _ *fakeClock, _ *error) {
			h.ExpectConnection("slack socket mode")
			h.Connection("slack socket mode", true)
		}, nil},
		{"gateway shard dropped", func(h *Health, _ *fakeClock, _ *error) {
			h.ExpectConnection("discord gateway shard 0/2")
			h.ExpectConnection("discord gateway shard 1/2")
			h.Connection("discord gateway shard 0/2", true)
			h.Connection("discord gateway shard 1/2", true)
			h.Connection("discord gateway shard 1/2", false)
		}, []string{"discord gateway shard 1/2: not connected"}},
		{"expecting again keeps the state", func(h *Health, _ *fakeClock, _ *error) {
			h.Connection("discord gateway", true)
			h.ExpectConnection("discord gateway")
		}, nil},
		{"no digest pass yet", func(h *Health, _ *fakeClock, _ *error) { h.ExpectPasses(5 * time.Minute) }, []string{"digest scheduler: no pass has finished yet"}},
		{"digest pass recent", func(h *Health, c *fakeClock, _ *error) {
			h.ExpectPasses(5 * time.Minute)
			h.PassStarted()
			h.PassDone(nil)
			c.t = c.t.Add(4 * time.Minute)
		}, nil},
		{"digest pass too old", func(h *Health, c *fakeClock, _ *error) {
			h.ExpectPasses(5 * time.Minute)
			h.PassStarted()
			h.PassDone(nil)
			c.t = c.t.Add(6 * time.Minute)
		}, []string{"digest scheduler: the last pass finished 6m0s ago (more than 5m0s)"}},
		{"digest pass long but running", func(h *Health, c *fakeClock, _ *error) {
			h.ExpectPasses(5 * time.Minute)
			h.PassStarted()
			h.PassDone(nil)
			h.PassStarted()
			c.t = c.t.Add(20 * time.Minute)
		}, nil},
		{"digest pass failed", func(h *Health, _ *fakeClock, _ *error) {
			h.ExpectPasses(5 * time.Minute)
			h.PassStarted()
			h.PassDone(errors.New("database is locked"))
		}, []string{"digest scheduler: the last pass failed: database is locked"}},
		{"everything at once", func(h *Health, _ *fakeClock, db *error) {
			*db = dbDown
			h.ExpectConnection("slack socket mode")
			h.ExpectConnection("discord gateway")
			h.ExpectPasses(time.Minute)
		}, []string{"database", "discord gateway: not connected", "slack socket mode: not connected", "digest scheduler: no pass"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			clock := &fakeClock{t: time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)}
			var dbErr error
			o := New(Options{DB: PingFunc(func(context.Context) error { return dbErr }), Now: clock.now})
			tc.setup(o.Health, clock, &dbErr)
			srv := httptest.NewServer(o.Handler())
			defer srv.Close()

			resp, err := http.Get(srv.URL + "/readyz")
			if err != nil {
				t.Fatal(err)
			}
			var body struct {
				Status  string   `json:"status"`
				Reasons []string `json:"reasons"`
			}
			if err := json.NewDecoder(resp.Body).Decode(&body); err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if ct := resp.Header.Get("Content-Type"); ct != "application/json" {
				t.Errorf("Content-Type %q", ct)
			}
			if len(tc.want) == 0 {
				if resp.StatusCode != http.StatusOK || body.Status != "ready" || len(body.Reasons) != 0 {
					t.Errorf("got %d %+v, want 200 ready", resp.StatusCode, body)
				}
				if err := Check(context.Background(), srv.URL+"/readyz"); err != nil {
					t.Errorf("healthcheck: %v", err)
				}
				return
			}
			if resp.StatusCode != http.StatusServiceUnavailable || body.Status != "unavailable" {
				t.Errorf("got %d %q, want 503 unavailable", resp.StatusCode, body.Status)
			}
			if len(body.Reasons) != len(tc.want) {
				t.Fatalf("reasons %q, want %d like %q", body.Reasons, len(tc.want), tc.want)
			}
			for i, w := range tc.want {
				if !strings.Contains(body.Reasons[i], w) {
					t.Errorf("reason %d = %q, want it to contain %q", i, body.Reasons[i], w)
				}
			}
			err = Check(context.Background(), srv.URL+"/readyz")
			if err == nil || !strings.Contains(err.Error(), "503") || !strings.Contains(err.Error(), tc.want[0]) {
				t.Errorf("healthcheck error %v, want 503 and %q", err, tc.want[0])
			}
			// Alive all the same.
			if err := Check(context.Background(), srv.URL+"/healthz"); err != nil {
				t.Errorf("healthz: %v", err)
			}
		})
	}
}

// TestMetricsEndpoint: /metrics speaks the Prometheus text format and
// carries careerbot's metrics.
func TestMetricsEndpoint(t *testing.T) {
	o := New(Options{Commands: []string{"salary"}})
	o.Command("slack", "salary", "", 5*time.Millisecond)
	srv := httptest.NewServer(o.Handler())
	defer srv.Close()
	resp, err := http.Get(srv.URL + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/plain") {
		t.Fatalf("%d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	for _, want := range []string{
		`careerbot_commands_total{command="salary",outcome="ok",platform="slack"} 1`,
		`careerbot_command_duration_seconds_count{command="salary",platform="slack"} 1`,
		`careerbot_digests_total{outcome="sent"} 0`,
		"careerbot_knowledge_version NaN",
		"go_goroutines",
	} {
		if !strings.Contains(string(b), want) {
			t.Errorf("/metrics lacks %q", want)
		}
	}
	if r, _ := http.Post(srv.URL+"/metrics", "text/plain", nil); r.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("POST /metrics = %d", r.StatusCode)
	}
}
