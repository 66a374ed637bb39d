package main

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// The Slack target: signed, form-encoded `/salary go` slash commands, as
// Slack sends them to the Request URL in HTTP mode.
func init() {
	secret := randomHex(16)
	targets["slack"] = target{
		name: "slack",
		path: "/slack/events",
		newRequest: func(now time.Time) (*http.Request, error) {
			return slackRequest(secret, now)
		},
		env: func() []string { return []string{"SLACK_SIGNING_SECRET=" + secret} },
	}
}

// slackForm is the documented slash command payload (docs.slack.dev,
// implementing slash commands) with /salary go.
var slackForm = url.Values{
	"token": {"gIkuvaNzQIHg97ATvDxqgjtO"}, "team_id": {"T0001"}, "team_domain": {"example"},
	"channel_id": {"C2147483705"}, "channel_name": {"test"}, "user_id": {"U2147483697"}, "user_name": {"Steve"},
	"command": {"/salary"}, "text": {"go"}, "response_url": {"https://hooks.slack.com/commands/1234/5678"},
	"trigger_id": {"13345224609.738474920.8088930838d88f008e0"}, "api_app_id": {"A123456"},
}.Encode()

// slackRequest signs the slash command at now: v0=HMAC-SHA256(secret,
// "v0:{timestamp}:{body}").
func slackRequest(secret string, now time.Time) (*http.Request, error) {
	ts := strconv.FormatInt(now.Unix(), 10)
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write([]byte("v0:" + ts + ":" + slackForm))
	req, err := http.NewRequest(http.MethodPost, "/slack/events", strings.NewReader(slackForm))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("X-Slack-Request-Timestamp", ts)
	req.Header.Set("X-Slack-Signature", "v0="+hex.EncodeToString(mac.Sum(nil)))
	return req, nil
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b) // crypto/rand does not fail on Linux
	return hex.EncodeToString(b)
}
