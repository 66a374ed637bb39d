package handlers

import (
	"testing"

	"careerbot/knowledge"
)

func TestFeedbackValueRoundTrip(t *testing.T) {
	rep := Reply{Command: "salary", Args: "go senior"}
	v := FeedbackValue("12-9f86d081884c", rep)
	got, ok := ParseFeedback(knowledge.Slack, v, false)
	if !ok {
		t.Fatalf("ParseFeedback(%q) failed", v)
	}
	want := knowledge.Vote{Platform: knowledge.Slack, Command: "salary", Args: "go senior", KBVersion: 12}
	if got != want {
		t.Errorf("got %+v, want %+v", got, want)
	}
	for _, r := range []Reply{{Command: "salary", Status: StatusNotFound}, {Command: "digest", Args: "status"}, {}} {
		if v := FeedbackValue("3-x", r); v != "" {
			t.Errorf("FeedbackValue(%+v) = %q, want none", r, v)
		}
	}
	for _, bad := range []string{"", "salary go", "fb1:x:salary go", "fb1:3:", "fb1:-2:salary"} {
		if _, ok := ParseFeedback(knowledge.Slack, bad, true); ok {
			t.Errorf("ParseFeedback(%q) accepted", bad)
		}
	}
}
