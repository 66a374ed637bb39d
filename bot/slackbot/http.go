package slackbot

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/slack-go/slack"
)

const (
	// EventsPath is where Slack sends slash commands and interactivity in
	// HTTP mode (the Request URL in the app settings).
	EventsPath = "/slack/events"
	// maxBody is far above any slash command or block_actions payload
	// (a few KB) and far below what would cost memory.
	maxBody = 64 << 10
	// maxSkew is how far a request's timestamp may be from our clock, in
	// either direction: older requests may be replays, newer ones forged.
	maxSkew = 5 * time.Minute
)

// HTTPHandler serves POST /slack/events: slash commands and interactivity
// (form-encoded), after checking Slack's request signature. Answering
// needs only the signing secret; the Share button needs the bot token.
func (b *Bot) HTTPHandler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc(EventsPath, b.serveEvents)
	return mux
}

func (b *Bot) serveEvents(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	if b.cfg.SigningSecret == "" {
		// Without a secret nothing can be verified, so nothing is served.
		http.Error(w, "HTTP mode is not configured (SLACK_SIGNING_SECRET)", http.StatusUnauthorized)
		return
	}
	if r.ContentLength > maxBody {
		http.Error(w, "request body too large", http.StatusRequestEntityTooLarge)
		return
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBody))
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			http.Error(w, "request body too large", http.StatusRequestEntityTooLarge)
			return
		}
		http.Error(w, "could not read the request body", http.StatusBadRequest)
		return
	}
	if err := verifySignature(b.cfg.SigningSecret, r.Header, body, b.cfg.Clock()); err != nil {
		b.log.Warn("refused a request with a bad signature", "err", err, "remote", r.RemoteAddr)
		http.Error(w, "invalid signature", http.StatusUnauthorized)
		return
	}

	// Verified: now, and only now, parse.
	ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if ct == "application/json" {
		b.serveJSONEvent(w, r, body)
		return
	}
	form, err := url.ParseQuery(string(body))
	if err != nil {
		http.Error(w, "malformed form body", http.StatusBadRequest)
		return
	}
	switch {
	case form.Get("ssl_check") == "1":
		w.WriteHeader(http.StatusOK)
	case form.Has("payload"):
		b.serveInteraction(w, r, form.Get("payload"))
	case form.Has("command"):
		b.serveSlashCommand(w, r, form)
	default:
		http.Error(w, "neither a slash command nor an interaction", http.StatusBadRequest)
	}
}

// verifySignature checks X-Slack-Signature, v0=HMAC-SHA256(secret,
// "v0:{timestamp}:{body}"), in constant time, and that the timestamp is
// within maxSkew of now.
func verifySignature(secret string, h http.Header, body []byte, now time.Time) error {
	tsHeader := h.Get("X-Slack-Request-Timestamp")
	sig := h.Get("X-Slack-Signature")
	if tsHeader == "" || sig == "" {
		return errors.New("missing X-Slack-Request-Timestamp or X-Slack-Signature")
	}
	ts, err := strconv.ParseInt(tsHeader, 10, 64)
	if err != nil {
		return errors.New("malformed X-Slack-Request-Timestamp")
	}
	skew := now.Sub(time.Unix(ts, 0))
	if skew > maxSkew || skew < -maxSkew {
		return errors.New("timestamp outside the 5-minute window")
	}
	got, ok := strings.CutPrefix(sig, "v0=")
	if !ok {
		return errors.New("unsupported signature version")
	}
	gotMAC, err := hex.DecodeString(got)
	if err != nil {
		return errors.New("malformed signature")
	}
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write([]byte("v0:" + tsHeader + ":"))
	mac.Write(body)
	if !hmac.Equal(gotMAC, mac.Sum(nil)) {
		return errors.New("signature mismatch")
	}
	return nil
}

// sign computes the signature header for body at ts (tests, load tool).
func sign(secret string, ts int64, body []byte) string {
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write([]byte("v0:" + strconv.FormatInt(ts, 10) + ":"))
	mac.Write(body)
	return "v0=" + hex.EncodeToString(mac.Sum(nil))
}

func (b *Bot) serveSlashCommand(w http.ResponseWriter, r *http.Request, form url.Values) {
	sc := slack.SlashCommand{
		Token:          form.Get("token"),
		TeamID:         form.Get("team_id"),
		TeamDomain:     form.Get("team_domain"),
		EnterpriseID:   form.Get("enterprise_id"),
		EnterpriseName: form.Get("enterprise_name"),
		ChannelID:      form.Get("channel_id"),
		ChannelName:    form.Get("channel_name"),
		UserID:         form.Get("user_id"),
		UserName:       form.Get("user_name"),
		Command:        form.Get("command"),
		Text:           form.Get("text"),
		ResponseURL:    form.Get("response_url"),
		TriggerID:      form.Get("trigger_id"),
		APIAppID:       form.Get("api_app_id"),
	}
	ctx, cancel := context.WithTimeout(r.Context(), 2500*time.Millisecond)
	defer cancel()
	a := b.slashAnswer(ctx, sc)
	if a.raw == nil { // a form was opened instead
		w.WriteHeader(http.StatusOK)
		return
	}
	// An empty 200 acknowledges the command where the answer goes through
	// response_url, after this response.
	body, after := b.slashAck(sc, a)
	if after != nil {
		defer func() { go after() }()
	}
	if body == nil {
		w.WriteHeader(http.StatusOK)
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	// With its length given, a body over net/http's 2 KB buffer is written
	// as it is instead of in chunks.
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	_, _ = w.Write(body)
}

func (b *Bot) serveInteraction(w http.ResponseWriter, r *http.Request, payload string) {
	var cb slack.InteractionCallback
	if err := json.Unmarshal([]byte(payload), &cb); err != nil {
		http.Error(w, "malformed interaction payload", http.StatusBadRequest)
		return
	}
	if cb.Type == slack.InteractionTypeViewSubmission {
		ctx, cancel := context.WithTimeout(r.Context(), 2500*time.Millisecond)
		defer cancel()
		if resp := b.onViewSubmission(ctx, cb); resp != nil {
			w.Header().Set("Content-Type", "application/json; charset=utf-8")
			_ = json.NewEncoder(w).Encode(resp)
			return
		}
		w.WriteHeader(http.StatusOK) // an empty 200 closes the modal
		return
	}
	p, ok := pressedButton(cb)
	if !ok {
		w.WriteHeader(http.StatusOK)
		return
	}
	// Slack shows an error on the button unless it gets a 200 within 3 s,
	// so the post is bounded to that; Slack ignores the body.
	ctx, cancel := context.WithTimeout(r.Context(), 2500*time.Millisecond)
	defer cancel()
	if err := b.onPress(ctx, cb, p); err != nil {
		b.log.Warn("button failed", "kind", string(p.kind), "err", err)
	}
	w.WriteHeader(http.StatusOK)
}

// serveJSONEvent answers the Events API: url_verification with its
// challenge, and event callbacks with an immediate 200 (Slack retries
// after 3 s), handling the event afterwards, once per event id
// (onEventsAPI: mentions, DMs, App Home, app_uninstalled, tokens_revoked).
func (b *Bot) serveJSONEvent(w http.ResponseWriter, r *http.Request, body []byte) {
	var ev struct {
		Type      string `json:"type"`
		Challenge string `json:"challenge"`
	}
	if err := json.Unmarshal(body, &ev); err != nil {
		http.Error(w, "malformed JSON body", http.StatusBadRequest)
		return
	}
	if ev.Type == "url_verification" {
		w.Header().Set("Content-Type", "text/plain")
		_, _ = io.WriteString(w, ev.Challenge)
		return
	}
	w.WriteHeader(http.StatusOK)
	if ev.Type != "event_callback" {
		return
	}
	parsed, err := decodeEvent(body)
	if err != nil {
		b.log.Warn("could not read an event", "err", err)
		return
	}
	if n := r.Header.Get("X-Slack-Retry-Num"); n != "" {
		b.log.Debug("event delivered again", "retry", n, "reason", r.Header.Get("X-Slack-Retry-Reason"), "event_id", eventID(parsed))
	}
	ctx, cancel := context.WithTimeout(context.WithoutCancel(r.Context()), eventWork)
	b.ext.events.Add(1)
	go func() {
		defer b.ext.events.Done()
		defer cancel()
		b.onEventsAPI(ctx, parsed)
	}()
}
