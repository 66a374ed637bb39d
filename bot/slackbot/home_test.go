package slackbot

import (
	"context"
	"encoding/json"
	"net/url"
	"strings"
	"testing"

	"careerbot/handlers"
	"careerbot/knowledge"
	"careerbot/store"
	"careerbot/store/storetest"
)

type subsList []knowledge.Subscription

func (s subsList) Subscriptions(context.Context) ([]knowledge.Subscription, error) { return s, nil }

// TestHTTPHomeTabPublished: app_home_opened publishes a Home tab in the
// user's language, with a suggestion button per command; an admin also
// sees the workspace's subscribed channels, someone else does not; a
// press of a Home button is answered in the app's DM.
func TestHTTPHomeTabPublished(t *testing.T) {
	const secret, now = "s3cret", 1_700_000_000
	f := newFakeSlack(t)
	f.locales["UADMIN"], f.admins["UADMIN"] = "en-US", true
	f.locales["UPLAIN"] = "ja-JP"
	engine := &fakeEngine{}
	b, err := New(Config{SigningSecret: secret, BotToken: "xoxb-test", APIURL: f.server.URL + "/", Clock: clockAt(now),
		Logger: testLogger(t), DefaultLocale: knowledge.JA, Subscriptions: subsList{
			{Platform: knowledge.Slack, Workspace: "T123ABC456", Channel: "CDIGEST", Schedule: "0 9 * * 1", Timezone: "Asia/Tokyo"},
			{Platform: knowledge.Slack, Workspace: "TOTHER", Channel: "COTHERTEAM", Schedule: "0 9 * * 1", Timezone: "UTC"},
			{Platform: knowledge.Discord, Workspace: "G1", Channel: "123", Schedule: "0 9 * * 1", Timezone: "UTC"},
		}}, engine)
	if err != nil {
		t.Fatal(err)
	}
	home := func(user string) map[string]any {
		t.Helper()
		postEvent(t, b, secret, now, eventBody("EvHome"+user, map[string]any{"type": "app_home_opened", "user": user, "channel": "DHOME", "tab": "home", "event_ts": "1700000000.1"}), nil)
		b.WaitEvents()
		c := f.nextCall("views.publish")
		var req struct {
			UserID string         `json:"user_id"`
			View   map[string]any `json:"view"`
		}
		if err := json.Unmarshal([]byte(c.Form.Get("json")), &req); err != nil {
			t.Fatal(err)
		}
		if req.UserID != user || req.View["type"] != "home" {
			t.Fatalf("published %+v", req)
		}
		return req.View
	}
	v := home("UADMIN")
	raw, _ := json.Marshal(v)
	s := string(raw)
	for _, want := range []string{"salary", tryActionPrefix + "0", `"en:salary go"`, "CDIGEST", "Weekly digest"} {
		if !strings.Contains(s, want) {
			t.Errorf("admin's Home lacks %q: %s", want, s)
		}
	}
	for _, not := range []string{"COTHERTEAM", `"123"`} {
		if strings.Contains(s, not) {
			t.Errorf("admin's Home lists another workspace's channel %s", not)
		}
	}
	raw, _ = json.Marshal(home("UPLAIN"))
	if s := string(raw); strings.Contains(s, "CDIGEST") || !strings.Contains(s, "年収") {
		t.Errorf("a member's Home (ja) shows subscriptions or is not in Japanese: %s", s)
	}

	// A press on the Home tab: no channel, no response_url; the answer
	// goes to the app's DM with the person.
	payload := blockActionsPayload("en:salary go")
	payload["actions"].([]map[string]any)[0]["action_id"] = tryActionPrefix + "0"
	payload["container"] = map[string]any{"type": "view", "view_id": "V123"}
	payload["view"] = map[string]any{"id": "V123", "type": "home"}
	delete(payload, "channel")
	delete(payload, "response_url")
	raw, _ = json.Marshal(payload)
	body, h := signedForm(secret, now, url.Values{"payload": {string(raw)}})
	if w := post(b.HTTPHandler(), body, h); w.Code != 200 {
		t.Fatalf("press: %d", w.Code)
	}
	p := f.nextCall("chat.postMessage")
	if p.Form.Get("channel") != "U123ABC456" {
		t.Errorf("Home press answered in %q, want the person's DM", p.Form.Get("channel"))
	}
	if r := engine.requests(); r[len(r)-1].Command != "salary" || r[len(r)-1].Args != "go" {
		t.Errorf("Home press asked %+v", r[len(r)-1])
	}
}

// TestHTTPDigestFormOpenedAndSubmitted: /digest subscribe with no
// arguments opens the modal prefilled with the defaults and the current
// channel; a bad submission gets field errors and subscribes nothing; a
// good one subscribes the chosen channel and closes the modal. The typed
// form still works. A real Router and Digest over a real store.
func TestHTTPDigestFormOpenedAndSubmitted(t *testing.T) {
	const secret, now = "s3cret", 1_700_000_000
	ctx := context.Background()
	f := newFakeSlack(t)
	f.locales["U2147483697"], f.admins["U2147483697"] = "en-US", true
	st := storetest.Open(t, store.Options{})
	d, err := handlers.NewDigest(ctx, st, st, handlers.DigestOptions{DefaultSchedule: "0 8 * * 2", DefaultTimezone: "Asia/Tokyo"})
	if err != nil {
		t.Fatal(err)
	}
	router, err := handlers.New(ctx, st, handlers.Options{Digest: d})
	if err != nil {
		t.Fatal(err)
	}
	b := newEventsBot(t, f, router, nil)

	body, h := signedForm(secret, now, slashForm("/digest", "subscribe"))
	if w := post(b.HTTPHandler(), body, h); w.Code != 200 || w.Body.Len() != 0 {
		t.Fatalf("slash answered %d %q, want an empty 200", w.Code, w.Body)
	}
	open := f.nextCall("views.open")
	var req struct {
		TriggerID string         `json:"trigger_id"`
		View      map[string]any `json:"view"`
	}
	if err := json.Unmarshal([]byte(open.Form.Get("json")), &req); err != nil {
		t.Fatal(err)
	}
	rawView, _ := json.Marshal(req.View)
	for _, want := range []string{`"callback_id":"` + digestFormID + `"`, `"initial_conversation":"C2147483705"`, `"initial_time":"08:00"`, `"initial_value":"Asia/Tokyo"`, `"value":"tue"`} {
		if !strings.Contains(string(rawView), want) {
			t.Errorf("modal lacks %s: %s", want, rawView)
		}
	}
	if req.TriggerID != "13345224609.738474920.8088930838d88f008e0" {
		t.Errorf("trigger_id %q", req.TriggerID)
	}

	submit := func(channel, weekday, clock, tz string) (int, string) {
		payload := map[string]any{
			"type": "view_submission", "team": map[string]any{"id": "T0001"},
			"user": map[string]any{"id": "U2147483697", "name": "steve"},
			"view": map[string]any{"id": "V1", "type": "modal", "callback_id": digestFormID, "state": map[string]any{"values": map[string]any{
				"channel":  map[string]any{"value": map[string]any{"type": "conversations_select", "selected_conversation": channel}},
				"weekday":  map[string]any{"value": map[string]any{"type": "static_select", "selected_option": map[string]any{"value": weekday}}},
				"time":     map[string]any{"value": map[string]any{"type": "timepicker", "selected_time": clock}},
				"timezone": map[string]any{"value": map[string]any{"type": "plain_text_input", "value": tz}},
			}}},
		}
		raw, _ := json.Marshal(payload)
		body, h := signedForm(secret, now, url.Values{"payload": {string(raw)}})
		w := post(b.HTTPHandler(), body, h)
		return w.Code, w.Body.String()
	}
	code, resp := submit("CFORM", "fri", "18:30", "Mars/Olympus")
	var errs struct {
		Action string            `json:"response_action"`
		Errors map[string]string `json:"errors"`
	}
	if err := json.Unmarshal([]byte(resp), &errs); err != nil || code != 200 || errs.Action != "errors" || errs.Errors["timezone"] == "" || len(errs.Errors) != 1 {
		t.Fatalf("bad time zone: %d %s", code, resp)
	}
	if _, ok, _ := st.Subscription(ctx, knowledge.Slack, "CFORM"); ok {
		t.Fatal("a refused form subscribed the channel")
	}
	code, resp = submit("CFORM", "fri", "18:30", "Europe/Berlin")
	if code != 200 || resp != "" {
		t.Fatalf("good form answered %d %q, want an empty 200", code, resp)
	}
	sub, ok, err := st.Subscription(ctx, knowledge.Slack, "CFORM")
	if err != nil || !ok || sub.Schedule != "30 18 * * 5" || sub.Timezone != "Europe/Berlin" {
		t.Fatalf("subscription %+v %v %v", sub, ok, err)
	}
	if p := f.nextCall("chat.postMessage"); p.Form.Get("channel") != "CFORM" {
		t.Errorf("confirmation posted to %q", p.Form.Get("channel"))
	}

	// The argument form still subscribes at once.
	body, h = signedForm(secret, now, slashForm("/digest", "subscribe wed 07:00 UTC"))
	if w := post(b.HTTPHandler(), body, h); w.Code != 200 || w.Body.Len() == 0 {
		t.Fatalf("typed subscribe: %d %q", w.Code, w.Body)
	}
	if sub, ok, _ := st.Subscription(ctx, knowledge.Slack, "C2147483705"); !ok || sub.Schedule != "0 7 * * 3" {
		t.Errorf("typed subscribe gave %+v", sub)
	}
	if n := f.count("views.open"); n != 1 {
		t.Errorf("views.open called %d times, want once", n)
	}
}

// TestSocketModeDigestFormErrorsInAck: over Socket Mode the field errors
// of a submitted form travel in the envelope's ack.
func TestSocketModeDigestFormErrorsInAck(t *testing.T) {
	ctx := context.Background()
	f := newFakeSlack(t)
	f.locales["U123ABC456"], f.admins["U123ABC456"] = "ja-JP", true
	st := storetest.Open(t, store.Options{})
	d, err := handlers.NewDigest(ctx, st, st, handlers.DigestOptions{DefaultSchedule: "0 9 * * 1", DefaultTimezone: "Asia/Tokyo"})
	if err != nil {
		t.Fatal(err)
	}
	router, err := handlers.New(ctx, st, handlers.Options{Digest: d})
	if err != nil {
		t.Fatal(err)
	}
	b, _ := newSocketBot(t, f, router)
	runSocket(t, b)
	c := f.nextConn()
	c.hello()
	c.send(map[string]any{"envelope_id": "env-form", "type": "interactive", "accepts_response_payload": true, "payload": map[string]any{
		"type": "view_submission", "team": map[string]any{"id": "T123ABC456"}, "user": map[string]any{"id": "U123ABC456", "name": "rainer"},
		"view": map[string]any{"id": "V1", "type": "modal", "callback_id": digestFormID, "state": map[string]any{"values": map[string]any{
			"channel":  map[string]any{"value": map[string]any{"type": "conversations_select", "selected_conversation": "CSOCK"}},
			"weekday":  map[string]any{"value": map[string]any{"type": "static_select", "selected_option": map[string]any{"value": "mon"}}},
			"time":     map[string]any{"value": map[string]any{"type": "timepicker", "selected_time": "09:00"}},
			"timezone": map[string]any{"value": map[string]any{"type": "plain_text_input", "value": "Tokyo"}},
		}}},
	}})
	a := c.readAck()
	var resp struct {
		Action string            `json:"response_action"`
		Errors map[string]string `json:"errors"`
	}
	if err := json.Unmarshal(a.Payload, &resp); err != nil || a.EnvelopeID != "env-form" || resp.Action != "errors" || !strings.Contains(resp.Errors["timezone"], "Tokyo") {
		t.Fatalf("ack %s %s (%v)", a.EnvelopeID, a.Payload, err)
	}
	if _, ok, _ := st.Subscription(ctx, knowledge.Slack, "CSOCK"); ok {
		t.Error("a refused form subscribed")
	}
}
