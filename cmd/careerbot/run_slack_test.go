package main

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"careerbot/bot/slackbot"
)

// TestRunSlackOAuth: with Add to Slack configured, run serves the install
// page, whose link goes to SLACK_API_URL's host, and logs no secret.
func TestRunSlackOAuth(t *testing.T) {
	dir := inTempDir(t)
	addr := freeAddr(t)
	key := slackbot.GenerateEncryptionKey()
	const clientSecret = "client-secret-not-for-logs"
	getenv := env("DATABASE_PATH", filepath.Join(dir, "kb.db"), "HTTP_ADDR", addr, "SLACK_SIGNING_SECRET", "test-secret",
		"SLACK_CLIENT_ID", "111.222", "SLACK_CLIENT_SECRET", clientSecret, "SLACK_TOKEN_ENCRYPTION_KEY", key,
		"SLACK_API_URL", "https://slack-gov.com/api", "LOG_LEVEL", "debug")
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan int, 1)
	var stderr syncWriter
	go func() { done <- run(ctx, []string{"run"}, strings.NewReader(""), &bytes.Buffer{}, &stderr, getenv) }()

	var resp *http.Response
	var err error
	for i := 0; i < 100; i++ {
		if resp, err = http.Get("http://" + addr + slackbot.InstallPath); err == nil {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	if err != nil {
		cancel()
		t.Fatalf("the install page never answered: %v\n%s", err, stderr.String())
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.Contains(string(body), `href="https://slack-gov.com/oauth/v2/authorize?client_id=111.222&amp;`) {
		t.Errorf("install page %d:\n%s", resp.StatusCode, body)
	}
	cancel()
	select {
	case code := <-done:
		if code != 0 {
			t.Fatalf("run exited %d:\n%s", code, stderr.String())
		}
	case <-time.After(15 * time.Second):
		t.Fatal("run did not stop after cancellation")
	}
	for _, s := range []string{clientSecret, key, "test-secret"} {
		if strings.Contains(stderr.String(), s) {
			t.Errorf("a secret was logged:\n%s", stderr.String())
		}
	}
	if !strings.Contains(stderr.String(), "slack_oauth=true") {
		t.Errorf("the start-up log does not say OAuth is on:\n%s", stderr.String())
	}
}

// syncWriter is a buffer that run's goroutines may log to while the test
// reads it.
type syncWriter struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (w *syncWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.b.Write(p)
}
func (w *syncWriter) String() string { w.mu.Lock(); defer w.mu.Unlock(); return w.b.String() }
