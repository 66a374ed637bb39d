package handlers_test

import (
	"strings"
	"testing"

	"careerbot/handlers"
	"careerbot/knowledge"
)

func TestLabelsInBothLocales(t *testing.T) {
	for _, k := range handlers.LabelKeys() {
		ja, en := handlers.Label(knowledge.JA, k), handlers.Label(knowledge.EN, k)
		if ja == k || en == k || ja == en && !strings.ContainsAny(ja, "%") {
			t.Errorf("label %q: ja %q, en %q: want a wording in each language", k, ja, en)
		}
	}
	if got := handlers.Label(knowledge.EN, handlers.LabelSharedBy, "Hanako"); got != "Shared by Hanako" {
		t.Errorf("shared_by = %q", got)
	}
	if got := handlers.Label(knowledge.JA, "no_such_label"); got != "no_such_label" {
		t.Errorf("an unknown key shows as %q, want itself", got)
	}
	if handlers.StatusLabel(knowledge.EN, handlers.StatusOK) != "" || handlers.StatusLabel(knowledge.EN, handlers.StatusNotFound) != "Not found" ||
		handlers.StatusLabel(knowledge.JA, handlers.Status("EWHATEVER")) == "" {
		t.Error("StatusLabel: want empty for OK, wording otherwise")
	}
}
