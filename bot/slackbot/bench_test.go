package slackbot

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"careerbot/bot/answercache"
	"careerbot/knowledge"
)

// BenchmarkHTTPSlashSalary measures one signed /salary go through the
// handler and the real engine, in process (no network).
func BenchmarkHTTPSlashSalary(b *testing.B) {
	engine := realRouterB(b)
	for _, c := range []struct {
		name string
		size int
	}{{"cached", 1024}, {"uncached", 0}} {
		b.Run(c.name, func(b *testing.B) { benchSlash(b, engine, c.size) })
	}
}

func benchSlash(b *testing.B, engine Engine, size int) {
	const secret = "s3cret"
	bot, err := New(Config{SigningSecret: secret, DefaultLocale: knowledge.JA, AnswerCache: answercache.Options{Size: size},
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}, engine)
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
