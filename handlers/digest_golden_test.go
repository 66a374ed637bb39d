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

// TestDigestGolden pins the digest of one week, in both languages, as the
// console renders it: a change to the wording or the rotation shows up
// here for review.
func TestDigestGolden(t *testing.T) {
	e := newDigestEnv(t)
	tokyo, _ := time.LoadLocation("Asia/Tokyo")
	for _, l := range []knowledge.Locale{knowledge.JA, knowledge.EN} {
		rep, err := e.d.ComposeRange(context.Background(), time.Date(2026, 11, 30, 9, 0, 0, 0, tokyo), l, 1, 1)
		if err != nil {
			t.Fatal(err)
		}
		got := console.Render(rep)
		path := filepath.Join("testdata", "digest_2026-11-30_"+string(l)+".golden")
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
}
