package slackbot

import (
	"context"
	"encoding/json"
	"net/url"
	"strings"
	"testing"

	"careerbot/handlers"
	"careerbot/knowledge"
)

// sizedEngine answers like the router: a chat-sized reply with a More
// action and suggestions, or the whole answer when the request is Full.
type sizedEngine struct{ fakeEngine }

func (e *sizedEngine) Handle(ctx context.Context, req handlers.Request) handlers.Reply {
	r := e.fakeEngine.Handle(ctx, req)
	if req.Full {
		r.Paragraphs = append(r.Paragraphs, "the whole answer: every figure")
		return r
	}
	r.Suggestions = []handlers.Suggestion{{Label: "Ruby on Rails", Command: "/salary rails"}, {Label: "", Command: "/salary nodejs"}}
	r.Actions = append(r.Actions, handlers.Action{Kind: handlers.ActionMore, Value: handlers.ActionValue(req.Locale, req.Command+" "+req.Args)})
	return r
}

// pressPayload is a block_actions payload for the button actionID.
func pressPayload(actionID, value, responseURL string) map[string]any {
	p := blockActionsPayload(value)
	a := p["actions"].([]map[string]any)[0]
	a["action_id"] = actionID
	p["response_url"] = responseURL
	return p
}

// buttonValue finds the value of the button actionID in blocks (JSON).
func buttonValue(t *testing.T, blocks []map[string]any, actionID string) string {
	t.Helper()
	for _, b := range blocks {
		els, _ := b["elements"].([]any)
		for _, e := range els {
			if m, ok := e.(map[string]any); ok && m["action_id"] == actionID {
				return m["value"].(string)
			}
		}
	}
	t.Fatalf("no button %s in %v", actionID, blocks)
	return ""
}

// TestHTTPMoreAnswersPrivately: in HTTP mode, even without a bot token, a
// slash command's answer carries More and suggestion buttons; pressing
// More runs the question again in full, as the presser, in the language
// the answer was in, and answers through response_url, privately.
func TestHTTPMoreAnswersPrivately(t *testing.T) {
	const secret, now = "s3cret", 1_700_000_000
	f := newFakeSlack(t)
	engine := &sizedEngine{}
	b := newHTTPBot(t, secret, now, engine, "") // no bot token
	b.responseURLOK = func(u string) bool { return strings.HasPrefix(u, f.server.URL+"/hooks/") }

	body, h := signedForm(secret, now, slashForm("/salary", "go"))
	w := post(b.HTTPHandler(), body, h)
	var ans ackPayload
	if err := json.Unmarshal(w.Body.Bytes(), &ans); err != nil {
		t.Fatalf("%v: %s", err, w.Body)
	}
	more := buttonValue(t, ans.Blocks, moreActionID)
	if more != "ja:salary go" {
		t.Errorf("More carries %q, want the locale and the question", more)
	}
	if v := buttonValue(t, ans.Blocks, tryActionPrefix+"1"); v != "ja:salary nodejs" {
		t.Errorf("the second suggestion's button carries %q", v)
	}

	payload, _ := json.Marshal(pressPayload(moreActionID, "en:salary go", f.server.URL+"/hooks/actions/T1/1/x"))
	body, h = signedForm(secret, now, url.Values{"payload": {string(payload)}})
	if w := post(b.HTTPHandler(), body, h); w.Code != 200 {
		t.Fatalf("status %d: %s", w.Code, w.Body)
	}
	hook := f.nextCall("response_url")
	var msg struct {
		ResponseType string          `json:"response_type"`
		Blocks       json.RawMessage `json:"blocks"`
	}
	if err := json.Unmarshal([]byte(hook.Form.Get("json")), &msg); err != nil {
		t.Fatal(err)
	}
	if msg.ResponseType != "ephemeral" || !strings.Contains(string(msg.Blocks), "the whole answer") {
		t.Errorf("response_url got %s, want the whole answer, ephemeral", hook.Form.Get("json"))
	}
	reqs := engine.requests()
	last := reqs[len(reqs)-1]
	if !last.Full || last.Command != "salary" || last.Args != "go" || last.Locale != knowledge.EN || last.User != "U123ABC456" {
		t.Errorf("More asked the engine %+v", last)
	}
	if n := f.count("chat.postMessage"); n != 0 {
		t.Errorf("a private answer was posted to the channel %d times", n)
	}
}

// TestSocketModeSuggestionAnswersPrivately: over Socket Mode, pressing a
// suggestion runs the suggested command (not in full) and answers the
// presser privately; where the response_url may not be used, through
// chat.postEphemeral.
func TestSocketModeSuggestionAnswersPrivately(t *testing.T) {
	f := newFakeSlack(t)
	f.locales["U123ABC456"] = "ja-JP"
	engine := &sizedEngine{}
	b, _ := newSocketBot(t, f, engine)
	b.responseURLOK = func(string) bool { return false }
	runSocket(t, b)
	c := f.nextConn()
	c.hello()
	c.send(map[string]any{"envelope_id": "env-try", "type": "interactive", "accepts_response_payload": false,
		"payload": pressPayload(tryActionPrefix+"0", "en:salary rails", "https://hooks.slack.com/actions/T1/1/x")})
	if a := c.readAck(); a.EnvelopeID != "env-try" {
		t.Fatalf("ack for %q", a.EnvelopeID)
	}
	eph := f.nextCall("chat.postEphemeral")
	if eph.Form.Get("user") != "U123ABC456" || eph.Form.Get("channel") != "C123ABC456" || !strings.Contains(eph.Form.Get("blocks"), "salary rails") {
		t.Errorf("ephemeral answer %v", eph.Form)
	}
	if strings.Contains(eph.Form.Get("blocks"), "the whole answer") {
		t.Errorf("a suggestion gave the whole answer, want the chat-sized one: %s", eph.Form.Get("blocks"))
	}
	reqs := engine.requests()
	if len(reqs) != 1 || reqs[0].Full || reqs[0].Command != "salary" || reqs[0].Args != "rails" || reqs[0].Locale != knowledge.EN {
		t.Errorf("the suggestion asked the engine %+v", reqs)
	}
	if n := f.count("chat.postMessage"); n != 0 {
		t.Errorf("a private answer was posted to the channel %d times", n)
	}
}
