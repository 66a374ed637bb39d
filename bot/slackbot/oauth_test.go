package slackbot

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"html"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"careerbot/bot/delivery"
	"careerbot/handlers"
	"careerbot/knowledge"
	"careerbot/store"
)

const (
	testClientID     = "1111.2222"
	testClientSecret = "client-secret-value-0f3a"
	testSigning      = "s3cret"
)

// made-up tokens are assembled, so the source holds nothing a secret
// scanner would take for a real one.
func fakeToken(prefix, team string, n int) string {
	return strings.Join([]string{prefix, team, string(rune('0' + n)), "h1dd3nv4lu3"}, "-")
}

// fakeOAuth plays Slack's oauth.v2.access (code exchange and refresh, with
// rotating refresh tokens that work once) in front of fakeSlack, to which
// every other Web API call is passed, Authorization header and all.
type fakeOAuth struct {
	*fakeSlack
	srv *httptest.Server

	mu         sync.Mutex
	expiresIn  int               // 0: tokens do not rotate
	refreshErr string            // answer refreshes with this error
	refresh    map[string]string // live refresh token → team
	issued     map[string]int    // team → tokens issued so far
	exchanges  []url.Values
	tokens     []string // every token handed out, to look for in logs and files
}

func newFakeOAuth(t *testing.T) *fakeOAuth {
	f := &fakeOAuth{fakeSlack: newFakeSlack(t), refresh: map[string]string{}, issued: map[string]int{}}
	target, _ := url.Parse(f.fakeSlack.server.URL)
	proxy := httputil.NewSingleHostReverseProxy(target)
	mux := http.NewServeMux()
	mux.Handle("/", proxy)
	mux.HandleFunc("/oauth.v2.access", f.serveAccess)
	f.srv = httptest.NewServer(mux)
	t.Cleanup(f.srv.Close)
	return f
}

func (f *fakeOAuth) serveAccess(w http.ResponseWriter, r *http.Request) {
	_ = r.ParseForm()
	f.mu.Lock()
	defer f.mu.Unlock()
	f.exchanges = append(f.exchanges, r.PostForm)
	w.Header().Set("Content-Type", "application/json")
	if r.PostForm.Get("client_id") != testClientID || r.PostForm.Get("client_secret") != testClientSecret {
		writeJSON(w, map[string]any{"ok": false, "error": "invalid_client_id"})
		return
	}
	var team string
	if r.PostForm.Get("grant_type") == "refresh_token" {
		rt := r.PostForm.Get("refresh_token")
		if f.refreshErr != "" {
			writeJSON(w, map[string]any{"ok": false, "error": f.refreshErr})
			return
		}
		if team = f.refresh[rt]; team == "" {
			writeJSON(w, map[string]any{"ok": false, "error": "invalid_refresh_token"})
			return
		}
		delete(f.refresh, rt) // rotated: the old one works once
	} else {
		code := r.PostForm.Get("code")
		if !strings.HasPrefix(code, "code-") {
			writeJSON(w, map[string]any{"ok": false, "error": "invalid_code"})
			return
		}
		team = strings.TrimPrefix(code, "code-")
	}
	f.issued[team]++
	tok := fakeToken("xoxb", team, f.issued[team])
	f.tokens = append(f.tokens, tok)
	resp := map[string]any{"ok": true, "access_token": tok, "token_type": "bot", "scope": "commands,chat:write,users:read",
		"bot_user_id": "UB" + team, "app_id": "A1", "team": map[string]any{"id": team, "name": "Team " + team},
		"enterprise": nil, "is_enterprise_install": false, "authed_user": map[string]any{"id": "U1"}}
	if org, ok := strings.CutPrefix(team, "org-"); ok {
		// An Enterprise Grid organisation-wide install: no workspace.
		resp["team"], resp["enterprise"], resp["is_enterprise_install"] = nil, map[string]any{"id": org, "name": "Org " + org}, true
	}
	if f.expiresIn > 0 {
		rt := fakeToken("xoxe", team, f.issued[team])
		f.refresh[rt] = team
		f.tokens = append(f.tokens, rt)
		resp["refresh_token"], resp["expires_in"] = rt, f.expiresIn
	}
	writeJSON(w, resp)
}

func (f *fakeOAuth) count(grant string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	n := 0
	for _, e := range f.exchanges {
		if e.Get("grant_type") == grant {
			n++
		}
	}
	return n
}

func (f *fakeOAuth) allTokens() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.tokens...)
}

// authOf is the token a Web API call carried: slack-go v0.35.0 sends it
// as the token form field for most methods, as an Authorization header
// for others; Slack takes either, and the fake records both.
func authOf(c apiCall) string {
	if c.Auth != "" {
		return c.Auth
	}
	if tok := c.Form.Get("token"); tok != "" {
		return "Bearer " + tok
	}
	return ""
}

// mclock is a settable clock.
type mclock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *mclock) now() time.Time      { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *mclock) add(d time.Duration) { c.mu.Lock(); c.t = c.t.Add(d); c.mu.Unlock() }

// syncBuffer collects log output from many goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}
func (s *syncBuffer) String() string { s.mu.Lock(); defer s.mu.Unlock(); return s.b.String() }

type oauthEnv struct {
	f      *fakeOAuth
	b      *Bot
	st     *store.Store
	dbPath string
	clock  *mclock
	logs   *syncBuffer
	engine *fakeEngine
}

func newOAuthEnv(t *testing.T, appToken string) *oauthEnv {
	t.Helper()
	e := &oauthEnv{f: newFakeOAuth(t), clock: &mclock{t: time.Unix(1_700_000_000, 0)}, logs: &syncBuffer{}, engine: &fakeEngine{}}
	e.dbPath = filepath.Join(t.TempDir(), "careerbot.db")
	st, err := store.Open(context.Background(), e.dbPath, store.Options{Now: e.clock.now})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	e.st = st
	key := GenerateEncryptionKey()
	b, err := New(Config{
		SigningSecret: testSigning, AppToken: appToken, APIURL: e.f.srv.URL + "/", Clock: e.clock.now,
		DefaultLocale: knowledge.JA, Logger: slog.New(slog.NewTextHandler(e.logs, &slog.HandlerOptions{Level: slog.LevelDebug})),
		OAuth: OAuthConfig{ClientID: testClientID, ClientSecret: testClientSecret, EncryptionKey: key, Store: st,
			RedirectURL: "https://careerbot.example.com/slack/oauth_redirect"},
	}, e.engine)
	if err != nil {
		t.Fatal(err)
	}
	e.b = b
	t.Cleanup(func() {
		if t.Failed() {
			t.Log("logs:\n" + e.logs.String())
		}
	})
	return e
}

var hrefRe = regexp.MustCompile(`href="([^"]+)"`)

// startInstall opens /slack/install and returns the authorize URL the page
// links to and the state cookie it set.
func (e *oauthEnv) startInstall(t *testing.T) (*url.URL, *http.Cookie) {
	t.Helper()
	w := httptest.NewRecorder()
	e.b.OAuthHandler().ServeHTTP(w, httptest.NewRequest(http.MethodGet, InstallPath, nil))
	if w.Code != http.StatusOK {
		t.Fatalf("install page: %d %s", w.Code, w.Body)
	}
	m := hrefRe.FindStringSubmatch(w.Body.String())
	if m == nil {
		t.Fatalf("no Add to Slack link: %s", w.Body)
	}
	u, err := url.Parse(html.UnescapeString(m[1]))
	if err != nil {
		t.Fatal(err)
	}
	var cookie *http.Cookie
	for _, c := range w.Result().Cookies() {
		if c.Name == stateCookie {
			cookie = c
		}
	}
	if cookie == nil || !cookie.HttpOnly || !cookie.Secure || cookie.Value != u.Query().Get("state") {
		t.Fatalf("state cookie %+v for state %q", cookie, u.Query().Get("state"))
	}
	return u, cookie
}

// redirect is Slack sending the browser back.
func (e *oauthEnv) redirect(q url.Values, cookie *http.Cookie) *httptest.ResponseRecorder {
	r := httptest.NewRequest(http.MethodGet, RedirectPath+"?"+q.Encode(), nil)
	if cookie != nil {
		r.AddCookie(cookie)
	}
	w := httptest.NewRecorder()
	e.b.OAuthHandler().ServeHTTP(w, r)
	return w
}

// install runs a whole install of team through the pages.
func (e *oauthEnv) install(t *testing.T, team string) {
	t.Helper()
	u, cookie := e.startInstall(t)
	w := e.redirect(url.Values{"code": {"code-" + team}, "state": {u.Query().Get("state")}}, cookie)
	if w.Code != http.StatusOK || !strings.Contains(w.Body.String(), "Team "+team) && !strings.Contains(w.Body.String(), "Org ") {
		t.Fatalf("redirect: %d %s", w.Code, w.Body)
	}
}

func (e *oauthEnv) slash(t *testing.T, team, user string) {
	t.Helper()
	e.slashIn(t, "", team, user)
}

func (e *oauthEnv) slashIn(t *testing.T, enterprise, team, user string) {
	t.Helper()
	form := slashForm("/salary", "go")
	form.Set("team_id", team)
	form.Set("enterprise_id", enterprise)
	form.Set("user_id", user)
	body, h := signedForm(testSigning, e.clock.now().Unix(), form)
	if w := post(e.b.HTTPHandler(), body, h); w.Code != 200 {
		t.Fatalf("slash command: %d %s", w.Code, w.Body)
	}
}

func (e *oauthEnv) share(t *testing.T, team string) {
	t.Helper()
	p := blockActionsPayload("salary go")
	p["team"] = map[string]any{"id": team, "domain": "x"}
	raw, _ := json.Marshal(p)
	body, h := signedForm(testSigning, e.clock.now().Unix(), url.Values{"payload": {string(raw)}})
	if w := post(e.b.HTTPHandler(), body, h); w.Code != 200 {
		t.Fatalf("share: %d %s", w.Code, w.Body)
	}
}

// checkNoTokenLeaked: no token in the logs, nor anywhere in the database
// files (read raw, WAL included), which do hold the installation.
func (e *oauthEnv) checkNoTokenLeaked(t *testing.T, wantInDB string) {
	t.Helper()
	var raw []byte
	for _, p := range []string{e.dbPath, e.dbPath + "-wal"} {
		b, err := os.ReadFile(p)
		if err != nil && !errors.Is(err, os.ErrNotExist) {
			t.Fatal(err)
		}
		raw = append(raw, b...)
	}
	if !bytes.Contains(raw, []byte(wantInDB)) {
		t.Fatalf("the database files do not hold %q: not the file the store writes?", wantInDB)
	}
	logs := e.logs.String()
	toks := e.f.allTokens()
	if len(toks) == 0 {
		t.Fatal("no token was issued")
	}
	for _, tok := range append(toks, testClientSecret) {
		if bytes.Contains(raw, []byte(tok)) {
			t.Errorf("a token is stored in plain text")
		}
		if strings.Contains(logs, tok) {
			t.Errorf("a token was logged")
		}
	}
	if strings.Contains(logs, "h1dd3nv4lu3") || bytes.Contains(raw, []byte("h1dd3nv4lu3")) {
		t.Errorf("part of a token leaked")
	}
}

// TestOAuthInstallAndTwoWorkspaces: two workspaces install careerbot
// through the real pages and the real slack-go oauth.v2.access exchange;
// each is then answered, shared to and sent digests with its own token.
func TestOAuthInstallAndTwoWorkspaces(t *testing.T) {
	e := newOAuthEnv(t, "")
	u, _ := e.startInstall(t)
	q := u.Query()
	if u.Path != "/oauth/v2/authorize" || !strings.HasPrefix(u.String(), e.f.srv.URL+"/") || q.Get("client_id") != testClientID ||
		q.Get("scope") != strings.Join(DefaultScopes, ",") || q.Get("redirect_uri") != "https://careerbot.example.com/slack/oauth_redirect" {
		t.Errorf("authorize URL %s", u)
	}
	e.install(t, "T1")
	e.install(t, "T2")
	ex := e.f.exchanges[0]
	if ex.Get("code") != "code-T1" || ex.Get("redirect_uri") != "https://careerbot.example.com/slack/oauth_redirect" {
		t.Errorf("oauth.v2.access got %v", ex)
	}
	tok1, tok2 := "Bearer "+fakeToken("xoxb", "T1", 1), "Bearer "+fakeToken("xoxb", "T2", 1)

	tests := []struct {
		name, method, want string
		act                func()
	}{
		{"T1 slash command looks up its user", "users.info", tok1, func() { e.slash(t, "T1", "U100") }},
		{"T2 slash command looks up its user", "users.info", tok2, func() { e.slash(t, "T2", "U200") }},
		{"T2 Share posts", "chat.postMessage", tok2, func() { e.share(t, "T2") }},
		{"T1 Share posts", "chat.postMessage", tok1, func() { e.share(t, "T1") }},
		{"T2 digest", "chat.postMessage", tok2, func() {
			if _, err := e.b.Post(delivery.WithWorkspace(context.Background(), "T2"), "C9", handlers.Reply{Title: "digest"}, "m"); err != nil {
				t.Error(err)
			}
		}},
		{"T1 digest lookup", "conversations.history", tok1, func() {
			if _, _, err := e.b.FindPost(delivery.WithWorkspace(context.Background(), "T1"), "C9", "m", e.clock.now()); err != nil {
				t.Error(err)
			}
		}},
	}
	for _, tc := range tests {
		tc.act()
		if got := authOf(e.f.nextCall(tc.method)); got != tc.want {
			t.Errorf("%s: %s sent with the wrong token (want %s's)", tc.name, tc.method, tc.want[len(tc.want)-16:])
		}
	}

	// A workspace careerbot is not installed in: nothing is posted with
	// another's token; a digest there is a permanent failure.
	_, err := e.b.Post(delivery.WithWorkspace(context.Background(), "T3"), "C9", handlers.Reply{Title: "digest"}, "m")
	if perm, _ := delivery.Classify(err); !perm || !errors.Is(err, errNotInstalled) {
		t.Errorf("digest to an uninstalled workspace: %v", err)
	}
	e.checkNoTokenLeaked(t, "Team T2")
}

// TestOAuthStateRefused: forged, expired, missing, or another browser's
// state is refused with a page, and no code is exchanged.
func TestOAuthStateRefused(t *testing.T) {
	e := newOAuthEnv(t, "")
	u, cookie := e.startInstall(t)
	state := u.Query().Get("state")
	p, sig, _ := strings.Cut(state, ".")
	forgedSig := p + "." + base64.RawURLEncoding.EncodeToString(bytes.Repeat([]byte{7}, 32))
	// A state signed with another key, with a matching cookie.
	other := newOAuthEnv(t, "")
	ou, ocookie := other.startInstall(t)
	tests := []struct {
		name   string
		state  string
		cookie *http.Cookie
		later  time.Duration
		want   string
	}{
		{"missing", "", cookie, 0, "no state"},
		{"forged signature", forgedSig, &http.Cookie{Name: stateCookie, Value: forgedSig}, 0, "not one careerbot made"},
		{"garbage", "abc", &http.Cookie{Name: stateCookie, Value: "abc"}, 0, "not one careerbot made"},
		{"payload changed", base64.RawURLEncoding.EncodeToString(bytes.Repeat([]byte{1}, 24)) + "." + sig, cookie, 0, "not one careerbot made"},
		{"another install's key", ou.Query().Get("state"), ocookie, 0, "not one careerbot made"},
		{"no cookie", state, nil, 0, "another browser"},
		{"other cookie", state, &http.Cookie{Name: stateCookie, Value: ocookie.Value}, 0, "another browser"},
		{"expired", state, cookie, 11 * time.Minute, "expired"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			e.clock.add(tc.later)
			w := e.redirect(url.Values{"code": {"code-T1"}, "state": {tc.state}}, tc.cookie)
			if w.Code != http.StatusBadRequest || !strings.Contains(w.Body.String(), tc.want) || !strings.Contains(w.Body.String(), "このインストールリンクは使えません") {
				t.Errorf("status %d, want 400 saying %q: %s", w.Code, tc.want, w.Body)
			}
		})
	}
	if n := e.f.count(""); n != 0 {
		t.Errorf("%d codes exchanged for refused states", n)
	}
	if _, ok, _ := e.st.SlackInstallation(context.Background(), "", "T1"); ok {
		t.Error("installed despite a refused state")
	}
	// Cancelling on Slack's page comes back with error=access_denied.
	if w := e.redirect(url.Values{"error": {"access_denied"}, "state": {state}}, cookie); w.Code != 200 || !strings.Contains(w.Body.String(), "was not installed") {
		t.Errorf("cancel: %d %s", w.Code, w.Body)
	}
}

// TestOAuthTokenRotation: a rotating token is refreshed before it expires,
// once however many callers need it at the same moment, and the new token
// is the one used; the background refresh does the same ahead of time.
func TestOAuthTokenRotation(t *testing.T) {
	e := newOAuthEnv(t, "")
	e.f.expiresIn = 3600
	e.install(t, "T1")
	ctx := context.Background()
	c, err := e.b.client(ctx, "T1", "")
	if err != nil || e.f.count("refresh_token") != 0 {
		t.Fatalf("fresh token: %v, %d refreshes", err, e.f.count("refresh_token"))
	}
	_ = c
	e.clock.add(51 * time.Minute) // within 10 minutes of expiry
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := e.b.client(ctx, "T1", ""); err != nil {
				errs <- err
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Errorf("client during refresh: %v", err)
	}
	if n := e.f.count("refresh_token"); n != 1 {
		t.Fatalf("%d refreshes, want 1", n)
	}
	if _, err := e.b.Post(delivery.WithWorkspace(ctx, "T1"), "C1", handlers.Reply{Title: "d"}, "m"); err != nil {
		t.Fatal(err)
	}
	if got := authOf(e.f.nextCall("chat.postMessage")); got != "Bearer "+fakeToken("xoxb", "T1", 2) {
		t.Errorf("posted with %q after the refresh", got)
	}
	in, _, _ := e.st.SlackInstallation(ctx, "", "T1")
	if want := e.clock.now().Add(time.Hour); !in.ExpiresAt.Equal(want) {
		t.Errorf("expires at %v, want %v", in.ExpiresAt, want)
	}

	// The background loop refreshes ahead of any request.
	e.clock.add(55 * time.Minute)
	e.b.installs.refreshDue(ctx)
	if n := e.f.count("refresh_token"); n != 2 {
		t.Errorf("%d refreshes after the background pass, want 2", n)
	}
	e.clock.add(time.Minute)
	e.b.installs.refreshDue(ctx) // not due again
	if n := e.f.count("refresh_token"); n != 2 {
		t.Errorf("%d refreshes after a second pass, want 2", n)
	}
	e.checkNoTokenLeaked(t, "Team T1")
}

// TestOAuthUninstall: app_uninstalled (HTTP Events API) and tokens_revoked
// (Socket Mode) delete that workspace's tokens and no other's.
func TestOAuthUninstall(t *testing.T) {
	e := newOAuthEnv(t, "xapp-test")
	for _, team := range []string{"T1", "T2", "T3"} {
		e.install(t, team)
	}
	ctx := context.Background()
	installed := func(team string) bool {
		_, ok, err := e.st.SlackInstallation(ctx, "", team)
		if err != nil {
			t.Fatal(err)
		}
		return ok
	}
	event := func(team string, inner map[string]any) map[string]any {
		return map[string]any{"token": "x", "team_id": team, "api_app_id": "A1", "type": "event_callback", "event": inner,
			"event_id": "Ev" + team, "event_time": 1700000000,
			"authorizations": []map[string]any{{"team_id": team, "user_id": "UB" + team, "is_bot": true, "is_enterprise_install": false}}}
	}

	// HTTP: app_uninstalled.
	body, _ := json.Marshal(event("T1", map[string]any{"type": "app_uninstalled"}))
	r := httptest.NewRequest(http.MethodPost, EventsPath, bytes.NewReader(body))
	r.Header.Set("Content-Type", "application/json")
	ts := e.clock.now().Unix()
	r.Header.Set("X-Slack-Request-Timestamp", itoa(ts))
	r.Header.Set("X-Slack-Signature", sign(testSigning, ts, body))
	w := httptest.NewRecorder()
	e.b.HTTPHandler().ServeHTTP(w, r)
	e.b.WaitEvents() // events are handled after the 200
	if w.Code != 200 || installed("T1") || !installed("T2") {
		t.Fatalf("after app_uninstalled of T1: status %d, T1 installed %v, T2 installed %v", w.Code, installed("T1"), installed("T2"))
	}
	if _, err := e.b.client(ctx, "T1", ""); !errors.Is(err, errNotInstalled) {
		t.Errorf("T1's client after the uninstall: %v", err)
	}
	// Share pressed in T1 afterwards: nothing is posted with any token;
	// the presser is told through the response_url, which needs none.
	e.b.responseURLOK = func(u string) bool { return strings.HasPrefix(u, e.f.fakeSlack.server.URL+"/hooks/") }
	posts := e.f.fakeSlack.count("chat.postMessage")
	p := blockActionsPayload("salary go")
	p["team"], p["response_url"] = map[string]any{"id": "T1"}, e.f.fakeSlack.server.URL+"/hooks/T1/1/x"
	raw, _ := json.Marshal(p)
	fb, fh := signedForm(testSigning, e.clock.now().Unix(), url.Values{"payload": {string(raw)}})
	post(e.b.HTTPHandler(), fb, fh)
	if note := e.f.nextCall("response_url"); !strings.Contains(note.Form.Get("json"), "インストールされていません") || note.Auth != "" {
		t.Errorf("note after the uninstall: %v (auth %q)", note.Form, note.Auth)
	}
	if n := e.f.fakeSlack.count("chat.postMessage"); n != posts {
		t.Errorf("posted in an uninstalled workspace")
	}

	// Socket Mode: tokens_revoked naming user tokens only keeps the bot's;
	// naming the bot's deletes them.
	stop := runSocket(t, e.b)
	conn := e.f.nextConn()
	conn.hello()
	for i, tc := range []struct {
		tokens    map[string]any
		installed bool
	}{
		{map[string]any{"oauth": []string{"U1"}}, true},
		{map[string]any{"bot": []string{"UBT2"}}, false},
	} {
		id := "env" + itoa(int64(i))
		ev := event("T2", map[string]any{"type": "tokens_revoked", "tokens": tc.tokens, "event_ts": "1700000000.1"})
		ev["event_id"] = "EvT2-" + itoa(int64(i)) // two events, not a retry of one
		conn.send(map[string]any{"envelope_id": id, "type": "events_api", "accepts_response_payload": false, "payload": ev})
		if a := conn.readAck(); a.EnvelopeID != id {
			t.Fatalf("ack %q", a.EnvelopeID)
		}
		// The event is handled right after the ack; wait for it.
		deadline := time.Now().Add(10 * time.Second)
		for installed("T2") != tc.installed && time.Now().Before(deadline) {
			time.Sleep(10 * time.Millisecond)
		}
		if installed("T2") != tc.installed {
			t.Errorf("tokens_revoked %v: T2 installed %v", tc.tokens, installed("T2"))
		}
	}
	if err := stop(); err != nil {
		t.Error(err)
	}
	if !installed("T3") {
		t.Error("T3 lost its tokens")
	}
	e.checkNoTokenLeaked(t, "Team T3")
}

// TestSealer: a sealed token opens only with its key and for its row.
func TestSealer(t *testing.T) {
	k1, _ := ParseEncryptionKey(GenerateEncryptionKey())
	k2, _ := ParseEncryptionKey(GenerateEncryptionKey())
	s1, _ := newSealer(k1)
	s2, _ := newSealer(k2)
	tok := fakeToken("xoxb", "T1", 1)
	sealed := s1.seal(tok, "slack:/T1")
	if bytes.Contains(sealed, []byte(tok)) {
		t.Fatal("sealed holds the token")
	}
	if got, err := s1.open(sealed, "slack:/T1"); err != nil || got != tok {
		t.Errorf("open = %q, %v", got, err)
	}
	if _, err := s1.open(sealed, "slack:/T2"); err == nil {
		t.Error("opened for another workspace")
	}
	if _, err := s2.open(sealed, "slack:/T1"); err == nil || strings.Contains(err.Error(), tok) {
		t.Errorf("opened with another key: %v", err)
	}
	if bytes.Equal(s1.seal(tok, "slack:/T1"), sealed) {
		t.Error("two seals of one token are equal (nonce reused)")
	}
	for _, bad := range []string{"", "abc", base64.StdEncoding.EncodeToString(make([]byte, 16))} {
		if _, err := ParseEncryptionKey(bad); err == nil {
			t.Errorf("key %q accepted", bad)
		}
	}
}

// TestOAuthOrgWideInstall: an Enterprise Grid organisation-wide install
// serves every workspace of the organisation: a command from one of them,
// and then a digest that knows only the workspace.
func TestOAuthOrgWideInstall(t *testing.T) {
	e := newOAuthEnv(t, "")
	e.install(t, "org-E1")
	e.install(t, "T1")
	ctx := context.Background()
	in, ok, err := e.st.SlackInstallation(ctx, "E1", "")
	if err != nil || !ok || !in.IsEnterpriseInstall || in.TeamID != "" {
		t.Fatalf("org install %+v %v %v", in, ok, err)
	}
	org := "Bearer " + fakeToken("xoxb", "org-E1", 1)
	e.slashIn(t, "E1", "T5", "U500")
	if got := authOf(e.f.nextCall("users.info")); got != org {
		t.Errorf("a workspace of the organisation was answered with another token")
	}
	if _, err := e.b.Post(delivery.WithWorkspace(ctx, "T5"), "C5", handlers.Reply{Title: "d"}, "m"); err != nil {
		t.Fatal(err)
	}
	if got := authOf(e.f.nextCall("chat.postMessage")); got != org {
		t.Errorf("the digest of a workspace of the organisation went with another token")
	}
	// A workspace with its own install keeps using it.
	e.slashIn(t, "E1", "T1", "U100")
	if got := authOf(e.f.nextCall("users.info")); got != "Bearer "+fakeToken("xoxb", "T1", 1) {
		t.Errorf("T1 was answered with the organisation's token")
	}
	e.checkNoTokenLeaked(t, "Org E1")
}

// TestOAuthRefreshFailure: while the current token is still valid, a failed
// refresh keeps it in use and is tried again; once it has expired, the
// failure is the caller's, and a later refresh that works recovers.
func TestOAuthRefreshFailure(t *testing.T) {
	e := newOAuthEnv(t, "")
	e.f.expiresIn = 3600
	e.install(t, "T1")
	ctx := context.Background()
	e.f.mu.Lock()
	e.f.refreshErr = "internal_error"
	e.f.mu.Unlock()
	e.clock.add(55 * time.Minute)
	if _, err := e.b.Post(delivery.WithWorkspace(ctx, "T1"), "C1", handlers.Reply{Title: "d"}, "m"); err != nil {
		t.Fatalf("with a valid token left: %v", err)
	}
	if got := authOf(e.f.nextCall("chat.postMessage")); got != "Bearer "+fakeToken("xoxb", "T1", 1) {
		t.Errorf("posted with %q", got)
	}
	e.clock.add(6 * time.Minute) // past the expiry
	if _, err := e.b.client(ctx, "T1", ""); err == nil || !strings.Contains(err.Error(), "internal_error") {
		t.Errorf("expired token, refresh failing: %v", err)
	}
	e.f.mu.Lock()
	e.f.refreshErr = ""
	e.f.mu.Unlock()
	if _, err := e.b.client(ctx, "T1", ""); err != nil {
		t.Errorf("after Slack recovered: %v", err)
	}
	if n := e.f.count("refresh_token"); n != 3 {
		t.Errorf("%d refresh attempts, want 3", n)
	}
	e.checkNoTokenLeaked(t, "Team T1")
}
