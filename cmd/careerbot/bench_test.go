package main

import (
	"context"
	"io"
	"log/slog"
	"path/filepath"
	"testing"

	"careerbot/bot/console"
	"careerbot/handlers"
	"careerbot/knowledge"
)

// BenchmarkColdStart measures a first start in-process: no database file →
// migrations → embedded knowledge base parsed, validated and loaded →
// first answer rendered.
//
//	go test -run '^$' -bench BenchmarkColdStart -benchtime 20x ./cmd/careerbot/
func BenchmarkColdStart(b *testing.B) {
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	dir := b.TempDir()
	for i := 0; i < b.N; i++ {
		cfg := config{DatabasePath: filepath.Join(dir, "kb"+string(rune('a'+i%26))+itoa(i)+".db"), DefaultLocale: knowledge.JA}
		a, err := openApp(context.Background(), cfg, log, handlers.Options{})
		if err != nil {
			b.Fatal(err)
		}
		if r := console.Ask(context.Background(), a.router, "/salary go", knowledge.JA); !r.OK() {
			b.Fatal("first answer failed")
		}
		a.Close()
	}
}

// BenchmarkWarmStart is a restart over an existing database: nothing to load.
func BenchmarkWarmStart(b *testing.B) {
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	cfg := config{DatabasePath: filepath.Join(b.TempDir(), "kb.db"), DefaultLocale: knowledge.JA}
	a, err := openApp(context.Background(), cfg, log, handlers.Options{})
	if err != nil {
		b.Fatal(err)
	}
	a.Close()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		a, err := openApp(context.Background(), cfg, log, handlers.Options{})
		if err != nil {
			b.Fatal(err)
		}
		if r := console.Ask(context.Background(), a.router, "/salary go", knowledge.JA); !r.OK() {
			b.Fatal("first answer failed")
		}
		a.Close()
	}
}

func itoa(i int) string {
	const digits = "0123456789"
	if i < 10 {
		return digits[i : i+1]
	}
	return itoa(i/10) + digits[i%10:i%10+1]
}
