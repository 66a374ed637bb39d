package answercache

import (
	"context"
	"fmt"
	"math/rand/v2"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

func key(s string) Key {
	return Key{Version: "1", Platform: "slack", Command: "salary", Args: s, Locale: "ja"}
}

func keys[V any](c *Cache[V]) []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	var out []string
	for e := c.root.next; e != &c.root; e = e.next {
		out = append(out, e.key.Args)
	}
	return out
}

func TestLRUEvictsLeastRecentlyUsed(t *testing.T) {
	c := New[int](Options{Size: 3})
	c.Put(key("a"), 1)
	c.Put(key("b"), 2)
	c.Put(key("c"), 3)
	if _, ok := c.Get(key("a")); !ok { // a is now the newest
		t.Fatal("a missing")
	}
	c.Put(key("d"), 4) // evicts b, the least recently used
	if got, want := fmt.Sprint(keys(c)), "[d a c]"; got != want {
		t.Fatalf("recency order %s, want %s", got, want)
	}
	if _, ok := c.Get(key("b")); ok {
		t.Error("b should have been evicted")
	}
	c.Put(key("c"), 33) // replacing refreshes recency and keeps the size
	c.Put(key("e"), 5)  // evicts a
	if got, want := fmt.Sprint(keys(c)), "[e c d]"; got != want {
		t.Fatalf("recency order %s, want %s", got, want)
	}
	if v, _ := c.Get(key("c")); v != 33 {
		t.Errorf("c = %d, want the replaced 33", v)
	}
	s := c.Stats()
	if s.Entries != 3 || s.Evicted != 2 || s.Stored != 6 || s.Hits != 2 || s.Misses != 1 {
		t.Errorf("stats %+v", s)
	}
}

func TestSizeOne(t *testing.T) {
	c := New[string](Options{Size: 1})
	c.Put(key("a"), "a")
	c.Put(key("b"), "b")
	if _, ok := c.Get(key("a")); ok || c.Len() != 1 {
		t.Fatalf("size 1 holds %d", c.Len())
	}
	if v, ok := c.Get(key("b")); !ok || v != "b" {
		t.Fatal("b missing")
	}
}

func TestOffWhenSizeZero(t *testing.T) {
	for _, size := range []int{0, -1} {
		c := New[int](Options{Size: size})
		if c != nil {
			t.Fatalf("size %d: cache is on", size)
		}
		c.Put(key("a"), 1)
		if _, ok := c.Get(key("a")); ok {
			t.Fatal("a nil cache stored a value")
		}
		calls := 0
		for range 2 {
			if v, hit := c.Do(context.Background(), key("a"), func() (int, bool) { calls++; return 7, true }); v != 7 || hit {
				t.Fatalf("Do = %d, %v", v, hit)
			}
		}
		if calls != 2 || c.Stats() != (Stats{}) {
			t.Fatalf("calls %d, stats %+v", calls, c.Stats())
		}
	}
}

func TestMaxAgeUsesTheInjectedClock(t *testing.T) {
	now := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	c := New[int](Options{Size: 4, MaxAge: time.Minute, Now: func() time.Time { return now }})
	c.Put(key("a"), 1)
	now = now.Add(59 * time.Second)
	if _, ok := c.Get(key("a")); !ok {
		t.Fatal("expired early")
	}
	now = now.Add(time.Second)
	if _, ok := c.Get(key("a")); ok {
		t.Fatal("served after MaxAge")
	}
	if c.Len() != 0 || c.Stats().Evicted != 1 {
		t.Fatalf("the expired entry stays: %+v", c.Stats())
	}
	// Without MaxAge an entry lives until it is evicted, however old.
	c = New[int](Options{Size: 4, Now: func() time.Time { return now }})
	c.Put(key("a"), 1)
	now = now.Add(24 * 365 * time.Hour)
	if _, ok := c.Get(key("a")); !ok {
		t.Fatal("expired without a MaxAge")
	}
}

func TestDoStoresOnlyWhatMayBeKept(t *testing.T) {
	ctx := context.Background()
	c := New[string](Options{Size: 4})
	calls := 0
	gap := func() (string, bool) { calls++; return "not in the knowledge base", false }
	for range 2 {
		if v, hit := c.Do(ctx, key("cobol"), gap); hit || v != "not in the knowledge base" {
			t.Fatalf("Do = %q, %v", v, hit)
		}
	}
	if calls != 2 || c.Len() != 0 || c.Stats().Skipped != 2 {
		t.Fatalf("a reply that may not be kept was kept: calls %d, %+v", calls, c.Stats())
	}
	ok := func() (string, bool) { calls++; return "957万円", true }
	c.Do(ctx, key("go"), ok)
	if v, hit := c.Do(ctx, key("go"), ok); !hit || v != "957万円" || calls != 3 {
		t.Fatalf("second Do = %q, %v after %d calls", v, hit, calls)
	}
}

// waitForWaiters blocks until n requests wait on k's computation.
func waitForWaiters[V any](t *testing.T, c *Cache[V], k Key, n int) {
	t.Helper()
	for i := 0; ; i++ {
		c.mu.Lock()
		f := c.inflight[k]
		got := 0
		if f != nil {
			got = f.waiters
		}
		c.mu.Unlock()
		if got == n {
			return
		}
		if i > 1e7 {
			t.Fatalf("%d waiters, want %d", got, n)
		}
		runtime.Gosched()
	}
}

func TestDoCoalescesConcurrentMisses(t *testing.T) {
	for _, keep := range []bool{true, false} {
		t.Run(fmt.Sprint("keep=", keep), func(t *testing.T) {
			c := New[int](Options{Size: 4})
			release := make(chan struct{})
			var calls atomic.Int32
			compute := func() (int, bool) {
				if calls.Add(1) == 1 {
					<-release
				}
				return 42, keep
			}
			const n = 8
			var wg sync.WaitGroup
			hits := make([]bool, n)
			wg.Add(1)
			go func() { defer wg.Done(); _, hits[0] = c.Do(context.Background(), key("go"), compute) }()
			for calls.Load() == 0 {
				runtime.Gosched()
			}
			for i := 1; i < n; i++ {
				wg.Add(1)
				go func() { defer wg.Done(); _, hits[i] = c.Do(context.Background(), key("go"), compute) }()
			}
			waitForWaiters(t, c, key("go"), n-1)
			close(release)
			wg.Wait()
			want := int32(1)
			if !keep {
				want = n // each asker reaches the engine, as without a cache
			}
			if got := calls.Load(); got != want {
				t.Fatalf("computed %d times, want %d", got, want)
			}
			if s := c.Stats(); keep && s.Coalesced != n-1 || !keep && s.Coalesced != 0 {
				t.Errorf("stats %+v", s)
			}
		})
	}
}

func TestDoPanicDoesNotStrandWaiters(t *testing.T) {
	c := New[int](Options{Size: 4})
	release := make(chan struct{})
	done := make(chan int)
	go func() {
		defer func() { recover(); done <- -1 }()
		c.Do(context.Background(), key("go"), func() (int, bool) { <-release; panic("boom") })
	}()
	waitForFlight(t, c, key("go"))
	go func() {
		v, _ := c.Do(context.Background(), key("go"), func() (int, bool) { return 1, true })
		done <- v
	}()
	waitForWaiters(t, c, key("go"), 1)
	close(release)
	got := []int{<-done, <-done}
	if got[0]+got[1] != 0 { // -1 from the panic, 1 computed by the waiter
		t.Fatalf("got %v", got)
	}
}

func waitForFlight[V any](t *testing.T, c *Cache[V], k Key) {
	t.Helper()
	for {
		c.mu.Lock()
		_, ok := c.inflight[k]
		c.mu.Unlock()
		if ok {
			return
		}
		runtime.Gosched()
	}
}

// TestConcurrentUse is for -race: many goroutines on a small cache.
func TestConcurrentUse(t *testing.T) {
	c := New[int](Options{Size: 16, MaxAge: time.Hour})
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := rand.New(rand.NewPCG(uint64(g), 1))
			for i := range 2000 {
				k := key(fmt.Sprint(r.IntN(40)))
				switch i % 3 {
				case 0:
					c.Put(k, i)
				case 1:
					c.Get(k)
				default:
					c.Do(context.Background(), k, func() (int, bool) { return i, i%2 == 0 })
				}
			}
			c.Stats()
		}()
	}
	wg.Wait()
	if n := c.Len(); n > 16 || n != len(keys(c)) {
		t.Fatalf("%d entries, %d in the recency list, size 16", n, len(keys(c)))
	}
}

// BenchmarkCache: the cost of a lookup and of a store, as the adapters pay
// it on every cacheable command.
//
//	go test -run '^$' -bench . -benchmem ./bot/answercache/
func BenchmarkCache(b *testing.B) {
	c := New[string](Options{Size: 1024})
	ks := make([]Key, 2048)
	for i := range ks {
		ks[i] = key(fmt.Sprint("topic ", i))
	}
	for _, k := range ks[:1024] {
		c.Put(k, "answer")
	}
	b.Run("Get hit", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			if _, ok := c.Get(ks[i%1024]); !ok {
				b.Fatal("miss")
			}
		}
	})
	b.Run("Get hit parallel", func(b *testing.B) {
		b.ReportAllocs()
		b.RunParallel(func(pb *testing.PB) {
			i := 0
			for pb.Next() {
				c.Get(ks[i%1024])
				i++
			}
		})
	})
	b.Run("Put evicting", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			c.Put(ks[i%2048], "answer")
		}
	})
}
