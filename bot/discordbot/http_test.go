package discordbot

import (
	"bytes"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"careerbot/handlers"
	"careerbot/knowledge"
)

// fixedNow is the injected clock of these tests.
var fixedNow = time.Date(2026, 11, 24, 21, 0, 0, 0, time.UTC)

type signer struct {
	pub  ed25519.PublicKey
	priv ed25519.PrivateKey
}

func newSigner(t testing.TB) signer {
	t.Helper()
	pub, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	return signer{pub, priv}
}

// request builds a POST signed the way Discord signs: Ed25519 over the
// timestamp followed by the raw body.
func (s signer) request(body []byte, at time.Time) *http.Request {
	ts := strconv.FormatInt(at.Unix(), 10)
	sig := ed25519.Sign(s.priv, append([]byte(ts), body...))
	r := httptest.NewRequest(http.MethodPost, InteractionsPath, bytes.NewReader(body))
	r.Header.Set("Content-Type", "application/json")
	r.Header.Set("X-Signature-Ed25519", hex.EncodeToString(sig))
	r.Header.Set("X-Signature-Timestamp", ts)
	return r
}

func httpBot(t *testing.T, s signer, eng Engine, cfg Config) *Bot {
	t.Helper()
	cfg.PublicKey = hex.EncodeToString(s.pub)
	cfg.Clock = func() time.Time { return fixedNow }
	return newTestBot(t, cfg, eng, nil)
}

func serve(b *Bot, r *http.Request) *httptest.ResponseRecorder {
	w := httptest.NewRecorder()
	b.HTTPHandler().ServeHTTP(w, r)
	return w
}

func readFixture(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile("testdata/fixtures/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestHTTPPing(t *testing.T) {
	var fx struct {
		Body     json.RawMessage `json:"body"`
		Expected json.RawMessage `json:"expected_response_after_valid_signature"`
		BadCode  int             `json:"expected_status_on_bad_or_missing_signature"`
	}
	if err := json.Unmarshal(readFixture(t, "discord-interaction-ping.json"), &fx); err != nil {
		t.Fatal(err)
	}
	s := newSigner(t)
	eng := &fakeEngine{}
	b := httpBot(t, s, eng, Config{})
	w := serve(b, s.request(fx.Body, fixedNow))
	if w.Code != http.StatusOK || !jsonEqual(t, w.Body.Bytes(), fx.Expected) {
		t.Fatalf("PING: %d %s, want 200 %s", w.Code, w.Body, fx.Expected)
	}
	if ct := w.Header().Get("Content-Type"); ct != "application/json" {
		t.Errorf("Content-Type = %q", ct)
	}
	if eng.count() != 0 {
		t.Errorf("a PING must not reach the engine")
	}
	unsigned := httptest.NewRequest(http.MethodPost, InteractionsPath, bytes.NewReader(fx.Body))
	if w := serve(b, unsigned); w.Code != fx.BadCode {
		t.Errorf("unsigned PING: %d, want %d", w.Code, fx.BadCode)
	}
}

func TestHTTPRejectsBadSignatures(t *testing.T) {
	s := newSigner(t)
	other := newSigner(t)
	body := readFixture(t, "discord-docs-example-slash-interaction.json")
	cases := []struct {
		name string
		req  func() *http.Request
	}{
		{"missing signature", func() *http.Request {
			r := s.request(body, fixedNow)
			r.Header.Del("X-Signature-Ed25519")
			return r
		}},
		{"missing timestamp", func() *http.Request {
			r := s.request(body, fixedNow)
			r.Header.Del("X-Signature-Timestamp")
			return r
		}},
		{"signed by another key", func() *http.Request { return other.request(body, fixedNow) }},
		{"body changed after signing", func() *http.Request {
			r := s.request(body, fixedNow)
			r.Body = httptest.NewRequest(http.MethodPost, "/", bytes.NewReader(bytes.Replace(body, []byte("Gitrog"), []byte("Gitrag"), 1))).Body
			return r
		}},
		{"timestamp changed after signing", func() *http.Request {
			r := s.request(body, fixedNow)
			r.Header.Set("X-Signature-Timestamp", strconv.FormatInt(fixedNow.Unix()+1, 10))
			return r
		}},
		{"stale timestamp", func() *http.Request { return s.request(body, fixedNow.Add(-5*time.Minute-time.Second)) }},
		{"timestamp from the future", func() *http.Request { return s.request(body, fixedNow.Add(6*time.Minute)) }},
		{"signature not hex", func() *http.Request {
			r := s.request(body, fixedNow)
			r.Header.Set("X-Signature-Ed25519", "zz"+r.Header.Get("X-Signature-Ed25519")[2:])
			return r
		}},
		{"signature truncated", func() *http.Request {
			r := s.request(body, fixedNow)
			r.Header.Set("X-Signature-Ed25519", r.Header.Get("X-Signature-Ed25519")[:64])
			return r
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			eng := &fakeEngine{}
			b := httpBot(t, s, eng, Config{})
			w := serve(b, tc.req())
			if w.Code != http.StatusUnauthorized {
				t.Errorf("status %d, want 401", w.Code)
			}
			if eng.count() != 0 {
				t.Errorf("the engine was called for a request that failed verification")
			}
		})
	}
	// Within the window (just under 5 minutes either way) is accepted.
	for _, at := range []time.Time{fixedNow.Add(-4*time.Minute - 59*time.Second), fixedNow.Add(4 * time.Minute)} {
		if w := serve(httpBot(t, s, &fakeEngine{}, Config{}), s.request(body, at)); w.Code != http.StatusOK {
			t.Errorf("timestamp %s: status %d", at.Sub(fixedNow), w.Code)
		}
	}
}

func TestHTTPLimitsAndMethods(t *testing.T) {
	s := newSigner(t)
	eng := &fakeEngine{}
	b := httpBot(t, s, eng, Config{})
	big := append([]byte(`{"type":1,"pad":"`), bytes.Repeat([]byte("x"), 2<<20)...)
	big = append(big, `"}`...)
	if w := serve(b, s.request(big, fixedNow)); w.Code != http.StatusRequestEntityTooLarge {
		t.Errorf("2 MiB body: status %d, want 413", w.Code)
	}
	if w := serve(b, httptest.NewRequest(http.MethodGet, InteractionsPath, nil)); w.Code != http.StatusMethodNotAllowed {
		t.Errorf("GET: status %d, want 405", w.Code)
	}
	if w := serve(b, s.request([]byte("{not json"), fixedNow)); w.Code != http.StatusBadRequest {
		t.Errorf("signed garbage: status %d, want 400", w.Code)
	}
	if eng.count() != 0 {
		t.Errorf("the engine was called")
	}
}

func TestHTTPCommandFromDocsExample(t *testing.T) {
	s := newSigner(t)
	eng := &fakeEngine{}
	b := httpBot(t, s, eng, Config{DefaultLocale: knowledge.JA})
	w := serve(b, s.request(readFixture(t, "discord-docs-example-slash-interaction.json"), fixedNow))
	if w.Code != http.StatusOK {
		t.Fatalf("status %d: %s", w.Code, w.Body)
	}
	mustValidate(t, "CreateMessageInteractionCallbackRequest", w.Body.Bytes())
	resp := decode(t, w.Body.Bytes())
	data := resp["data"].(map[string]any)
	if resp["type"] != 4.0 || data["flags"] != 64.0 {
		t.Errorf("want type 4 ephemeral, got %s", w.Body)
	}
	assertNoMentions(t, data)
	for _, e := range data["embeds"].([]any) {
		mustValidate(t, "RichEmbed", mustJSON(t, e))
	}
	req := eng.lastRequest(t)
	// The example member has every permission ("2147483647"), Manage Server included.
	want := handlers.Request{Command: "cardsearch", Args: "The Gitrog Monster", Locale: knowledge.EN, Platform: "discord",
		Workspace: "290926798626357999", Channel: "645027906669510667", User: "53908232506183680", UserName: "Mason", IsAdmin: true}
	if req != want {
		t.Errorf("request\n got %+v\nwant %+v", req, want)
	}
}

func TestHTTPAutocompleteAndShare(t *testing.T) {
	s := newSigner(t)
	eng := &fakeEngine{}
	b := httpBot(t, s, eng, Config{})
	w := serve(b, s.request(mustJSON(t, autocompleteInteraction("1", "t", "go")), fixedNow))
	mustValidate(t, "ApplicationCommandAutocompleteCallbackRequest", w.Body.Bytes())
	resp := decode(t, w.Body.Bytes())
	choices := resp["data"].(map[string]any)["choices"].([]any)
	if resp["type"] != 8.0 || len(choices) != 2 || choices[0].(map[string]any)["value"] != "go" {
		t.Errorf("autocomplete for %q: %s", "go", w.Body)
	}

	// A long share value goes through the bounded store; the button still works.
	long := "ask " + strings.Repeat("年収 ", 60)
	id := b.shareID(long)
	if ulen(id) > limitCustomID || !strings.HasPrefix(id, shareReference) {
		t.Fatalf("custom_id %q", id)
	}
	w = serve(b, s.request(mustJSON(t, buttonInteraction("2", "t2", id)), fixedNow))
	mustValidate(t, "CreateMessageInteractionCallbackRequest", w.Body.Bytes())
	resp = decode(t, w.Body.Bytes())
	data := resp["data"].(map[string]any)
	if resp["type"] != 4.0 || data["flags"] != nil {
		t.Errorf("over HTTP the share is a public type 4 answer, got %s", w.Body)
	}
	if !strings.Contains(data["content"].(string), "Shared by Mason") {
		t.Errorf("content = %q", data["content"])
	}
	assertNoMentions(t, data)
	if got := eng.shares; len(got) != 1 || got[0] != long {
		t.Errorf("Share got %q", got)
	}

	// An unknown reference (expired, or from before a restart) is explained.
	w = serve(b, s.request(mustJSON(t, buttonInteraction("3", "t3", shareReference+"0123")), fixedNow))
	data = decode(t, w.Body.Bytes())["data"].(map[string]any)
	if data["flags"] != 64.0 || !strings.Contains(data["content"].(string), "expired") {
		t.Errorf("expired button: %v", data)
	}
}

// Over HTTP, a slow answer is deferred in the response and delivered by
// editing the original response with the interaction token (no bot token).
func TestHTTPDefersSlowAnswers(t *testing.T) {
	fake := newFakeDiscord(t)
	s := newSigner(t)
	gate := make(chan struct{})
	b := httpBot(t, s, &fakeEngine{gate: gate}, Config{HTTPClient: fake.client()})
	b.deferAfter = time.Millisecond
	w := serve(b, s.request(mustJSON(t, slashInteraction("5", "tok-h", "ja", "go")), fixedNow))
	if resp := decode(t, w.Body.Bytes()); resp["type"] != 5.0 {
		t.Fatalf("want a deferral, got %s", w.Body)
	}
	close(gate)
	edit := fake.next(t, "the edit of @original", pathIs("PATCH", "/api/v9/webhooks/app1/tok-h/messages/@original"))
	if edit.Header.Get("Authorization") != "" {
		t.Errorf("HTTP mode has no bot token to send, got %q", edit.Header.Get("Authorization"))
	}
	assertNoMentions(t, decode(t, edit.Body))
}

func TestLocaleAndRequest(t *testing.T) {
	ja, fr := "ja", "fr"
	cases := []struct {
		locale string
		guild  *string
		def    knowledge.Locale
		want   knowledge.Locale
	}{
		{"ja", nil, knowledge.EN, knowledge.JA},
		{"en-US", &ja, knowledge.JA, knowledge.EN},
		{"en-GB", nil, knowledge.JA, knowledge.EN},
		{"fr", &ja, knowledge.EN, knowledge.JA},
		{"fr", &fr, knowledge.EN, knowledge.EN},
		{"", nil, knowledge.JA, knowledge.JA},
	}
	for _, tc := range cases {
		raw := map[string]any{"type": 2, "id": "1", "token": "t", "locale": tc.locale,
			"data": map[string]any{"name": "market", "type": 1}}
		if tc.guild != nil {
			raw["guild_locale"] = *tc.guild
		}
		i := interactionFrom(t, raw)
		if got := toRequest(i, tc.def, specsByName(handlers.Commands())).Locale; got != tc.want {
			t.Errorf("locale %q guild %v default %s: got %s, want %s", tc.locale, tc.guild, tc.def, got, tc.want)
		}
	}

	// Subcommand first, then option values in the spec's order, whatever
	// order Discord sends them in; admin from Manage Server or Administrator.
	for _, perm := range []struct {
		perms string
		admin bool
	}{{"32", true}, {"8", true}, {"2048", false}} {
		i := interactionFrom(t, map[string]any{"type": 2, "id": "1", "token": "t", "guild_id": "g", "channel_id": "c",
			"member": member(perm.perms),
			"data": map[string]any{"name": "digest", "type": 1, "options": []any{map[string]any{
				"type": 1, "name": "subscribe", "options": []any{
					map[string]any{"type": 3, "name": "timezone", "value": "Asia/Tokyo"},
					map[string]any{"type": 3, "name": "weekday", "value": "mon"},
					map[string]any{"type": 3, "name": "time", "value": "09:00"},
				}}}}})
		req := toRequest(i, knowledge.JA, specsByName(handlers.Commands()))
		if req.Command != "digest" || req.Args != "subscribe mon 09:00 Asia/Tokyo" || req.IsAdmin != perm.admin {
			t.Errorf("permissions %s: %+v", perm.perms, req)
		}
	}
}

func jsonEqual(t *testing.T, a, b []byte) bool {
	t.Helper()
	var x, y any
	if json.Unmarshal(a, &x) != nil || json.Unmarshal(b, &y) != nil {
		return false
	}
	return reflect.DeepEqual(x, y)
}

// A public answer that comes after an (ephemeral) deferral replaces the
// placeholder with a public follow-up.
func TestHTTPDeferredPublicAnswer(t *testing.T) {
	fake := newFakeDiscord(t)
	s := newSigner(t)
	gate := make(chan struct{})
	eng := &fakeEngine{gate: gate}
	b := httpBot(t, s, eng, Config{HTTPClient: fake.client()})
	b.deferAfter = time.Millisecond
	w := serve(b, s.request(mustJSON(t, buttonInteraction("6", "tok-p", b.shareID("salary go"))), fixedNow))
	if resp := decode(t, w.Body.Bytes()); resp["type"] != 5.0 {
		t.Fatalf("want a deferral, got %s", w.Body)
	}
	close(gate)
	fake.next(t, "the placeholder's removal", pathIs(http.MethodDelete, "/api/v9/webhooks/app1/tok-p/messages/@original"))
	fu := fake.next(t, "the public follow-up", pathIs(http.MethodPost, "/api/v9/webhooks/app1/tok-p"))
	m := decode(t, fu.Body)
	assertNoMentions(t, m)
	if m["flags"] != nil || !strings.Contains(m["content"].(string), "Shared by Mason") || len(m["embeds"].([]any)) == 0 {
		t.Errorf("follow-up should be the public shared answer: %s", fu.Body)
	}
}
