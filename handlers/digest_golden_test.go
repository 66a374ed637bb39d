package handlers_test

import (
	"context"
	"flag"
	"os"
	"path/filepath"
	"testing"
	"time"

	"careerbot/bot/console"
	"careerbot/knowledge"
)

// The flag has its own name so it cannot clash with another test file's
// -update in this package.
var updateDigest = flag.Bool("digest.update", false, "rewrite handlers/testdata/digest_*.golden")

// TestDigestGolden pins the digests of two weeks, in both languages, as
// the console renders them: a change to the wording or the rotation shows
// up here for review.
func TestDigestGolden(t *testing.T) {
	e := newDigestEnv(t)
	tokyo, _ := time.LoadLocation("Asia/Tokyo")
	for _, day := range []time.Time{time.Date(2026, 11, 30, 9, 0, 0, 0, tokyo), time.Date(2026, 12, 7, 9, 0, 0, 0, tokyo)} {
		for _, l := range []knowledge.Locale{knowledge.JA, knowledge.EN} {
			checkDigestGolden(t, e, day, l)
		}
	}
}

func checkDigestGolden(t *testing.T, e *digestEnv, day time.Time, l knowledge.Locale) {
	t.Helper()
	rep, err := e.d.ComposeRange(context.Background(), day, l, 1, 1)
	if err != nil {
		t.Fatal(err)
	}
	got := console.Render(rep)
	path := filepath.Join("testdata", "digest_"+day.Format("2006-01-02")+"_"+string(l)+".golden")
	if *updateDigest {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./handlers -run DigestGolden -digest.update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("%s digest differs from %s (rerun with -digest.update after checking the change):\n%s", l, path, got)
	}
}
