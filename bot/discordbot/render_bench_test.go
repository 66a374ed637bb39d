package discordbot

import (
	"context"
	"testing"

	"careerbot/handlers"
	"careerbot/knowledge"
)

// BenchmarkRender measures rendering alone (no engine, no HTTP): real
// answers from the curated knowledge base laid out as an interaction's
// answer.
//
//	go test -run '^$' -bench BenchmarkRender ./bot/discordbot/
func BenchmarkRender(b *testing.B) {
	router, _ := realRouter(b)
	for _, line := range []string{"/salary go", "/compare go rails node", "/market", "/path freelance"} {
		cmd, args := handlers.ParseLine(line)
		rep := router.Handle(context.Background(), handlers.Request{Command: cmd, Args: args, Locale: knowledge.JA, Platform: "discord"})
		b.Run(line, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if msg := render(rep, renderOpts{shareID: testShareID, locale: knowledge.JA}); len(msg.Embeds) == 0 {
					b.Fatal("empty message")
				}
			}
		})
	}
}
