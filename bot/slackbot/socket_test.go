package slackbot

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"careerbot/handlers"
	"careerbot/knowledge"
)

// sleepRecorder replaces real Retry-After sleeps: it records the delay
// asked for and returns at once.
type sleepRecorder struct {
	mu     sync.Mutex
	delays []time.Duration
}

func (s *sleepRecorder) sleep(ctx context.Context, d time.Duration) error {
	s.mu.Lock()
	s.delays = append(s.delays, d)
	s.mu.Unlock()
	return ctx.Err()
}

func (s *sleepRecorder) got() []time.Duration {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]time.Duration(nil), s.delays...)
}

func newSocketBot(t *testing.T, f *fakeSlack, engine Engine) (*Bot, *sleepRecorder) {
	t.Helper()
	b, err := New(Config{
		BotToken: "xoxb-test", AppToken: "xapp-test",
		APIURL: f.server.URL + "/", DefaultLocale: knowledge.JA, Logger: testLogger(t),
		// no answer cache: these tests count what reaches the engine
	}, engine)
	if err != nil {
		t.Fatal(err)
	}
	rec := &sleepRecorder{}
	b.sleep = rec.sleep
	return b, rec
}

type ackPayload struct {
	ResponseType string           `json:"response_type"`
	Text         string           `json:"text"`
	Blocks       []map[string]any `json:"blocks"`
}

func decodeAck(t *testing.T, a ack, wantID string) ackPayload {
	t.Helper()
	if a.EnvelopeID != wantID {
		t.Fatalf("ack for envelope %q, want %q", a.EnvelopeID, wantID)
	}
	var p ackPayload
	if err := json.Unmarshal(a.Payload, &p); err != nil {
		t.Fatalf("ack payload %s: %v", a.Payload, err)
	}
	return p
}

func runSocket(t *testing.T, b *Bot) (cancel func() error) {
	ctx, stop := context.WithCancel(context.Background())
	errc := make(chan error, 1)
	go func() { errc <- b.RunSocketMode(ctx) }()
	var once sync.Once
	var err error
	cancel = func() error {
		once.Do(func() {
			stop()
			select {
			case err = <-errc:
			case <-time.After(15 * time.Second):
				t.Error("RunSocketMode did not return after cancel")
			}
		})
		return err
	}
	t.Cleanup(func() { _ = cancel() })
	return cancel
}

// TestSocketModeEndToEnd drives the real slack-go Socket Mode client
// against the fake: a slash command is acked with the answer, the Share
// button posts publicly, a dropped socket and a refresh_requested are
// survived, and cancelling the context stops it cleanly.
func TestSocketModeEndToEnd(t *testing.T) {
	f := newFakeSlack(t)
	f.locales["U123ABC456"] = "en-US"
	engine := &fakeEngine{}
	b, _ := newSocketBot(t, f, engine)
	stop := runSocket(t, b)

	c := f.nextConn()
	c.hello()
	c.send(slashEnvelope(t, "env-1", "/salary", "go"))
	p := decodeAck(t, c.readAck(), "env-1")
	if p.ResponseType != "ephemeral" {
		t.Errorf("response_type %q, want ephemeral", p.ResponseType)
	}
	assertBlock(t, p.Blocks, "header", "salary go")
	assertBlock(t, p.Blocks, "section", "&lt;!channel&gt;")
	assertBlock(t, p.Blocks, "actions", `"value":"salary go"`)
	reqs := engine.requests()
	if len(reqs) != 1 || reqs[0].Command != "salary" || reqs[0].Args != "go" || reqs[0].Locale != knowledge.EN ||
		reqs[0].Platform != "slack" || reqs[0].Channel != "C123ABC456" || reqs[0].User != "U123ABC456" {
		t.Fatalf("engine got %+v", reqs)
	}

	// The umbrella command reaches the same handler.
	c.send(slashEnvelope(t, "env-2", "/career", "salary go"))
	decodeAck(t, c.readAck(), "env-2")
	if r := engine.requests()[1]; r.Command != "salary" || r.Args != "go" {
		t.Fatalf("/career salary go gave %q %q", r.Command, r.Args)
	}
	if n := f.count("users.info"); n != 1 {
		t.Errorf("users.info called %d times, want 1 (cached)", n)
	}

	// Share: ack, then chat.postMessage to the channel, attributed by name.
	c.send(blockActionsEnvelope("env-3", "salary go"))
	if a := c.readAck(); a.EnvelopeID != "env-3" {
		t.Fatalf("interactive ack for %q", a.EnvelopeID)
	}
	post := f.nextCall("chat.postMessage")
	if post.Form.Get("channel") != "C123ABC456" {
		t.Errorf("shared to %q", post.Form.Get("channel"))
	}
	if blocks := post.Form.Get("blocks"); !strings.Contains(blocks, "Shared by Rainer") || strings.Contains(blocks, "<@") || strings.Contains(blocks, `"actions"`) {
		t.Errorf("shared blocks: %s", blocks)
	}

	// The server drops the connection: the bot reconnects and answers.
	_ = c.c.UnderlyingConn().Close()
	c = f.nextConn()
	c.hello()
	c.send(slashEnvelope(t, "env-4", "/salary", "rust"))
	assertBlock(t, decodeAck(t, c.readAck(), "env-4").Blocks, "header", "salary rust")

	// Slack asks for a refresh: the bot opens a new connection and answers there.
	c.send(map[string]any{"type": "disconnect", "reason": "refresh_requested",
		"debug_info": map[string]any{"host": "applink-test"}})
	c = f.nextConn()
	c.hello()
	c.send(slashEnvelope(t, "env-5", "/salary", "java"))
	assertBlock(t, decodeAck(t, c.readAck(), "env-5").Blocks, "header", "salary java")

	// And a warning (Slack is about to close this connection) likewise.
	c.send(map[string]any{"type": "disconnect", "reason": "warning", "debug_info": map[string]any{"host": "applink-test"}})
	c = f.nextConn()
	c.hello()
	c.send(slashEnvelope(t, "env-6", "/salary", "php"))
	assertBlock(t, decodeAck(t, c.readAck(), "env-6").Blocks, "header", "salary php")

	if err := stop(); err != nil {
		t.Fatalf("RunSocketMode returned %v after cancel, want nil", err)
	}
	f.mu.Lock()
	opens := f.opens
	f.mu.Unlock()
	if opens < 4 {
		t.Errorf("apps.connections.open called %d times, want at least 4", opens)
	}
}

// hugeEngine answers with far more than a Socket Mode ack can carry.
type hugeEngine struct{ fakeEngine }

func (e *hugeEngine) Handle(ctx context.Context, req handlers.Request) handlers.Reply {
	r := e.fakeEngine.Handle(ctx, req)
	for i := range 200 {
		r.Fields = append(r.Fields, handlers.Field{Label: fmt.Sprintf("項目 %d", i), Value: strings.Repeat("長い値 <!here> ", 200), Inline: i%2 == 0})
	}
	r.Paragraphs = append(r.Paragraphs, strings.Repeat("とても長い段落です。", 1000))
	return r
}

// TestSocketModeAckStaysSmall: however long the answer, the ack that
// carries it stays under Slack's 20 KB and still has the Share button.
func TestSocketModeAckStaysSmall(t *testing.T) {
	f := newFakeSlack(t)
	b, _ := newSocketBot(t, f, &hugeEngine{})
	runSocket(t, b)
	c := f.nextConn()
	c.hello()
	c.send(slashEnvelope(t, "env-big", "/salary", "go"))
	_ = c.c.SetReadDeadline(time.Now().Add(10 * time.Second))
	_, frame, err := c.c.ReadMessage()
	if err != nil {
		t.Fatal(err)
	}
	if len(frame) >= 20*1024 {
		t.Errorf("ack is %d bytes", len(frame))
	}
	var a ack
	if err := json.Unmarshal(frame, &a); err != nil {
		t.Fatal(err)
	}
	p := decodeAck(t, a, "env-big")
	assertBlock(t, p.Blocks, "actions", shareActionID)
	assertBlock(t, p.Blocks, "context", "短く")
	for _, v := range checkRaw(a.Payload, ackBudget) {
		t.Error(v)
	}
}

// TestShareRetriesAfterRateLimit: a 429 on chat.postMessage is retried
// after the Retry-After delay Slack gave.
func TestShareRetriesAfterRateLimit(t *testing.T) {
	f := newFakeSlack(t)
	f.locales["U123ABC456"] = "ja"
	f.post429 = 1
	b, rec := newSocketBot(t, f, &fakeEngine{})
	runSocket(t, b)
	c := f.nextConn()
	c.hello()
	c.send(blockActionsEnvelope("env-1", "salary go"))
	c.readAck()
	first := f.nextCall("chat.postMessage")
	second := f.nextCall("chat.postMessage")
	if first.Form.Get("blocks") != second.Form.Get("blocks") {
		t.Error("the retry sent a different message")
	}
	if d := rec.got(); len(d) != 1 || d[0] != time.Second {
		t.Errorf("waited %v before retrying, want [1s] (Retry-After: 1)", d)
	}
	if n := f.count("chat.postMessage"); n != 2 {
		t.Errorf("chat.postMessage called %d times, want 2", n)
	}
}

// TestSocketModeRetriesFailedConnect: Slack failing apps.connections.open
// (HTTP 500) a few times is waited out, and the first command after is
// answered.
func TestSocketModeRetriesFailedConnect(t *testing.T) {
	f := newFakeSlack(t)
	f.openFail = 3
	b, _ := newSocketBot(t, f, &fakeEngine{})
	stop := runSocket(t, b)
	c := f.nextConn()
	c.hello()
	c.send(slashEnvelope(t, "env-1", "/salary", "go"))
	assertBlock(t, decodeAck(t, c.readAck(), "env-1").Blocks, "header", "salary go")
	if n := f.count("apps.connections.open"); n != 4 {
		t.Errorf("apps.connections.open called %d times, want 4 (3 failures, then success)", n)
	}
	if err := stop(); err != nil {
		t.Errorf("RunSocketMode = %v after cancel", err)
	}
}

// TestSocketModeFatalAuth: a rejected app token ends RunSocketMode with
// an error that says what to check, instead of retrying forever.
func TestSocketModeFatalAuth(t *testing.T) {
	f := newFakeSlack(t)
	b, err := New(Config{BotToken: "xoxb-test", AppToken: "xapp-wrong", APIURL: f.server.URL + "/", Logger: testLogger(t)}, &fakeEngine{})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	err = b.RunSocketMode(ctx)
	if err == nil || !strings.Contains(err.Error(), "invalid_auth") {
		t.Fatalf("RunSocketMode = %v, want an invalid_auth error", err)
	}
}

// assertBlock checks that some block of the type contains the text in
// its JSON.
func assertBlock(t *testing.T, blocks []map[string]any, typ, contains string) {
	t.Helper()
	for _, b := range blocks {
		if b["type"] != typ {
			continue
		}
		raw, _ := json.Marshal(b)
		var s string
		dec := json.NewDecoder(strings.NewReader(string(raw)))
		_ = dec
		s = string(raw)
		s = strings.NewReplacer(`\u003c`, "<", `\u003e`, ">", `\u0026`, "&").Replace(s)
		if strings.Contains(s, contains) {
			return
		}
	}
	raw, _ := json.Marshal(blocks)
	t.Errorf("no %s block containing %q in %s", typ, contains, raw)
}
