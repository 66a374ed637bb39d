package scheduler

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"path/filepath"
	"sort"
	"sync"
	"testing"
	"time"

	"careerbot/bot/delivery"
	"careerbot/handlers"
	"careerbot/knowledge"
	"careerbot/schedule"
	"careerbot/store"
)

// fakeClock is a manual clock: After fires when Advance passes its time.
type fakeClock struct {
	mu      sync.Mutex
	now     time.Time
	waiters []fakeWaiter
}

type fakeWaiter struct {
	at time.Time
	ch chan time.Time
}

func newFakeClock(t time.Time) *fakeClock { return &fakeClock{now: t} }

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) After(d time.Duration) <-chan time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	ch := make(chan time.Time, 1)
	if d <= 0 {
		ch <- c.now
		return ch
	}
	c.waiters = append(c.waiters, fakeWaiter{c.now.Add(d), ch})
	return ch
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
	keep := c.waiters[:0]
	for _, w := range c.waiters {
		if !w.at.After(c.now) {
			w.ch <- c.now
		} else {
			keep = append(keep, w)
		}
	}
	c.waiters = keep
}

func (c *fakeClock) Set(t time.Time) { c.Advance(t.Sub(c.Now())) }

// AdvanceToWaiter moves the clock to the earliest time something waits
// for, as real time would pass while a tick waits for a rate-limit slot;
// it reports false when nothing waits.
func (c *fakeClock) AdvanceToWaiter() bool {
	c.mu.Lock()
	if len(c.waiters) == 0 {
		c.mu.Unlock()
		return false
	}
	at := c.waiters[0].at
	for _, w := range c.waiters[1:] {
		if w.at.Before(at) {
			at = w.at
		}
	}
	d := at.Sub(c.now)
	c.mu.Unlock()
	c.Advance(d)
	return true
}

// fakePost is one message as the fake platform holds it.
type fakePost struct {
	Channel, Marker, ID string
	At                  time.Time
	Reply               handlers.Reply
	Workspace           string // what the scheduler said (delivery.WithWorkspace)
}

// fakePlatform is a chat platform in memory. It outlives the schedulers of
// a test, as the real platform outlives a crashed bot. fail, when set,
// decides the fate of each post attempt: an error returned before the
// message is stored, or (accepted true) after it was.
type fakePlatform struct {
	name  string
	clock Clock
	mu    sync.Mutex
	posts []fakePost
	seq   int
	tries map[string]int
	finds int
	fail  func(channel string, try int) (err error, accepted bool)
}

func newFakePlatform(name string, clock Clock) *fakePlatform {
	return &fakePlatform{name: name, clock: clock, tries: map[string]int{}}
}

func (p *fakePlatform) Platform() knowledge.Platform { return knowledge.Platform(p.name) }

func (p *fakePlatform) Post(ctx context.Context, channel string, reply handlers.Reply, marker string) (string, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.tries[channel]++
	var err error
	accepted := true
	if p.fail != nil {
		if err, accepted = p.fail(channel, p.tries[channel]); err != nil && !accepted {
			return "", err
		}
	}
	p.seq++
	id := fmt.Sprintf("%s-msg-%d", p.name, p.seq)
	p.posts = append(p.posts, fakePost{Channel: channel, Marker: marker, ID: id, At: p.clock.Now(), Reply: reply, Workspace: delivery.Workspace(ctx)})
	if err != nil {
		return "", err // accepted, but the answer was lost
	}
	return id, nil
}

func (p *fakePlatform) FindPost(ctx context.Context, channel, marker string, since time.Time) (string, bool, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.finds++
	for _, m := range p.posts {
		if m.Channel == channel && m.Marker == marker && !m.At.Before(since) {
			return m.ID, true, nil
		}
	}
	return "", false, nil
}

// postsByChannel counts the posts per channel (and per marker).
func (p *fakePlatform) postsByChannel() map[string][]fakePost {
	p.mu.Lock()
	defer p.mu.Unlock()
	out := map[string][]fakePost{}
	for _, m := range p.posts {
		out[m.Channel] = append(out[m.Channel], m)
	}
	return out
}

func (p *fakePlatform) count() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return len(p.posts)
}

// fakeComposer composes a tiny digest naming its period and versions.
type fakeComposer struct{}

func (fakeComposer) ComposeRange(ctx context.Context, period time.Time, l knowledge.Locale, since, upto int) (handlers.Reply, error) {
	return handlers.Reply{Title: "digest " + period.Format(time.RFC3339) + " " + string(l), Paragraphs: []string{fmt.Sprintf("changes %d..%d", since, upto)}, Visibility: handlers.Public}, nil
}

var tokyo = mustLoc("Asia/Tokyo")

func mustLoc(name string) *time.Location {
	l, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return l
}

// monday9 is a scheduled occurrence of the default schedule.
var monday9 = time.Date(2026, 11, 30, 9, 0, 0, 0, tokyo)

func quietLogger() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

// generousLimits never make a test wait.
func generousLimits() *Limits {
	l := Limit{Every: time.Nanosecond, Burst: 1 << 20}
	return &Limits{SlackChannel: l, SlackWorkspace: l, SlackHistory: l, DiscordGlobal: l, DiscordRoute: l}
}

type env struct {
	t       *testing.T
	path    string
	clock   *fakeClock
	st      *store.Store
	slack   *fakePlatform
	discord *fakePlatform
}

func newEnv(t *testing.T) *env {
	t.Helper()
	e := &env{t: t, path: filepath.Join(t.TempDir(), "digest.db"), clock: newFakeClock(monday9.Add(-7 * 24 * time.Hour))}
	e.slack = newFakePlatform("slack", e.clock)
	e.discord = newFakePlatform("discord", e.clock)
	e.reopen()
	return e
}

// reopen opens the database file afresh, as a restarted process would.
func (e *env) reopen() {
	e.t.Helper()
	if e.st != nil {
		e.st.Close()
	}
	st, err := store.Open(context.Background(), e.path, store.Options{Now: e.clock.Now})
	if err != nil {
		e.t.Fatal(err)
	}
	e.st = st
	e.t.Cleanup(func() { st.Close() })
}

func (e *env) subscribe(platform, workspace, channel, schedule, tz string) knowledge.Subscription {
	e.t.Helper()
	sub, err := e.st.Subscribe(context.Background(), knowledge.Subscription{Platform: knowledge.Platform(platform), Workspace: workspace, Channel: channel,
		Schedule: schedule, Timezone: tz, Locale: knowledge.EN, SubscribedBy: "admin"})
	if err != nil {
		e.t.Fatal(err)
	}
	return sub
}

func (e *env) scheduler(opts Options) *Scheduler[handlers.Reply] {
	e.t.Helper()
	if opts.Clock == nil {
		opts.Clock = e.clock
	}
	if opts.Limits == nil {
		opts.Limits = generousLimits()
	}
	if opts.Logger == nil {
		opts.Logger = quietLogger()
	}
	if opts.ClaimLead == 0 {
		opts.ClaimLead = -1 // the fake clock only moves when a test moves it
	}
	if opts.Poll == 0 {
		opts.Poll = 30 * 24 * time.Hour // so Report.Next shows the next event
	}
	s, err := New(e.st, fakeComposer{}, []delivery.Poster[handlers.Reply]{e.slack, e.discord}, opts)
	if err != nil {
		e.t.Fatal(err)
	}
	return s
}

func (e *env) tick(s *Scheduler[handlers.Reply]) Report {
	e.t.Helper()
	rep, err := s.Tick(context.Background())
	if err != nil {
		e.t.Fatal(err)
	}
	return rep
}

func (e *env) delivery(sub knowledge.Subscription, occ time.Time) knowledge.Delivery {
	e.t.Helper()
	d, ok, err := e.st.Delivery(context.Background(), sub.ID, schedule.PeriodKey(occ))
	if err != nil || !ok {
		e.t.Fatalf("no delivery for subscription %d period %s: %v", sub.ID, schedule.PeriodKey(occ), err)
	}
	return d
}

var errCrashed = errors.New("the process crashed")

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
