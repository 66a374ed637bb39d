package flood

import (
	"testing"
	"time"
)

func TestLimiter(t *testing.T) {
	t0 := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	l := New(3, 10*time.Second, 100)
	var got []Verdict
	for range 6 {
		got = append(got, l.Take("T1/U1", t0))
	}
	want := []Verdict{Answer, Answer, Answer, Notice, Ignore, Ignore}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("verdicts %v, want %v", got, want)
		}
	}
	if v := l.Take("T1/U2", t0); v != Answer {
		t.Errorf("another person was limited: %v", v)
	}
	if v := l.Take("T1/U1", t0.Add(10*time.Second)); v != Answer {
		t.Errorf("after a token came back: %v, want Answer", v)
	}
	if v := l.Take("T1/U1", t0.Add(10*time.Second)); v != Notice {
		t.Errorf("over the limit again: %v, want a fresh Notice", v)
	}
}

func TestLimiterIsBounded(t *testing.T) {
	t0 := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	l := New(1, time.Minute, 10)
	for i := range 100 {
		l.Take(string(rune('a'+i%26))+string(rune('A'+i/26)), t0)
	}
	if n := len(l.buckets); n > 10 {
		t.Errorf("%d buckets kept, bound 10", n)
	}
}
