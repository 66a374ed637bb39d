package discordbot

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"sync"
	"testing"

	"careerbot/handlers"
	"careerbot/knowledge"
	"careerbot/store"
	"careerbot/store/storetest"
)

// The fake gateway's READY names the bot user 900.
const botUserID = "900"

func gatewayMessage(id, guild, channel, authorID string, bot bool, content string, mentions ...string) map[string]any {
	m := map[string]any{
		"id": id, "channel_id": channel, "type": 0, "content": content, "timestamp": "2026-12-01T00:00:00+00:00",
		"author":   map[string]any{"id": authorID, "username": "mason", "global_name": "Mason", "bot": bot},
		"mentions": []any{}, "embeds": []any{}, "attachments": []any{},
	}
	if guild != "" {
		m["guild_id"] = guild
	}
	for _, u := range mentions {
		m["mentions"] = append(m["mentions"].([]any), map[string]any{"id": u, "username": "careerbot", "bot": true})
	}
	return m
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

func isPost(r recorded) bool {
	return r.Method == http.MethodPost && strings.HasPrefix(r.Path, "/api/v9/channels/") && strings.HasSuffix(r.Path, "/messages")
}

// TestGatewayMentionsDMsAndVotes: a mention is answered with a reply to it
// through /ask, mention syntax stripped, with vote buttons; a DM is
// answered; the bot's own messages, other bots' and unmentioned guild
// messages are not; a 👎 press stores a vote with no user.
func TestGatewayMentionsDMsAndVotes(t *testing.T) {
	fake := newFakeDiscord(t)
	eng := &fakeEngine{version: "5-abc"}
	votes := &voteLog{}
	logs := &syncBuffer{}
	_, conn, stop := startGateway(t, fake, eng, logs, func(b *Bot) { b.cfg.Votes = votes })
	// READY names the bot; until then no message can be told to mention it.
	eventually(t, "READY handled", func() bool { return strings.Contains(logs.String(), "gateway ready") })

	conn.dispatch("MESSAGE_CREATE", gatewayMessage("1300000000000000101", "290926798626357999", "645027906669510667", "53908232506183680", false,
		"<@900> フロントエンドの派遣の時給は？", botUserID))
	post := fake.next(t, "the answer to the mention", isPost)
	mustValidate(t, "MessageCreateRequest", post.Body)
	msg := decode(t, post.Body)
	assertNoMentions(t, msg)
	if ref, _ := msg["message_reference"].(map[string]any); ref["message_id"] != "1300000000000000101" {
		t.Errorf("answer is not a reply to the mention: %v", msg["message_reference"])
	}
	req := eng.lastRequest(t)
	if req.Command != "ask" || req.Args != "フロントエンドの派遣の時給は？" || req.Locale != knowledge.JA || req.Platform != knowledge.Discord {
		t.Errorf("request = %+v", req)
	}
	raw, _ := json.Marshal(msg["components"])
	var down string
	for _, row := range msg["components"].([]any) {
		for _, c := range row.(map[string]any)["components"].([]any) {
			if id, _ := c.(map[string]any)["custom_id"].(string); strings.HasPrefix(id, voteDownPrefix) {
				down = id
			}
			if id, _ := c.(map[string]any)["custom_id"].(string); strings.HasPrefix(id, sharePrefix) {
				t.Errorf("a public answer carries a Share button: %s", raw)
			}
		}
	}
	if down == "" {
		t.Fatalf("no 👎 button: %s", raw)
	}

	// A DM (no guild, no mention needed) in English.
	conn.dispatch("MESSAGE_CREATE", gatewayMessage("1300000000000000102", "", "1400000000000000001", "53908232506183680", false, "how to become a tech lead"))
	post = fake.next(t, "the answer to the DM", isPost)
	if post.Path != "/api/v9/channels/1400000000000000001/messages" {
		t.Errorf("DM answered at %s", post.Path)
	}
	if req := eng.lastRequest(t); req.Args != "how to become a tech lead" || req.Locale != knowledge.EN {
		t.Errorf("DM request = %+v", req)
	}

	// The vote.
	conn.dispatch("INTERACTION_CREATE", buttonInteraction("300", "tok-v", down))
	cb := fake.next(t, "the vote's callback", pathIs("POST", callbackPath("300", "tok-v")))
	if d := decode(t, cb.Body)["data"].(map[string]any); d["flags"] != 64.0 {
		t.Errorf("vote acknowledged publicly: %v", d)
	}
	conn.dispatch("INTERACTION_CREATE", buttonInteraction("301", "tok-v2", down)) // the same person again
	fake.next(t, "the second vote's callback", pathIs("POST", callbackPath("301", "tok-v2")))
	want := knowledge.Vote{Platform: knowledge.Discord, Command: "ask", Args: "フロントエンドの派遣の時給は？", KBVersion: 5}
	if got := votes.all(); len(got) != 1 || got[0] != want {
		t.Errorf("votes %+v, want %+v", got, want)
	}

	// Ignored: its own answer, another bot, a guild message without a mention.
	before := eng.count()
	conn.dispatch("MESSAGE_CREATE", gatewayMessage("1300000000000000103", "290926798626357999", "645027906669510667", botUserID, true, "an answer <@900>", botUserID))
	conn.dispatch("MESSAGE_CREATE", gatewayMessage("1300000000000000104", "290926798626357999", "645027906669510667", "42", true, "<@900> salary go", botUserID))
	conn.dispatch("MESSAGE_CREATE", gatewayMessage("1300000000000000105", "290926798626357999", "645027906669510667", "53908232506183680", false, "salary go"))
	if err := stop(); err != nil { // waits for every handler in flight
		t.Fatal(err)
	}
	if n := eng.count(); n != before {
		t.Errorf("the engine was asked %d more times by bots or unmentioned messages", n-before)
	}
	select {
	case r := <-fake.reqs:
		if isPost(r) {
			t.Errorf("posted after an ignored message: %s", r.Body)
		}
	default:
	}
}

// TestDigestModalGatewayAndHTTP: /digest subscribe with no options opens a
// modal (type 9) prefilled with the defaults, on the gateway and on the
// HTTP endpoint; a bad submission is refused with the field named and
// subscribes nothing; a good one subscribes the channel.
func TestDigestModalGatewayAndHTTP(t *testing.T) {
	ctx := context.Background()
	st := storetest.Open(t, store.Options{})
	d, err := handlers.NewDigest(ctx, st, st, handlers.DigestOptions{DefaultSchedule: "0 8 * * 2", DefaultTimezone: "Asia/Tokyo"})
	if err != nil {
		t.Fatal(err)
	}
	router, err := handlers.New(ctx, st, handlers.Options{Digest: d})
	if err != nil {
		t.Fatal(err)
	}
	digestCmd := func(id, token string) map[string]any {
		i := slashInteraction(id, token, "en-US", "")
		i["member"] = member("32") // Manage Server
		i["data"] = map[string]any{"id": "771825006014889990", "name": "digest", "type": 1,
			"options": []any{map[string]any{"type": 1, "name": "subscribe", "options": []any{}}}}
		return i
	}
	submit := func(id, token, weekday, clock, tz string) map[string]any {
		i := digestCmd(id, token)
		i["type"] = 5
		row := func(cid, v string) map[string]any {
			return map[string]any{"type": 1, "components": []any{map[string]any{"type": 4, "custom_id": cid, "value": v}}}
		}
		i["data"] = map[string]any{"custom_id": digestFormID, "components": []any{
			row(handlers.FormWeekday, weekday), row(handlers.FormTime, clock), row(handlers.FormTimezone, tz)}}
		return i
	}

	// Gateway.
	fake := newFakeDiscord(t)
	_, conn, _ := startGateway(t, fake, router, &syncBuffer{})
	conn.dispatch("INTERACTION_CREATE", digestCmd("400", "tok-m"))
	cb := fake.next(t, "the modal", pathIs("POST", callbackPath("400", "tok-m")))
	mustValidate(t, "ModalInteractionCallbackRequest", cb.Body)
	resp := decode(t, cb.Body)
	body := string(cb.Body)
	if resp["type"] != 9.0 || !strings.Contains(body, `"value":"tue"`) || !strings.Contains(body, `"value":"08:00"`) || !strings.Contains(body, `"value":"Asia/Tokyo"`) {
		t.Fatalf("modal = %s", body)
	}
	conn.dispatch("INTERACTION_CREATE", submit("401", "tok-s1", "fri", "25:00", "Asia/Tokyo"))
	cb = fake.next(t, "the refused submission", pathIs("POST", callbackPath("401", "tok-s1")))
	data := decode(t, cb.Body)["data"].(map[string]any)
	if data["flags"] != 64.0 || !strings.Contains(data["content"].(string), "Time") {
		t.Errorf("bad time answered %v", data)
	}
	if _, ok, _ := st.Subscription(ctx, knowledge.Discord, "645027906669510667"); ok {
		t.Fatal("a refused form subscribed")
	}
	conn.dispatch("INTERACTION_CREATE", submit("402", "tok-s2", "fri", "18:30", "Europe/Berlin"))
	cb = fake.next(t, "the good submission", pathIs("POST", callbackPath("402", "tok-s2")))
	mustValidate(t, "CreateMessageInteractionCallbackRequest", cb.Body)
	sub, ok, err := st.Subscription(ctx, knowledge.Discord, "645027906669510667")
	if err != nil || !ok || sub.Schedule != "30 18 * * 5" || sub.Timezone != "Europe/Berlin" {
		t.Fatalf("subscription %+v %v %v", sub, ok, err)
	}

	// HTTP endpoint: the same modal in the response body.
	s := newSigner(t)
	hb := httpBot(t, s, router, Config{})
	w := serve(hb, s.request(mustJSON(t, digestCmd("410", "tok-h")), fixedNow))
	if w.Code != 200 {
		t.Fatalf("HTTP: %d %s", w.Code, w.Body)
	}
	mustValidate(t, "ModalInteractionCallbackRequest", w.Body.Bytes())
	if decode(t, w.Body.Bytes())["type"] != 9.0 {
		t.Errorf("HTTP answered %s", w.Body)
	}
	w = serve(hb, s.request(mustJSON(t, submit("411", "tok-h2", "someday", "09:00", "Asia/Tokyo")), fixedNow))
	if !strings.Contains(w.Body.String(), "Weekday") {
		t.Errorf("HTTP bad weekday answered %s", w.Body)
	}
}
