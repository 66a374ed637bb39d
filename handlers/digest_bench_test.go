package handlers_test

import (
	"context"
	"testing"
	"time"

	"careerbot/knowledge"
)

// BenchmarkComposeRange composes one week's digest, as the scheduler does
// once per distinct (period, locale, versions) in a pass.
func BenchmarkComposeRange(b *testing.B) {
	e := newDigestEnv(b)
	tokyo, _ := time.LoadLocation("Asia/Tokyo")
	period := time.Date(2026, 11, 30, 9, 0, 0, 0, tokyo)
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := e.d.ComposeRange(ctx, period, knowledge.JA, 1, 1); err != nil {
			b.Fatal(err)
		}
	}
}
