package console_test

import (
	"context"
	"sort"
	"testing"
	"time"

	"careerbot/bot/console"
	"careerbot/handlers"
	"careerbot/knowledge"
	"careerbot/store"
	"careerbot/store/postgres"
	"careerbot/store/storetest"
)

// BenchmarkCommand measures each command end to end as a user meets it:
// parse the typed line → match the topic → query SQLite → build the Reply
// → render it as text. It reports the mean (ns/op) and the p50 and p99 of
// individual calls.
//
//	go test -run '^$' -bench BenchmarkCommand -benchtime 2000x ./bot/console/
func BenchmarkCommand(b *testing.B) {
	benchCommands(b, storetest.Open(b, store.Options{}))
}

// BenchmarkCommandPostgres is BenchmarkCommand on the PostgreSQL store
// (CAREERBOT_TEST_POSTGRES_URL): reads come from the same in-memory
// snapshot, so the figures should match.
//
//	CAREERBOT_TEST_POSTGRES_URL=postgres://… go test -run '^$' -bench BenchmarkCommandPostgres -benchtime 2000x ./bot/console/
func BenchmarkCommandPostgres(b *testing.B) {
	benchCommands(b, storetest.OpenPostgres(b, postgres.Options{}))
}

func benchCommands(b *testing.B, st knowledge.KB) {
	ctx := context.Background()
	router, err := handlers.New(ctx, st, handlers.Options{})
	if err != nil {
		b.Fatal(err)
	}
	for _, line := range []string{
		"/salary go", "/salary 40s", "/salary freelance", "/salary", "/salary cobol",
		"/compare go rails node", "/compare 30s 40s 50s",
		"/path techlead", "/path", "/kpi fullstack", "/skills go", "/market", "/jobs", "/jobs aws",
		"/ask 年収1000万円", "/ask how to become a tech lead", "/careerhelp",
	} {
		b.Run(line, func(b *testing.B) {
			lat := make([]time.Duration, 0, b.N)
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				start := time.Now()
				r := console.Ask(ctx, router, line, knowledge.JA)
				if len(console.Render(r)) == 0 {
					b.Fatal("empty answer")
				}
				lat = append(lat, time.Since(start))
			}
			b.StopTimer()
			sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
			b.ReportMetric(float64(lat[len(lat)/2].Nanoseconds())/1e3, "p50-µs")
			b.ReportMetric(float64(lat[len(lat)*99/100].Nanoseconds())/1e3, "p99-µs")
		})
	}
}
