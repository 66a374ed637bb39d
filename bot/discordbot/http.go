package discordbot

import (
	"context"
	"crypto/ed25519"
	"encoding/hex"
	"errors"
	"io"
	"net/http"
	"strconv"
	"time"

	"github.com/bwmarrin/discordgo"
)

// InteractionsPath is where Discord POSTs interactions in HTTP mode.
const InteractionsPath = "/discord/interactions"

// signatureWindow is how far a request's timestamp may be from the clock.
const signatureWindow = 5 * time.Minute

// interactionTokenLife is how long an interaction token can follow up.
const interactionTokenLife = 15 * time.Minute

// HTTPHandler serves POST /discord/interactions: Discord's outgoing-webhook
// mode, which needs only the application's public key. Every request is
// verified (Ed25519 over timestamp + raw body, timestamp within 5 minutes)
// before anything is parsed; Discord sends invalid signatures on purpose
// and delists endpoints that accept them.
func (b *Bot) HTTPHandler() http.Handler {
	return http.HandlerFunc(b.serveHTTP)
}

func (b *Bot) serveHTTP(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path != InteractionsPath {
		http.NotFound(w, r)
		return
	}
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		http.Error(w, "use POST", http.StatusMethodNotAllowed)
		return
	}
	if b.pub == nil {
		http.Error(w, "DISCORD_PUBLIC_KEY is not set", http.StatusServiceUnavailable)
		return
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, b.maxBody))
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			http.Error(w, "request body too large", http.StatusRequestEntityTooLarge)
			return
		}
		http.Error(w, "could not read the request body", http.StatusBadRequest)
		return
	}
	if why := b.verify(r.Header, body); why != "" {
		b.log.Warn("rejected an interaction request", "reason", why, "remote", r.RemoteAddr)
		http.Error(w, "invalid request signature", http.StatusUnauthorized)
		return
	}

	var i discordgo.Interaction
	if err := decodeInteraction(body, &i); err != nil {
		http.Error(w, "malformed interaction", http.StatusBadRequest)
		return
	}
	// The answer may outlive this request (a deferred follow-up), so it
	// must not be cancelled when the response is written.
	ctx, cancel := context.WithTimeout(context.WithoutCancel(r.Context()), interactionTokenLife)
	resp, out, followUp := b.respondEncoded(ctx, &i, false)
	ctype := "application/json"
	if out == nil {
		var err error
		if ctype, out, err = responseBody(resp); err != nil {
			cancel()
			b.log.Error("could not encode an interaction response", "err", err)
			http.Error(w, "internal error", http.StatusInternalServerError)
			return
		}
	}
	w.Header().Set("Content-Type", ctype)
	w.Header().Set("Content-Length", strconv.Itoa(len(out)))
	_, _ = w.Write(out)
	if followUp == nil {
		cancel()
		return
	}
	if f, ok := w.(http.Flusher); ok {
		f.Flush()
	}
	go func() {
		defer cancel()
		followUp()
	}()
}

// verify returns why a request is not from Discord, or "" if it is.
func (b *Bot) verify(h http.Header, body []byte) string {
	sigHex := h.Get("X-Signature-Ed25519")
	ts := h.Get("X-Signature-Timestamp")
	if sigHex == "" || ts == "" {
		return "missing signature headers"
	}
	sig, err := hex.DecodeString(sigHex)
	if err != nil || len(sig) != ed25519.SignatureSize {
		return "malformed signature"
	}
	sec, err := strconv.ParseInt(ts, 10, 64)
	if err != nil {
		return "malformed timestamp"
	}
	if d := b.now().Sub(time.Unix(sec, 0)); d > signatureWindow || d < -signatureWindow {
		return "timestamp outside the 5-minute window"
	}
	msg := make([]byte, 0, len(ts)+len(body))
	msg = append(append(msg, ts...), body...)
	if !ed25519.Verify(b.pub, msg, sig) {
		return "signature does not match"
	}
	return ""
}
