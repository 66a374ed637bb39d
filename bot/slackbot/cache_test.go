package slackbot

import (
	"strings"
	"testing"
	"time"

	"careerbot/bot/answercache"
	"careerbot/bot/answercache/answercachetest"
	"careerbot/knowledge"
)

// newCachedBot is an HTTP-mode bot with the answer cache on, talking to
// the fake Slack Web API (users.info gives each user's locale).
func newCachedBot(t *testing.T, f *fakeSlack, engine Engine) (*Bot, func(user, command, text string) string) {
	t.Helper()
	const secret = "s3cret"
	now := time.Unix(1_700_000_000, 0)
	b, err := New(Config{SigningSecret: secret, BotToken: "xoxb-test", APIURL: f.server.URL + "/",
		Clock: func() time.Time { return now }, Logger: testLogger(t), DefaultLocale: knowledge.JA,
		AnswerCache: answercache.Options{Size: 16}}, engine)
	if err != nil {
		t.Fatal(err)
	}
	return b, func(user, command, text string) string {
		t.Helper()
		form := slashForm(command, text)
		form.Set("user_id", user)
		body, h := signedForm(secret, now.Unix(), form)
		w := post(b.HTTPHandler(), body, h)
		if w.Code != 200 {
			t.Fatalf("%s %s: status %d", command, text, w.Code)
		}
		return w.Body.String()
	}
}

// TestAnswerCache: the same question (whoever asks, through /career or
// not, with stray spaces) reaches the engine once per knowledge version;
// another spelling, another locale, another question, a new version and
// /digest (not Cacheable) go to the engine. Another spelling is another
// answer because answers repeat what was typed: the fake engine's title
// does, as /ask's does.
func TestAnswerCache(t *testing.T) {
	f := newFakeSlack(t)
	f.locales["UJA1"], f.locales["UJA2"], f.locales["UEN"] = "ja-JP", "ja-JP", "en-US"
	engine := &fakeEngine{}
	b, ask := newCachedBot(t, f, engine)
	calls := func() int { return len(engine.requests()) }

	first := ask("UJA1", "/salary", "go")
	for _, again := range []struct{ user, command, text string }{
		{"UJA1", "/salary", "go"}, {"UJA2", "/career", "salary go"}, {"UJA2", "/salary", " go\u200b "},
	} {
		if got := ask(again.user, again.command, again.text); got != first {
			t.Errorf("%+v: cached answer differs:\n%s\n%s", again, first, got)
		}
	}
	if calls() != 1 {
		t.Fatalf("engine called %d times for one question, want 1", calls())
	}
	if got := ask("UJA2", "/salary", "ＧＯ"); !strings.Contains(got, "salary ＧＯ") || calls() != 2 {
		t.Errorf("another spelling: %d calls, answer %s", calls(), got)
	}
	if got := ask("UEN", "/salary", "go"); got == first || calls() != 3 {
		t.Errorf("English asker: %d calls, answer %s", calls(), got)
	}
	ask("UJA1", "/salary", "rust")
	ask("UJA1", "/digest", "status")
	ask("UJA1", "/digest", "status")
	if calls() != 6 {
		t.Errorf("engine called %d times, want 6 (new question, /digest twice)", calls())
	}
	engine.setVersion("2") // an import
	ask("UJA1", "/salary", "go")
	if calls() != 7 {
		t.Errorf("engine called %d times, want 7 (new knowledge version)", calls())
	}
	if s := b.answers.Stats(); s.Entries != 5 || s.Hits != 3 {
		t.Errorf("stats %+v, want 5 entries (go, ＧＯ, en, rust, go v2) and 3 hits", s)
	}
}

// TestAnswerCacheRealRouter: with the real router and store, an import by
// another process between two requests changes the very next answer, and
// an unknown question is never cached: the gaps counter hears every ask.
func TestAnswerCacheRealRouter(t *testing.T) {
	kb := answercachetest.Open(t)
	f := newFakeSlack(t)
	f.locales["UJA1"] = "ja-JP"
	b, ask := newCachedBot(t, f, kb.Router)

	before := ask("UJA1", "/jobs", "")
	if again := ask("UJA1", "/jobs", ""); again != before {
		t.Fatalf("no import, yet the answer changed")
	}
	hits := b.answers.Stats().Hits
	kb.Import(t, answercachetest.OneListing)
	after := ask("UJA1", "/jobs", "")
	if after == before {
		t.Fatalf("the answer after an import is the cached one:\n%s", after)
	}
	if b.answers.Stats().Hits != hits {
		t.Errorf("a stale hit after the import: %+v", b.answers.Stats())
	}
	if again := ask("UJA1", "/jobs", ""); again != after {
		t.Errorf("the new version's answer is not cached")
	}

	for range 2 {
		ask("UJA1", "/salary", "cobol")
	}
	if n := kb.Gaps.Count("salary", "cobol"); n != 2 {
		t.Errorf("an unknown question asked twice was counted %d times, want 2", n)
	}

	// /ask repeats the question in its title: a cached answer to one
	// spelling is not shown to whoever typed another.
	if got := ask("UJA1", "/ask", "ＧＯ エンジニア"); !strings.Contains(got, "ＧＯ エンジニア") {
		t.Fatalf("/ask does not repeat the question, so this test shows nothing:\n%s", got)
	}
	if got := ask("UJA1", "/ask", "go エンジニア"); strings.Contains(got, "ＧＯ") || !strings.Contains(got, "go エンジニア") {
		t.Errorf("the second asker sees the first one's spelling:\n%s", got)
	}
}

// TestAnswerCacheNeedsAVersion: the cache cannot be on without knowing
// the knowledge version; off, any engine will do.
func TestAnswerCacheNeedsAVersion(t *testing.T) {
	type plain struct{ Engine }
	if _, err := New(Config{SigningSecret: "s", AnswerCache: answercache.Options{Size: 1}}, plain{&fakeEngine{}}); err == nil {
		t.Error("the cache is on with an engine that names no knowledge version")
	}
	if _, err := New(Config{SigningSecret: "s"}, plain{&fakeEngine{}}); err != nil {
		t.Error(err)
	}
}
