package storetest

import (
	"context"
	"testing"
	"time"

	"careerbot/knowledge"
)

// testVotes: votes are counted per answer (platform, command, folded
// arguments, knowledge version), most disliked first, within the window.
func testVotes(t *testing.T, newDB NewDB) {
	ctx := context.Background()
	clk := newClock(time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC))
	s := newDB(t)(t, clk.Now)
	for _, v := range []knowledge.Vote{
		{Platform: "slack", Command: "salary", Args: "Go", KBVersion: 3, Up: false},
		{Platform: "slack", Command: "salary", Args: "go", KBVersion: 3, Up: false},
		{Platform: "slack", Command: "salary", Args: "go", KBVersion: 3, Up: true},
		{Platform: "discord", Command: "path", Args: "tech-lead", KBVersion: 3, Up: true},
		{Platform: "slack", Command: "salary", Args: "go", KBVersion: 4, Up: false},
	} {
		if err := s.RecordVote(ctx, v); err != nil {
			t.Fatal(err)
		}
	}
	got, err := s.Votes(ctx, clk.Now().AddDate(0, 0, -30))
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 3 {
		t.Fatalf("got %d answers, want 3: %+v", len(got), got)
	}
	if first := got[0]; first.Command != "salary" || first.KBVersion != 3 || first.Down != 2 || first.Up != 1 {
		t.Errorf("most disliked = %+v, want salary go v3 with 2 down, 1 up", first)
	}
	if last := got[2]; last.Command != "path" || last.Platform != "discord" || last.Up != 1 || last.Down != 0 {
		t.Errorf("last = %+v, want the liked path answer", last)
	}
	clk.Add(40 * 24 * time.Hour)
	if got, _ := s.Votes(ctx, clk.Now().AddDate(0, 0, -30)); len(got) != 0 {
		t.Errorf("votes from 40 days ago listed: %+v", got)
	}
	if err := s.RecordVote(ctx, knowledge.Vote{Platform: "slack"}); err == nil {
		t.Error("a vote naming no command was recorded")
	}
}
