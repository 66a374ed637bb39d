package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// TestSecretFiles: every secret can come from NAME_FILE, its trailing
// newline trimmed; both set, an unreadable or empty file are configuration
// errors naming the setting and never showing the value.
func TestSecretFiles(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "token")
	if err := os.WriteFile(file, []byte(secret+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	empty := filepath.Join(dir, "empty")
	os.WriteFile(empty, []byte("\n"), 0o600)

	for _, key := range []string{"SLACK_BOT_TOKEN", "SLACK_APP_TOKEN", "SLACK_SIGNING_SECRET", "DISCORD_BOT_TOKEN", "DISCORD_PUBLIC_KEY"} {
		cfg, err := loadConfig(env(key+"_FILE", file), "")
		if err != nil {
			t.Fatalf("%s_FILE: %v", key, err)
		}
		got := map[string]string{"SLACK_BOT_TOKEN": cfg.SlackBotToken, "SLACK_APP_TOKEN": cfg.SlackAppToken, "SLACK_SIGNING_SECRET": cfg.SlackSigningSecret,
			"DISCORD_BOT_TOKEN": cfg.DiscordBotToken, "DISCORD_PUBLIC_KEY": cfg.DiscordPublicKey}[key]
		if got != secret {
			t.Errorf("%s from a file = %q, want the file's contents without the newline", key, got)
		}
	}

	for _, c := range []struct {
		name string
		env  func(string) string
		want []string
	}{
		{"both set", env("SLACK_BOT_TOKEN", secret, "SLACK_BOT_TOKEN_FILE", file), []string{"SLACK_BOT_TOKEN and SLACK_BOT_TOKEN_FILE are both set"}},
		{"missing file", env("DISCORD_BOT_TOKEN_FILE", filepath.Join(dir, "nope")), []string{"DISCORD_BOT_TOKEN_FILE", "nope", "no such file"}},
		{"empty file", env("SLACK_SIGNING_SECRET_FILE", empty), []string{"SLACK_SIGNING_SECRET_FILE", "is empty"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := loadConfig(c.env, "")
			if err == nil {
				t.Fatal("accepted")
			}
			for _, w := range c.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q lacks %q", err, w)
				}
			}
			if strings.Contains(err.Error(), "h1dd3n") {
				t.Errorf("error shows the secret: %s", err)
			}
			code, _, errOut := runCLI(t, c.env, "ask", "/salary go")
			if code != 2 || strings.Contains(errOut, "h1dd3n") {
				t.Errorf("exit %d, want 2 without the value: %s", code, errOut)
			}
		})
	}

	// readSecret is the helper other secrets use too.
	v, err := readSecret(env("SLACK_CLIENT_SECRET_FILE", file), "SLACK_CLIENT_SECRET")
	if err != nil || v != secret {
		t.Errorf("readSecret = %q, %v", v, err)
	}
}

func TestOpsSettings(t *testing.T) {
	cfg, err := loadConfig(env("OPS_ADDR", "127.0.0.1:9090", "LOG_FORMAT", "JSON", "DISCORD_API_URL", "http://127.0.0.1:8080/api",
		"DISCORD_SHARD_ID", "1", "DISCORD_SHARD_COUNT", "4"), "")
	if err != nil {
		t.Fatal(err)
	}
	if cfg.OpsAddr != "127.0.0.1:9090" || !cfg.LogJSON || cfg.DiscordAPIURL != "http://127.0.0.1:8080/api/" || cfg.DiscordShardID != 1 || cfg.DiscordShardCount != 4 {
		t.Errorf("config %+v", cfg)
	}
	if cfg, _ := loadConfig(env(), ""); cfg.OpsAddr != "" || cfg.LogJSON || cfg.DiscordAPIURL != "" || cfg.DiscordShardCount != 0 {
		t.Errorf("defaults %+v: want no endpoint, text logs, Discord's API, recommended shards", cfg)
	}
	for _, c := range []struct {
		env  []string
		want string
	}{
		{[]string{"LOG_FORMAT", "xml"}, "LOG_FORMAT"},
		{[]string{"DISCORD_API_URL", "http://proxy.internal:8080/api/"}, "DISCORD_API_URL"},
		{[]string{"DISCORD_API_URL", "discord.com"}, "DISCORD_API_URL"},
		{[]string{"DISCORD_SHARD_ID", "0"}, "DISCORD_SHARD_COUNT"},
		{[]string{"DISCORD_SHARD_COUNT", "2"}, "DISCORD_SHARD_ID"},
		{[]string{"DISCORD_SHARD_ID", "2", "DISCORD_SHARD_COUNT", "2"}, "DISCORD_SHARD_ID"},
		{[]string{"DISCORD_SHARD_ID", "-1", "DISCORD_SHARD_COUNT", "2"}, "DISCORD_SHARD_ID"},
		{[]string{"DISCORD_SHARD_ID", "0", "DISCORD_SHARD_COUNT", "0"}, "DISCORD_SHARD_COUNT"},
	} {
		_, err := loadConfig(env(c.env...), "")
		if err == nil || !strings.HasPrefix(err.Error(), c.want) {
			t.Errorf("%v: err %v, want one starting with %s", c.env, err, c.want)
		}
		if code, _, _ := runCLI(t, env(c.env...), "ask", "/salary go"); code != 2 {
			t.Errorf("%v: exit %d, want 2", c.env, code)
		}
	}
	code, _, errOut := runCLI(t, env(), "healthcheck")
	if code != 2 || !strings.Contains(errOut, "OPS_ADDR") {
		t.Errorf("healthcheck without OPS_ADDR: exit %d %s", code, errOut)
	}
}

// TestRunOpsEndpoint starts `careerbot run` (HTTP modes only) with
// OPS_ADDR and LOG_FORMAT=json: /healthz, /readyz and /metrics answer,
// the knowledge version is the database's, `careerbot healthcheck` exits
// 0 while it runs and 1 once it has stopped, and every log line is JSON.
func TestRunOpsEndpoint(t *testing.T) {
	dir := inTempDir(t)
	opsAddr := freeAddr(t)
	getenv := env("DATABASE_PATH", filepath.Join(dir, "kb.db"), "HTTP_ADDR", freeAddr(t), "OPS_ADDR", opsAddr, "LOG_FORMAT", "json",
		"DISCORD_PUBLIC_KEY", strings.Repeat("ab", 32))
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan int, 1)
	var stderr syncBuf
	go func() { done <- run(ctx, []string{"run"}, strings.NewReader(""), &bytes.Buffer{}, &stderr, getenv) }()
	defer cancel()

	var resp *http.Response
	var err error
	for range 200 {
		if resp, err = http.Get("http://" + opsAddr + "/healthz"); err == nil {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	if err != nil {
		t.Fatalf("the operations endpoint never answered: %v\n%s", err, stderr.String())
	}
	resp.Body.Close()
	if code, out, errOut := runCLI(t, getenv, "healthcheck", "--ready"); code != 0 || strings.TrimSpace(out) != "ok" {
		t.Errorf("healthcheck --ready: exit %d %s %s", code, out, errOut)
	}
	resp, err = http.Get("http://" + opsAddr + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	var version string
	for _, line := range strings.Split(string(body), "\n") {
		if v, ok := strings.CutPrefix(line, "careerbot_knowledge_version "); ok {
			version = v
		}
	}
	if version == "" || version == "NaN" || version == "0" {
		t.Errorf("careerbot_knowledge_version = %q, want the loaded version", version)
	}

	cancel()
	select {
	case code := <-done:
		if code != 0 {
			t.Fatalf("run exited %d:\n%s", code, stderr.String())
		}
	case <-time.After(15 * time.Second):
		t.Fatal("run did not stop")
	}
	if code, _, _ := runCLI(t, getenv, "healthcheck"); code != 1 {
		t.Errorf("healthcheck after stopping: exit %d, want 1", code)
	}
	lines := strings.Split(strings.TrimSpace(stderr.String()), "\n")
	if len(lines) < 2 {
		t.Fatalf("too few log lines: %q", lines)
	}
	for _, l := range lines {
		var m map[string]any
		if json.Unmarshal([]byte(l), &m) != nil || m["msg"] == nil {
			t.Errorf("not a JSON log line: %s", l)
		}
	}
	if !strings.Contains(stderr.String(), `"msg":"operations endpoint listening"`) {
		t.Errorf("no line says the operations endpoint listens:\n%s", stderr.String())
	}
}

// syncBuf is a goroutine-safe buffer for run's log.
type syncBuf struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuf) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuf) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}
