package discordbot

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"careerbot/bot/delivery"
	"careerbot/handlers"
	"careerbot/knowledge"
)

var _ delivery.Poster[handlers.Reply] = (*Bot)(nil)

func digestReply() handlers.Reply {
	return handlers.Reply{
		Title:       "今週のマーケット",
		Paragraphs:  []string{"Go の案件単価は上昇傾向です。 @everyone"},
		Sources:     []handlers.Citation{{Name: "レバテック", Year: 2024}},
		Actions:     []handlers.Action{{Kind: handlers.ActionShare, Label: "共有", Value: "market"}},
		Suggestions: []handlers.Suggestion{{Label: "詳しく: 市場動向", Command: "/market"}},
		Visibility:  handlers.Private,
		Locale:      knowledge.JA,
	}
}

func TestPostAndFindPost(t *testing.T) {
	fake := newFakeDiscord(t)
	b := newTestBot(t, Config{Token: "tok", AppID: "app1", HTTPClient: fake.client()}, &fakeEngine{}, nil)
	ctx := context.Background()
	since := time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)

	if _, found, err := b.FindPost(ctx, "c1", "digest-c1-2026W48", since); err != nil || found {
		t.Fatalf("empty channel: found=%v err=%v", found, err)
	}
	get := fake.next(t, "the history read", pathIs(http.MethodGet, "/api/v9/channels/c1/messages"))
	if want := snowflakeAt(since); get.Query.Get("after") != want || get.Query.Get("limit") != "100" {
		t.Errorf("history query %v, want after=%s limit=100", get.Query, want)
	}

	id, err := b.Post(ctx, "c1", digestReply(), "digest-c1-2026W48")
	if err != nil || id == "" {
		t.Fatalf("Post: %q %v", id, err)
	}
	post := fake.next(t, "the digest post", pathIs(http.MethodPost, "/api/v9/channels/c1/messages"))
	mustValidate(t, "MessageCreateRequest", post.Body)
	m := decode(t, post.Body)
	assertNoMentions(t, m)
	if m["nonce"] != nonceFor("digest-c1-2026W48") || m["enforce_nonce"] != true || len(m["nonce"].(string)) != 25 {
		t.Errorf("nonce %v enforce %v", m["nonce"], m["enforce_nonce"])
	}
	// No Share (it is already public), but each part's suggestion is a
	// button that answers the presser privately.
	if c, _ := m["components"].([]any); !strings.Contains(fmt.Sprint(c), tryPrefix) || strings.Contains(fmt.Sprint(c), sharePrefix) {
		t.Errorf("a digest post has suggestion buttons and no Share: %v", m["components"])
	}
	embeds := m["embeds"].([]any)
	footer := embeds[len(embeds)-1].(map[string]any)["footer"].(map[string]any)["text"].(string)
	if !strings.HasSuffix(footer, "careerbot digest · digest-c1-2026W48") {
		t.Errorf("footer %q lacks the marker", footer)
	}

	got, found, err := b.FindPost(ctx, "c1", "digest-c1-2026W48", since)
	if err != nil || !found || got != id {
		t.Errorf("FindPost = %q %v %v, want %q", got, found, err, id)
	}
	if _, found, _ := b.FindPost(ctx, "c1", "digest-c1-2026W49", since); found {
		t.Errorf("another week's marker must not match")
	}
}

func TestPostClassifiesErrors(t *testing.T) {
	cases := []struct {
		name       string
		status     int
		header     http.Header
		body       string
		permanent  bool
		retryAfter time.Duration
	}{
		{"unknown channel", 404, nil, `{"message":"Unknown Channel","code":10003}`, true, 0},
		{"missing access", 403, nil, `{"message":"Missing Access","code":50001}`, true, 0},
		{"missing permissions", 403, nil, `{"message":"Missing Permissions","code":50013}`, true, 0},
		{"rate limited", 429, http.Header{"Retry-After": {"1"}, "X-Ratelimit-Remaining": {"0"}, "X-Ratelimit-Reset-After": {"0.25"}, "X-Ratelimit-Scope": {"user"}},
			`{"message":"You are being rate limited.","retry_after":0.25,"global":false}`, false, 250 * time.Millisecond},
		{"server error", 500, nil, `{"message":"Internal Server Error","code":0}`, false, 0},
		{"unavailable", 503, nil, ``, false, 0},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			fake := newFakeDiscord(t)
			fake.setReply(func(recorded) (int, http.Header, string) { return tc.status, tc.header, tc.body })
			b := newTestBot(t, Config{Token: "tok", HTTPClient: fake.client()}, &fakeEngine{}, nil)
			_, err := b.Post(context.Background(), "c1", digestReply(), "m")
			if err == nil {
				t.Fatal("want an error")
			}
			perm, after := delivery.Classify(err)
			if perm != tc.permanent || after != tc.retryAfter {
				t.Errorf("Classify = permanent %v retry %v, want %v %v (%v)", perm, after, tc.permanent, tc.retryAfter, err)
			}
			_, _, err = b.FindPost(context.Background(), "c1", "m", time.Now())
			if perm, _ := delivery.Classify(err); err == nil || perm != tc.permanent {
				t.Errorf("FindPost: %v", err)
			}
		})
	}
	t.Run("network", func(t *testing.T) {
		fake := newFakeDiscord(t)
		client := fake.client()
		fake.srv.Close()
		b := newTestBot(t, Config{Token: "tok", HTTPClient: client}, &fakeEngine{}, nil)
		_, err := b.Post(context.Background(), "c1", digestReply(), "m")
		if perm, _ := delivery.Classify(err); err == nil || perm {
			t.Errorf("a network failure is transient: %v", err)
		}
	})
}

func TestSnowflakeAt(t *testing.T) {
	// Discord's docs: 175928847299117063 was created at 2016-04-30 11:18:25.796 UTC.
	at := time.Date(2016, 4, 30, 11, 18, 25, 796e6, time.UTC)
	got := snowflakeAt(at)
	if !snowflakeLess(got, "175928847299117063") && got != "175928847299117063" {
		t.Errorf("snowflake %s should not be after the docs' example", got)
	}
	if want := uint64(175928847299117063) >> 22 << 22; got != strconvU(want) {
		t.Errorf("snowflakeAt = %s, want %d", got, want)
	}
	if snowflakeAt(time.Unix(0, 0)) != "0" {
		t.Errorf("before Discord's epoch")
	}
}

func strconvU(u uint64) string { return strconv.FormatUint(u, 10) }
