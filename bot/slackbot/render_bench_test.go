package slackbot

import (
	"context"
	"testing"

	"careerbot/handlers"
	"careerbot/knowledge"
)

// BenchmarkRender measures rendering alone (no engine, no HTTP): real
// answers from the curated knowledge base laid out as a slash command's
// answer, within the ack budget.
//
//	go test -run '^$' -bench BenchmarkRender ./bot/slackbot/
func BenchmarkRender(b *testing.B) {
	router := realRouterB(b)
	for _, line := range []string{"/salary go", "/compare go rails node", "/market", "/path freelance"} {
		cmd, args := handlers.ParseLine(line)
		rep := router.Handle(context.Background(), handlers.Request{Command: cmd, Args: args, Locale: knowledge.JA, Platform: "slack"})
		b.Run(line, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, raw := renderJSON(rep, renderOptions{Share: true, MaxBytes: ackBudget}); len(raw) == 0 {
					b.Fatal("empty message")
				}
			}
		})
	}
}
