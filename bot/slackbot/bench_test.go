package slackbot

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"careerbot/bot/answercache"
	"careerbot/handlers"
	"careerbot/knowledge"
	"careerbot/store"
	"careerbot/store/storetest"
)

// BenchmarkHTTPSlashSalary measures one signed /salary go through the
// handler and the real engine, in process (no network).
// The "as-run" variants add what careerbot run gives the bot besides: the
// store for the 👍/👎 buttons and the chart-block verdicts, so the answer
// is the one a workspace gets.
func BenchmarkHTTPSlashSalary(b *testing.B) {
	ctx := context.Background()
	st := storetest.Open(b, store.Options{})
	engine, err := handlers.New(ctx, st, handlers.Options{DefaultLocale: knowledge.JA})
	if err != nil {
		b.Fatal(err)
	}
	for _, c := range []struct {
		name  string
		size  int
		asRun bool
	}{{"cached", 1024, false}, {"uncached", 0, false}, {"cached-as-run", 1024, true}, {"uncached-as-run", 0, true}} {
		cfg := Config{AnswerCache: answercache.Options{Size: c.size}}
		if c.asRun {
			cfg.Votes, cfg.State = st, st
		}
		b.Run(c.name, func(b *testing.B) { benchSlash(b, engine, cfg) })
	}
}

func benchSlash(b *testing.B, engine Engine, cfg Config) {
	const secret = "s3cret"
	cfg.SigningSecret, cfg.DefaultLocale, cfg.Logger = secret, knowledge.JA, slog.New(slog.NewTextHandler(io.Discard, nil))
	bot, err := New(cfg, engine)
	if err != nil {
		b.Fatal(err)
	}
	h := bot.HTTPHandler()
	body := slashForm("/salary", "go").Encode()
	b.ReportAllocs()
	for b.Loop() {
		now := time.Now()
		bot.cfg.Clock = func() time.Time { return now }
		req := httptest.NewRequest(http.MethodPost, EventsPath, strings.NewReader(body))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("X-Slack-Request-Timestamp", itoa(now.Unix()))
		req.Header.Set("X-Slack-Signature", sign(secret, now.Unix(), []byte(body)))
		w := httptest.NewRecorder()
		h.ServeHTTP(w, req)
		if w.Code != 200 {
			b.Fatal(w.Code)
		}
	}
}
