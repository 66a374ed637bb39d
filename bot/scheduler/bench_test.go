package scheduler

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"sync"
	"testing"
	"time"

	"careerbot/bot/delivery"
	"careerbot/handlers"
	"careerbot/knowledge"
	"careerbot/store"
	"careerbot/store/storetest"
)

var benchScale = flag.Float64("digest.scale", 10, "time compression of the platform rate limits in BenchmarkFanOut (1 = the real limits, in real seconds)")

// limitedPlatform is a fake platform that enforces the rate limits the way
// the platforms describe them (token buckets refilling continuously, on
// the arrival time of each request, on the real clock) and answers a
// request over the limit with HTTP 429 and Retry-After, as they do.
type limitedPlatform struct {
	name      string
	limits    Limits
	workspace map[string]string
	mu        sync.Mutex
	buckets   map[string]*tokenBucket
	posted    map[string]int
	rejected  int
}

type tokenBucket struct {
	tokens float64
	last   time.Time
}

func (p *limitedPlatform) Platform() knowledge.Platform { return knowledge.Platform(p.name) }

func (p *limitedPlatform) Post(ctx context.Context, channel string, reply handlers.Reply, marker string) (string, error) {
	now := time.Now()
	keys := p.limits.postKeys(knowledge.Platform(p.name), p.workspace[channel], channel)
	p.mu.Lock()
	defer p.mu.Unlock()
	var wait time.Duration
	for _, k := range keys {
		b := p.buckets[k.Name]
		if b == nil {
			b = &tokenBucket{tokens: float64(k.Limit.Burst), last: now}
			p.buckets[k.Name] = b
		}
		b.tokens = min(float64(k.Limit.Burst), b.tokens+float64(now.Sub(b.last))/float64(k.Limit.Every))
		b.last = now
		if b.tokens < 1 {
			wait = max(wait, time.Duration((1-b.tokens)*float64(k.Limit.Every)))
		}
	}
	if wait > 0 {
		p.rejected++
		return "", delivery.Transient(errors.New("HTTP 429 Too Many Requests"), wait)
	}
	for _, k := range keys {
		p.buckets[k.Name].tokens--
	}
	p.posted[channel]++
	return fmt.Sprintf("%s-%d", channel, p.posted[channel]), nil
}

func (p *limitedPlatform) FindPost(ctx context.Context, channel, marker string, since time.Time) (string, bool, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.posted[channel] > 0 {
		return fmt.Sprintf("%s-%d", channel, p.posted[channel]), true, nil
	}
	return "", false, nil
}

func scaled(l Limits, s float64) Limits {
	f := func(x Limit) Limit { return Limit{Every: time.Duration(float64(x.Every) / s), Burst: x.Burst} }
	return Limits{SlackChannel: f(l.SlackChannel), SlackWorkspace: f(l.SlackWorkspace), SlackHistory: f(l.SlackHistory), DiscordGlobal: f(l.DiscordGlobal), DiscordRoute: f(l.DiscordRoute)}
}

// minimumTime is what the limits themselves require for one post to each
// channel: per shared bucket, everything beyond the burst at one per Every;
// the busiest bucket decides. (Per-channel buckets allow one post at once.)
func minimumTime(l Limits, platform string, perWorkspace map[string]int, channels int) time.Duration {
	need := func(n int, lim Limit) time.Duration {
		if n <= lim.Burst {
			return 0
		}
		return time.Duration(n-lim.Burst) * lim.Every
	}
	if platform == "discord" {
		return need(channels, l.DiscordGlobal)
	}
	var worst time.Duration
	for _, n := range perWorkspace {
		worst = max(worst, need(n, l.SlackWorkspace))
	}
	return worst
}

// BenchmarkFanOut posts one digest to each of 1,000 subscribed channels
// through a fake platform that enforces the rate limits, on the real clock,
// and reports the time taken against the minimum those limits require.
// The limits are compressed in time by -digest.scale (default 10: Discord's
// 50 requests/s becomes 500/s); -digest.scale=1 runs them as they are.
func BenchmarkFanOut(b *testing.B) {
	for _, c := range []struct {
		platform   string
		workspaces int
	}{{"discord", 1}, {"slack", 10}} {
		b.Run(fmt.Sprintf("%s-1000ch", c.platform), func(b *testing.B) {
			benchFanOut(b, c.platform, c.workspaces, 1000)
		})
	}
}

func benchFanOut(b *testing.B, platform string, workspaces, channels int) {
	ctx := context.Background()
	limits := scaled(DefaultLimits(), *benchScale)
	var ratios, mins, rejected float64
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		st := storetest.Open(b, store.Options{})
		digest, err := handlers.NewDigest(ctx, st, st, handlers.DigestOptions{})
		if err != nil {
			b.Fatal(err)
		}
		// A daily schedule whose latest run was a minute ago, so every
		// channel is due at once.
		due := time.Now().UTC().Add(-time.Minute)
		spec := fmt.Sprintf("%d %d * * *", due.Minute(), due.Hour())
		pl := &limitedPlatform{name: platform, limits: limits, workspace: map[string]string{}, buckets: map[string]*tokenBucket{}, posted: map[string]int{}}
		perWS := map[string]int{}
		for n := 0; n < channels; n++ {
			ch, ws := fmt.Sprintf("C%04d", n), fmt.Sprintf("W%d", n%workspaces)
			pl.workspace[ch] = ws
			perWS[ws]++
			if _, err := st.Subscribe(ctx, knowledge.Subscription{Platform: knowledge.Platform(platform), Workspace: ws, Channel: ch, Schedule: spec, Timezone: "UTC",
				Locale: knowledge.JA, SubscribedAt: time.Now().Add(-time.Hour)}); err != nil {
				b.Fatal(err)
			}
		}
		s, err := New(st, digest, []delivery.Poster[handlers.Reply]{pl}, Options{Limits: &limits, Logger: slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelError})), Poll: time.Hour})
		if err != nil {
			b.Fatal(err)
		}
		minimum := minimumTime(limits, platform, perWS, channels)
		b.StartTimer()

		var passes []string
		start := time.Now()
		for pass := 0; ; pass++ {
			rep, err := s.Tick(ctx)
			if err != nil {
				b.Fatal(err)
			}
			passes = append(passes, fmt.Sprintf("pass %d done at %s: %+v", pass, time.Since(start), rep))
			if rep.Retrying == 0 && rep.Busy == 0 && rep.Posted+rep.Recovered == 0 {
				break
			}
			if d := time.Until(rep.Next); rep.Retrying > 0 && d > 0 {
				time.Sleep(d)
			}
			if pass > 1000 {
				b.Fatal("the fan-out does not finish")
			}
		}
		elapsed := time.Since(start)

		b.StopTimer()
		for n := 0; n < channels; n++ {
			if got := pl.posted[fmt.Sprintf("C%04d", n)]; got != 1 {
				b.Fatalf("channel %d got %d posts", n, got)
			}
		}
		if float64(elapsed) > 1.5*float64(minimum) {
			b.Logf("slow iteration: %v", passes)
		}
		ratios += float64(elapsed) / float64(minimum)
		mins += minimum.Seconds()
		rejected += float64(pl.rejected)
		st.Close()
		b.StartTimer()
	}
	b.ReportMetric(ratios/float64(b.N), "x-minimum")
	b.ReportMetric(mins/float64(b.N), "minimum-s")
	b.ReportMetric(rejected/float64(b.N), "429s/op")
}
