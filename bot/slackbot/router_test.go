package slackbot

import (
	"context"
	"encoding/json"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"careerbot/handlers"
	"careerbot/knowledge"
	"careerbot/store"
	"careerbot/store/storetest"
)

// realRouter is the engine careerbot runs, over the curated data in a
// temporary SQLite file.
func realRouter(t *testing.T) *handlers.Router { return realRouterB(t) }

func realRouterB(t testing.TB) *handlers.Router {
	t.Helper()
	ctx := context.Background()
	st := storetest.Open(t, store.Options{})
	r, err := handlers.New(ctx, st, handlers.Options{DefaultLocale: knowledge.JA})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// TestRealRouterEndToEnd: signed HTTP slash commands answered by the real
// engine render within limits, and its share value round-trips through
// the Share button to a public post.
func TestRealRouterEndToEnd(t *testing.T) {
	const secret, now = "s3cret", 1_700_000_000
	f := newFakeSlack(t)
	f.locales["U2147483697"] = "ja-JP"
	f.locales["U123ABC456"] = "en-US"
	b := newHTTPBot(t, secret, now, realRouter(t), f.server.URL+"/")
	var shareValue string
	for _, tc := range []struct{ command, text string }{
		{"/salary", "go"}, {"/career", "salary go"}, {"/compare", "go rails node"}, {"/path", "techlead"},
		{"/skills", "go"}, {"/kpi", "fullstack"}, {"/market", ""}, {"/jobs", "aws"}, {"/ask", "年収1000万円"},
		{"/careerhelp", ""}, {"/salary", "<!channel> cobol"}, {"/nosuch", ""},
	} {
		body, h := signedForm(secret, now, slashForm(tc.command, tc.text))
		w := post(b.HTTPHandler(), body, h)
		if w.Code != 200 {
			t.Fatalf("%s %s: status %d", tc.command, tc.text, w.Code)
		}
		var raw struct {
			Blocks []map[string]any `json:"blocks"`
		}
		if err := json.Unmarshal(w.Body.Bytes(), &raw); err != nil {
			t.Fatal(err)
		}
		for _, v := range checkRaw(w.Body.Bytes(), ackBudget) {
			t.Errorf("%s %s: %s", tc.command, tc.text, v)
		}
		if len(raw.Blocks) == 0 {
			t.Errorf("%s %s: no blocks: %s", tc.command, tc.text, w.Body)
		}
		if w.Body.Len() >= ackBudget {
			t.Errorf("%s %s: %d bytes", tc.command, tc.text, w.Body.Len())
		}
		if strings.Contains(w.Body.String(), "<!channel>") || strings.Contains(w.Body.String(), `\u003c!channel`) {
			t.Errorf("%s %s: a live mention in %s", tc.command, tc.text, w.Body)
		}
		if tc.command == "/salary" && tc.text == "go" {
			for _, blk := range raw.Blocks {
				if blk["type"] == "actions" {
					els := blk["elements"].([]any)
					shareValue, _ = els[0].(map[string]any)["value"].(string)
				}
			}
		}
	}
	if shareValue == "" {
		t.Fatal("/salary go has no Share button")
	}
	payload, _ := json.Marshal(blockActionsPayload(shareValue))
	body, h := signedForm(secret, now, url.Values{"payload": {string(payload)}})
	if w := post(b.HTTPHandler(), body, h); w.Code != 200 {
		t.Fatalf("share: %d", w.Code)
	}
	call := f.nextCall("chat.postMessage")
	if blocks := call.Form.Get("blocks"); !strings.Contains(blocks, "Rainer") || call.Form.Get("channel") != "C123ABC456" {
		t.Errorf("shared post %v", call.Form)
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
