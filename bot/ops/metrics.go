// Package ops is careerbot's operations endpoint: /healthz, /readyz and
// /metrics (Prometheus) on OPS_ADDR. The platform adapters and the digest
// scheduler do not import Prometheus: they report through the small
// Observer interfaces they declare, which *Ops implements.
package ops

import (
	"math"
	"net/http"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"

	"careerbot/bot/answercache"
)

// Metrics holds careerbot's Prometheus metrics in a private registry, so
// that two of them (tests, two bots in one process) never collide.
type Metrics struct {
	reg       *prometheus.Registry
	commands  *prometheus.CounterVec
	latency   *prometheus.HistogramVec
	apiCalls  *prometheus.CounterVec
	limited   *prometheus.CounterVec
	retries   *prometheus.CounterVec
	digests   *prometheus.CounterVec
	caches    *cacheCollector
	known     map[string]bool
	knowledge func() (float64, error)
}

// otherCommand is the label of a command careerbot does not define, so
// that what people type cannot grow the label set without bound.
const otherCommand = "other"

// NewMetrics builds the metrics. commands are the command names a label
// may carry (handlers.Commands); any other name is counted as "other".
func NewMetrics(commands []string) *Metrics {
	m := &Metrics{
		reg: prometheus.NewRegistry(),
		commands: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "careerbot_commands_total",
			Help: "Commands answered, by platform, command and outcome (ok, not_found, invalid, forbidden, internal, …).",
		}, []string{"platform", "command", "outcome"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "careerbot_command_duration_seconds",
			Help:    "Time from receiving a command to having its rendered answer, by platform and command.",
			Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5},
		}, []string{"platform", "command"}),
		apiCalls: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "careerbot_platform_api_calls_total",
			Help: "HTTP requests to the platform APIs, by platform and result class (2xx, 3xx, 4xx, 429, 5xx, error).",
		}, []string{"platform", "result"}),
		limited: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "careerbot_platform_api_rate_limited_total",
			Help: "Platform API responses with HTTP 429 (rate limited), by platform.",
		}, []string{"platform"}),
		retries: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "careerbot_platform_api_retries_total",
			Help: "Platform API calls made again after a rate limit, by platform.",
		}, []string{"platform"}),
		digests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "careerbot_digests_total",
			Help: "Digest deliveries by outcome: sent, recovered (found already posted), retried, failed (the subscription paused or the period abandoned), skipped (missed beyond the grace window).",
		}, []string{"outcome"}),
		caches: &cacheCollector{
			hits:    prometheus.NewDesc("careerbot_answer_cache_hits_total", "Answers served from the answer cache, by platform.", []string{"platform"}, nil),
			misses:  prometheus.NewDesc("careerbot_answer_cache_misses_total", "Answer-cache lookups that found nothing, by platform.", []string{"platform"}, nil),
			entries: prometheus.NewDesc("careerbot_answer_cache_entries", "Answers held in the answer cache, by platform.", []string{"platform"}, nil),
		},
		known: map[string]bool{},
	}
	for _, c := range commands {
		m.known[c] = true
	}
	for _, outcome := range []string{"sent", "recovered", "retried", "failed", "skipped"} {
		m.digests.WithLabelValues(outcome) // present at 0 from the start
	}
	m.reg.MustRegister(m.commands, m.latency, m.apiCalls, m.limited, m.retries, m.digests, m.caches,
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: "careerbot_knowledge_version",
			Help: "The knowledge base version answers come from (NaN when the database cannot say).",
		}, m.knowledgeVersion),
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
	)
	return m
}

// Registry is the private registry, for tests and extra collectors.
func (m *Metrics) Registry() *prometheus.Registry { return m.reg }

// Handler serves the metrics in the Prometheus text format.
func (m *Metrics) Handler() http.Handler {
	return promhttpHandler(m.reg)
}

// Command counts one answered command and how long it took.
func (m *Metrics) Command(platform, command, outcome string, took time.Duration) {
	if !m.known[command] {
		command = otherCommand
	}
	if outcome == "" {
		outcome = "ok"
	}
	m.commands.WithLabelValues(platform, command, outcome).Inc()
	m.latency.WithLabelValues(platform, command).Observe(took.Seconds())
}

// Retry counts a platform API call made again after a rate limit.
func (m *Metrics) Retry(platform string) { m.retries.WithLabelValues(platform).Inc() }

// Digests counts what one scheduler pass did.
func (m *Metrics) Digests(sent, recovered, retried, failed, skipped int) {
	for outcome, n := range map[string]int{"sent": sent, "recovered": recovered, "retried": retried, "failed": failed, "skipped": skipped} {
		if n > 0 {
			m.digests.WithLabelValues(outcome).Add(float64(n))
		}
	}
}

// WatchCache reports an adapter's answer-cache counters at each scrape.
func (m *Metrics) WatchCache(platform string, stats func() answercache.Stats) {
	m.caches.add(platform, stats)
}

// WatchKnowledge reports the knowledge version read at each scrape.
func (m *Metrics) WatchKnowledge(version func() (float64, error)) { m.knowledge = version }

func (m *Metrics) knowledgeVersion() float64 {
	if m.knowledge == nil {
		return math.NaN()
	}
	v, err := m.knowledge()
	if err != nil {
		return math.NaN()
	}
	return v
}

// Transport counts the platform API calls made through base (nil:
// http.DefaultTransport): every request, by result class, and 429s.
func (m *Metrics) Transport(platform string, base http.RoundTripper) http.RoundTripper {
	if base == nil {
		base = http.DefaultTransport
	}
	return countingTransport{m: m, platform: platform, base: base}
}

type countingTransport struct {
	m        *Metrics
	platform string
	base     http.RoundTripper
}

func (t countingTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	resp, err := t.base.RoundTrip(r)
	result := "error"
	if err == nil {
		switch c := resp.StatusCode; {
		case c == http.StatusTooManyRequests:
			result = "429"
			t.m.limited.WithLabelValues(t.platform).Inc()
		case c >= 500:
			result = "5xx"
		case c >= 400:
			result = "4xx"
		case c >= 300:
			result = "3xx"
		default:
			result = "2xx"
		}
	}
	t.m.apiCalls.WithLabelValues(t.platform, result).Inc()
	return resp, err
}
