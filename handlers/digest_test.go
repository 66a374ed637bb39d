package handlers_test

import (
	"context"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"careerbot/bot/console"
	"careerbot/handlers"
	"careerbot/knowledge"
	"careerbot/store"
	"careerbot/store/storetest"
)

type digestClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *digestClock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }

type digestEnv struct {
	st  *store.Store
	d   *handlers.Digest
	clk *digestClock
}

// newDigestEnv gives each test its own database with the curated knowledge
// base, so subscriptions do not leak between tests.
func newDigestEnv(t testing.TB) *digestEnv {
	t.Helper()
	ctx := context.Background()
	clk := &digestClock{t: time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC)} // a Tuesday
	st := storetest.Open(t, store.Options{Now: clk.Now})
	d, err := handlers.NewDigest(ctx, st, st, handlers.DigestOptions{DefaultSchedule: "0 9 * * 1", DefaultTimezone: "Asia/Tokyo", DefaultLocale: knowledge.JA, Now: clk.Now})
	if err != nil {
		t.Fatal(err)
	}
	return &digestEnv{st: st, d: d, clk: clk}
}

func (e *digestEnv) do(platform, channel, args string, admin bool, l knowledge.Locale) handlers.Reply {
	return e.d.HandleDigest(context.Background(), handlers.Request{Command: "digest", Args: args, Locale: l, Platform: knowledge.Platform(platform),
		Workspace: "W1", Channel: channel, User: "U1", UserName: "alice", IsAdmin: admin})
}

func TestDigestSubscribeArguments(t *testing.T) {
	cases := []struct {
		args     string
		status   handlers.Status
		schedule string
		tz       string
		contains string
	}{
		{"subscribe", "", "0 9 * * 1", "Asia/Tokyo", ""},
		{"subscribe fri 18:00 Asia/Tokyo", "", "0 18 * * 5", "Asia/Tokyo", ""},
		{"subscribe Friday", "", "0 9 * * 5", "Asia/Tokyo", ""},
		{"subscribe 金", "", "0 9 * * 5", "Asia/Tokyo", ""},
		{"subscribe 水曜日 ０７：３０", "", "30 7 * * 3", "Asia/Tokyo", ""},
		{"subscribe 7:05", "", "5 7 * * 1", "Asia/Tokyo", ""},
		{"subscribe America/New_York sun", "", "0 9 * * 0", "America/New_York", ""},
		{"subscribe utc", "", "0 9 * * 1", "UTC", ""},
		{"subscribe Asia/Kathmandu 23:59", "", "59 23 * * 1", "Asia/Kathmandu", ""},
		{"subscribe funday", handlers.StatusInvalid, "", "", "funday"},
		{"subscribe 25:00", handlers.StatusInvalid, "", "", "00:00 and 23:59"},
		{"subscribe 9:7", handlers.StatusInvalid, "", "", "HH:MM"},
		{"subscribe Mars/Olympus", handlers.StatusInvalid, "", "", "IANA"},
		{"subscribe asia/tokyo", handlers.StatusInvalid, "", "", "case-sensitive"},
		{"subscribe mon tue", handlers.StatusInvalid, "", "", "weekday was given twice"},
		{"launch", handlers.StatusInvalid, "", "", "no subcommand"},
		{"", handlers.StatusInvalid, "", "", "Usage"},
	}
	for _, c := range cases {
		t.Run(c.args, func(t *testing.T) {
			e := newDigestEnv(t)
			rep := e.do("slack", "C1", c.args, true, knowledge.EN)
			text := console.Render(rep)
			if rep.Status != c.status {
				t.Fatalf("status %q, want %q:\n%s", rep.Status, c.status, text)
			}
			if c.contains != "" && !strings.Contains(text, c.contains) {
				t.Errorf("reply does not say %q:\n%s", c.contains, text)
			}
			sub, ok, err := e.st.Subscription(context.Background(), "slack", "C1")
			if err != nil {
				t.Fatal(err)
			}
			if c.status != "" {
				if ok {
					t.Fatalf("an invalid subscribe stored %+v", sub)
				}
				return
			}
			if !ok || sub.Schedule != c.schedule || sub.Timezone != c.tz || sub.SubscribedBy != "alice" || sub.Workspace != "W1" {
				t.Fatalf("stored %+v, want schedule %q tz %q", sub, c.schedule, c.tz)
			}
			if rep.Visibility != handlers.Public {
				t.Error("subscribe confirmation should be public so the channel knows")
			}
		})
	}
}

func TestDigestAdminOnly(t *testing.T) {
	e := newDigestEnv(t)
	cases := []struct{ platform, args, want string }{
		{"discord", "subscribe", "Manage Server"},
		{"discord", "unsubscribe", "Manage Server"},
		{"slack", "subscribe mon", "SLACK_ADMIN_USER_IDS"},
		{"slack", "unsubscribe", "workspace admins and owners"},
	}
	for _, c := range cases {
		rep := e.do(c.platform, "C9", c.args, false, knowledge.EN)
		if rep.Status != handlers.StatusForbidden || !strings.Contains(console.Render(rep), c.want) {
			t.Errorf("%s %s by a non-admin: %q %s", c.platform, c.args, rep.Status, console.Render(rep))
		}
	}
	if _, ok, _ := e.st.Subscription(context.Background(), "discord", "C9"); ok {
		t.Fatal("a non-admin subscribed the channel")
	}
	// Anyone may look.
	for _, args := range []string{"status", "preview"} {
		if rep := e.do("discord", "C9", args, false, knowledge.EN); rep.Status != "" {
			t.Errorf("%s by a non-admin: %q %s", args, rep.Status, console.Render(rep))
		}
	}
	rep := e.do("slack", "C9", "subscribe", false, knowledge.JA)
	if !strings.Contains(console.Render(rep), "SLACK_ADMIN_USER_IDS") || !strings.Contains(console.Render(rep), "管理者") {
		t.Errorf("Japanese refusal: %s", console.Render(rep))
	}
}

func TestDigestStatusLifecycle(t *testing.T) {
	ctx := context.Background()
	e := newDigestEnv(t)
	text := console.Render(e.do("discord", "C1", "status", false, knowledge.EN))
	mustContain(t, text, "not subscribed", "Mondays at 09:00", "Asia/Tokyo")

	if rep := e.do("discord", "C1", "subscribe fri 18:00 America/New_York", true, knowledge.EN); rep.Status != "" {
		t.Fatal(console.Render(rep))
	}
	text = console.Render(e.do("discord", "C1", "status", false, knowledge.EN))
	// 2026-11-24 is a Tuesday; the next Friday 18:00 in New York is EST.
	mustContain(t, text, "Fridays at 18:00", "America/New_York", "Fri 2026-11-27 18:00 EST (-05:00)", "none yet", "alice")

	sub, _, _ := e.st.Subscription(ctx, "discord", "C1")
	d, err := e.st.RecordIntent(ctx, knowledge.Delivery{SubscriptionID: sub.ID, Period: "p", ScheduledAt: e.clk.Now(), Marker: "m"})
	if err != nil {
		t.Fatal(err)
	}
	if _, ok, _ := e.st.ClaimDelivery(ctx, d.ID, "x", e.clk.Now().Add(time.Minute)); !ok {
		t.Fatal("claim failed")
	}
	if err := e.st.RecordFailure(ctx, d.ID, "x", "Missing Access (50001)", true, false, time.Time{}); err != nil {
		t.Fatal(err)
	}
	text = console.Render(e.do("discord", "C1", "status", false, knowledge.EN))
	mustContain(t, text, "Paused", "Missing Access (50001)", "failed", "send-now")

	if rep := e.do("discord", "C1", "unsubscribe", true, knowledge.EN); rep.Status != "" || rep.Visibility != handlers.Public {
		t.Fatal(console.Render(rep))
	}
	if rep := e.do("discord", "C1", "unsubscribe", true, knowledge.EN); rep.Status != handlers.StatusNotFound {
		t.Fatalf("second unsubscribe: %s", console.Render(rep))
	}
}

func TestDigestComposeDeterministic(t *testing.T) {
	ctx := context.Background()
	e := newDigestEnv(t)
	tokyo, _ := time.LoadLocation("Asia/Tokyo")
	period := time.Date(2026, 11, 30, 9, 0, 0, 0, tokyo)
	for _, l := range []knowledge.Locale{knowledge.JA, knowledge.EN} {
		a, err := e.d.ComposeRange(ctx, period, l, 1, 1)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := e.d.ComposeRange(ctx, period, l, 1, 1)
		if !reflect.DeepEqual(a, b) {
			t.Fatalf("%s: two compositions of the same period differ", l)
		}
		// Any moment of the same ISO week gives the same digest.
		c, _ := e.d.ComposeRange(ctx, period.AddDate(0, 0, 6).Add(14*time.Hour), l, 1, 1)
		if !reflect.DeepEqual(a.Fields, c.Fields) {
			t.Fatalf("%s: same week, different spotlight", l)
		}
		if a.Visibility != handlers.Public || a.Table != nil || len(a.Sources) == 0 || len(a.Fields) != 4 {
			t.Fatalf("%s: digest lacks parts: %s", l, console.Render(a))
		}
		text := console.Render(a)
		if strings.Contains(a.Title, "news") || strings.Contains(a.Title, "ニュース") {
			t.Errorf("the title calls the seeds news: %s", a.Title)
		}
		if l == knowledge.EN {
			mustContain(t, text, "week of 2026-11-30", "not this week's news", "Figure of the week", "One action for this week")
			mustNotContain(t, text, "Changed since your last digest")
		} else {
			mustContain(t, text, "2026年11月30日の週", "今週のニュースではありません", "今週の数字", "今週のアクション")
		}
	}
	en, _ := e.d.ComposeRange(ctx, period, knowledge.EN, 1, 1)
	ja, _ := e.d.ComposeRange(ctx, period, knowledge.JA, 1, 1)
	if en.Title == ja.Title {
		t.Error("locales give the same title")
	}
}

// TestDigestRotation walks a year of weeks: every market statement with a
// source, every career path and skill map with KPIs comes up before any
// repeats, and the actions vary, so a year of digests does not say the
// same thing needlessly.
func TestDigestRotation(t *testing.T) {
	ctx := context.Background()
	e := newDigestEnv(t)
	tokyo, _ := time.LoadLocation("Asia/Tokyo")
	start := time.Date(2026, 1, 5, 9, 0, 0, 0, tokyo)
	paths, _ := e.st.Paths(ctx)
	maps, _ := e.st.SkillMaps(ctx, "")
	trends, _ := e.st.Trends(ctx)
	wantTrends, wantCareers := 0, 0
	for _, tr := range trends {
		if tr.InDigest() && tr.Source != "" && !tr.Claim && !tr.Anecdote {
			wantTrends++
		}
	}
	for _, p := range paths {
		if p.InDigest() && len(p.KPIs) > 0 {
			wantCareers++
		}
	}
	for _, m := range maps {
		if m.InDigest() && len(m.KPIs) > 0 {
			wantCareers++
		}
	}
	seen := map[string]map[string]int{}
	weeks := 52
	prevTitle := ""
	for w := 0; w < weeks; w++ {
		rep, err := e.d.ComposeRange(ctx, start.AddDate(0, 0, 7*w), knowledge.EN, 1, 1)
		if err != nil {
			t.Fatal(err)
		}
		if rep.Title == prevTitle {
			t.Fatalf("week %d has the title of the week before", w)
		}
		prevTitle = rep.Title
		for _, p := range digestParts(t, rep) {
			if seen[p.kind] == nil {
				seen[p.kind] = map[string]int{}
			}
			key := p.field.Value
			if p.kind == "career" {
				key, _, _ = strings.Cut(key, "\n")
				key, _, _ = strings.Cut(key, " — ")
			}
			seen[p.kind][key]++
		}
	}
	check := func(kind string, want int) {
		t.Helper()
		if got := len(seen[kind]); got != want {
			t.Errorf("%s: %d distinct over %d weeks, want %d", kind, got, weeks, want)
		}
	}
	check("market", wantTrends)
	check("career", wantCareers)
	if n := len(seen["action"]); n < 40 {
		t.Errorf("only %d distinct actions over a year", n)
	}
	if n := len(seen["career"]); n < 5 {
		t.Errorf("only %d careers", n)
	}
}

func TestDigestWhatsNewAndPreview(t *testing.T) {
	ctx := context.Background()
	e := newDigestEnv(t)
	if rep := e.do("slack", "C1", "subscribe mon 09:00 Asia/Tokyo", true, knowledge.EN); rep.Status != "" {
		t.Fatal(console.Render(rep))
	}
	// The curators change a trend and add a listing: version 2.
	data, _ := knowledge.Load(knowledge.Curated, knowledge.CuratedDir)
	data.Trends[0].Text.EN = "A reworded trend for the test"
	extra := data.Listings[0]
	extra.ID = "E-test"
	extra.Summary = knowledge.Text{JA: "テスト案件", EN: "A test listing"}
	data.Listings = append(data.Listings, extra)
	v, changed, err := e.st.Sync(ctx, data, "test-2")
	if err != nil || !changed {
		t.Fatalf("sync: %v %v", changed, err)
	}
	rep := e.do("slack", "C1", "preview", false, knowledge.JA)
	if rep.Status != "" || rep.Visibility != handlers.Private {
		t.Fatalf("preview: %s", console.Render(rep))
	}
	text := console.Render(rep)
	// The subscription's locale (en) wins over the asker's (ja).
	mustContain(t, text, "Changed since your last digest", "added · listing: A test listing", "changed · market trend: A reworded trend")
	// Preview is exactly what the scheduler will compose for the next run.
	tokyo, _ := time.LoadLocation("Asia/Tokyo")
	want, err := e.d.ComposeRange(ctx, time.Date(2026, 11, 30, 9, 0, 0, 0, tokyo), knowledge.EN, 1, v.Number)
	if err != nil {
		t.Fatal(err)
	}
	want.Visibility = handlers.Private
	if !reflect.DeepEqual(rep, want) {
		t.Fatalf("preview differs from the composed digest:\n%s\n---\n%s", text, console.Render(want))
	}
	// After a digest covering version 2, nothing is new.
	none, _ := e.d.ComposeRange(ctx, time.Date(2026, 12, 7, 9, 0, 0, 0, tokyo), knowledge.EN, v.Number, v.Number)
	mustNotContain(t, console.Render(none), "Changed since your last digest")
}

// TestDigestDescribesSchedules checks the wording built on the schedule's
// accessors: weekly and daily specs in words, anything else as cron.
func TestDigestDescribesSchedules(t *testing.T) {
	cases := []struct {
		spec, tz string
		l        knowledge.Locale
		want     string
	}{
		{"0 9 * * 1", "Asia/Tokyo", knowledge.EN, "Mondays at 09:00 (Asia/Tokyo)"},
		{"0 9 * * 1", "Asia/Tokyo", knowledge.JA, "毎週月曜 09:00 (Asia/Tokyo)"},
		{"30 18 * * 0", "UTC", knowledge.EN, "Sundays at 18:30 (UTC)"},
		{"5 7 * * *", "Europe/London", knowledge.EN, "every day at 07:05 (Europe/London)"},
		{"5 7 * * *", "Europe/London", knowledge.JA, "毎日 07:05 (Europe/London)"},
		{"0 9 * * 1-5", "UTC", knowledge.EN, "cron: 0 9 * * 1-5 (UTC)"},
		{"@weekly", "UTC", knowledge.JA, "cron: @weekly (UTC)"},
	}
	for _, c := range cases {
		t.Run(c.spec+" "+string(c.l), func(t *testing.T) {
			st := storetest.Open(t, store.Options{})
			d, err := handlers.NewDigest(context.Background(), st, st, handlers.DigestOptions{DefaultSchedule: c.spec, DefaultTimezone: c.tz})
			if err != nil {
				t.Fatal(err)
			}
			rep := d.HandleDigest(context.Background(), handlers.Request{Command: "digest", Args: "status", Locale: c.l, Platform: knowledge.Slack, Channel: "C1"})
			mustContain(t, console.Render(rep), c.want)
		})
	}
}
