package slackbot

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"net/http"
	"sync"
	"time"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"
	"github.com/slack-go/slack/socketmode"
)

// RunSocketMode connects to Slack over Socket Mode and answers until ctx
// is cancelled, when it returns nil after finishing the requests in hand.
// It reconnects when Slack asks (disconnect: refresh_requested, warning)
// and when the connection drops, with backoff; it gives up only when
// Slack rejects the tokens.
func (b *Bot) RunSocketMode(ctx context.Context) error {
	if b.socket == nil || !b.hasTokens() {
		return errors.New("slackbot: Socket Mode needs SLACK_APP_TOKEN (xapp-…) and SLACK_BOT_TOKEN (xoxb-…) or Add to Slack (SLACK_CLIENT_ID)")
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	smc := socketmode.New(b.socket,
		socketmode.OptionLog(slogAdapter{b}),
		// Slack's requests are small; a bound keeps a bad frame from
		// costing memory.
		socketmode.OptionReadLimit(1<<20),
	)

	var inflight sync.WaitGroup
	var connected = make(chan struct{}, 1)
	done := make(chan struct{})
	go func() {
		defer close(done)
		for {
			select {
			case <-ctx.Done():
				return
			case evt := <-smc.Events:
				b.onSocketEvent(ctx, smc, evt, &inflight, connected)
			}
		}
	}()

	const minBackoff, maxBackoff = time.Second, 2 * time.Minute
	backoff := minBackoff
	var err error
	for ctx.Err() == nil {
		err = smc.RunContext(ctx)
		b.cfg.Observer.Connection(SocketConnection, false)
		if ctx.Err() != nil {
			break
		}
		if fatalSocketError(err) {
			break
		}
		select {
		case <-connected: // the last run got through: start the backoff afresh
			backoff = minBackoff
		default:
		}
		wait := backoff/2 + rand.N(backoff/2+1)
		b.log.Warn("socket mode connection ended; reconnecting", "err", err, "in", wait)
		if sleepCtx(ctx, wait) != nil {
			break
		}
		backoff = min(2*backoff, maxBackoff)
	}
	cancel()
	<-done
	inflight.Wait()
	if ctx.Err() != nil && (err == nil || !fatalSocketError(err)) {
		b.log.Info("socket mode stopped")
		return nil
	}
	return fmt.Errorf("slackbot: Socket Mode: %w (check SLACK_APP_TOKEN and SLACK_BOT_TOKEN)", err)
}

// fatalSocketError reports errors that reconnecting cannot cure.
func fatalSocketError(err error) bool {
	if err == nil {
		return false
	}
	switch err.Error() {
	case "invalid_auth", "account_inactive", "not_authed", "token_revoked", "not_allowed_token_type":
		return true
	}
	var sc slack.StatusCodeError
	return errors.As(err, &sc) && sc.Code == http.StatusNotFound
}

func (b *Bot) onSocketEvent(ctx context.Context, smc *socketmode.Client, evt socketmode.Event, inflight *sync.WaitGroup, connected chan struct{}) {
	switch evt.Type {
	case socketmode.EventTypeConnecting:
		b.log.Debug("socket mode connecting")
		b.cfg.Observer.Connection(SocketConnection, false)
	case socketmode.EventTypeConnected:
		b.log.Info("socket mode connected")
		b.cfg.Observer.Connection(SocketConnection, true)
		select {
		case connected <- struct{}{}:
		default:
		}
	case socketmode.EventTypeHello:
		b.log.Debug("socket mode hello")
	case socketmode.EventTypeConnectionError:
		b.log.Warn("socket mode connection error", "err", evt.Data)
		b.cfg.Observer.Connection(SocketConnection, false)
	case socketmode.EventTypeInvalidAuth:
		b.log.Error("socket mode: Slack rejected the app token")
	case socketmode.EventTypeIncomingError, socketmode.EventTypeErrorBadMessage, socketmode.EventTypeErrorWriteFailed:
		b.log.Warn("socket mode error", "type", evt.Type, "data", evt.Data)
	case socketmode.EventTypeSlashCommand:
		sc, ok := evt.Data.(slack.SlashCommand)
		if !ok || evt.Request == nil {
			return
		}
		envelope := evt.Request.EnvelopeID
		inflight.Add(1)
		go func() {
			defer inflight.Done()
			// The ack carries the answer; Slack waits 3 s for it.
			actx, cancel := context.WithTimeout(ctx, 2500*time.Millisecond)
			defer cancel()
			body, after := b.slashAck(sc, b.slashAnswer(actx, sc))
			// No payload: a form was opened, or the answer goes through
			// response_url, after the ack.
			if after != nil {
				defer after()
			}
			if err := smc.AckCtx(ctx, envelope, ackBody(body)); err != nil {
				if ctx.Err() != nil {
					return // shutting down: the connection is gone anyway
				}
				b.log.Error("socket mode ack failed", "envelope", envelope, "err", err)
				_ = smc.AckCtx(ctx, envelope, message{ResponseType: "ephemeral", Text: "careerbot: the answer could not be sent"})
			}
		}()
	case socketmode.EventTypeInteractive:
		cb, ok := evt.Data.(slack.InteractionCallback)
		if !ok || evt.Request == nil {
			return
		}
		if cb.Type == slack.InteractionTypeViewSubmission {
			// The ack carries the field errors, or closes the modal.
			vctx, cancel := context.WithTimeout(ctx, 2500*time.Millisecond)
			var payload any
			if resp := b.onViewSubmission(vctx, cb); resp != nil {
				payload = resp
			}
			cancel()
			if err := smc.AckCtx(ctx, evt.Request.EnvelopeID, payload); err != nil {
				b.log.Warn("socket mode ack failed", "err", err)
			}
			return
		}
		// Ack at once; the public post follows through the Web API.
		if err := smc.AckCtx(ctx, evt.Request.EnvelopeID, nil); err != nil {
			b.log.Warn("socket mode ack failed", "err", err)
		}
		p, ok := pressedButton(cb)
		if !ok {
			return
		}
		inflight.Add(1)
		go func() {
			defer inflight.Done()
			sctx, cancel := context.WithTimeout(ctx, time.Minute)
			defer cancel()
			if err := b.onPress(sctx, cb, p); err != nil {
				b.log.Warn("button failed", "kind", string(p.kind), "err", err)
			}
		}()
	case socketmode.EventTypeEventsAPI:
		// Ack at once so Slack does not retry; answer afterwards.
		if evt.Request != nil {
			_ = smc.AckCtx(ctx, evt.Request.EnvelopeID, nil)
		}
		ev, ok := evt.Data.(slackevents.EventsAPIEvent)
		if !ok {
			return
		}
		inflight.Add(1)
		go func() {
			defer inflight.Done()
			ectx, cancel := context.WithTimeout(ctx, eventWork)
			defer cancel()
			b.onEventsAPI(ectx, ev)
		}()
	}
}

// slogAdapter sends slack-go's log lines to slog at debug level.
type slogAdapter struct{ b *Bot }

func (a slogAdapter) Output(_ int, s string) error {
	a.b.log.Debug(s, "source", "slack-go")
	return nil
}
