package postgres_test

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"testing"
	"time"

	"careerbot/knowledge"
	"careerbot/store/postgres"
	"careerbot/store/postgres/pgtest"
)

// BenchmarkImportSeen measures how long a replica takes to see an import:
// replica A imports (alternating two versions of the curated data), and
// the clock runs from A's commit (its Sync returning) until replica B,
// answering a command every millisecond, names the new version (B has then
// also rebuilt its snapshot: the first command after an import waits for
// that). listen=on is how careerbot runs (NOTIFY); listen=off
// is the fallback, a version read at most a second old.
//
//	CAREERBOT_TEST_POSTGRES_URL=postgres://… go test -run '^$' -bench BenchmarkImportSeen -benchtime 20x ./store/postgres/
func BenchmarkImportSeen(b *testing.B) {
	for _, listen := range []bool{true, false} {
		b.Run(fmt.Sprintf("listen=%v", map[bool]string{true: "on", false: "off"}[listen]), func(b *testing.B) {
			ctx := context.Background()
			dsn := pgtest.Schema(b)
			a := pgtest.Open(b, dsn, postgres.Options{NoListen: true})
			r := pgtest.Open(b, dsn, postgres.Options{NoListen: !listen})
			d1, err := knowledge.Load(knowledge.Curated, knowledge.CuratedDir)
			if err != nil {
				b.Fatal(err)
			}
			d2, _ := knowledge.Load(knowledge.Curated, knowledge.CuratedDir)
			d2.Trends = append(d2.Trends, knowledge.Trend{ID: "T-bench", Text: knowledge.Text{JA: "ベンチ", EN: "bench"}, Provenance: knowledge.Provenance{Article: d2.Articles[0].ID}})
			if _, _, err := a.Sync(ctx, d1, "bench"); err != nil {
				b.Fatal(err)
			}
			if _, err := r.KnowledgeVersion(ctx); err != nil {
				b.Fatal(err)
			}
			time.Sleep(100 * time.Millisecond) // the listener is up
			// Replica B serves a command every millisecond meanwhile, as a
			// busy bot would; each change of its version is timed.
			type seen struct {
				name string
				at   time.Time
			}
			changes := make(chan seen, 16)
			pctx, stop := context.WithCancel(ctx)
			done := make(chan struct{})
			go func() {
				defer close(done)
				last, _ := r.KnowledgeVersion(pctx)
				for pctx.Err() == nil {
					if v, err := r.KnowledgeVersion(pctx); err == nil && v != last {
						last = v
						changes <- seen{v, time.Now()}
					}
					time.Sleep(time.Millisecond)
				}
			}()
			lat := make([]time.Duration, 0, b.N)
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				d := d2
				if i%2 == 1 {
					d = d1
				}
				v, _, err := a.Sync(ctx, d, "bench")
				if err != nil {
					b.Fatal(err)
				}
				committed := time.Now()
				want := fmt.Sprint(v.Number, "-")
				for c := range changes {
					if strings.HasPrefix(c.name, want) {
						lat = append(lat, max(c.at.Sub(committed), 0))
						break
					}
				}
			}
			stop()
			<-done
			b.StopTimer()
			sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
			b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1e3, "p50-ms")
			b.ReportMetric(float64(lat[len(lat)-1].Microseconds())/1e3, "max-ms")
		})
	}
}
