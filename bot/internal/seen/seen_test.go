package seen

import (
	"strconv"
	"testing"
	"time"
)

func TestSet(t *testing.T) {
	t0 := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	s := New(time.Hour, 3)
	if !s.First("a", t0) || s.First("a", t0.Add(time.Minute)) {
		t.Fatal("a key must count once while held")
	}
	if !s.First("a", t0.Add(time.Hour)) {
		t.Error("an expired key counts again")
	}
	for i := range 10 {
		s.First(strconv.Itoa(i), t0.Add(2*time.Hour))
	}
	if n := len(s.m); n > 3 {
		t.Errorf("%d keys held, bound 3", n)
	}
}
