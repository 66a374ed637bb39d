package slackbot

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/slack-go/slack"

	"careerbot/bot/delivery"
	"careerbot/handlers"
)

func newPosterBot(t *testing.T, f *fakeSlack) *Bot {
	t.Helper()
	b, err := New(Config{BotToken: "xoxb-test", APIURL: f.server.URL + "/", Logger: testLogger(t)}, &fakeEngine{})
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestPostAndFindDigest: Post sends the marker as message metadata and
// FindPost finds it again in the channel history.
func TestPostAndFindDigest(t *testing.T) {
	f := newFakeSlack(t)
	b := newPosterBot(t, f)
	ctx := context.Background()
	ts, err := b.Post(ctx, "C1", handlers.Reply{Title: "Weekly digest", Paragraphs: []string{"<!channel> news"},
		Suggestions: []handlers.Suggestion{{Label: "More: market trends", Command: "/market"}}}, "digest:C1:2026-W48")
	if err != nil || ts == "" {
		t.Fatalf("Post = %q, %v", ts, err)
	}
	call := f.nextCall("chat.postMessage")
	var meta slack.SlackMetadata
	if err := json.Unmarshal([]byte(call.Form.Get("metadata")), &meta); err != nil {
		t.Fatalf("metadata %q: %v", call.Form.Get("metadata"), err)
	}
	// Each part's suggestion is a button that answers the presser privately.
	if blocks := call.Form.Get("blocks"); !strings.Contains(blocks, `"type":"actions"`) || !strings.Contains(blocks, "/market") {
		t.Errorf("the digest has no suggestion button: %s", blocks)
	}
	if meta.EventType != "careerbot_digest" || meta.EventPayload["marker"] != "digest:C1:2026-W48" || call.Form.Get("channel") != "C1" {
		t.Errorf("posted %v", call.Form)
	}

	f.mu.Lock()
	f.history = []map[string]any{
		{"type": "message", "ts": "1700000000.000001", "text": "hello"},
		{"type": "message", "ts": "1700000000.000009", "text": "digest",
			"metadata": map[string]any{"event_type": "careerbot_digest", "event_payload": map[string]any{"marker": "digest:C1:2026-W48"}}},
	}
	f.mu.Unlock()
	since := time.Unix(1_699_990_000, 500_000_000)
	id, found, err := b.FindPost(ctx, "C1", "digest:C1:2026-W48", since)
	if err != nil || !found || id != "1700000000.000009" {
		t.Errorf("FindPost = %q %v %v", id, found, err)
	}
	hist := f.nextCall("conversations.history")
	if hist.Form.Get("oldest") != "1699990000.500000" || hist.Form.Get("include_all_metadata") != "1" {
		t.Errorf("conversations.history with %v", hist.Form)
	}
	if _, found, err := b.FindPost(ctx, "C1", "digest:C1:2026-W49", since); err != nil || found {
		t.Errorf("found a marker that was never posted (%v)", err)
	}
}

// TestPostErrorClassification: errors that retrying cannot cure pause the
// subscription; rate limits carry Slack's delay.
func TestPostErrorClassification(t *testing.T) {
	for _, tc := range []struct {
		slackErr  string
		permanent bool
	}{
		{"channel_not_found", true}, {"not_in_channel", true}, {"is_archived", true},
		{"account_inactive", true}, {"invalid_auth", true}, {"missing_scope", true},
		{"internal_error", false}, {"fatal_error", false},
	} {
		f := newFakeSlack(t)
		f.postErr = tc.slackErr
		b := newPosterBot(t, f)
		_, err := b.Post(context.Background(), "C1", handlers.Reply{Title: "x"}, "m")
		var de *delivery.Error
		if !errors.As(err, &de) {
			t.Fatalf("%s: error %v is not a delivery.Error", tc.slackErr, err)
		}
		if perm, _ := delivery.Classify(err); perm != tc.permanent {
			t.Errorf("%s: permanent = %v, want %v", tc.slackErr, perm, tc.permanent)
		}
	}

	// Retry-After longer than the bot waits in place goes back to the scheduler.
	f := newFakeSlack(t)
	f.post429 = 5
	b := newPosterBot(t, f)
	b.maxRetryWait = 500 * time.Millisecond
	_, err := b.Post(context.Background(), "C1", handlers.Reply{Title: "x"}, "m")
	if perm, after := delivery.Classify(err); perm || after != time.Second {
		t.Errorf("429: permanent %v, retry after %v, want transient after 1s (%v)", perm, after, err)
	}
	if n := f.count("chat.postMessage"); n != 1 {
		t.Errorf("chat.postMessage called %d times, want 1", n)
	}

	// Without a bot token nothing can be posted, permanently.
	nb, err := New(Config{SigningSecret: "s"}, &fakeEngine{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := nb.Post(context.Background(), "C1", handlers.Reply{}, "m"); err == nil {
		t.Error("posted without a token")
	} else if perm, _ := delivery.Classify(err); !perm {
		t.Error("no token should be a permanent failure")
	}
}

func TestNewRejectsBadSettings(t *testing.T) {
	for _, cfg := range []Config{
		{},
		{BotToken: "xoxp-user", AppToken: "xapp-1"},
		{BotToken: "xoxb-1", AppToken: "xoxb-notapp"},
		{SigningSecret: "s", APIURL: "http://127.0.0.1:1/api"},
	} {
		if _, err := New(cfg, &fakeEngine{}); err == nil {
			t.Errorf("New(%+v) accepted", cfg)
		}
	}
	if _, err := New(Config{SigningSecret: "s"}, nil); err == nil {
		t.Error("New accepted a nil engine")
	}
}

func TestUserCacheBounded(t *testing.T) {
	c := newCache[userInfo](3, time.Minute)
	now := time.Unix(1_700_000_000, 0)
	for i := range 10 {
		c.put(string(rune('a'+i)), userInfo{}, now, 0)
	}
	if c.len() > 3 {
		t.Errorf("cache holds %d entries, bound 3", c.len())
	}
	c.put("x", userInfo{name: "x"}, now, 0)
	if _, ok := c.get("x", now.Add(2*time.Minute)); ok {
		t.Error("an expired entry was returned")
	}
	if u, ok := c.get("x", now.Add(30*time.Second)); !ok || u.name != "x" {
		t.Error("a fresh entry was not returned")
	}
}
