package slackbot

import (
	"context"
	"encoding/json"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"

	"careerbot/knowledge"
)

// eventBody is an Events API event_callback around inner, in the shape
// docs.slack.dev documents (authorizations name careerbot's bot user).
func eventBody(id string, inner map[string]any) map[string]any {
	return map[string]any{
		"token": "x", "team_id": "T123ABC456", "api_app_id": "A1234", "type": "event_callback",
		"event_id": id, "event_time": 1700000000, "event": inner,
		"authorizations": []map[string]any{{"team_id": "T123ABC456", "user_id": "UBOT", "is_bot": true}},
	}
}

func mentionEvent(text, ts, threadTS string) map[string]any {
	ev := map[string]any{"type": "app_mention", "user": "U123ABC456", "text": text, "ts": ts,
		"channel": "C123ABC456", "event_ts": ts}
	if threadTS != "" {
		ev["thread_ts"] = threadTS
	}
	return ev
}

func dmEvent(text, ts string, extra map[string]any) map[string]any {
	ev := map[string]any{"type": "message", "channel_type": "im", "user": "U123ABC456", "text": text, "ts": ts,
		"channel": "D123ABC456", "event_ts": ts}
	for k, v := range extra {
		ev[k] = v
	}
	return ev
}

// postEvent sends a signed JSON Events API request, as Slack does.
func postEvent(t *testing.T, b *Bot, secret string, now int64, v any, header map[string]string) string {
	t.Helper()
	raw, _ := json.Marshal(v)
	h := map[string]string{
		"Content-Type":              "application/json",
		"X-Slack-Request-Timestamp": strconv.FormatInt(now, 10),
		"X-Slack-Signature":         sign(secret, now, raw),
	}
	for k, val := range header {
		h[k] = val
	}
	w := post(b.HTTPHandler(), string(raw), h)
	if w.Code != 200 {
		t.Fatalf("status %d: %s", w.Code, w.Body)
	}
	return w.Body.String()
}

type voteLog struct {
	mu    sync.Mutex
	votes []knowledge.Vote
}

func (v *voteLog) RecordVote(_ context.Context, vote knowledge.Vote) error {
	v.mu.Lock()
	v.votes = append(v.votes, vote)
	v.mu.Unlock()
	return nil
}

func (v *voteLog) all() []knowledge.Vote {
	v.mu.Lock()
	defer v.mu.Unlock()
	return append([]knowledge.Vote(nil), v.votes...)
}

func newEventsBot(t *testing.T, f *fakeSlack, engine Engine, votes VoteRecorder) *Bot {
	t.Helper()
	b, err := New(Config{SigningSecret: "s3cret", BotToken: "xoxb-test", APIURL: f.server.URL + "/",
		Clock: clockAt(1_700_000_000), Logger: testLogger(t), DefaultLocale: knowledge.JA, Votes: votes}, engine)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestHTTPEventsMentionsAndDMs: over /slack/events, the challenge is
// answered; a mention is answered in its thread through /ask, with vote
// buttons; a retry of the same event is answered once; a DM is answered
// in the DM; careerbot's own messages, other bots' and edits are not.
func TestHTTPEventsMentionsAndDMs(t *testing.T) {
	const secret, now = "s3cret", 1_700_000_000
	f := newFakeSlack(t)
	f.locales["U123ABC456"] = "en-US"
	engine := &fakeEngine{}
	b := newEventsBot(t, f, engine, &voteLog{})

	if got := postEvent(t, b, secret, now, map[string]any{"type": "url_verification", "token": "x", "challenge": "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P"}, nil); got != "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P" {
		t.Errorf("challenge answered with %q", got)
	}

	// A mention at the top of a channel: the answer starts a thread on it.
	mention := eventBody("Ev001", mentionEvent("<@UBOT> フロントエンドの派遣の時給は？", "1700000000.000100", ""))
	postEvent(t, b, secret, now, mention, nil)
	// Slack retries when it thinks the first delivery failed.
	postEvent(t, b, secret, now, mention, map[string]string{"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_timeout"})
	b.WaitEvents()
	p := f.nextCall("chat.postMessage")
	if p.Form.Get("channel") != "C123ABC456" || p.Form.Get("thread_ts") != "1700000000.000100" {
		t.Errorf("mention answered in %q thread %q, want C123ABC456 thread 1700000000.000100", p.Form.Get("channel"), p.Form.Get("thread_ts"))
	}
	if !strings.Contains(p.Form.Get("blocks"), "feedback_buttons") {
		t.Errorf("the answer carries no vote buttons: %s", p.Form.Get("blocks"))
	}
	if n := f.count("chat.postMessage"); n != 1 {
		t.Errorf("the mention and its retry were answered %d times, want once", n)
	}
	reqs := engine.requests()
	if len(reqs) != 1 || reqs[0].Command != "ask" || reqs[0].Args != "フロントエンドの派遣の時給は？" || reqs[0].Locale != knowledge.EN || reqs[0].Channel != "C123ABC456" {
		t.Fatalf("engine got %+v", reqs)
	}

	// A mention inside a thread answers in that thread.
	postEvent(t, b, secret, now, eventBody("Ev002", mentionEvent("<@UBOT|careerbot> salary go", "1700000000.000300", "1700000000.000050")), nil)
	b.WaitEvents()
	if p := f.nextCall("chat.postMessage"); p.Form.Get("thread_ts") != "1700000000.000050" {
		t.Errorf("a mention in a thread answered in thread %q", p.Form.Get("thread_ts"))
	}

	// Ignored: careerbot's own DM answer, another bot, an edit, a mention
	// from a bot.
	for i, ev := range []map[string]any{
		dmEvent("answer", "1700000000.000400", map[string]any{"bot_id": "B123", "user": "UBOT"}),
		dmEvent("hello from a bot", "1700000000.000401", map[string]any{"subtype": "bot_message", "bot_id": "B999", "user": ""}),
		dmEvent("edited", "1700000000.000402", map[string]any{"subtype": "message_changed"}),
		mentionEvent("<@UBOT> loop?", "1700000000.000403", ""),
	} {
		if ev["type"] == "app_mention" {
			ev["bot_id"] = "B999"
		}
		postEvent(t, b, secret, now, eventBody("EvIgnored"+strconv.Itoa(i), ev), nil)
	}
	b.WaitEvents()
	if n := f.count("chat.postMessage"); n != 2 {
		t.Errorf("%d answers after bot messages and edits, want still 2", n)
	}

	// A DM is answered in the DM, not in a thread.
	postEvent(t, b, secret, now, eventBody("Ev003", dmEvent("how to become a tech lead", "1700000000.000500", nil)), nil)
	b.WaitEvents()
	dm := f.nextCall("chat.postMessage")
	if dm.Form.Get("channel") != "D123ABC456" || dm.Form.Get("thread_ts") != "" {
		t.Errorf("DM answered in %q thread %q", dm.Form.Get("channel"), dm.Form.Get("thread_ts"))
	}
	if r := engine.requests(); r[len(r)-1].Args != "how to become a tech lead" {
		t.Errorf("DM asked %+v", r[len(r)-1])
	}
}

// TestEventsFloodGetsOneNotice: a person who floods careerbot gets the
// answers the bucket allows, one notice, then silence.
func TestEventsFloodGetsOneNotice(t *testing.T) {
	const secret, now = "s3cret", 1_700_000_000
	f := newFakeSlack(t)
	engine := &fakeEngine{}
	b := newEventsBot(t, f, engine, nil)
	for i := range floodBurst + 3 {
		postEvent(t, b, secret, now, eventBody("EvFlood"+strconv.Itoa(i), dmEvent("salary go", "1700000001."+strconv.Itoa(i), nil)), nil)
		b.WaitEvents() // one at a time, so the order is known
	}
	if n := len(engine.requests()); n != floodBurst {
		t.Errorf("engine asked %d times, want %d", n, floodBurst)
	}
	if n := f.count("chat.postMessage"); n != floodBurst+1 {
		t.Errorf("%d posts, want %d answers and one notice", n, floodBurst)
	}
}

// TestSocketModeMentionAndDM: the same over Socket Mode: the envelope is
// acked, the mention answered in its thread and the DM in the DM.
func TestSocketModeMentionAndDM(t *testing.T) {
	f := newFakeSlack(t)
	engine := &fakeEngine{}
	b, _ := newSocketBot(t, f, engine)
	stop := runSocket(t, b)
	c := f.nextConn()
	c.hello()
	c.send(map[string]any{"envelope_id": "env-ev1", "type": "events_api", "accepts_response_payload": false, "retry_attempt": 0,
		"payload": eventBody("EvS1", mentionEvent("<@UBOT> 40代のバックエンドエンジニアの年収", "1700000002.000100", ""))})
	if a := c.readAck(); a.EnvelopeID != "env-ev1" {
		t.Fatalf("ack for %q", a.EnvelopeID)
	}
	p := f.nextCall("chat.postMessage")
	if p.Form.Get("thread_ts") != "1700000002.000100" || p.Form.Get("channel") != "C123ABC456" {
		t.Errorf("answered %v", p.Form)
	}
	c.send(map[string]any{"envelope_id": "env-ev2", "type": "events_api", "accepts_response_payload": false, "retry_attempt": 0,
		"payload": eventBody("EvS2", dmEvent("<@UBOT> /salary go", "1700000002.000200", nil))})
	c.readAck()
	dm := f.nextCall("chat.postMessage")
	if dm.Form.Get("channel") != "D123ABC456" || dm.Form.Get("thread_ts") != "" {
		t.Errorf("DM answered %v", dm.Form)
	}
	// Slack re-delivers the DM (retry_attempt 1, same event_id) and
	// careerbot's own answer comes back as message.im with a bot_id.
	c.send(map[string]any{"envelope_id": "env-ev3", "type": "events_api", "accepts_response_payload": false, "retry_attempt": 1,
		"retry_reason": "timeout", "payload": eventBody("EvS2", dmEvent("<@UBOT> /salary go", "1700000002.000200", nil))})
	c.readAck()
	c.send(map[string]any{"envelope_id": "env-ev4", "type": "events_api", "accepts_response_payload": false, "retry_attempt": 0,
		"payload": eventBody("EvS3", dmEvent("answer", "1700000002.000300", map[string]any{"bot_id": "B1", "user": "UBOT"}))})
	c.readAck()
	if err := stop(); err != nil { // waits for the events in hand
		t.Fatal(err)
	}
	if n := f.count("chat.postMessage"); n != 2 {
		t.Errorf("%d posts, want 2: a retry or careerbot's own message was answered", n)
	}
	r := engine.requests()
	if len(r) != 2 || r[0].Command != "ask" || r[1].Command != "salary" || r[1].Args != "go" {
		t.Errorf("engine got %+v", r)
	}
}

func TestQuestionText(t *testing.T) {
	for in, want := range map[string]string{
		"<@U0BOT> フロントエンドの派遣の時給は？":                     "フロントエンドの派遣の時給は？",
		"<@U0BOT|careerbot>   salary go":               "salary go",
		"hey <!here> <@U0BOT> rust &amp; go":           "hey rust & go",
		"see <https://example.com|this> <#C1|general>": "see this",
		"<@U0BOT>": "",
	} {
		if got := questionText(in); got != want {
			t.Errorf("questionText(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestHTTPVoteStored: pressing 👎 under an answer stores the vote the
// button names (command, arguments, knowledge version), with no user.
func TestHTTPVoteStored(t *testing.T) {
	const secret, now = "s3cret", 1_700_000_000
	f := newFakeSlack(t)
	engine := &fakeEngine{version: "7-abcdef"}
	votes := &voteLog{}
	b := newEventsBot(t, f, engine, votes)
	// The vote value comes from a rendered answer, as a person sees it.
	body, h := signedForm(secret, now, slashForm("/salary", "go"))
	w := post(b.HTTPHandler(), body, h)
	var p ackPayload
	if err := json.Unmarshal(w.Body.Bytes(), &p); err != nil {
		t.Fatal(err)
	}
	var down string
	for _, blk := range p.Blocks {
		if blk["type"] != "context_actions" {
			continue
		}
		el := blk["elements"].([]any)[0].(map[string]any)
		down = el["negative_button"].(map[string]any)["value"].(string)
	}
	if down == "" {
		t.Fatalf("no 👎 button in %v", p.Blocks)
	}
	payload := blockActionsPayload(down)
	payload["actions"].([]map[string]any)[0]["action_id"] = voteActionID
	payload["actions"].([]map[string]any)[0]["type"] = "feedback_buttons"
	raw, _ := json.Marshal(payload)
	body, h = signedForm(secret, now, url.Values{"payload": {string(raw)}})
	for range 2 { // the second press of the same person on the same answer does not count
		if w := post(b.HTTPHandler(), body, h); w.Code != 200 {
			t.Fatalf("vote: %d", w.Code)
		}
	}
	got := votes.all()
	want := knowledge.Vote{Platform: knowledge.Slack, Command: "salary", Args: "go", KBVersion: 7, Up: false}
	if len(got) != 1 || got[0] != want {
		t.Errorf("votes %+v, want %+v", got, want)
	}
}
