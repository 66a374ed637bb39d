package discordbot

import (
	"context"
	"encoding/json"
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
	r.Suggestions = []handlers.Suggestion{{Label: "Ruby on Rails", Command: "/salary rails"}, {Command: "/salary nodejs"}}
	r.Actions = append(r.Actions, handlers.Action{Kind: handlers.ActionMore, Value: handlers.ActionValue(req.Locale, req.Command+" "+req.Args)})
	return r
}

// buttonIDs lists the custom_ids of a response's buttons, row by row.
func buttonIDs(t *testing.T, data map[string]any) []string {
	t.Helper()
	var ids []string
	rows, _ := data["components"].([]any)
	for _, row := range rows {
		for _, c := range row.(map[string]any)["components"].([]any) {
			ids = append(ids, c.(map[string]any)["custom_id"].(string))
		}
	}
	return ids
}

// TestHTTPMoreAndSuggestionButtons: on the HTTP interactions endpoint, an
// answer carries More and suggestion buttons; More answers the presser
// with the whole answer, a suggestion with the suggested command's answer,
// both ephemeral and as the presser, in the answer's language.
func TestHTTPMoreAndSuggestionButtons(t *testing.T) {
	s := newSigner(t)
	eng := &sizedEngine{}
	b := httpBot(t, s, eng, Config{})
	w := serve(b, s.request(mustJSON(t, slashInteraction("1", "t1", "ja", "go")), fixedNow))
	mustValidate(t, "CreateMessageInteractionCallbackRequest", w.Body.Bytes())
	ids := buttonIDs(t, decode(t, w.Body.Bytes())["data"].(map[string]any))
	want := []string{"share:v:salary go", "more:v:ja:salary go", "try:v:ja:salary rails", "try:v:ja:salary nodejs"}
	if strings.Join(ids, "|") != strings.Join(want, "|") {
		t.Fatalf("buttons %q, want %q", ids, want)
	}

	for _, tc := range []struct {
		id, args string
		full     bool
	}{{ids[1], "go", true}, {ids[2], "rails", false}} {
		w = serve(b, s.request(mustJSON(t, buttonInteraction("2", "t2", tc.id)), fixedNow))
		mustValidate(t, "CreateMessageInteractionCallbackRequest", w.Body.Bytes())
		resp := decode(t, w.Body.Bytes())
		data := resp["data"].(map[string]any)
		raw, _ := json.Marshal(data)
		if resp["type"] != 4.0 || data["flags"] != 64.0 {
			t.Errorf("%s: want a private type 4 answer, got %s", tc.id, w.Body)
		}
		if strings.Contains(string(raw), "the whole answer") != tc.full {
			t.Errorf("%s: whole answer shown = %v, want %v: %s", tc.id, !tc.full, tc.full, raw)
		}
		req := eng.lastRequest(t)
		if req.Command != "salary" || req.Args != tc.args || req.Full != tc.full || req.Locale != knowledge.JA || req.UserName != "Mason" {
			t.Errorf("%s asked the engine %+v", tc.id, req)
		}
	}
	if len(eng.shares) != 0 {
		t.Errorf("a private button shared publicly: %q", eng.shares)
	}

	// A question too long for a custom_id is kept in the bounded store; once
	// it is gone the button says so plainly.
	long := handlers.ActionValue(knowledge.EN, "ask "+strings.Repeat("年収 ", 60))
	id := b.moreID(long)
	if ulen(id) > limitCustomID || !strings.HasPrefix(id, morePrefix+"k:") {
		t.Fatalf("custom_id %q", id)
	}
	serve(b, s.request(mustJSON(t, buttonInteraction("3", "t3", id)), fixedNow))
	if req := eng.lastRequest(t); req.Command != "ask" || !req.Full || req.Locale != knowledge.EN {
		t.Errorf("a long More asked the engine %+v", req)
	}
	w = serve(b, s.request(mustJSON(t, buttonInteraction("4", "t4", morePrefix+"k:0123")), fixedNow))
	data := decode(t, w.Body.Bytes())["data"].(map[string]any)
	if data["flags"] != 64.0 || !strings.Contains(data["content"].(string), "expired") {
		t.Errorf("expired More button: %v", data)
	}
}

// TestGatewayMoreButton: over the gateway, More answers the click with
// the whole answer, privately, through the interaction callback.
func TestGatewayMoreButton(t *testing.T) {
	fake := newFakeDiscord(t)
	eng := &sizedEngine{}
	_, conn, _ := startGateway(t, fake, eng, &syncBuffer{})
	conn.dispatch("INTERACTION_CREATE", buttonInteraction("200", "tok-m", "more:v:en:salary go"))
	cb := fake.next(t, "the More click's callback", pathIs("POST", callbackPath("200", "tok-m")))
	mustValidate(t, "CreateMessageInteractionCallbackRequest", cb.Body)
	resp := decode(t, cb.Body)
	data := resp["data"].(map[string]any)
	if resp["type"] != 4.0 || data["flags"] != 64.0 || !strings.Contains(string(cb.Body), "the whole answer") {
		t.Errorf("want the whole answer, private, got %s", cb.Body)
	}
	if req := eng.lastRequest(t); !req.Full || req.Args != "go" || req.Locale != knowledge.EN {
		t.Errorf("More asked the engine %+v", req)
	}
}
