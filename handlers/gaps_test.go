package handlers_test

import (
	"context"
	"fmt"
	"log/slog"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"careerbot/handlers"
	"careerbot/knowledge"
	"careerbot/store"
)

// gapFake records what the router reports, as the store's GapLog would.
type gapFake struct{ got []string }

func (f *gapFake) RecordGap(command, key, text string) {
	f.got = append(f.got, command+"|"+key+"|"+text)
}

// panicky is a recorder that fails as badly as it can.
type panicky struct{}

func (panicky) RecordGap(string, string, string) { panic("disk on fire") }

func gapRouter(t *testing.T, rec handlers.GapRecorder) *handlers.Router {
	t.Helper()
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(t.TempDir(), "kb.db"), store.Options{})
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
	r, err := handlers.New(ctx, st, handlers.Options{DefaultLocale: knowledge.JA, Gaps: rec, Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func handleAs(r *handlers.Router, line string) handlers.Reply {
	cmd, args := handlers.ParseLine(line)
	return r.Handle(context.Background(), handlers.Request{Command: cmd, Args: args, Platform: "slack",
		Workspace: "T0WORKSPACE", Channel: "C0CHANNEL", User: "U0ASKER", UserName: "asker"})
}

// TestGapsRecorded: each question the knowledge base has no answer for is
// reported once, by command and text, and nothing else is.
func TestGapsRecorded(t *testing.T) {
	rec := &gapFake{}
	r := gapRouter(t, rec)
	tests := []struct {
		line string
		want string // "" when nothing may be recorded
	}{
		{"/salary cobol", "salary|cobol|cobol"},
		{"/salary  ＣＯＢＯＬ ", "salary|cobol|cobol"}, // full width and spaces: the same question
		{"/path 宇宙飛行士", "path|宇宙飛行士|宇宙飛行士"},
		{"/ask zzqxv wwkkj", "ask|zzqxvwwkkj|zzqxv wwkkj"},
		{"/salary go", ""},
		{"/ask 年収", ""},
		{"/digest status", ""},
		{"/nosuchcommand cobol", ""},
		{"/careerhelp", ""},
		{"/ask " + strings.Repeat("あ", handlers.MaxArgRunes+1), ""}, // refused as too long
	}
	for _, tc := range tests {
		rec.got = nil
		rep := handleAs(r, tc.line)
		var want []string
		if tc.want != "" {
			want = []string{tc.want}
		}
		if !reflect.DeepEqual(rec.got, want) {
			t.Errorf("%s (status %q): recorded %q, want %q", tc.line, rep.Status, rec.got, want)
		}
		for _, id := range []string{"T0WORKSPACE", "C0CHANNEL", "U0ASKER", "asker"} {
			if strings.Contains(fmt.Sprint(rec.got), id) {
				t.Errorf("%s: recorded %q, which names who asked or where", tc.line, rec.got)
			}
		}
	}
}

// TestGapRecorderFailureKeepsAnswer: a recorder that fails changes nothing
// in the answer.
func TestGapRecorderFailureKeepsAnswer(t *testing.T) {
	plain, failing := gapRouter(t, nil), gapRouter(t, panicky{})
	for _, line := range []string{"/salary cobol", "/ask zzqxv", "/salary go"} {
		want, got := handleAs(plain, line), handleAs(failing, line)
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: with a failing recorder\n%+v\nwant\n%+v", line, got, want)
		}
	}
}
