package scheduler

import (
	"fmt"
	"testing"
	"time"
)

func TestLimiterReservations(t *testing.T) {
	t0 := time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC)
	ls := DefaultLimits()
	ms := func(n int) time.Duration { return time.Duration(n) * time.Millisecond }
	cases := []struct {
		name string
		keys func(i int) []Key
		n    int
		want map[int]time.Duration // reservation i → offset from t0
	}{
		{"discord global: a burst of 50, then one per 20ms", func(i int) []Key { return ls.postKeys("discord", "G", fmt.Sprint("ch", i)) }, 60,
			map[int]time.Duration{0: 0, 49: 0, 50: ms(20), 51: ms(40), 59: ms(200)}},
		{"discord route: 5 per 5s on one channel", func(i int) []Key { return ls.postKeys("discord", "G", "same") }, 7,
			map[int]time.Duration{0: 0, 4: 0, 5: time.Second, 6: 2 * time.Second}},
		{"slack: one a second per channel", func(i int) []Key { return ls.postKeys("slack", "T", "same") }, 3,
			map[int]time.Duration{0: 0, 1: time.Second, 2: 2 * time.Second}},
		{"slack: the workspace limit across channels", func(i int) []Key { return ls.postKeys("slack", "T", fmt.Sprint("C", i)) }, 8,
			map[int]time.Duration{0: 0, 4: 0, 5: ms(200), 7: ms(600)}},
		{"slack: workspaces are independent", func(i int) []Key { return ls.postKeys("slack", fmt.Sprint("T", i%2), fmt.Sprint("C", i)) }, 12,
			map[int]time.Duration{9: 0, 10: ms(200), 11: ms(200)}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			l := NewLimiter(0)
			for i := 0; i < c.n; i++ {
				got := l.Reserve(t0, c.keys(i)...).Sub(t0)
				if want, ok := c.want[i]; ok && got != want {
					t.Errorf("reservation %d at +%s, want +%s", i, got, want)
				}
			}
		})
	}
}

func TestLimiterWaitsForEveryKey(t *testing.T) {
	t0 := time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC)
	l := NewLimiter(0)
	ch := Key{"ch", Limit{Every: time.Second, Burst: 1}}
	ws := Key{"ws", Limit{Every: 100 * time.Millisecond, Burst: 1}}
	if at := l.Reserve(t0, ch, ws); !at.Equal(t0) {
		t.Fatalf("first at %s", at)
	}
	// The channel bucket binds, not the workspace one.
	if at := l.Reserve(t0, ch, ws); !at.Equal(t0.Add(time.Second)) {
		t.Fatalf("second on the same channel at %s", at)
	}
	// Bookings are in order with no back-filling: the workspace slot booked
	// at +1s puts the next one at +1.1s. A fan-out posts once per channel,
	// so only the shared key binds and this leaves no gaps there.
	if at := l.Reserve(t0, Key{"ch2", ch.Limit}, ws); !at.Equal(t0.Add(1100 * time.Millisecond)) {
		t.Fatalf("other channel at %s", at)
	}
	// Time passing refills: much later there is no wait at all.
	later := t0.Add(time.Hour)
	if at := l.Reserve(later, ch, ws); !at.Equal(later) {
		t.Fatalf("an hour later at %s", at)
	}
	// Retry-After holds the key back.
	l.Penalize(ch, later.Add(30*time.Second))
	if at := l.Reserve(later.Add(time.Second), ch); !at.Equal(later.Add(30 * time.Second)) {
		t.Fatalf("after Retry-After 30s: %s", at)
	}
}

func TestLimiterHeadroom(t *testing.T) {
	t0 := time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC)
	l := NewLimiter(1)
	k := Key{"global", Limit{Every: 20 * time.Millisecond, Burst: 50}}
	var last time.Time
	for i := 0; i < 50; i++ {
		last = l.Reserve(t0, k)
	}
	// 49 at once, the 50th one interval later.
	if want := t0.Add(20 * time.Millisecond); !last.Equal(want) {
		t.Fatalf("50th at %s, want %s", last, want)
	}
	one := Key{"ch", Limit{Every: time.Second, Burst: 1}}
	if a, b := l.Reserve(t0, one), l.Reserve(t0, one); !a.Equal(t0) || !b.Equal(t0.Add(time.Second)) {
		t.Fatalf("a burst of 1 is not reduced: %s %s", a, b)
	}
}
