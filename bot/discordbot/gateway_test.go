package discordbot

import (
	"bytes"
	"context"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"
)

// Interaction payloads as Discord sends them (shapes follow the docs'
// example in testdata/fixtures/discord-docs-example-slash-interaction.json).

func member(perms string) map[string]any {
	return map[string]any{
		"user":        map[string]any{"id": "53908232506183680", "username": "mason", "global_name": "Mason"},
		"roles":       []any{},
		"permissions": perms,
		"joined_at":   "2017-03-13T19:19:14.040000+00:00",
	}
}

func slashInteraction(id, token, locale, topic string) map[string]any {
	return map[string]any{
		"type": 2, "id": id, "application_id": "app1", "token": token, "version": 1,
		"guild_id": "290926798626357999", "channel_id": "645027906669510667",
		"locale": locale, "guild_locale": "en-US", "app_permissions": "442368",
		"member": member("0"),
		"data": map[string]any{"id": "771825006014889984", "name": "salary", "type": 1,
			"options": []any{map[string]any{"type": 3, "name": "topic", "value": topic}}},
	}
}

func autocompleteInteraction(id, token, partial string) map[string]any {
	return map[string]any{
		"type": 4, "id": id, "application_id": "app1", "token": token, "version": 1,
		"guild_id": "290926798626357999", "channel_id": "645027906669510667",
		"locale": "en-US", "member": member("0"),
		"data": map[string]any{"id": "771825006014889985", "name": "compare", "type": 1,
			"options": []any{
				map[string]any{"type": 3, "name": "a", "value": "go"},
				map[string]any{"type": 3, "name": "b", "value": partial, "focused": true},
			}},
	}
}

func buttonInteraction(id, token, customID string) map[string]any {
	return map[string]any{
		"type": 3, "id": id, "application_id": "app1", "token": token, "version": 1,
		"guild_id": "290926798626357999", "channel_id": "645027906669510667",
		"locale": "en-US", "member": member("0"),
		"message": map[string]any{"id": "1300000000000000000", "channel_id": "645027906669510667", "content": "", "embeds": []any{}},
		"data":    map[string]any{"custom_id": customID, "component_type": 2},
	}
}

func callbackPath(id, token string) string {
	return "/api/v9/interactions/" + id + "/" + token + "/callback"
}

// syncBuffer is a goroutine-safe log sink.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// startGateway runs the bot against the fake until the test ends.
func startGateway(t *testing.T, fake *fakeDiscord, eng Engine, logs *syncBuffer, opts ...func(*Bot)) (*Bot, *gwConn, func() error) {
	t.Helper()
	b := newTestBot(t, Config{Token: "test-token", AppID: "app1", HTTPClient: fake.client(),
		Logger: slog.New(slog.NewTextHandler(logs, nil))}, eng, &memState{})
	for _, o := range opts {
		o(b)
	}
	ctx, cancel := context.WithCancel(context.Background())
	errc := make(chan error, 1)
	go func() { errc <- b.RunGateway(ctx) }()
	stopped := false
	stop := func() error {
		if stopped {
			return nil
		}
		stopped = true
		cancel()
		select {
		case err := <-errc:
			return err
		case <-time.After(waitTimeout):
			t.Fatal("RunGateway did not return after cancel")
			return nil
		}
	}
	t.Cleanup(func() { stop() })
	return b, fake.nextConn(t), stop
}

func TestGatewayEndToEnd(t *testing.T) {
	fake := newFakeDiscord(t)
	eng := &fakeEngine{}
	logs := &syncBuffer{}
	_, conn, stop := startGateway(t, fake, eng, logs)

	id := decode(t, mustJSON(t, conn.first))
	d := id["d"].(map[string]any)
	if id["op"] != 2.0 || d["token"] != "Bot test-token" || d["intents"] != 4609.0 {
		t.Fatalf("IDENTIFY should carry the bot token and the guilds, guild messages and DM intents (no privileged one), got op %v token %v intents %v", id["op"], d["token"], d["intents"])
	}

	// A slash command gets an ephemeral embed answer with a share button.
	conn.dispatch("INTERACTION_CREATE", slashInteraction("100", "tok-1", "ja", "go"))
	cb := fake.next(t, "the command's callback", pathIs("POST", callbackPath("100", "tok-1")))
	mustValidate(t, "CreateMessageInteractionCallbackRequest", cb.Body)
	if got := cb.Header.Get("Authorization"); got != "Bot test-token" {
		t.Errorf("callback authorization = %q", got)
	}
	resp := decode(t, cb.Body)
	data := resp["data"].(map[string]any)
	if resp["type"] != 4.0 || data["flags"] != 64.0 {
		t.Errorf("want type 4 with flags 64, got type %v flags %v", resp["type"], data["flags"])
	}
	embeds := data["embeds"].([]any)
	if len(embeds) == 0 || !strings.Contains(embeds[0].(map[string]any)["title"].(string), "go") {
		t.Errorf("want an embed titled with the topic, got %v", embeds)
	}
	assertNoMentions(t, data)
	customID := shareButtonID(t, data)
	if customID != "share:v:salary go" {
		t.Errorf("share custom_id = %q", customID)
	}
	req := eng.lastRequest(t)
	if req.Command != "salary" || req.Args != "go" || req.Locale != "ja" || req.Platform != "discord" || req.UserName != "Mason" || req.IsAdmin {
		t.Errorf("request = %+v", req)
	}

	// Autocomplete answers with the matching topics, in the user's locale.
	conn.dispatch("INTERACTION_CREATE", autocompleteInteraction("101", "tok-2", "ru"))
	cb = fake.next(t, "the autocomplete callback", pathIs("POST", callbackPath("101", "tok-2")))
	mustValidate(t, "ApplicationCommandAutocompleteCallbackRequest", cb.Body)
	resp = decode(t, cb.Body)
	if resp["type"] != 8.0 {
		t.Errorf("autocomplete callback type = %v, want 8", resp["type"])
	}
	var names, values []string
	for _, c := range resp["data"].(map[string]any)["choices"].([]any) {
		names = append(names, c.(map[string]any)["name"].(string))
		values = append(values, c.(map[string]any)["value"].(string))
	}
	if strings.Join(names, ",") != "Rust,Ruby" || strings.Join(values, ",") != "rust,ruby" {
		t.Errorf("choices = %v / %v, want Rust,Ruby / rust,ruby", names, values)
	}

	// The share button posts the answer to the channel, attributed in plain
	// text, and acknowledges the click privately.
	conn.dispatch("INTERACTION_CREATE", buttonInteraction("102", "tok-3", customID))
	post := fake.next(t, "the shared post", pathIs("POST", "/api/v9/channels/645027906669510667/messages"))
	mustValidate(t, "MessageCreateRequest", post.Body)
	msg := decode(t, post.Body)
	assertNoMentions(t, msg)
	if !strings.Contains(msg["content"].(string), "Shared by Mason") {
		t.Errorf("shared post content = %q, want the clicker's name", msg["content"])
	}
	if _, ok := msg["components"].([]any); ok && len(msg["components"].([]any)) > 0 {
		t.Errorf("a shared post must not carry a share button: %v", msg["components"])
	}
	cb = fake.next(t, "the click's callback", pathIs("POST", callbackPath("102", "tok-3")))
	mustValidate(t, "CreateMessageInteractionCallbackRequest", cb.Body)
	if d := decode(t, cb.Body)["data"].(map[string]any); d["flags"] != 64.0 {
		t.Errorf("the click should be acknowledged ephemerally, got %v", d)
	}

	// Without permission to post in the channel, the click is answered with
	// the public answer itself.
	fake.setReply(func(r recorded) (int, http.Header, string) {
		if r.Method == http.MethodPost && strings.HasSuffix(r.Path, "/messages") {
			return 403, nil, `{"message":"Missing Permissions","code":50013}`
		}
		return 0, nil, ""
	})
	conn.dispatch("INTERACTION_CREATE", buttonInteraction("104", "tok-5", customID))
	cb = fake.next(t, "the fallback callback", pathIs("POST", callbackPath("104", "tok-5")))
	mustValidate(t, "CreateMessageInteractionCallbackRequest", cb.Body)
	fb := decode(t, cb.Body)["data"].(map[string]any)
	if fb["flags"] != nil || len(fb["embeds"].([]any)) == 0 || !strings.Contains(fb["content"].(string), "Shared by Mason") {
		t.Errorf("fallback should answer publicly with the shared answer, got %s", cb.Body)
	}
	fake.setReply(nil)

	// When app_permissions says the bot may not post here, it does not try.
	noPost := buttonInteraction("106", "tok-7", customID)
	noPost["app_permissions"] = "1024" // View Channel only
	conn.dispatch("INTERACTION_CREATE", noPost)
	posted := false
	cb = fake.next(t, "the callback without posting", func(r recorded) bool {
		if r.Method == http.MethodPost && strings.HasSuffix(r.Path, "/messages") {
			posted = true
		}
		return r.Path == callbackPath("106", "tok-7")
	})
	if d := decode(t, cb.Body)["data"].(map[string]any); posted || d["flags"] != nil {
		t.Errorf("without Send Messages the click should be answered publicly without a post (posted %v, flags %v)", posted, d["flags"])
	}

	// A dropped connection is resumed, and the next interaction answered.
	lastSeq := conn.seq
	conn.drop()
	conn2 := fake.nextConn(t)
	r := conn2.first
	rd := r["d"].(map[string]any)
	if r["op"] != 6.0 || rd["session_id"] != "sess-1" || rd["seq"] != float64(lastSeq) {
		t.Fatalf("after a drop discordgo should RESUME sess-1 at seq %d, got %v", lastSeq, r)
	}
	conn2.dispatch("INTERACTION_CREATE", slashInteraction("103", "tok-4", "en-US", "rust"))
	cb = fake.next(t, "the callback after the reconnect", pathIs("POST", callbackPath("103", "tok-4")))
	if decode(t, cb.Body)["type"] != 4.0 {
		t.Errorf("after reconnect: %s", cb.Body)
	}
	// discordgo runs event handlers in their own goroutines, so the log
	// lines may trail the callback.
	eventually(t, "the disconnect and resume to be logged", func() bool {
		l := logs.String()
		return strings.Contains(l, "gateway disconnected") && strings.Contains(l, "gateway session resumed")
	})

	// Discord asking for a reconnect (op 7) is handled the same way.
	lastSeq = conn2.seq
	if err := conn2.send(7, "", 0, nil); err != nil {
		t.Fatal(err)
	}
	conn3 := fake.nextConn(t)
	if r := conn3.first; r["op"] != 6.0 || r["d"].(map[string]any)["seq"] != float64(lastSeq) {
		t.Fatalf("after op 7 discordgo should RESUME at seq %d, got %v", lastSeq, r)
	}
	conn3.dispatch("INTERACTION_CREATE", slashInteraction("105", "tok-6", "ja", "go"))
	fake.next(t, "the callback after op 7", pathIs("POST", callbackPath("105", "tok-6")))

	// Cancelling closes the session cleanly.
	if err := stop(); err != nil {
		t.Fatalf("RunGateway returned %v", err)
	}
	select {
	case <-conn3.done:
	case <-time.After(waitTimeout):
		t.Fatal("the gateway connection stayed open after shutdown")
	}
}

func TestGatewayHonoursRateLimits(t *testing.T) {
	fake := newFakeDiscord(t)
	var mu sync.Mutex
	limited := false
	fake.setReply(func(r recorded) (int, http.Header, string) {
		mu.Lock()
		defer mu.Unlock()
		if strings.HasSuffix(r.Path, "/callback") && !limited {
			limited = true
			// What Discord sends with a 429 (docs: Rate Limits).
			return 429, http.Header{
				"Retry-After":             {"1"},
				"X-Ratelimit-Limit":       {"1"},
				"X-Ratelimit-Remaining":   {"0"},
				"X-Ratelimit-Reset-After": {"0.05"},
				"X-Ratelimit-Bucket":      {"a1b2c3"},
				"X-Ratelimit-Scope":       {"user"},
			}, `{"message":"You are being rate limited.","retry_after":0.05,"global":false}`
		}
		return 0, nil, ""
	})
	logs := &syncBuffer{}
	_, conn, _ := startGateway(t, fake, &fakeEngine{}, logs)
	conn.dispatch("INTERACTION_CREATE", slashInteraction("200", "tok-rl", "en-US", "go"))
	first := fake.next(t, "the rate-limited callback", pathIs("POST", callbackPath("200", "tok-rl")))
	second := fake.next(t, "the retried callback", pathIs("POST", callbackPath("200", "tok-rl")))
	if !bytes.Equal(first.Body, second.Body) {
		t.Errorf("the retry should resend the same answer")
	}
	eventually(t, "the 429 to be logged", func() bool { return strings.Contains(logs.String(), "rate limited by Discord") })
}

func TestGatewayDefersSlowAnswers(t *testing.T) {
	fake := newFakeDiscord(t)
	gate := make(chan struct{})
	eng := &fakeEngine{gate: gate}
	// The engine blocks until the gate opens, so it is always "slow".
	_, conn, _ := startGateway(t, fake, eng, &syncBuffer{}, func(b *Bot) { b.deferAfter = time.Millisecond })
	conn.dispatch("INTERACTION_CREATE", slashInteraction("300", "tok-slow", "en-US", "go"))
	cb := fake.next(t, "the deferral", pathIs("POST", callbackPath("300", "tok-slow")))
	mustValidate(t, "CreateMessageInteractionCallbackRequest", cb.Body)
	resp := decode(t, cb.Body)
	if resp["type"] != 5.0 || resp["data"].(map[string]any)["flags"] != 64.0 {
		t.Fatalf("want a type 5 ephemeral deferral, got %s", cb.Body)
	}
	close(gate)
	edit := fake.next(t, "the follow-up edit", pathIs("PATCH", "/api/v9/webhooks/app1/tok-slow/messages/@original"))
	m := decode(t, edit.Body)
	assertNoMentions(t, m)
	if e, _ := m["embeds"].([]any); len(e) == 0 {
		t.Errorf("the follow-up should carry the answer's embeds: %s", edit.Body)
	}
}

// eventually waits until cond holds, failing after waitTimeout.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(waitTimeout)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}
