package slackbot

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"careerbot/handlers"
	"careerbot/knowledge"
)

// newerParams are parameters Slack added after the October 2020 spec in
// testdata/slack-web-params.json; each is documented on docs.slack.dev.
// They are allowed explicitly, one by one, so nothing else slips through.
var newerParams = map[string][]string{
	"chat.postMessage":      {"metadata"},             // message metadata, 2022
	"conversations.history": {"include_all_metadata"}, // message metadata, 2022
}

// apiCall is one Web API request the fake received.
type apiCall struct {
	Method string
	Form   url.Values
	Auth   string
}

// fakeSlack is an httptest Web API plus a loopback Socket Mode server.
type fakeSlack struct {
	t      *testing.T
	server *httptest.Server
	conns  chan *wsConn
	calls  chan apiCall // every call except apps.connections.open

	mu            sync.Mutex
	all           []apiCall
	locales       map[string]string // user id → locale
	admins        map[string]bool
	post429       int    // answer this many chat.postMessage calls with 429
	postErr       string // answer chat.postMessage with this error
	rejectCharts  bool   // answer chat.postMessage (and response_url, HTTP 400) with invalid_blocks when it carries a chart block
	history       []map[string]any
	specViolation []string
	opens         int
	openFail      int // answer this many apps.connections.open calls with HTTP 500
}

func newFakeSlack(t *testing.T) *fakeSlack {
	t.Helper()
	f := &fakeSlack{t: t, conns: make(chan *wsConn, 8), calls: make(chan apiCall, 256),
		locales: map[string]string{}, admins: map[string]bool{}}
	declared := loadDeclaredParams(t)
	// slack-go dials with Origin: https://api.slack.com, which a default
	// upgrader would refuse as cross-origin.
	upgrader := websocket.Upgrader{CheckOrigin: func(r *http.Request) bool { return r.Header.Get("Origin") == "https://api.slack.com" }}
	mux := http.NewServeMux()
	mux.HandleFunc("/ws", func(w http.ResponseWriter, r *http.Request) {
		c, err := upgrader.Upgrade(w, r, nil)
		if err != nil {
			return
		}
		f.conns <- &wsConn{t: t, c: c}
	})
	// response_url: Slack takes a JSON message and answers "ok".
	mux.HandleFunc("/hooks/", func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		call := apiCall{Method: "response_url", Form: url.Values{"json": {string(body)}}, Auth: r.Header.Get("Authorization")}
		f.mu.Lock()
		f.all = append(f.all, call)
		reject := f.rejectCharts && strings.Contains(string(body), `"type":"data_visualization"`)
		f.mu.Unlock()
		w.Header().Set("Content-Type", "text/plain")
		if reject {
			// As hooks.slack.com answers a message it cannot show.
			w.WriteHeader(http.StatusBadRequest)
			_, _ = io.WriteString(w, "invalid_blocks")
		} else {
			_, _ = io.WriteString(w, "ok")
		}
		select {
		case f.calls <- call:
		default:
		}
	})
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		method := strings.TrimPrefix(r.URL.Path, "/")
		// views.* take JSON bodies; the fake keeps them as form "json".
		var jsonBody string
		if strings.HasPrefix(r.Header.Get("Content-Type"), "application/json") {
			raw, _ := io.ReadAll(r.Body)
			jsonBody = string(raw)
		}
		if err := r.ParseForm(); err != nil {
			http.Error(w, err.Error(), 400)
			return
		}
		if jsonBody != "" {
			r.Form.Set("json", jsonBody)
		}
		call := apiCall{Method: method, Form: r.Form, Auth: r.Header.Get("Authorization")}
		f.mu.Lock()
		f.all = append(f.all, call)
		if method != "apps.connections.open" {
			// Names only: the spec models token as a header, slack-go sends
			// it as a form field, and Slack accepts both.
			allowed := append(slices.Clone(declared[method]), newerParams[method]...)
			for name := range r.Form {
				if !slices.Contains(allowed, name) && !(name == "json" && jsonBody != "") {
					f.specViolation = append(f.specViolation, method+": "+name)
				}
			}
			// The spec types blocks as a JSON string; check what is in it.
			if blocks := r.Form.Get("blocks"); blocks != "" {
				raw, _ := json.Marshal(map[string]any{"text": r.Form.Get("text"), "blocks": json.RawMessage(blocks)})
				for _, v := range checkRaw(raw, 0) {
					f.specViolation = append(f.specViolation, method+": "+v)
				}
			}
		}
		f.mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		switch method {
		case "apps.connections.open":
			// Not in the 2020 spec; docs.slack.dev: POST with the app-level
			// token as a bearer token, answers {"ok":true,"url":"wss://…"}.
			f.mu.Lock()
			fail := f.openFail > 0
			if fail {
				f.openFail--
			}
			f.mu.Unlock()
			if fail {
				http.Error(w, "upstream trouble", http.StatusInternalServerError)
				return
			}
			if call.Auth != "Bearer xapp-test" {
				writeJSON(w, map[string]any{"ok": false, "error": "invalid_auth"})
				return
			}
			f.mu.Lock()
			f.opens++
			f.mu.Unlock()
			writeJSON(w, map[string]any{"ok": true, "url": "ws" + strings.TrimPrefix(f.server.URL, "http") + "/ws"})
			return
		case "users.info":
			id := r.Form.Get("user")
			f.mu.Lock()
			loc, admin := f.locales[id], f.admins[id]
			f.mu.Unlock()
			if loc == "" {
				writeJSON(w, map[string]any{"ok": false, "error": "user_not_found"})
			} else {
				writeJSON(w, map[string]any{"ok": true, "user": map[string]any{
					"id": id, "name": "rainer", "real_name": "Rainer Maria", "locale": loc, "is_admin": admin,
					"profile": map[string]any{"display_name": "Rainer"}}})
			}
		case "chat.postMessage":
			f.mu.Lock()
			limited, failure := f.post429 > 0, f.postErr
			if f.rejectCharts && strings.Contains(r.Form.Get("blocks"), `"type":"data_visualization"`) {
				failure = "invalid_blocks"
			}
			if limited {
				f.post429--
			}
			f.mu.Unlock()
			if limited {
				w.Header().Set("Retry-After", "1")
				w.WriteHeader(http.StatusTooManyRequests)
				writeJSON(w, map[string]any{"ok": false, "error": "ratelimited"})
			} else if failure != "" {
				writeJSON(w, map[string]any{"ok": false, "error": failure})
			} else {
				writeJSON(w, map[string]any{"ok": true, "channel": r.Form.Get("channel"), "ts": "1700000000.000100"})
			}
		case "views.publish", "views.open":
			// docs.slack.dev: both answer {"ok":true,"view":{…}}.
			writeJSON(w, map[string]any{"ok": true, "view": map[string]any{"id": "V123"}})
		case "chat.postEphemeral":
			writeJSON(w, map[string]any{"ok": true, "message_ts": "1700000000.000200"})
		case "conversations.history":
			f.mu.Lock()
			msgs := f.history
			f.mu.Unlock()
			writeJSON(w, map[string]any{"ok": true, "messages": msgs, "has_more": false})
		default:
			writeJSON(w, map[string]any{"ok": false, "error": "unknown_method"})
		}
		select {
		case f.calls <- call:
		default: // nobody is waiting for calls this old
		}
	})
	f.server = httptest.NewServer(mux)
	t.Cleanup(func() {
		f.server.CloseClientConnections()
		f.server.Close()
		f.mu.Lock()
		defer f.mu.Unlock()
		if len(f.specViolation) > 0 {
			t.Errorf("parameters not declared by the Web API spec: %v", f.specViolation)
		}
	})
	return f
}

func writeJSON(w io.Writer, v any) { _ = json.NewEncoder(w).Encode(v) }

// loadDeclaredParams reads the declared parameter names per method.
func loadDeclaredParams(t *testing.T) map[string][]string {
	t.Helper()
	var snap struct {
		Methods map[string][]string `json:"methods"`
	}
	readJSON(t, "testdata/slack-web-params.json", &snap)
	return snap.Methods
}

func readJSON(t *testing.T, path string, v any) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, v); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
}

// nextCall waits for the next Web API call of the given method.
func (f *fakeSlack) nextCall(method string) apiCall {
	f.t.Helper()
	timeout := time.After(10 * time.Second)
	for {
		select {
		case c := <-f.calls:
			if c.Method == method {
				return c
			}
		case <-timeout:
			f.t.Fatalf("no %s call", method)
		}
	}
}

func (f *fakeSlack) count(method string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	n := 0
	for _, c := range f.all {
		if c.Method == method {
			n++
		}
	}
	return n
}

// nextConn waits for the bot to open a Socket Mode connection.
func (f *fakeSlack) nextConn() *wsConn {
	f.t.Helper()
	select {
	case c := <-f.conns:
		return c
	case <-time.After(15 * time.Second):
		f.t.Fatal("the bot did not (re)connect")
		return nil
	}
}

// wsConn is the server end of one Socket Mode connection; one test
// goroutine uses it at a time.
type wsConn struct {
	t *testing.T
	c *websocket.Conn
}

func (c *wsConn) send(v any) {
	c.t.Helper()
	if err := c.c.WriteJSON(v); err != nil {
		c.t.Fatalf("websocket write: %v", err)
	}
}

func (c *wsConn) hello() {
	c.send(map[string]any{"type": "hello", "num_connections": 1,
		"connection_info": map[string]any{"app_id": "A1234"},
		"debug_info":      map[string]any{"host": "applink-test", "build_number": 54, "approximate_connection_time": 3600}})
	_ = c.c.WriteControl(websocket.PingMessage, []byte("ping"), time.Now().Add(time.Second))
}

type ack struct {
	EnvelopeID string          `json:"envelope_id"`
	Payload    json.RawMessage `json:"payload"`
}

// readAck reads frames until an ack arrives.
func (c *wsConn) readAck() ack {
	c.t.Helper()
	_ = c.c.SetReadDeadline(time.Now().Add(10 * time.Second))
	var a ack
	if err := c.c.ReadJSON(&a); err != nil {
		c.t.Fatalf("reading ack: %v", err)
	}
	return a
}

// slashEnvelope is the documented slash_commands envelope with the
// command and text replaced.
func slashEnvelope(t *testing.T, id, command, text string) map[string]any {
	t.Helper()
	var ex struct {
		Envelope map[string]any `json:"envelope"`
	}
	readJSON(t, "testdata/slack-socketmode-and-slash-examples.json", &ex)
	env := ex.Envelope
	env["envelope_id"] = id
	p := env["payload"].(map[string]any)
	p["command"], p["text"] = command, text
	return env
}

// blockActionsEnvelope is an interactive envelope for a Share button press.
func blockActionsEnvelope(id, value string) map[string]any {
	return map[string]any{
		"envelope_id": id, "type": "interactive", "accepts_response_payload": false,
		"payload": blockActionsPayload(value),
	}
}

func blockActionsPayload(value string) map[string]any {
	return map[string]any{
		"type":         "block_actions",
		"team":         map[string]any{"id": "T123ABC456", "domain": "maria"},
		"user":         map[string]any{"id": "U123ABC456", "username": "rainer", "name": "rainer", "team_id": "T123ABC456"},
		"api_app_id":   "A1234",
		"container":    map[string]any{"type": "message", "message_ts": "1700000000.000001", "channel_id": "C123ABC456", "is_ephemeral": true},
		"trigger_id":   "37053613634.26768298162.440952c06ef4de2653466a48fe495f93",
		"channel":      map[string]any{"id": "C123ABC456", "name": "general"},
		"response_url": "https://hooks.slack.com/actions/T123ABC456/1/xyz",
		"actions": []map[string]any{{
			"type": "button", "action_id": shareActionID, "block_id": actionsID,
			"text": map[string]any{"type": "plain_text", "text": "Share in channel"}, "value": value,
			"action_ts": "1700000000.000002"}},
	}
}

// fakeEngine answers every command with a small salary reply and records
// what it was asked.
type fakeEngine struct {
	mu      sync.Mutex
	reqs    []handlers.Request
	shares  []string
	version string // the knowledge version it names; "" is "1"
}

func (e *fakeEngine) Handle(_ context.Context, req handlers.Request) handlers.Reply {
	e.mu.Lock()
	e.reqs = append(e.reqs, req)
	e.mu.Unlock()
	return sampleReply(req.Locale, req.Command, req.Args)
}

// KnowledgeVersion makes the fake usable with the answer cache.
func (e *fakeEngine) KnowledgeVersion(context.Context) (string, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.version == "" {
		return "1", nil
	}
	return e.version, nil
}

func (e *fakeEngine) setVersion(v string) {
	e.mu.Lock()
	e.version = v
	e.mu.Unlock()
}

func (e *fakeEngine) Share(_ context.Context, req handlers.Request, value string) handlers.Reply {
	e.mu.Lock()
	e.reqs = append(e.reqs, req)
	e.shares = append(e.shares, value)
	e.mu.Unlock()
	cmd, args, _ := strings.Cut(value, " ")
	r := sampleReply(req.Locale, cmd, args)
	r.Visibility = handlers.Public
	r.Actions = nil
	r.SharedBy = req.UserName
	return r
}

func (e *fakeEngine) requests() []handlers.Request {
	e.mu.Lock()
	defer e.mu.Unlock()
	return slices.Clone(e.reqs)
}

func sampleReply(loc knowledge.Locale, cmd, args string) handlers.Reply {
	return handlers.Reply{
		Title:      fmt.Sprintf("%s %s", cmd, args),
		Paragraphs: []string{"Go engineers: about 600 man-yen a year <!channel>"},
		Fields:     []handlers.Field{{Label: "Median", Value: "600", Inline: true}},
		Sources:    []handlers.Citation{{Name: "Survey", Year: 2024}},
		Actions:    []handlers.Action{{Kind: handlers.ActionShare, Label: "Share in channel", Value: cmd + " " + args}},
		Visibility: handlers.Private,
		Command:    cmd, Args: args, Locale: loc,
	}
}

// testLogger logs through t.Log until the test ends (t.Log after that
// would panic, and slack-go's reader goroutine may outlive a test).
func testLogger(t *testing.T) *slog.Logger {
	w := &testWriter{t: t}
	t.Cleanup(func() { w.mu.Lock(); w.done = true; w.mu.Unlock() })
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: slog.LevelDebug}))
}

type testWriter struct {
	t    *testing.T
	mu   sync.Mutex
	done bool
}

func (w *testWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if !w.done {
		w.t.Log(strings.TrimRight(string(p), "\n"))
	}
	return len(p), nil
}
