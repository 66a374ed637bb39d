package main

import (
	"bytes"
	"encoding/base64"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestKeygen: careerbot keygen prints a fresh 32-byte key in base64, even
// without any settings.
func TestKeygen(t *testing.T) {
	inTempDir(t)
	seen := map[string]bool{}
	for range 2 {
		code, out, errOut := runCLI(t, env(), "keygen")
		key := strings.TrimSpace(out)
		raw, err := base64.StdEncoding.DecodeString(key)
		if code != 0 || err != nil || len(raw) != 32 || errOut != "" {
			t.Fatalf("keygen: exit %d, %q (%d bytes, %v), stderr %q", code, key, len(raw), err, errOut)
		}
		if seen[key] {
			t.Fatal("keygen printed the same key twice")
		}
		seen[key] = true
	}
}

// TestSlackOAuthConfigErrors: OAuth mode refuses to start without what it
// needs, exits 2, names the setting and never prints the value.
func TestSlackOAuthConfigErrors(t *testing.T) {
	dir := inTempDir(t)
	db := filepath.Join(dir, "kb.db")
	const clientSecret = "c0ffee-client-secret-value"
	good := base64.StdEncoding.EncodeToString([]byte("0123456789abcdef0123456789abcdef"))
	short := base64.StdEncoding.EncodeToString([]byte("too-short-key-value"))
	base := []string{"DATABASE_PATH", db, "HTTP_ADDR", "127.0.0.1:0", "SLACK_SIGNING_SECRET", "s",
		"SLACK_CLIENT_ID", "123.456", "SLACK_CLIENT_SECRET", clientSecret}
	tests := []struct {
		name, setting string
		env           []string
		hidden        string // must not appear in the output
	}{
		{"no key", "SLACK_TOKEN_ENCRYPTION_KEY", nil, ""},
		{"key too short", "SLACK_TOKEN_ENCRYPTION_KEY", []string{"SLACK_TOKEN_ENCRYPTION_KEY", short}, short},
		{"key not base64", "SLACK_TOKEN_ENCRYPTION_KEY", []string{"SLACK_TOKEN_ENCRYPTION_KEY", "not*base64*at*all"}, "not*base64"},
		{"no client secret", "SLACK_CLIENT_SECRET", []string{"SLACK_CLIENT_SECRET", "", "SLACK_TOKEN_ENCRYPTION_KEY", good}, ""},
		{"both token kinds", "SLACK_BOT_TOKEN", []string{"SLACK_TOKEN_ENCRYPTION_KEY", good, "SLACK_BOT_TOKEN", secret}, secret},
		{"nothing receives commands", "SLACK_CLIENT_ID", []string{"SLACK_TOKEN_ENCRYPTION_KEY", good, "SLACK_SIGNING_SECRET", ""}, ""},
		{"api url", "SLACK_API_URL", []string{"SLACK_TOKEN_ENCRYPTION_KEY", good, "SLACK_API_URL", "ftp://x/api/"}, ""},
		{"api url plain http", "SLACK_API_URL", []string{"SLACK_TOKEN_ENCRYPTION_KEY", good, "SLACK_API_URL", "http://proxy.example.com/api/"}, ""},
		{"key file missing", "SLACK_TOKEN_ENCRYPTION_KEY_FILE", []string{"SLACK_TOKEN_ENCRYPTION_KEY_FILE", filepath.Join(dir, "none")}, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			code, out, errOut := runCLI(t, env(append(append([]string{}, base...), tc.env...)...), "run")
			if code != 2 || !strings.Contains(errOut, tc.setting) {
				t.Errorf("exit %d, want 2 naming %s:\n%s", code, tc.setting, errOut)
			}
			for _, h := range []string{tc.hidden, clientSecret} {
				if h != "" && strings.Contains(out+errOut, h) {
					t.Errorf("the output shows a secret value %q:\n%s", h, out+errOut)
				}
			}
		})
	}
}

// TestSlackOAuthSettings: the API URL gets its trailing slash, secrets may
// come from files, and the single-token setup is untouched.
func TestSlackOAuthSettings(t *testing.T) {
	dir := t.TempDir()
	keyFile := filepath.Join(dir, "key")
	key := base64.StdEncoding.EncodeToString([]byte("0123456789abcdef0123456789abcdef"))
	if err := os.WriteFile(keyFile, []byte(key+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	none := filepath.Join(dir, "none.env")
	c, err := loadConfig(env("SLACK_CLIENT_ID", "1.2", "SLACK_CLIENT_SECRET", "x", "SLACK_TOKEN_ENCRYPTION_KEY_FILE", keyFile,
		"SLACK_APP_TOKEN", "xapp-1", "SLACK_API_URL", "https://slack-gov.com/api", "SLACK_SCOPES", "commands, chat:write"), none)
	if err != nil {
		t.Fatal(err)
	}
	if c.SlackAPIURL != "https://slack-gov.com/api/" || c.SlackTokenKey != key || len(c.SlackScopes) != 2 || c.SlackScopes[1] != "chat:write" {
		t.Errorf("config %+v", c.slackOAuthConfig)
	}
	if err := c.checkSlackOAuth(); err != nil || !c.slackSocket() {
		t.Errorf("OAuth over Socket Mode: check %v, socket %v", err, c.slackSocket())
	}
	single, err := loadConfig(env("SLACK_BOT_TOKEN", secret, "SLACK_APP_TOKEN", "xapp-1"), none)
	if err != nil || single.slackOAuth() || single.checkSlackOAuth() != nil || !single.slackSocket() || single.SlackAPIURL != "" {
		t.Errorf("single token: %v %+v", err, single.slackOAuthConfig)
	}
	var logged bytes.Buffer
	slog.New(slog.NewTextHandler(&logged, nil)).Info("starting", "config", c)
	if strings.Contains(logged.String(), key) || strings.Contains(logged.String(), "=x ") || !strings.Contains(logged.String(), "slack_oauth=true") {
		t.Errorf("config log: %s", logged.String())
	}
}

// TestDigestSendNowSlackOAuth: send-now posts with Add to Slack too, and
// refuses it without the key like run does.
func TestDigestSendNowSlackOAuth(t *testing.T) {
	dir := inTempDir(t)
	code, _, errOut := runCLI(t, env("DATABASE_PATH", filepath.Join(dir, "kb.db"), "SLACK_SIGNING_SECRET", "s",
		"SLACK_CLIENT_ID", "1.2", "SLACK_CLIENT_SECRET", "x"), "digest", "send-now", "--channel", "slack:C1")
	if code != 2 || !strings.Contains(errOut, "SLACK_TOKEN_ENCRYPTION_KEY") {
		t.Errorf("exit %d, want 2 naming SLACK_TOKEN_ENCRYPTION_KEY:\n%s", code, errOut)
	}
}
