package ops

import (
	"net/http"
	"sync"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"careerbot/bot/answercache"
)

// cacheCollector reads the adapters' answer-cache counters when scraped:
// the caches keep their own counts, so nothing is counted twice.
type cacheCollector struct {
	hits, misses, entries *prometheus.Desc

	mu      sync.Mutex
	sources []cacheSource
}

type cacheSource struct {
	platform string
	stats    func() answercache.Stats
}

func (c *cacheCollector) add(platform string, stats func() answercache.Stats) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.sources = append(c.sources, cacheSource{platform, stats})
}

func (c *cacheCollector) Describe(ch chan<- *prometheus.Desc) {
	ch <- c.hits
	ch <- c.misses
	ch <- c.entries
}

func (c *cacheCollector) Collect(ch chan<- prometheus.Metric) {
	c.mu.Lock()
	sources := append([]cacheSource(nil), c.sources...)
	c.mu.Unlock()
	for _, s := range sources {
		st := s.stats()
		ch <- prometheus.MustNewConstMetric(c.hits, prometheus.CounterValue, float64(st.Hits), s.platform)
		ch <- prometheus.MustNewConstMetric(c.misses, prometheus.CounterValue, float64(st.Misses), s.platform)
		ch <- prometheus.MustNewConstMetric(c.entries, prometheus.GaugeValue, float64(st.Entries), s.platform)
	}
}

func promhttpHandler(reg *prometheus.Registry) http.Handler {
	return promhttp.HandlerFor(reg, promhttp.HandlerOpts{Registry: reg})
}
