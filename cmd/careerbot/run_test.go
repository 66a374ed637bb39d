package main

import (
	"bytes"
	"context"
	"encoding/json"
	"net"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"careerbot/handlers"
)

func freeAddr(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}

// TestRunHTTPModesAndShutdown starts `careerbot run` with only the HTTP
// modes configured, checks /healthz, that unsigned requests are refused, and
// that cancelling (as SIGINT/SIGTERM do) stops it cleanly.
func TestRunHTTPModesAndShutdown(t *testing.T) {
	dir := inTempDir(t)
	addr := freeAddr(t)
	getenv := env("DATABASE_PATH", filepath.Join(dir, "kb.db"), "HTTP_ADDR", addr,
		"SLACK_SIGNING_SECRET", "test-secret", "DISCORD_PUBLIC_KEY", strings.Repeat("ab", 32))
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan int, 1)
	var stderr bytes.Buffer
	go func() { done <- run(ctx, []string{"run"}, strings.NewReader(""), &bytes.Buffer{}, &stderr, getenv) }()

	var resp *http.Response
	var err error
	for i := 0; i < 100; i++ {
		if resp, err = http.Get("http://" + addr + "/healthz"); err == nil {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	if err != nil {
		cancel()
		t.Fatalf("healthz never answered: %v\n%s", err, stderr.String())
	}
	var health struct {
		Status    string
		Endpoints []string
	}
	json.NewDecoder(resp.Body).Decode(&health)
	resp.Body.Close()
	if health.Status != "ok" || len(health.Endpoints) != 2 {
		t.Errorf("healthz = %+v", health)
	}
	for _, path := range []string{"/slack/events", "/discord/interactions"} {
		resp, err := http.Post("http://"+addr+path, "application/json", strings.NewReader(`{"type":1}`))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusUnauthorized {
			t.Errorf("unsigned POST %s: %d, want 401", path, resp.StatusCode)
		}
	}
	cancel()
	select {
	case code := <-done:
		if code != 0 {
			t.Fatalf("run exited %d after shutdown:\n%s", code, stderr.String())
		}
	case <-time.After(15 * time.Second):
		t.Fatal("run did not stop after cancellation")
	}
	if strings.Contains(stderr.String(), "test-secret") {
		t.Error("the signing secret was logged")
	}
}

func TestCommandsDiscordJSON(t *testing.T) {
	code, out, errOut := runCLI(t, env(), "commands", "--platform", "discord")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var cmds []struct {
		Name string `json:"name"`
	}
	if err := json.Unmarshal([]byte(out), &cmds); err != nil {
		t.Fatalf("not a JSON array: %v\n%s", err, out)
	}
	var want []string
	for _, c := range handlers.Commands() {
		want = append(want, c.Name)
	}
	var got []string
	for _, c := range cmds {
		got = append(got, c.Name)
	}
	if strings.Join(got, ",") != strings.Join(want, ",") {
		t.Errorf("commands %v, want %v", got, want)
	}
}

// TestRunPortTaken: with HTTP_ADDR in use, run says which address, exits
// non-zero and never logs that it is listening.
func TestRunPortTaken(t *testing.T) {
	dir := inTempDir(t)
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	addr := l.Addr().String()
	done := make(chan struct{})
	var code int
	var errOut string
	go func() {
		defer close(done)
		code, _, errOut = runCLI(t, env("DATABASE_PATH", filepath.Join(dir, "kb.db"), "HTTP_ADDR", addr, "SLACK_SIGNING_SECRET", "s"), "run")
	}()
	select {
	case <-done:
	case <-time.After(30 * time.Second):
		t.Fatal("run kept going with its port taken")
	}
	if code == 0 || !strings.Contains(errOut, addr) || strings.Contains(errOut, "listening") {
		t.Errorf("exit %d; want non-zero, naming %s, without \"listening\":\n%s", code, addr, errOut)
	}
}
