package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// secret is a made-up bot token, assembled here so that the source holds
// nothing a secret scanner would take for a real Slack token.
var secret = strings.Join([]string{"xoxb", "1111", "2222", "h1dd3nv4lu3"}, "-")

func writeDotenv(t *testing.T, dir, body string) string {
	t.Helper()
	p := filepath.Join(dir, ".env")
	if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestDotenvErrorsNameLineNotValue: a broken .env is reported with the file,
// the line and the setting, and never with the text of a value.
func TestDotenvErrorsNameLineNotValue(t *testing.T) {
	tests := []struct {
		name, body string
		want       []string
	}{
		{"unclosed double quote", "# tokens\nSLACK_BOT_TOKEN=\"" + secret + "\nLOG_LEVEL=info\n", []string{"line 2", "SLACK_BOT_TOKEN", "never closed"}},
		{"unclosed single quote at the end", "LOG_LEVEL=info\nSLACK_BOT_TOKEN='" + secret, []string{"line 2", "SLACK_BOT_TOKEN", "never closed"}},
		{"spaces in the name", "SLACK SIGNING SECRET=" + secret + "\n", []string{"line 1", `"SLACK SIGNING SECRET"`, "SLACK_SIGNING_SECRET"}},
		{"no equals sign", "LOG_LEVEL=info\n\n" + secret + "\n", []string{"line 3", "KEY=value"}},
		{"text after the quote", "export SLACK_BOT_TOKEN=\"" + secret + "\" " + secret + "\n", []string{"line 1", "SLACK_BOT_TOKEN", "follows the closing quote"}},
		{"a value is not a name", "DEFAULT_LOCALE=" + secret + "\n", []string{"DEFAULT_LOCALE", "line 1", "ja or en"}},
		{"bad level", "\n\nLOG_LEVEL=" + secret + "\n", []string{"LOG_LEVEL", "line 3"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := writeDotenv(t, t.TempDir(), tc.body)
			_, err := loadConfig(env(), p)
			if err == nil {
				t.Fatal("accepted")
			}
			msg := err.Error()
			for _, w := range tc.want {
				if !strings.Contains(msg, w) {
					t.Errorf("error lacks %q: %s", w, msg)
				}
			}
			if strings.Contains(msg, "h1dd3n") || strings.Contains(msg, "1111") {
				t.Errorf("error shows a value: %s", msg)
			}
		})
	}
}

// TestDotenvValues: what godotenv accepts still works, and the environment
// wins over .env.
func TestDotenvValues(t *testing.T) {
	p := writeDotenv(t, t.TempDir(), `# comment
export SLACK_BOT_TOKEN="xoxb-a#b" # a comment after the quote
SLACK_APP_TOKEN='xapp-1'
DISCORD_APP_ID=123 # trailing comment
DISCORD_GUILD_ID = 456
DISCORD_PUBLIC_KEY="multi
line"
DEFAULT_LOCALE=en
`)
	c, err := loadConfig(env("DEFAULT_LOCALE", "ja"), p)
	if err != nil {
		t.Fatal(err)
	}
	got := []string{c.SlackBotToken, c.SlackAppToken, c.DiscordAppID, c.DiscordGuildID, c.DiscordPublicKey, string(c.DefaultLocale)}
	want := []string{"xoxb-a#b", "xapp-1", "123", "456", "multi\nline", "ja"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("got %q, want %q", got, want)
	}
	if _, err := loadConfig(env(), filepath.Join(t.TempDir(), "missing.env")); err != nil {
		t.Errorf("a missing .env is not an error: %v", err)
	}
}

// TestRunDotenvSecretNotPrinted: the whole command, as an operator runs it.
func TestRunDotenvSecretNotPrinted(t *testing.T) {
	dir := inTempDir(t)
	writeDotenv(t, dir, "SLACK_BOT_TOKEN=\""+secret+"\nSLACK_APP_TOKEN=xapp-1\n")
	code, out, errOut := runCLI(t, env("DATABASE_PATH", filepath.Join(dir, "kb.db")), "run")
	if code != 2 {
		t.Errorf("exit %d, want 2", code)
	}
	if !strings.Contains(errOut, ".env line 1") || strings.Contains(out+errOut, "h1dd3n") {
		t.Errorf("want the line and no secret, got:\n%s%s", out, errOut)
	}
}

// TestDigestSettingErrors: a bad digest schedule stops run and digest with
// exit 2, and only turns /digest off for ask and console.
func TestDigestSettingErrors(t *testing.T) {
	dir := inTempDir(t)
	for _, kv := range [][2]string{{"DIGEST_SCHEDULE", "every monday"}, {"DIGEST_TIMEZONE", "Mars/Olympus"}} {
		getenv := env("DATABASE_PATH", filepath.Join(dir, "kb.db"), kv[0], kv[1], "SLACK_SIGNING_SECRET", "s", "HTTP_ADDR", "127.0.0.1:0")
		for _, args := range [][]string{{"run"}, {"digest", "preview"}} {
			code, _, errOut := runCLI(t, getenv, args...)
			if code != 2 || !strings.Contains(errOut, kv[0]) || strings.Contains(errOut, kv[1]) {
				t.Errorf("%s %v: exit %d, want 2 naming the setting and not its value:\n%s", kv[0], args, code, errOut)
			}
		}
		code, out, errOut := runCLI(t, getenv, "ask", "/salary go")
		if code != 0 || !strings.Contains(out, "957万円/年") || !strings.Contains(errOut, kv[0]) {
			t.Errorf("%s ask: exit %d, want an answer and a warning:\n%s\n%s", kv[0], code, out, errOut)
		}
		code, out, _ = runCLI(t, getenv, "ask", "/digest preview")
		if code != 1 || !strings.Contains(out, "ダイジェスト") {
			t.Errorf("%s ask /digest: exit %d, want it unavailable:\n%s", kv[0], code, out)
		}
		code, out, _ = runCLI(t, getenv, "console")
		if code != 0 {
			t.Errorf("%s console: exit %d\n%s", kv[0], code, out)
		}
	}
}

// TestConfigErrorsExit2: every setting that cannot be used exits 2 and
// names itself.
func TestConfigErrorsExit2(t *testing.T) {
	dir := inTempDir(t)
	db := filepath.Join(dir, "kb.db")
	tests := []struct {
		setting string
		env     []string
		args    []string
	}{
		{"DEFAULT_LOCALE", []string{"DEFAULT_LOCALE", "fr"}, []string{"ask", "/salary go"}},
		{"DIGEST_GRACE", []string{"DIGEST_GRACE", "soon"}, []string{"console"}},
		{"ANSWER_CACHE_SIZE", []string{"ANSWER_CACHE_SIZE", "lots"}, []string{"kb", "export"}},
		{"ANSWER_CACHE_SIZE", []string{"ANSWER_CACHE_SIZE", "-1"}, []string{"ask", "/salary go"}},
		{"ANSWER_CACHE_MAX_AGE", []string{"ANSWER_CACHE_MAX_AGE", "-1m"}, []string{"kb", "export"}},
		{"LOG_LEVEL", []string{"LOG_LEVEL", "loud"}, []string{"ask", "/salary go"}},
		{"DIGEST_SCHEDULE", []string{"DIGEST_SCHEDULE", "0 9 * *", "SLACK_SIGNING_SECRET", "s"}, []string{"run"}},
		{"DIGEST_TIMEZONE", []string{"DIGEST_TIMEZONE", "Local"}, []string{"digest", "preview"}},
		{"HTTP_ADDR", []string{"HTTP_ADDR", "8080", "SLACK_SIGNING_SECRET", "s"}, []string{"run"}},
		{"SLACK_BOT_TOKEN", []string{"SLACK_BOT_TOKEN", "xoxp" + "-user-token", "SLACK_APP_TOKEN", "xapp-1", "HTTP_ADDR", "127.0.0.1:0"}, []string{"run"}},
		{"DISCORD_PUBLIC_KEY", []string{"DISCORD_PUBLIC_KEY", "abc", "HTTP_ADDR", "127.0.0.1:0"}, []string{"run"}},
		{"DATABASE_URL", []string{"DATABASE_URL", "mysql://u:hunter2@db/careerbot"}, []string{"ask", "/salary go"}},
	}
	for _, tc := range tests {
		t.Run(tc.setting, func(t *testing.T) {
			code, _, errOut := runCLI(t, env(append([]string{"DATABASE_PATH", db}, tc.env...)...), tc.args...)
			if code != 2 || !strings.Contains(errOut, tc.setting) || strings.Contains(errOut, "hunter2") {
				t.Errorf("%v: exit %d, want 2 naming %s:\n%s", tc.args, code, tc.setting, errOut)
			}
		})
	}
}

// TestDotenvExample: the example every operator copies is accepted as is.
func TestDotenvExample(t *testing.T) {
	c, err := loadConfig(env(), filepath.Join("..", "..", ".env.example"))
	if err != nil {
		t.Fatal(err)
	}
	if c.DigestSchedule != "0 9 * * 1" || c.digestErr != nil || !c.RecordGaps || c.DatabasePath != "careerbot.db" {
		t.Errorf("read schedule %q (%v), gaps %v, database %q", c.DigestSchedule, c.digestErr, c.RecordGaps, c.DatabasePath)
	}
	if c.AnswerCacheSize != 1024 || c.AnswerCacheMaxAge != 0 || c.retiredTTL {
		t.Errorf("answer cache: size %d, max age %s, retired TTL set %v", c.AnswerCacheSize, c.AnswerCacheMaxAge, c.retiredTTL)
	}
}

// TestAnswerCacheSettings: the size and age of the one answer cache, and
// the retired ANSWER_CACHE_TTL noticed rather than silently obeyed.
func TestAnswerCacheSettings(t *testing.T) {
	tests := []struct {
		env     []string
		size    int
		maxAge  time.Duration
		retired bool
	}{
		{nil, 1024, 0, false},
		{[]string{"ANSWER_CACHE_SIZE", "0"}, 0, 0, false},
		{[]string{"ANSWER_CACHE_SIZE", " 64 ", "ANSWER_CACHE_MAX_AGE", "1h"}, 64, time.Hour, false},
		{[]string{"ANSWER_CACHE_TTL", "0"}, 1024, 0, true},
	}
	for _, tc := range tests {
		c, err := loadConfig(env(tc.env...), filepath.Join(t.TempDir(), "none.env"))
		if err != nil {
			t.Fatalf("%v: %v", tc.env, err)
		}
		if c.AnswerCacheSize != tc.size || c.AnswerCacheMaxAge != tc.maxAge || c.retiredTTL != tc.retired {
			t.Errorf("%v: size %d, max age %s, retired %v", tc.env, c.AnswerCacheSize, c.AnswerCacheMaxAge, c.retiredTTL)
		}
	}
}
