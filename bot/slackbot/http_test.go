package slackbot

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"careerbot/knowledge"
)

type signingVector struct {
	Secret      string `json:"signing_secret"`
	Timestamp   string `json:"header_X-Slack-Request-Timestamp"`
	ContentType string `json:"content_type"`
	Body        string `json:"raw_body"`
	Signature   string `json:"header_X-Slack-Signature"`
}

func signingVectors(t *testing.T) []signingVector {
	var v struct {
		Vectors []signingVector `json:"vectors"`
	}
	readJSON(t, "testdata/slack-signing-vectors.json", &v)
	if len(v.Vectors) == 0 {
		t.Fatal("no signing vectors")
	}
	return v.Vectors
}

func clockAt(unix int64) func() time.Time {
	return func() time.Time { return time.Unix(unix, 0) }
}

func newHTTPBot(t *testing.T, secret string, now int64, engine Engine, apiURL string) *Bot {
	t.Helper()
	cfg := Config{SigningSecret: secret, Clock: clockAt(now), Logger: testLogger(t), DefaultLocale: knowledge.JA} // no answer cache: these tests count what reaches the engine
	if apiURL != "" {
		cfg.BotToken, cfg.APIURL = "xoxb-test", apiURL
	}
	b, err := New(cfg, engine)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func post(h http.Handler, body string, header map[string]string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(http.MethodPost, EventsPath, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	for k, v := range header {
		if v == "" {
			req.Header.Del(k)
		} else {
			req.Header.Set(k, v)
		}
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, req)
	return w
}

// TestSigningVectors: Slack's published example and slack-go's vector
// verify with the clock at their (2018) timestamps.
func TestSigningVectors(t *testing.T) {
	for i, v := range signingVectors(t) {
		ts, _ := strconv.ParseInt(v.Timestamp, 10, 64)
		h := http.Header{}
		h.Set("X-Slack-Request-Timestamp", v.Timestamp)
		h.Set("X-Slack-Signature", v.Signature)
		if err := verifySignature(v.Secret, h, []byte(v.Body), time.Unix(ts, 0)); err != nil {
			t.Errorf("vector %d: %v", i, err)
		}
		if got := sign(v.Secret, ts, []byte(v.Body)); got != v.Signature {
			t.Errorf("vector %d: sign = %s, want %s", i, got, v.Signature)
		}
		// Through the handler: the form vector is a slash command and is
		// answered; the JSON one is an Events API callback and is acked.
		engine := &fakeEngine{}
		b := newHTTPBot(t, v.Secret, ts+10, engine, "")
		w := post(b.HTTPHandler(), v.Body, map[string]string{
			"Content-Type": v.ContentType, "X-Slack-Request-Timestamp": v.Timestamp, "X-Slack-Signature": v.Signature})
		if w.Code != http.StatusOK {
			t.Errorf("vector %d: status %d: %s", i, w.Code, w.Body)
		}
		wantCalls := 0
		if strings.HasPrefix(v.ContentType, "application/x-www-form-urlencoded") {
			wantCalls = 1
		}
		if n := len(engine.requests()); n != wantCalls {
			t.Errorf("vector %d: engine called %d times, want %d", i, n, wantCalls)
		}
	}
}

// TestHTTPRefusals: nothing that fails verification reaches the engine.
func TestHTTPRefusals(t *testing.T) {
	v := signingVectors(t)[0]
	ts, _ := strconv.ParseInt(v.Timestamp, 10, 64)
	big := v.Body + "&pad=" + strings.Repeat("x", maxBody)
	tests := []struct {
		name   string
		now    int64
		body   string
		header map[string]string
		chunk  bool // send without Content-Length
		want   int
	}{
		{"bad signature", ts, v.Body, map[string]string{"X-Slack-Signature": "v0=" + strings.Repeat("0", 64)}, false, 401},
		{"signature of another body", ts, v.Body + "x", nil, false, 401},
		{"signature with another secret", ts, v.Body, map[string]string{"X-Slack-Signature": sign("other", ts, []byte(v.Body))}, false, 401},
		{"not hex", ts, v.Body, map[string]string{"X-Slack-Signature": "v0=zz"}, false, 401},
		{"wrong version", ts, v.Body, map[string]string{"X-Slack-Signature": strings.Replace(v.Signature, "v0=", "v1=", 1)}, false, 401},
		{"missing signature", ts, v.Body, map[string]string{"X-Slack-Signature": ""}, false, 401},
		{"missing timestamp", ts, v.Body, map[string]string{"X-Slack-Request-Timestamp": ""}, false, 401},
		{"malformed timestamp", ts, v.Body, map[string]string{"X-Slack-Request-Timestamp": "soon"}, false, 401},
		{"stale by 5 min 1 s", ts + 301, v.Body, nil, false, 401},
		{"future by 5 min 1 s", ts - 301, v.Body, nil, false, 401},
		{"oversized, declared", ts, big, map[string]string{"X-Slack-Signature": sign(v.Secret, ts, []byte(big))}, false, 413},
		{"oversized, chunked", ts, big, map[string]string{"X-Slack-Signature": sign(v.Secret, ts, []byte(big))}, true, 413},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			engine := &fakeEngine{}
			b := newHTTPBot(t, v.Secret, tt.now, engine, "")
			h := map[string]string{"X-Slack-Request-Timestamp": v.Timestamp, "X-Slack-Signature": v.Signature}
			for k, val := range tt.header {
				h[k] = val
			}
			req := httptest.NewRequest(http.MethodPost, EventsPath, strings.NewReader(tt.body))
			if tt.chunk {
				req.ContentLength = -1
			}
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			for k, val := range h {
				if val != "" {
					req.Header.Set(k, val)
				}
			}
			w := httptest.NewRecorder()
			b.HTTPHandler().ServeHTTP(w, req)
			if w.Code != tt.want {
				t.Errorf("status %d, want %d (%s)", w.Code, tt.want, w.Body)
			}
			if n := len(engine.requests()); n != 0 {
				t.Errorf("the engine was called %d times", n)
			}
		})
	}
}

// TestHTTPWindowEdges: exactly five minutes either way is still accepted.
func TestHTTPWindowEdges(t *testing.T) {
	v := signingVectors(t)[0]
	ts, _ := strconv.ParseInt(v.Timestamp, 10, 64)
	for _, now := range []int64{ts - 300, ts + 300} {
		engine := &fakeEngine{}
		b := newHTTPBot(t, v.Secret, now, engine, "")
		w := post(b.HTTPHandler(), v.Body, map[string]string{"X-Slack-Request-Timestamp": v.Timestamp, "X-Slack-Signature": v.Signature})
		if w.Code != 200 || len(engine.requests()) != 1 {
			t.Errorf("now=ts%+d: status %d, engine calls %d", now-ts, w.Code, len(engine.requests()))
		}
	}
}

func signedForm(secret string, ts int64, form url.Values) (string, map[string]string) {
	body := form.Encode()
	return body, map[string]string{
		"X-Slack-Request-Timestamp": strconv.FormatInt(ts, 10),
		"X-Slack-Signature":         sign(secret, ts, []byte(body)),
	}
}

func slashForm(command, text string) url.Values {
	return url.Values{
		"token": {"x"}, "team_id": {"T0001"}, "team_domain": {"example"}, "channel_id": {"C2147483705"},
		"channel_name": {"test"}, "user_id": {"U2147483697"}, "user_name": {"Steve"},
		"command": {command}, "text": {text}, "response_url": {"https://hooks.slack.com/commands/1234/5678"},
		"trigger_id": {"13345224609.738474920.8088930838d88f008e0"}, "api_app_id": {"A123456"},
	}
}

// TestHTTPSlashCommand: a signed slash command (umbrella form) is answered
// in the response body; without a bot token there is no Share button and
// the default locale is used.
func TestHTTPSlashCommand(t *testing.T) {
	const secret, now = "s3cret", 1_700_000_000
	engine := &fakeEngine{}
	b := newHTTPBot(t, secret, now, engine, "")
	body, h := signedForm(secret, now, slashForm("/career", "salary go"))
	w := post(b.HTTPHandler(), body, h)
	if w.Code != 200 || !strings.HasPrefix(w.Header().Get("Content-Type"), "application/json") {
		t.Fatalf("status %d %s: %s", w.Code, w.Header().Get("Content-Type"), w.Body)
	}
	if cl := w.Header().Get("Content-Length"); cl != strconv.Itoa(w.Body.Len()) {
		t.Errorf("Content-Length %q for a body of %d bytes", cl, w.Body.Len())
	}
	var p ackPayload
	if err := json.Unmarshal(w.Body.Bytes(), &p); err != nil {
		t.Fatal(err)
	}
	if p.ResponseType != "ephemeral" || p.Text == "" {
		t.Errorf("response_type %q text %q", p.ResponseType, p.Text)
	}
	assertBlock(t, p.Blocks, "header", "salary go")
	for _, blk := range p.Blocks {
		if blk["type"] == "actions" {
			t.Error("a Share button without a bot token to post it")
		}
	}
	r := engine.requests()
	if len(r) != 1 || r[0].Command != "salary" || r[0].Args != "go" || r[0].Locale != knowledge.JA || r[0].IsAdmin {
		t.Errorf("engine got %+v", r)
	}

	// ssl_check is acknowledged and goes no further.
	body, h = signedForm(secret, now, url.Values{"ssl_check": {"1"}, "token": {"x"}})
	if w := post(b.HTTPHandler(), body, h); w.Code != 200 {
		t.Errorf("ssl_check: %d", w.Code)
	}
	if n := len(engine.requests()); n != 1 {
		t.Errorf("ssl_check reached the engine")
	}
	// GET is not served.
	req := httptest.NewRequest(http.MethodGet, EventsPath, nil)
	rec := httptest.NewRecorder()
	b.HTTPHandler().ServeHTTP(rec, req)
	if rec.Code != http.StatusMethodNotAllowed {
		t.Errorf("GET: %d", rec.Code)
	}
}

// TestHTTPLocaleAndAdmin: with a bot token, users.info decides the
// locale and admin flag; configured admins count too; lookups are cached
// and a failing lookup falls back to the default.
func TestHTTPLocaleAndAdmin(t *testing.T) {
	const secret, now = "s3cret", 1_700_000_000
	f := newFakeSlack(t)
	f.locales["U2147483697"] = "en-GB"
	f.admins["U2147483697"] = true
	engine := &fakeEngine{}
	b := newHTTPBot(t, secret, now, engine, f.server.URL+"/")
	b.admins["UCONFIGURED"] = true
	for range 2 {
		body, h := signedForm(secret, now, slashForm("/digest", "subscribe mon 09:00 Asia/Tokyo"))
		if w := post(b.HTTPHandler(), body, h); w.Code != 200 {
			t.Fatalf("status %d", w.Code)
		}
	}
	form := slashForm("/digest", "subscribe")
	form.Set("user_id", "UCONFIGURED") // users.info does not know this one
	body, h := signedForm(secret, now, form)
	post(b.HTTPHandler(), body, h)

	r := engine.requests()
	if r[0].Locale != knowledge.EN || !r[0].IsAdmin || r[0].Command != "digest" || r[0].Args != "subscribe mon 09:00 Asia/Tokyo" {
		t.Errorf("first request %+v", r[0])
	}
	if r[2].Locale != knowledge.JA || !r[2].IsAdmin {
		t.Errorf("configured admin with failed lookup: %+v", r[2])
	}
	if n := f.count("users.info"); n != 2 {
		t.Errorf("users.info called %d times, want 2 (one per user, cached)", n)
	}
}

// TestHTTPShare: a signed block_actions payload posts the answer publicly.
func TestHTTPShare(t *testing.T) {
	const secret, now = "s3cret", 1_700_000_000
	f := newFakeSlack(t)
	f.locales["U123ABC456"] = "ja-JP"
	engine := &fakeEngine{}
	b := newHTTPBot(t, secret, now, engine, f.server.URL+"/")
	payload, _ := json.Marshal(blockActionsPayload("salary go"))
	body, h := signedForm(secret, now, url.Values{"payload": {string(payload)}})
	if w := post(b.HTTPHandler(), body, h); w.Code != 200 {
		t.Fatalf("status %d: %s", w.Code, w.Body)
	}
	call := f.nextCall("chat.postMessage")
	if call.Form.Get("channel") != "C123ABC456" || !strings.Contains(call.Form.Get("blocks"), "Rainer さんが共有しました") {
		t.Errorf("posted %v", call.Form)
	}
	if call.Auth != "" && call.Auth != "Bearer xoxb-test" && call.Form.Get("token") != "xoxb-test" {
		t.Errorf("posted without the bot token")
	}

	// The bot is not in the channel: the asker is told how to fix it.
	f.mu.Lock()
	f.postErr = "not_in_channel"
	f.mu.Unlock()
	body, h = signedForm(secret, now, url.Values{"payload": {string(payload)}})
	post(b.HTTPHandler(), body, h)
	eph := f.nextCall("chat.postEphemeral")
	if eph.Form.Get("user") != "U123ABC456" || !strings.Contains(eph.Form.Get("text"), "/invite") {
		t.Errorf("ephemeral note %v", eph.Form)
	}

	// Where the interaction's response_url may post (a DM between people),
	// the answer goes there instead, publicly.
	b.responseURLOK = func(u string) bool { return strings.HasPrefix(u, f.server.URL+"/hooks/") }
	p := blockActionsPayload("salary go")
	p["response_url"] = f.server.URL + "/hooks/actions/T123ABC456/1/xyz"
	payload, _ = json.Marshal(p)
	body, h = signedForm(secret, now, url.Values{"payload": {string(payload)}})
	post(b.HTTPHandler(), body, h)
	hook := f.nextCall("response_url")
	var msg struct {
		ResponseType    string          `json:"response_type"`
		ReplaceOriginal bool            `json:"replace_original"`
		Blocks          json.RawMessage `json:"blocks"`
	}
	if err := json.Unmarshal([]byte(hook.Form.Get("json")), &msg); err != nil {
		t.Fatal(err)
	}
	if msg.ResponseType != "in_channel" || msg.ReplaceOriginal || !strings.Contains(string(msg.Blocks), "Rainer") {
		t.Errorf("response_url got %s", hook.Form.Get("json"))
	}
	if hook.Auth != "" || strings.Contains(hook.Form.Get("json"), "xoxb") {
		t.Errorf("the bot token went to the response_url: %q", hook.Auth)
	}
	if n := f.count("chat.postEphemeral"); n != 1 {
		t.Errorf("chat.postEphemeral called %d times, want 1 (the share worked)", n)
	}
	if slackResponseURL("https://evil.example/hooks.slack.com/") || !slackResponseURL("https://hooks.slack.com/actions/T1/2/x") {
		t.Error("slackResponseURL accepts the wrong hosts")
	}
}

func TestHTTPNotConfigured(t *testing.T) {
	b, err := New(Config{BotToken: "xoxb-test", AppToken: "xapp-test"}, &fakeEngine{})
	if err != nil {
		t.Fatal(err)
	}
	w := post(b.HTTPHandler(), "command=%2Fsalary", nil)
	if w.Code != 401 {
		t.Errorf("without a signing secret: %d, want 401", w.Code)
	}
	_, _ = io.Discard.Write(nil)
}
