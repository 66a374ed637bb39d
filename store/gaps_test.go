package store

import (
	"context"
	"log/slog"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// clock is an injectable, settable time.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time  { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) set(t time.Time) { c.mu.Lock(); c.t = t; c.mu.Unlock() }

func openClock(t *testing.T) (*Store, *clock) {
	t.Helper()
	c := &clock{t: time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)}
	s, err := Open(context.Background(), filepath.Join(t.TempDir(), "kb.db"), Options{Now: c.now})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s, c
}

var quiet = slog.New(slog.DiscardHandler)

func listing(gs []GapSummary) string {
	var b strings.Builder
	for _, g := range gs {
		b.WriteString(g.Command + " " + g.Text + " " + strconv.Itoa(g.Count) + " " + g.LastSeen.Format(dayLayout) + "\n")
	}
	return b.String()
}

func TestGapLogCountsAndLists(t *testing.T) {
	ctx := context.Background()
	s, c := openClock(t)
	g := s.NewGapLog(GapLogOptions{Interval: time.Hour})
	g.RecordGap("salary", "cobol", "cobol")
	g.RecordGap("ask", "kubernetesの年収", "kubernetes の年収")
	c.set(c.now().AddDate(0, 0, 1))
	g.RecordGap("salary", "cobol", "COBOL") // a variant of the same question, a day later
	g.RecordGap("salary", "cobol", "cobol")
	g.RecordGap("jobs", "haskell", "haskell")
	g.RecordGap("jobs", "haskell", "haskell")
	if err := g.Close(); err != nil {
		t.Fatal(err)
	}
	got, err := s.Gaps(ctx, c.now().AddDate(0, 0, -30))
	if err != nil {
		t.Fatal(err)
	}
	want := "salary cobol 3 2026-12-02\njobs haskell 2 2026-12-02\nask kubernetes の年収 1 2026-12-01\n"
	if listing(got) != want {
		t.Errorf("listing:\n%s\nwant:\n%s", listing(got), want)
	}
	// --since: only the later day.
	got, _ = s.Gaps(ctx, c.now())
	if want := "jobs haskell 2 2026-12-02\nsalary cobol 2 2026-12-02\n"; listing(got) != want {
		t.Errorf("since today:\n%s\nwant:\n%s", listing(got), want)
	}
	// What is stored says nothing of who asked or where.
	rows, err := s.db.Query(`SELECT name FROM pragma_table_info('kb_gap') ORDER BY cid`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var cols []string
	for rows.Next() {
		var n string
		rows.Scan(&n)
		cols = append(cols, n)
	}
	if strings.Join(cols, ",") != "command,key,text,day,count" {
		t.Errorf("kb_gap columns %v", cols)
	}
}

func TestGapsPrunedAfter90Days(t *testing.T) {
	ctx := context.Background()
	s, c := openClock(t)
	start := c.now()
	if err := s.AddGaps(ctx, []GapCount{{Command: "salary", Key: "cobol", Text: "cobol", Day: start, Count: 4}}); err != nil {
		t.Fatal(err)
	}
	c.set(start.AddDate(0, 0, 90))
	s.PruneGaps(ctx)
	if got, _ := s.Gaps(ctx, time.Time{}); len(got) != 1 {
		t.Fatalf("deleted at 90 days: %v", got)
	}
	c.set(start.AddDate(0, 0, 91))
	if err := s.AddGaps(ctx, []GapCount{{Command: "jobs", Key: "x", Text: "x", Day: c.now(), Count: 1}}); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.Gaps(ctx, time.Time{}); listing(got) != "jobs x 1 2027-03-02\n" {
		t.Fatalf("kept after 91 days: %s", listing(got))
	}
}

func TestGapLogBounded(t *testing.T) {
	s, _ := openClock(t)
	g := s.NewGapLog(GapLogOptions{Interval: time.Hour, MaxPending: 2, Logger: quiet})
	for _, k := range []string{"a", "b", "c", "a"} {
		g.RecordGap("ask", k, k)
	}
	g.Close()
	got, _ := s.Gaps(context.Background(), time.Time{})
	if listing(got) != "ask a 2 2026-12-01\nask b 1 2026-12-01\n" {
		t.Errorf("got:\n%s", listing(got))
	}
}

// TestGapLogWriteFailure: a store that cannot be written loses the counts
// and says so; recording still returns at once.
func TestGapLogWriteFailure(t *testing.T) {
	s, _ := openClock(t)
	g := s.NewGapLog(GapLogOptions{Interval: time.Hour, Logger: quiet})
	s.db.Close()
	g.RecordGap("ask", "a", "a")
	if err := g.Flush(context.Background()); err == nil {
		t.Error("a failed write reported no error")
	}
	g.RecordGap("ask", "b", "b")
	g.Close()
	g.RecordGap("ask", "c", "c") // after Close: dropped, not a panic
}
