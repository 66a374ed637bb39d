package handlers_test

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"runtime"
	"testing"
	"time"

	"careerbot/handlers"
	"careerbot/handlers/handlerstest"
)

func TestZZPhrasingTimes(t *testing.T) {
	ctx := context.Background()
	type row struct {
		line string
		med  time.Duration
		p90  time.Duration
	}
	var rows []row
	for _, p := range handlerstest.Phrasings() {
		cmd, args := handlers.ParseLine(p.Line)
		req := handlers.Request{Command: cmd, Args: args, Locale: p.Locale, Platform: "test", User: "U1", Channel: "C1"}
		var ts []time.Duration
		for i := 0; i < 300; i++ {
			s := time.Now()
			testRouter.Handle(ctx, req)
			ts = append(ts, time.Since(s))
		}
		slices.Sort(ts)
		rows = append(rows, row{fmt.Sprintf("%s (%s)", p.Line, p.Locale), ts[len(ts)/2], ts[len(ts)*9/10]})
	}
	sort.Slice(rows, func(i, j int) bool { return rows[i].med > rows[j].med })
	for _, r := range rows[:25] {
		t.Logf("%6.1f µs  p90 %6.1f  %s", float64(r.med.Nanoseconds())/1e3, float64(r.p90.Nanoseconds())/1e3, r.line)
	}
}

func BenchmarkZZOne(b *testing.B) {
	ctx := context.Background()
	for _, line := range []string{"/ask 30代 フリーランス 年収", "/ask フリーランスの月収", "/ask おすすめの資格は？", "/ask 年収1000万円"} {
		cmd, args := handlers.ParseLine(line)
		req := handlers.Request{Command: cmd, Args: args, Locale: "ja", Platform: "test", User: "U1", Channel: "C1"}
		b.Run(line, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				testRouter.Handle(ctx, req)
			}
		})
	}
}

func TestZZPhrasingBytes(t *testing.T) {
	ctx := context.Background()
	type row struct {
		line  string
		bytes uint64
	}
	var rows []row
	for _, p := range handlerstest.Phrasings() {
		cmd, args := handlers.ParseLine(p.Line)
		req := handlers.Request{Command: cmd, Args: args, Locale: p.Locale, Platform: "test", User: "U1", Channel: "C1"}
		testRouter.Handle(ctx, req)
		var a, b runtime.MemStats
		runtime.ReadMemStats(&a)
		for i := 0; i < 100; i++ {
			testRouter.Handle(ctx, req)
		}
		runtime.ReadMemStats(&b)
		rows = append(rows, row{fmt.Sprintf("%s (%s)", p.Line, p.Locale), (b.TotalAlloc - a.TotalAlloc) / 100})
	}
	sort.Slice(rows, func(i, j int) bool { return rows[i].bytes > rows[j].bytes })
	for _, r := range rows[:25] {
		t.Logf("%7d B  %s", r.bytes, r.line)
	}
}

func TestZZLiveHeap(t *testing.T) {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	t.Logf("live heap after GC: %d KB, next GC at %d KB, GC cycles %d", m.HeapAlloc/1024, m.NextGC/1024, m.NumGC)
}
