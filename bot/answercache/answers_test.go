package answercache_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"sync"
	"testing"

	"careerbot/bot/answercache"
	"careerbot/bot/answercache/answercachetest"
	"careerbot/handlers"
	"careerbot/knowledge"
)

var quiet = slog.New(slog.NewTextHandler(io.Discard, nil))

// text renders a reply the way a test can compare: the adapters' own
// renderings are tested in their packages.
func text(rep handlers.Reply) string {
	return fmt.Sprint(rep.Status, rep.Title, rep.Paragraphs, rep.Fields, rep.Table, rep.Notes)
}

// asker answers requests through an Answers over the real router, counting
// how often the engine ran.
func asker(t *testing.T, kb *answercachetest.KB) (*answercache.Answers[string], func(cmd, args string) string, func() int) {
	t.Helper()
	a := answercache.NewAnswers[string](kb.Router, answercache.Options{Size: 32}, quiet)
	var mu sync.Mutex
	runs := 0
	ask := func(cmd, args string) string {
		req := handlers.Request{Command: cmd, Args: args, Locale: knowledge.JA, Platform: knowledge.Slack}
		v, _ := a.Answer(context.Background(), req, func() (string, handlers.Reply) {
			mu.Lock()
			runs++
			mu.Unlock()
			rep := kb.Router.Handle(context.Background(), req)
			return text(rep), rep
		})
		return v
	}
	return a, ask, func() int { mu.Lock(); defer mu.Unlock(); return runs }
}

// TestImportBetweenTwoRequests: a `kb import` by another process between
// two requests changes the second answer; no stale hit.
func TestImportBetweenTwoRequests(t *testing.T) {
	kb := answercachetest.Open(t)
	a, ask, runs := asker(t, kb)
	before := ask("jobs", "")
	if ask("jobs", "") != before || runs() != 1 {
		t.Fatalf("the second ask without an import was not a hit (%d runs)", runs())
	}
	kb.Import(t, answercachetest.OneListing)
	after := ask("jobs", "")
	if after == before || runs() != 2 {
		t.Fatalf("the first ask after an import was answered from the cache (%d runs)", runs())
	}
	if s := a.Stats(); s.Hits != 1 || s.Misses != 2 || s.Stored != 2 {
		t.Errorf("stats %+v", s)
	}
}

// TestGapsCountedOnEveryAsk: a repeated unknown question reaches the
// engine, and the gaps counter, every time.
func TestGapsCountedOnEveryAsk(t *testing.T) {
	kb := answercachetest.Open(t)
	a, ask, runs := asker(t, kb)
	for range 3 {
		ask("salary", "cobol")
		ask("ask", "zzqxj vvkwp")
	}
	if n := kb.Gaps.Count("salary", "cobol"); n != 3 {
		t.Errorf("/salary cobol asked 3 times was counted %d times", n)
	}
	if runs() != 6 || a.Stats().Entries != 0 || a.Stats().Skipped != 6 {
		t.Errorf("%d runs, stats %+v: gaps were cached", runs(), a.Stats())
	}
}

type failingVersions struct{ err error }

func (f failingVersions) KnowledgeVersion(context.Context) (string, error) { return "", f.err }

// TestVersionReadFails: without a version the answer is computed and not
// kept; a slower answer beats a stale one.
func TestVersionReadFails(t *testing.T) {
	a := answercache.NewAnswers[int](failingVersions{errors.New("database is locked")}, answercache.Options{Size: 4}, quiet)
	req := handlers.Request{Command: "salary", Args: "go", Locale: knowledge.JA}
	runs := 0
	for range 2 {
		v, hit := a.Answer(context.Background(), req, func() (int, handlers.Reply) {
			runs++
			return runs, handlers.Reply{Command: "salary"}
		})
		if hit || v != runs {
			t.Fatalf("answer %d, hit %v", v, hit)
		}
	}
	if a.Stats().Entries != 0 {
		t.Errorf("stored without a version: %+v", a.Stats())
	}
}

// TestAnswersOff: size 0 is no cache, and so is a nil *Answers.
func TestAnswersOff(t *testing.T) {
	kb := answercachetest.Open(t)
	a := answercache.NewAnswers[string](kb.Router, answercache.Options{}, quiet)
	if a != nil {
		t.Fatal("size 0 made a cache")
	}
	req := handlers.Request{Command: "salary", Args: "go", Locale: knowledge.JA}
	runs := 0
	for range 2 {
		a.Answer(context.Background(), req, func() (string, handlers.Reply) { runs++; return "", handlers.Reply{Command: "salary"} })
	}
	if runs != 2 {
		t.Errorf("%d runs, want 2", runs)
	}
}

// BenchmarkAnswerHit is a cached answer as an adapter gets it: the
// knowledge version read from SQLite, the key, the lookup.
//
//	go test -run '^$' -bench AnswerHit ./bot/answercache/
func BenchmarkAnswerHit(b *testing.B) {
	kb := answercachetest.Open(b)
	a := answercache.NewAnswers[string](kb.Router, answercache.Options{Size: 1024}, quiet)
	req := handlers.Request{Command: "salary", Args: "go", Locale: knowledge.JA, Platform: knowledge.Slack}
	render := func() (string, handlers.Reply) {
		rep := kb.Router.Handle(context.Background(), req)
		return text(rep), rep
	}
	a.Answer(context.Background(), req, render)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, hit := a.Answer(context.Background(), req, render); !hit {
			b.Fatal("miss")
		}
	}
}
