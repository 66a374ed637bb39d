package main

import (
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestKBGaps: questions with no answer, asked through ask and console, are
// listed by count; a question answered is not; --since is checked.
func TestKBGaps(t *testing.T) {
	dir := inTempDir(t)
	getenv := env("DATABASE_PATH", filepath.Join(dir, "kb.db"))
	for _, q := range []string{"/salary cobol", "/salary ＣＯＢＯＬ", "/salary go", "/ask zzqxv"} {
		runCLI(t, getenv, "ask", q)
	}
	if code := run(t.Context(), []string{"console"}, strings.NewReader("/salary cobol\n/path 宇宙飛行士\n"), new(strings.Builder), new(strings.Builder), getenv); code != 0 {
		t.Fatalf("console exit %d", code)
	}
	code, out, errOut := runCLI(t, getenv, "kb", "gaps")
	if code != 0 {
		t.Fatalf("kb gaps: exit %d %s", code, errOut)
	}
	today := time.Now().UTC().Format("2006-01-02")
	var rows []string
	for _, line := range strings.Split(out, "\n") {
		if f := strings.Fields(line); len(f) == 4 && f[1] == today {
			rows = append(rows, f[0]+" "+f[2]+" "+f[3])
		}
	}
	want := []string{"3 /salary cobol", "1 /ask zzqxv", "1 /path 宇宙飛行士"}
	if strings.Join(rows, "|") != strings.Join(want, "|") {
		t.Errorf("kb gaps rows %q, want %q:\n%s", rows, want, out)
	}
	for _, since := range []string{"7d", "36h", "90m"} {
		if code, out, errOut := runCLI(t, getenv, "kb", "gaps", "--since", since); code != 0 || !strings.Contains(out, "/salary  cobol") {
			t.Errorf("--since %s: exit %d\n%s%s", since, code, out, errOut)
		}
	}
	for _, since := range []string{"3w", "0d", "-5d", "d", "soon"} {
		if code, _, errOut := runCLI(t, getenv, "kb", "gaps", "--since", since); code != 2 || !strings.Contains(errOut, "30d") {
			t.Errorf("--since %s: exit %d, want 2 with the accepted forms:\n%s", since, code, errOut)
		}
	}
	// KB_GAPS=off counts nothing more.
	off := env("DATABASE_PATH", filepath.Join(dir, "kb.db"), "KB_GAPS", "off")
	runCLI(t, off, "ask", "/salary cobol")
	if _, out, _ := runCLI(t, getenv, "kb", "gaps"); !strings.Contains(out, "    3  "+today+"  /salary  cobol") {
		t.Errorf("KB_GAPS=off still counted:\n%s", out)
	}
}
