package discordbot

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"careerbot/bot/ops"
	"careerbot/handlers"
)

// recordingObserver remembers what the adapter reported.
type recordingObserver struct {
	mu       sync.Mutex
	commands []string
	conns    map[string]bool
	seen     []string // connection names, in order of first report
}

func (o *recordingObserver) Command(platform, command, outcome string, took time.Duration) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.commands = append(o.commands, platform+" "+command+" "+outcome)
}

func (o *recordingObserver) Connection(name string, up bool) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.conns == nil {
		o.conns = map[string]bool{}
	}
	if _, ok := o.conns[name]; !ok {
		o.seen = append(o.seen, name)
	}
	o.conns[name] = up
}

func (o *recordingObserver) Retry(string) {}

func (o *recordingObserver) up(name string) bool {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.conns[name]
}

func (o *recordingObserver) commandList() []string {
	o.mu.Lock()
	defer o.mu.Unlock()
	return append([]string(nil), o.commands...)
}

// runGateway starts RunGateway on b and returns its stop function.
func runGateway(t *testing.T, b *Bot) func() error {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	errc := make(chan error, 1)
	go func() { errc <- b.RunGateway(ctx) }()
	stopped := false
	stop := func() error {
		if stopped {
			return nil
		}
		stopped = true
		cancel()
		select {
		case err := <-errc:
			return err
		case <-time.After(waitTimeout):
			t.Fatal("RunGateway did not return after cancel")
			return nil
		}
	}
	t.Cleanup(func() { stop() })
	return stop
}

func identifyShard(t *testing.T, c *gwConn) string {
	t.Helper()
	d, _ := c.first["d"].(map[string]any)
	return fmt.Sprint(d["shard"])
}

// TestShardsFromGatewayBot: with no shard settings the process runs every
// shard GET /gateway/bot recommends, each IDENTIFY carrying [id, count];
// an interaction on any shard is answered through REST, and readiness
// hears each shard by name.
func TestShardsFromGatewayBot(t *testing.T) {
	fake := newFakeDiscord(t)
	fake.setReply(func(r recorded) (int, http.Header, string) {
		if r.Method == http.MethodGet && r.Path == "/api/v9/gateway/bot" {
			return 200, nil, `{"url":"ws://` + fake.srv.Listener.Addr().String() + `/gw","shards":2,"session_start_limit":{"total":1000,"remaining":999,"reset_after":0,"max_concurrency":1}}`
		}
		return 0, nil, ""
	})
	obs := &recordingObserver{}
	b := newTestBot(t, Config{Token: "test-token", AppID: "app1", HTTPClient: fake.client(), Observer: obs}, &fakeEngine{}, &memState{})
	b.identifyGap = time.Millisecond
	names, err := b.PlanShards(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"discord gateway shard 0/2", "discord gateway shard 1/2"}; !slices.Equal(names, want) {
		t.Fatalf("planned %q, want %q", names, want)
	}
	stop := runGateway(t, b)
	c1, c2 := fake.nextConn(t), fake.nextConn(t)
	got := []string{identifyShard(t, c1), identifyShard(t, c2)}
	slices.Sort(got)
	if want := []string{"[0 2]", "[1 2]"}; !slices.Equal(got, want) {
		t.Errorf("IDENTIFY shards %q, want %q", got, want)
	}
	for _, n := range names {
		eventually(t, n+" to be reported up", func() bool { return obs.up(n) })
	}

	second := c1
	if identifyShard(t, c2) == "[1 2]" {
		second = c2
	}
	second.dispatch("INTERACTION_CREATE", slashInteraction("300", "tok-s1", "en-US", "go"))
	fake.next(t, "the callback for shard 1's interaction", pathIs("POST", callbackPath("300", "tok-s1")))
	if cmds := obs.commandList(); len(cmds) != 1 || cmds[0] != "discord salary ok" {
		t.Errorf("commands %q, want [discord salary ok]", cmds)
	}
	if err := stop(); err != nil {
		t.Fatal(err)
	}
	for _, n := range names {
		if obs.up(n) {
			t.Errorf("%s still up after stopping", n)
		}
	}
}

// TestShardConfigured: DISCORD_SHARD_ID/COUNT run exactly that shard,
// without asking Discord for a count.
func TestShardConfigured(t *testing.T) {
	fake := newFakeDiscord(t)
	obs := &recordingObserver{}
	b := newTestBot(t, Config{Token: "test-token", AppID: "app1", HTTPClient: fake.client(), Observer: obs, ShardID: 2, ShardCount: 3}, &fakeEngine{}, &memState{})
	runGateway(t, b)
	c := fake.nextConn(t)
	if got := identifyShard(t, c); got != "[2 3]" {
		t.Errorf("IDENTIFY shard %s, want [2 3]", got)
	}
	eventually(t, "shard 2/3 up", func() bool { return obs.up("discord gateway shard 2/3") })
	select {
	case r := <-fake.reqs:
		if r.Path == "/api/v9/gateway/bot" {
			t.Error("asked /gateway/bot although the shard was configured")
		}
	default:
	}
	select {
	case <-fake.conns:
		t.Error("a second gateway connection for one configured shard")
	default:
	}
}

// TestSingleShardName: a bot Discord recommends one shard for (or that
// cannot ask) runs one session, reported as "discord gateway", with no
// shard in its IDENTIFY.
func TestSingleShardName(t *testing.T) {
	fake := newFakeDiscord(t) // /gateway/bot is a 404 here
	obs := &recordingObserver{}
	b := newTestBot(t, Config{Token: "test-token", AppID: "app1", HTTPClient: fake.client(), Observer: obs}, &fakeEngine{}, &memState{})
	runGateway(t, b)
	c := fake.nextConn(t)
	if got := identifyShard(t, c); got != "<nil>" {
		t.Errorf("IDENTIFY shard %s, want none", got)
	}
	eventually(t, "the gateway up", func() bool { return obs.up(GatewayConnection) })
}

func TestShardSettingsChecked(t *testing.T) {
	for _, c := range []struct{ id, count int }{{3, 3}, {-1, 2}, {0, -1}, {1, 0}} {
		_, err := New(Config{Token: "t", AppID: "a", ShardID: c.id, ShardCount: c.count}, &fakeEngine{}, &memState{})
		if err == nil || !strings.Contains(err.Error(), "DISCORD_SHARD_ID") {
			t.Errorf("shard %d of %d: err %v, want one naming DISCORD_SHARD_ID", c.id, c.count, err)
		}
	}
	if _, err := New(Config{Token: "t", AppID: "a", ShardID: 2, ShardCount: 3}, &fakeEngine{}, &memState{}); err != nil {
		t.Errorf("shard 2 of 3: %v", err)
	}
}

// loopbackOnly is a client that refuses every host but loopback, so that a
// request the API URL fails to redirect fails the test instead of leaving
// the machine.
func loopbackOnly() *http.Client {
	return &http.Client{Timeout: waitTimeout, Transport: roundTripFunc(func(r *http.Request) (*http.Response, error) {
		if ip := net.ParseIP(r.URL.Hostname()); ip == nil || !ip.IsLoopback() {
			return nil, fmt.Errorf("test: refusing a request to %s", r.URL.Host)
		}
		return http.DefaultTransport.RoundTrip(r)
	})}
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// TestAPIURLReceivesREST: with DISCORD_API_URL set, REST calls (a digest
// post, the command sync) go to that base, path kept, token attached.
func TestAPIURLReceivesREST(t *testing.T) {
	fake := newFakeDiscord(t)
	for _, base := range []string{fake.srv.URL + "/api/", fake.srv.URL + "/api"} {
		b := newTestBot(t, Config{Token: "test-token", AppID: "app1", HTTPClient: loopbackOnly(), APIURL: base}, &fakeEngine{}, &memState{})
		if _, err := b.Post(context.Background(), "645027906669510667", handlers.Reply{Title: "digest"}, "m1"); err != nil {
			t.Fatalf("posting through %s: %v", base, err)
		}
		r := fake.next(t, "the post", pathIs("POST", "/api/v9/channels/645027906669510667/messages"))
		if r.Header.Get("Authorization") != "Bot test-token" {
			t.Errorf("authorization %q", r.Header.Get("Authorization"))
		}
		if err := b.Sync(context.Background()); err != nil {
			t.Fatal(err)
		}
		fake.next(t, "the command sync", pathIs("PUT", "/api/v9/applications/app1/commands"))
	}
	// Without the setting the same client cannot reach discord.com.
	b := newTestBot(t, Config{Token: "test-token", AppID: "app1", HTTPClient: loopbackOnly()}, &fakeEngine{}, &memState{})
	if _, err := b.Post(context.Background(), "1", handlers.Reply{Title: "x"}, "m"); err == nil || !strings.Contains(err.Error(), "refusing a request to discord.com") {
		t.Errorf("without DISCORD_API_URL: %v, want the request to discord.com refused", err)
	}
}

func TestCheckAPIURL(t *testing.T) {
	for _, c := range []struct{ in, want, err string }{
		{"https://discord-proxy.example.com/api/", "https://discord-proxy.example.com/api/", ""},
		{"https://discord-proxy.example.com/api", "https://discord-proxy.example.com/api/", ""},
		{"http://127.0.0.1:8080/api", "http://127.0.0.1:8080/api/", ""},
		{"http://localhost:8080/", "http://localhost:8080/", ""},
		{"http://[::1]:8080/api/", "http://[::1]:8080/api/", ""},
		{"http://nirn:8080/api/", "", "loopback"},
		{"ftp://example.com/api/", "", "https"},
		{"discord-proxy:8080", "", "https"},
		{"https://user:pass@example.com/api/", "", "absolute URL"},
		{"/api/", "", "absolute URL"},
	} {
		got, err := CheckAPIURL(c.in)
		if c.err != "" {
			if err == nil || !strings.Contains(err.Error(), c.err) || strings.Contains(err.Error(), "pass") {
				t.Errorf("%q: err %v, want one about %q without the value", c.in, err, c.err)
			}
			continue
		}
		if err != nil || got != c.want {
			t.Errorf("%q = %q, %v; want %q", c.in, got, err, c.want)
		}
	}
}

// TestOpsCountsDiscordRateLimit: with bot/ops's transport and observer, a
// 429 from the fake REST API shows as a 429, a retry, and the command.
func TestOpsCountsDiscordRateLimit(t *testing.T) {
	fake := newFakeDiscord(t)
	var mu sync.Mutex
	limited := false
	fake.setReply(func(r recorded) (int, http.Header, string) {
		mu.Lock()
		defer mu.Unlock()
		if strings.HasSuffix(r.Path, "/callback") && !limited {
			limited = true
			return 429, http.Header{"Retry-After": {"1"}, "X-Ratelimit-Bucket": {"b1"}, "X-Ratelimit-Reset-After": {"0.01"}},
				`{"message":"You are being rate limited.","retry_after":0.01,"global":false}`
		}
		return 0, nil, ""
	})
	o := ops.New(ops.Options{Commands: []string{"salary"}})
	base := fake.client()
	client := &http.Client{Transport: o.Transport("discord", base.Transport), Timeout: base.Timeout}
	b := newTestBot(t, Config{Token: "test-token", AppID: "app1", HTTPClient: client, Observer: o,
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}, &fakeEngine{}, &memState{})
	runGateway(t, b)
	conn := fake.nextConn(t)
	conn.dispatch("INTERACTION_CREATE", slashInteraction("400", "tok-429", "en-US", "go"))
	fake.next(t, "the limited callback", pathIs("POST", callbackPath("400", "tok-429")))
	fake.next(t, "the retried callback", pathIs("POST", callbackPath("400", "tok-429")))
	reg := o.Registry()
	eventually(t, "the retry to be counted", func() bool {
		return counterValue(t, reg, "careerbot_platform_api_retries_total", map[string]string{"platform": "discord"}) == 1
	})
	for _, c := range []struct {
		name   string
		labels map[string]string
	}{
		{"careerbot_platform_api_rate_limited_total", map[string]string{"platform": "discord"}},
		{"careerbot_platform_api_calls_total", map[string]string{"platform": "discord", "result": "429"}},
		{"careerbot_commands_total", map[string]string{"platform": "discord", "command": "salary", "outcome": "ok"}},
	} {
		if got := counterValue(t, reg, c.name, c.labels); got != 1 {
			t.Errorf("%s%v = %v, want 1", c.name, c.labels, got)
		}
	}
}

func counterValue(t *testing.T, reg *prometheus.Registry, name string, labels map[string]string) float64 {
	t.Helper()
	mfs, err := reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	for _, mf := range mfs {
		if mf.GetName() != name {
			continue
		}
	series:
		for _, m := range mf.GetMetric() {
			if len(m.GetLabel()) != len(labels) {
				continue
			}
			for _, lp := range m.GetLabel() {
				if labels[lp.GetName()] != lp.GetValue() {
					continue series
				}
			}
			return m.GetCounter().GetValue()
		}
	}
	return 0
}
