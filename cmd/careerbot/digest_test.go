package main

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"careerbot/knowledge"
	"careerbot/store"
)

func digestTestApp(t *testing.T) *app {
	t.Helper()
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(t.TempDir(), "c.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	data, err := knowledge.Load(knowledge.Curated, knowledge.CuratedDir)
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := st.Sync(ctx, data, "test"); err != nil {
		t.Fatal(err)
	}
	return &app{store: st, log: slog.New(slog.NewTextHandler(io.Discard, nil)), cfg: config{DefaultLocale: knowledge.JA,
		DigestSchedule: "0 9 * * 1", DigestTimezone: "Asia/Tokyo", DigestGrace: 24 * time.Hour}}
}

func TestDigestCommandPreview(t *testing.T) {
	a := digestTestApp(t)
	var out bytes.Buffer
	if err := digestCommand(context.Background(), a, []string{"preview", "--locale", "en", "--date", "2026-12-02"}, &out); err != nil {
		t.Fatal(err)
	}
	text := out.String()
	for _, want := range []string{"== Weekly career digest · week of 2026-11-30 ==", "Career path:", "One action for this week", "Sources:"} {
		if !strings.Contains(text, want) {
			t.Errorf("preview lacks %q:\n%s", want, text)
		}
	}
	// The same date gives the same digest; the next week another one.
	var again, next bytes.Buffer
	digestCommand(context.Background(), a, []string{"preview", "--locale", "en", "--date", "2026-11-30"}, &again)
	digestCommand(context.Background(), a, []string{"preview", "--locale", "en", "--date", "2026-12-07"}, &next)
	if again.String() != text || next.String() == text {
		t.Error("preview is not a function of the week")
	}
	for _, bad := range [][]string{{"preview", "--date", "2026/12/02"}, {"preview", "--locale", "fr"}, {"send-now"}, {"send-now", "--channel", "irc:x"}, {"launch"}} {
		if err := digestCommand(context.Background(), a, bad, io.Discard); err == nil {
			t.Errorf("%v accepted", bad)
		}
	}
	err := digestCommand(context.Background(), a, []string{"send-now", "--channel", "slack:C1"}, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "SLACK_BOT_TOKEN") {
		t.Errorf("send-now without tokens: %v", err)
	}
}
