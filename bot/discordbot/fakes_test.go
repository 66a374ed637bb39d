package discordbot

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"mime"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/gorilla/websocket"

	"careerbot/handlers"
	"careerbot/knowledge"
)

// waitTimeout bounds every wait in these tests; it only turns a hang into
// a failure and is never asserted on.
const waitTimeout = 15 * time.Second

// --- engine fake ---

type fakeEngine struct {
	mu     sync.Mutex
	reqs   []handlers.Request
	shares []string
	calls  int
	// gate, when set, blocks Handle until it is closed (slow answers).
	gate chan struct{}
	// version is the knowledge version it names; "" is "1".
	version string
}

var fakeTopics = []string{"go", "golang-web", "rust", "ruby", "python", "java"}

func (e *fakeEngine) Handle(ctx context.Context, req handlers.Request) handlers.Reply {
	e.mu.Lock()
	e.reqs = append(e.reqs, req)
	e.calls++
	gate := e.gate
	e.mu.Unlock()
	if gate != nil {
		select {
		case <-gate:
		case <-ctx.Done():
		}
	}
	return fakeReply(req)
}

func fakeReply(req handlers.Request) handlers.Reply {
	value := strings.TrimSpace(req.Command + " " + req.Args)
	return handlers.Reply{
		Title:      "Salary: " + req.Args,
		Paragraphs: []string{"Median @everyone 600万円 <@123> *bold*"},
		Fields:     []handlers.Field{{Label: "Median", Value: "600万円", Inline: true}},
		Sources:    []handlers.Citation{{Name: "Survey", Year: 2024}},
		Actions:    []handlers.Action{{Kind: handlers.ActionShare, Label: "Share", Value: value}},
		Visibility: handlers.Private,
		Command:    req.Command,
		Args:       req.Args,
		Locale:     req.Locale,
	}
}

func (e *fakeEngine) Share(ctx context.Context, req handlers.Request, value string) handlers.Reply {
	e.mu.Lock()
	e.shares = append(e.shares, value)
	e.calls++
	gate := e.gate
	e.mu.Unlock()
	if gate != nil {
		select {
		case <-gate:
		case <-ctx.Done():
		}
	}
	req.Command, req.Args = handlers.ParseLine(value)
	rep := fakeReply(req)
	rep.Visibility = handlers.Public
	rep.Actions = nil
	rep.SharedBy = req.UserName
	return rep
}

func (e *fakeEngine) Complete(ctx context.Context, command, option, partial string, l knowledge.Locale) []handlers.Choice {
	e.mu.Lock()
	e.calls++
	e.mu.Unlock()
	var out []handlers.Choice
	for _, t := range fakeTopics {
		if strings.HasPrefix(t, strings.ToLower(partial)) {
			out = append(out, handlers.Choice{Name: knowledge.Text{EN: strings.ToUpper(t[:1]) + t[1:], JA: t + " (ja)"}, Value: t})
		}
	}
	return out
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

func (e *fakeEngine) count() int {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.calls
}

func (e *fakeEngine) lastRequest(t *testing.T) handlers.Request {
	t.Helper()
	e.mu.Lock()
	defer e.mu.Unlock()
	if len(e.reqs) == 0 {
		t.Fatal("the engine was never asked")
	}
	return e.reqs[len(e.reqs)-1]
}

// --- state store fake ---

type memState struct {
	mu sync.Mutex
	m  map[string]string
}

func (s *memState) GetState(_ context.Context, key string) (string, bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	v, ok := s.m[key]
	return v, ok, nil
}

func (s *memState) SetState(_ context.Context, key, value string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.m == nil {
		s.m = map[string]string{}
	}
	s.m[key] = value
	return nil
}

// --- fake Discord: REST API and gateway on one loopback server ---

// recorded is one REST request the fake received.
type recorded struct {
	Method, Path string
	Query        url.Values
	Header       http.Header
	Body         []byte
}

// restReply lets a test decide how the fake answers a request; returning
// status 0 falls through to the default answer.
type restReply func(r recorded) (status int, header http.Header, body string)

type fakeDiscord struct {
	t      *testing.T
	srv    *httptest.Server
	reqs   chan recorded
	mu     sync.Mutex
	reply  restReply
	posted []json.RawMessage // channel messages, newest last
	conns  chan *gwConn
	seq    int
}

func newFakeDiscord(t *testing.T) *fakeDiscord {
	f := &fakeDiscord{t: t, reqs: make(chan recorded, 100), conns: make(chan *gwConn, 10)}
	mux := http.NewServeMux()
	mux.HandleFunc("/api/", f.serveREST)
	mux.HandleFunc("/gw/", f.serveGateway)
	f.srv = httptest.NewServer(mux)
	t.Cleanup(f.srv.Close)
	return f
}

// client is an http.Client for discordgo that sends discord.com requests
// to the fake and refuses any other host, so no test can reach the network.
func (f *fakeDiscord) client() *http.Client {
	target, _ := url.Parse(f.srv.URL)
	return &http.Client{Transport: rewriteTransport{target: target, base: http.DefaultTransport}, Timeout: waitTimeout}
}

type rewriteTransport struct {
	target *url.URL
	base   http.RoundTripper
}

func (rt rewriteTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	if r.URL.Host != "discord.com" {
		return nil, fmt.Errorf("test transport: refusing request to %s", r.URL.Host)
	}
	r = r.Clone(r.Context())
	r.URL.Scheme, r.URL.Host, r.Host = rt.target.Scheme, rt.target.Host, rt.target.Host
	return rt.base.RoundTrip(r)
}

func (f *fakeDiscord) setReply(fn restReply) {
	f.mu.Lock()
	f.reply = fn
	f.mu.Unlock()
}

func (f *fakeDiscord) serveREST(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	rec := recorded{Method: r.Method, Path: r.URL.Path, Query: r.URL.Query(), Header: r.Header.Clone(), Body: body}
	if r.Method == http.MethodGet && r.URL.Path == "/api/v9/gateway" {
		// Not recorded: discordgo asks once per start.
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, `{"url":"ws://`+f.srv.Listener.Addr().String()+`/gw"}`)
		return
	}
	// Recorded before answering, so that a request is visible to the test
	// by the time the client has its response.
	f.reqs <- rec
	f.mu.Lock()
	fn := f.reply
	f.mu.Unlock()
	if fn != nil {
		if status, h, b := fn(rec); status != 0 {
			for k, v := range h {
				w.Header()[k] = v
			}
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(status)
			io.WriteString(w, b)
			return
		}
	}
	w.Header().Set("Content-Type", "application/json")
	switch {
	case strings.HasSuffix(r.URL.Path, "/callback"):
		w.WriteHeader(http.StatusNoContent)
	case r.Method == http.MethodPost && strings.HasPrefix(r.URL.Path, "/api/v9/channels/") && strings.HasSuffix(r.URL.Path, "/messages"):
		f.mu.Lock()
		f.seq++
		id := fmt.Sprint(1300000000000000000 + f.seq)
		var m map[string]any
		_ = json.Unmarshal(messageJSON(r.Header.Get("Content-Type"), body), &m)
		if m == nil {
			m = map[string]any{}
		}
		m["id"] = id
		m["channel_id"] = strings.Split(r.URL.Path, "/")[4]
		out, _ := json.Marshal(m)
		f.posted = append(f.posted, out)
		f.mu.Unlock()
		w.Write(out)
	case r.Method == http.MethodGet && strings.HasSuffix(r.URL.Path, "/messages"):
		f.mu.Lock()
		var out []json.RawMessage
		for i := len(f.posted) - 1; i >= 0; i-- { // newest first, as Discord does
			out = append(out, f.posted[i])
		}
		f.mu.Unlock()
		if out == nil {
			out = []json.RawMessage{}
		}
		json.NewEncoder(w).Encode(out)
	case r.Method == http.MethodPut && strings.Contains(r.URL.Path, "/commands"):
		w.Write(body) // Discord echoes the commands, with ids
	case r.Method == http.MethodPatch || (r.Method == http.MethodPost && strings.HasPrefix(r.URL.Path, "/api/v9/webhooks/")):
		io.WriteString(w, `{"id":"1400000000000000001","channel_id":"c1"}`)
	case r.Method == http.MethodDelete:
		w.WriteHeader(http.StatusNoContent)
	default:
		w.WriteHeader(http.StatusNotFound)
		io.WriteString(w, `{"message":"404: Not Found","code":0}`)
	}
}

// messageJSON is a message post's JSON: the body, or its payload_json
// part when the post is multipart (with files).
func messageJSON(contentType string, body []byte) []byte {
	mt, params, err := mime.ParseMediaType(contentType)
	if err != nil || mt != "multipart/form-data" {
		return body
	}
	r := multipart.NewReader(bytes.NewReader(body), params["boundary"])
	for {
		p, err := r.NextPart()
		if err != nil {
			return nil
		}
		if p.FormName() == "payload_json" {
			b, _ := io.ReadAll(p)
			return b
		}
	}
}

// next returns the next REST request matching pred, failing after waitTimeout.
func (f *fakeDiscord) next(t *testing.T, what string, pred func(recorded) bool) recorded {
	t.Helper()
	deadline := time.After(waitTimeout)
	for {
		select {
		case r := <-f.reqs:
			if pred(r) {
				return r
			}
		case <-deadline:
			t.Fatalf("timed out waiting for %s", what)
			return recorded{}
		}
	}
}

func pathIs(method, path string) func(recorded) bool {
	return func(r recorded) bool { return r.Method == method && r.Path == path }
}

// --- fake gateway ---

type gwConn struct {
	ws    *websocket.Conn
	mu    sync.Mutex
	first map[string]any // IDENTIFY (op 2) or RESUME (op 6)
	seq   int
	done  chan struct{}
}

func (c *gwConn) send(op int, t string, s int, d any) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	msg := map[string]any{"op": op, "d": d}
	if t != "" {
		msg["t"], msg["s"] = t, s
	}
	return c.ws.WriteJSON(msg)
}

// dispatch sends an event (op 0) with the next sequence number.
func (c *gwConn) dispatch(t string, d any) int {
	c.mu.Lock()
	c.seq++
	s := c.seq
	c.mu.Unlock()
	if err := c.send(0, t, s, d); err != nil {
		panic(err)
	}
	return s
}

// drop closes the TCP connection without a close frame, as a network
// failure would.
func (c *gwConn) drop() { c.ws.NetConn().Close() }

func (f *fakeDiscord) serveGateway(w http.ResponseWriter, r *http.Request) {
	up := websocket.Upgrader{}
	ws, err := up.Upgrade(w, r, nil)
	if err != nil {
		return
	}
	c := &gwConn{ws: ws, done: make(chan struct{})}
	defer close(c.done)
	defer ws.Close()
	if c.send(10, "", 0, map[string]any{"heartbeat_interval": 45000}) != nil {
		return
	}
	var first map[string]any
	if ws.ReadJSON(&first) != nil {
		return
	}
	c.first = first
	switch op, _ := first["op"].(float64); op {
	case 2:
		c.seq = 1
		c.send(0, "READY", 1, map[string]any{
			"v": 10, "session_id": "sess-1", "resume_gateway_url": "ws://" + f.srv.Listener.Addr().String() + "/gw",
			"user":   map[string]any{"id": "900", "username": "careerbot", "bot": true},
			"guilds": []any{}, "application": map[string]any{"id": "app1", "flags": 0},
		})
	case 6:
		d, _ := first["d"].(map[string]any)
		s, _ := d["seq"].(float64)
		c.seq = int(s) + 1
		c.send(0, "RESUMED", c.seq, map[string]any{})
	default:
		return
	}
	f.conns <- c
	for {
		var m map[string]any
		if err := ws.ReadJSON(&m); err != nil {
			return
		}
		if op, _ := m["op"].(float64); op == 1 {
			c.send(11, "", 0, nil)
		}
	}
}

func (f *fakeDiscord) nextConn(t *testing.T) *gwConn {
	t.Helper()
	select {
	case c := <-f.conns:
		return c
	case <-time.After(waitTimeout):
		t.Fatal("timed out waiting for a gateway connection")
		return nil
	}
}

// --- helpers ---

func newTestBot(t *testing.T, cfg Config, eng Engine, st StateStore) *Bot {
	t.Helper()
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	b, err := New(cfg, eng, st)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func decode(t *testing.T, b []byte) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatalf("not a JSON object: %v: %s", err, b)
	}
	return m
}

// interactionFrom decodes an interaction as discordgo would receive it.
func interactionFrom(t *testing.T, raw map[string]any) *discordgo.Interaction {
	t.Helper()
	var i discordgo.Interaction
	if err := json.Unmarshal(mustJSON(t, raw), &i); err != nil {
		t.Fatal(err)
	}
	return &i
}
