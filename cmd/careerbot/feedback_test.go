package main

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"careerbot/knowledge"
	"careerbot/store"
)

// TestKBFeedback: answers voted 👎 are listed, most disliked first, with
// their knowledge version; liked ones are not; unanswered questions
// follow; --since is checked.
func TestKBFeedback(t *testing.T) {
	dir := inTempDir(t)
	db := filepath.Join(dir, "kb.db")
	getenv := env("DATABASE_PATH", db)
	runCLI(t, getenv, "ask", "/salary cobol") // a gap
	st, err := store.Open(context.Background(), db, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range []knowledge.Vote{
		{Platform: knowledge.Slack, Command: "salary", Args: "go", KBVersion: 2},
		{Platform: knowledge.Slack, Command: "salary", Args: "go", KBVersion: 2},
		{Platform: knowledge.Discord, Command: "path", Args: "techlead", KBVersion: 2},
		{Platform: knowledge.Slack, Command: "jobs", Args: "aws", KBVersion: 2, Up: true},
	} {
		if err := st.RecordVote(context.Background(), v); err != nil {
			t.Fatal(err)
		}
	}
	st.Close()
	code, out, errOut := runCLI(t, getenv, "kb", "feedback")
	if code != 0 {
		t.Fatalf("kb feedback: exit %d %s", code, errOut)
	}
	salary, path, jobs, gap := strings.Index(out, "/salary  go"), strings.Index(out, "/path    techlead"), strings.Index(out, "/jobs"), strings.Index(out, "/salary  cobol")
	if salary < 0 || path < 0 || salary > path || jobs >= 0 || gap < path {
		t.Errorf("want salary go, then path techlead, no liked jobs, then the gap cobol:\n%s", out)
	}
	if code, _, errOut := runCLI(t, getenv, "kb", "feedback", "--since", "soon"); code != 2 || !strings.Contains(errOut, "30d") {
		t.Errorf("bad --since: exit %d %s", code, errOut)
	}
}
