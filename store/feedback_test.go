package store

import (
	"context"
	"testing"

	"careerbot/knowledge"
)

func TestVotesCountedPerAnswerWithoutUsers(t *testing.T) {
	ctx := context.Background()
	s, c := openClock(t)
	votes := []knowledge.Vote{
		{Platform: "slack", Command: "salary", Args: "Go", KBVersion: 3, Up: false},
		{Platform: "slack", Command: "salary", Args: "go", KBVersion: 3, Up: false}, // a variant of the same answer
		{Platform: "slack", Command: "salary", Args: "go", KBVersion: 3, Up: true},
		{Platform: "discord", Command: "path", Args: "tech-lead", KBVersion: 3, Up: true},
		{Platform: "slack", Command: "salary", Args: "go", KBVersion: 4, Up: false}, // a new version counts apart
	}
	for _, v := range votes {
		if err := s.RecordVote(ctx, v); err != nil {
			t.Fatal(err)
		}
	}
	got, err := s.Votes(ctx, c.now().AddDate(0, 0, -30))
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 3 {
		t.Fatalf("got %d answers, want 3: %+v", len(got), got)
	}
	first := got[0]
	if first.Command != "salary" || first.KBVersion != 3 || first.Down != 2 || first.Up != 1 {
		t.Errorf("most disliked = %+v, want salary go v3 with 2 down, 1 up", first)
	}
	if last := got[2]; last.Command != "path" || last.Up != 1 || last.Down != 0 {
		t.Errorf("last = %+v, want the liked path answer", last)
	}
	// The table has no column that could hold who voted.
	rows, err := s.db.QueryContext(ctx, `SELECT name FROM pragma_table_info('answer_vote')`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			t.Fatal(err)
		}
		switch name {
		case "user", "user_id", "channel", "workspace":
			t.Errorf("answer_vote has a %s column", name)
		}
	}
	// Votes older than the window are not listed.
	c.set(c.now().AddDate(0, 0, 40))
	if got, _ := s.Votes(ctx, c.now().AddDate(0, 0, -30)); len(got) != 0 {
		t.Errorf("votes from 40 days ago listed: %+v", got)
	}
	if err := s.RecordVote(ctx, knowledge.Vote{Platform: "slack"}); err == nil {
		t.Error("a vote naming no command was recorded")
	}
}
