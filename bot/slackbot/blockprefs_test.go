package slackbot

import (
	"context"
	"errors"
	"strings"
	"testing"

	"careerbot/handlers"
	"careerbot/knowledge"
	"careerbot/store"
	"careerbot/store/storetest"
)

var _ StateStore = (*store.Store)(nil)

// A workspace that answered invalid_blocks is remembered in the store's
// state table: a bot started afresh over the same store (a restart) sends
// its first post there without chart blocks. Another workspace's key is
// not touched, and a store that cannot be read only costs the blocks'
// retry, never the answer.
func TestChartRefusalSurvivesRestart(t *testing.T) {
	f := newFakeSlack(t)
	f.rejectCharts = true
	st := storetest.Open(t, store.Options{})
	newBot := func(state StateStore) *Bot {
		b, err := New(Config{BotToken: "xoxb-test", APIURL: f.server.URL + "/", Logger: testLogger(t), State: state}, &fakeEngine{})
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	reply := handlers.Reply{Title: "比較", Locale: knowledge.JA, Charts: []handlers.Chart{chartOf(handlers.ChartBar, knowledge.KindAverage, "Go言語", "Node.js")}}
	ctx := t.Context()

	if _, err := newBot(st).Post(ctx, "C1", reply, "m1"); err != nil {
		t.Fatalf("Post: %v", err)
	}
	if n := f.count("chat.postMessage"); n != 2 {
		t.Fatalf("%d posts, want 2 (refused, resent without the chart block)", n)
	}
	// The digest posts as the token's workspace, "".
	if v, ok, err := st.GetState(ctx, chartBlocksKey); err != nil || !ok || v == "" {
		t.Fatalf("state after the refusal: %q %v %v", v, ok, err)
	}
	if _, ok, _ := st.GetState(ctx, chartBlocksKey+"T999"); ok {
		t.Error("another workspace was marked")
	}

	restarted := newBot(st)
	if _, err := restarted.Post(ctx, "C1", reply, "m2"); err != nil {
		t.Fatalf("Post after restart: %v", err)
	}
	f.mu.Lock()
	last := f.all[len(f.all)-1]
	f.mu.Unlock()
	if last.Method != "chat.postMessage" || strings.Contains(last.Form.Get("blocks"), "data_visualization") || !strings.Contains(last.Form.Get("blocks"), "900万円/年") {
		t.Errorf("after a restart the refusing workspace got %s: %s", last.Method, last.Form.Get("blocks"))
	}
	if n := f.count("chat.postMessage"); n != 3 {
		t.Errorf("%d posts, want 3: the restarted bot must not try the chart block again", n)
	}

	// A state store that fails: the answer still goes out, with the
	// fallback, and the refusal is remembered in memory.
	broken := newBot(failingState{})
	f.mu.Lock()
	f.all = nil
	f.mu.Unlock()
	for _, m := range []string{"m3", "m4"} {
		if _, err := broken.Post(ctx, "C1", reply, m); err != nil {
			t.Fatalf("Post with a failing state store: %v", err)
		}
	}
	if n := f.count("chat.postMessage"); n != 3 {
		t.Errorf("%d posts with a failing store, want 3 (refused, resent, plain)", n)
	}
}

type failingState struct{}

func (failingState) GetState(context.Context, string) (string, bool, error) {
	return "", false, errors.New("disk on fire")
}
func (failingState) SetState(context.Context, string, string) error {
	return errors.New("disk on fire")
}
