package discordbot

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"careerbot/bot/answercache"
	"careerbot/bot/answercache/answercachetest"
)

// cachedHTTPBot is the HTTP interactions endpoint with the answer cache on
// and a clock the test moves; ask signs each interaction at that time.
func cachedHTTPBot(t *testing.T, eng Engine) (b *Bot, ask func(raw map[string]any) *httptest.ResponseRecorder, advance func(time.Duration)) {
	t.Helper()
	s := newSigner(t)
	now := fixedNow
	var mu sync.Mutex
	b = httpBot(t, s, eng, Config{AnswerCache: answercache.Options{Size: 16}})
	b.now = func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	ask = func(raw map[string]any) *httptest.ResponseRecorder {
		t.Helper()
		w := serve(b, s.request(mustJSON(t, raw), b.now()))
		if w.Code != http.StatusOK {
			t.Fatalf("status %d: %s", w.Code, w.Body)
		}
		return w
	}
	advance = func(d time.Duration) { mu.Lock(); now = now.Add(d); mu.Unlock() }
	return b, ask, advance
}

// TestAnswerCache: the same question (whoever asks, with stray spaces)
// reaches the engine once per knowledge version; another spelling (answers
// repeat what was typed), another locale, another topic, a new version and
// /digest (not Cacheable) go to the engine, and age alone (no
// ANSWER_CACHE_MAX_AGE) does not.
func TestAnswerCache(t *testing.T) {
	eng := &fakeEngine{}
	b, ask, advance := cachedHTTPBot(t, eng)
	first := ask(slashInteraction("1", "a", "ja", "go")).Body.String()
	for i, again := range []map[string]any{slashInteraction("2", "b", "ja", "go"), slashInteraction("3", "c", "ja", " go\u200b ")} {
		if got := ask(again).Body.String(); got != first {
			t.Errorf("ask %d: cached answer differs:\n%s\n%s", i+2, first, got)
		}
	}
	if eng.count() != 1 {
		t.Errorf("the same question should be answered from the cache (engine calls %d)", eng.count())
	}
	if got := ask(slashInteraction("3b", "c", "ja", "GO")).Body.String(); !strings.Contains(got, "Salary: GO") || eng.count() != 2 {
		t.Errorf("another spelling is another answer, in that spelling (engine calls %d): %s", eng.count(), got)
	}
	ask(slashInteraction("4", "d", "en-US", "go"))
	ask(slashInteraction("5", "e", "ja", "rust"))
	if eng.count() != 4 {
		t.Errorf("another locale or topic is another answer (engine calls %d, want 4)", eng.count())
	}
	advance(48 * time.Hour)
	ask(slashInteraction("6", "f", "ja", "go"))
	if eng.count() != 4 {
		t.Errorf("an answer of the current knowledge version is reused however old (engine calls %d, want 4)", eng.count())
	}
	eng.setVersion("2")
	ask(slashInteraction("7", "g", "ja", "go"))
	if eng.count() != 5 {
		t.Errorf("a new knowledge version is a new answer (engine calls %d, want 5)", eng.count())
	}
	digest := func() map[string]any {
		return map[string]any{"type": 2, "id": "8", "application_id": "app1", "token": "h", "guild_id": "g", "channel_id": "c",
			"member": member("32"), "data": map[string]any{"name": "digest", "type": 1, "options": []any{map[string]any{"type": 1, "name": "status"}}}}
	}
	ask(digest())
	ask(digest())
	if eng.count() != 7 {
		t.Errorf("/digest is not Cacheable (engine calls %d, want 7)", eng.count())
	}
	if s := b.answers.Stats(); s.Entries != 5 || s.Hits != 3 {
		t.Errorf("stats %+v, want 5 entries and 3 hits", s)
	}
}

// TestAnswerCacheKeepsShareButtonsWorking: a long share value lives in the
// expiring share store; an answer reused after that expiry renews it, so
// the cached button still shares.
func TestAnswerCacheKeepsShareButtonsWorking(t *testing.T) {
	eng := &fakeEngine{}
	_, ask, advance := cachedHTTPBot(t, eng)
	topic := strings.Repeat("とても長い話題", 20)
	first := decode(t, ask(slashInteraction("1", "a", "ja", topic)).Body.Bytes())
	id := shareButtonID(t, first["data"].(map[string]any))
	if !strings.HasPrefix(id, shareReference) {
		t.Fatalf("custom_id %q is not a share-store reference", id)
	}
	advance(shareTTL + time.Minute)
	again := decode(t, ask(slashInteraction("2", "b", "ja", topic)).Body.Bytes())
	if eng.count() != 1 || shareButtonID(t, again["data"].(map[string]any)) != id {
		t.Fatalf("not answered from the cache (engine calls %d)", eng.count())
	}
	w := ask(buttonInteraction("3", "c", id))
	if strings.Contains(w.Body.String(), "expired") {
		t.Errorf("the cached answer's Share button has expired: %s", w.Body)
	}
	if got := eng.shares; len(got) != 1 || !strings.Contains(got[0], topic) {
		t.Errorf("Share got %q", got)
	}
}

// TestAnswerCacheRealRouter: with the real router and store, an import by
// another process between two requests changes the very next answer, and
// an unknown question is never cached: the gaps counter hears every ask.
func TestAnswerCacheRealRouter(t *testing.T) {
	kb := answercachetest.Open(t)
	b, ask, _ := cachedHTTPBot(t, kb.Router)
	jobs := func(id string) string {
		return ask(commandInteraction(t, "/jobs", "ja", "0")).Body.String()
	}
	before := jobs("1")
	if again := jobs("2"); again != before {
		t.Fatal("no import, yet the answer changed")
	}
	hits := b.answers.Stats().Hits
	kb.Import(t, answercachetest.OneListing)
	after := jobs("3")
	if after == before {
		t.Fatalf("the answer after an import is the cached one:\n%s", after)
	}
	if b.answers.Stats().Hits != hits {
		t.Errorf("a stale hit after the import: %+v", b.answers.Stats())
	}
	for range 2 {
		ask(commandInteraction(t, "/salary cobol", "ja", "0"))
	}
	if n := kb.Gaps.Count("salary", "cobol"); n != 2 {
		t.Errorf("an unknown question asked twice was counted %d times, want 2", n)
	}
}

// TestAnswerCacheNeedsAVersion: the cache cannot be on without knowing the
// knowledge version; off, any engine will do.
func TestAnswerCacheNeedsAVersion(t *testing.T) {
	type plain struct{ Engine }
	cfg := Config{PublicKey: strings.Repeat("ab", 32), AnswerCache: answercache.Options{Size: 1}}
	if _, err := New(cfg, plain{&fakeEngine{}}, nil); err == nil {
		t.Error("the cache is on with an engine that names no knowledge version")
	}
	cfg.AnswerCache.Size = 0
	if _, err := New(cfg, plain{&fakeEngine{}}, nil); err != nil {
		t.Error(err)
	}
}
