package discordbot

import (
	"context"
	"errors"
	"fmt"
	"net"
	"sync"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/gorilla/websocket"
)

// drainTimeout bounds how long shutdown waits for interactions in flight.
const drainTimeout = 10 * time.Second

// RunGateway connects to Discord's gateway (intent: guilds only; slash
// commands need no privileged intent) and answers interactions until ctx is
// cancelled; then it closes the session, waits for answers in flight and
// returns nil. discordgo reconnects and resumes by itself after a dropped
// connection or an op 7; the adapter logs each transition.
func (b *Bot) RunGateway(ctx context.Context) error {
	if err := b.needToken("the gateway"); err != nil {
		return err
	}
	s := b.session
	s.ShouldReconnectOnError = true
	// Dial through ctx so that a reconnect loop still running after
	// shutdown cannot open a new connection.
	d := *websocket.DefaultDialer
	d.NetDialContext = func(_ context.Context, network, addr string) (net.Conn, error) {
		return (&net.Dialer{Timeout: 30 * time.Second}).DialContext(ctx, network, addr)
	}
	s.Dialer = &d

	var (
		mu       sync.Mutex
		closed   bool
		inflight sync.WaitGroup
	)
	// Answers in flight finish after shutdown starts: REST calls do not
	// need the websocket, and a half-answered interaction shows an error.
	hctx, stop := context.WithCancel(context.WithoutCancel(ctx))
	defer stop()

	removers := []func(){
		s.AddHandler(func(_ *discordgo.Session, r *discordgo.Ready) {
			name := ""
			if r.User != nil {
				name = r.User.Username
			}
			if r.User != nil {
				b.ext.self.Store(r.User.ID)
			}
			b.log.Info("gateway ready", "session", r.SessionID, "bot", name, "guilds", len(r.Guilds))
		}),
		s.AddHandler(func(_ *discordgo.Session, _ *discordgo.Resumed) {
			b.log.Info("gateway session resumed")
		}),
		s.AddHandler(func(_ *discordgo.Session, _ *discordgo.Disconnect) {
			if ctx.Err() != nil {
				b.log.Info("gateway closed")
				return
			}
			b.log.Warn("gateway disconnected; reconnecting and resuming")
		}),
		s.AddHandler(func(_ *discordgo.Session, _ *discordgo.Connect) {
			b.log.Info("gateway connected")
		}),
		s.AddHandler(func(_ *discordgo.Session, r *discordgo.RateLimit) {
			b.log.Warn("rate limited by Discord; waiting as asked", "url", r.URL, "retry_after", r.RetryAfter)
		}),
		s.AddHandler(func(_ *discordgo.Session, m *discordgo.MessageCreate) {
			mu.Lock()
			if closed {
				mu.Unlock()
				return
			}
			inflight.Add(1)
			mu.Unlock()
			defer inflight.Done()
			b.onMessage(hctx, m.Message)
		}),
		s.AddHandler(func(_ *discordgo.Session, ic *discordgo.InteractionCreate) {
			mu.Lock()
			if closed {
				mu.Unlock()
				return
			}
			inflight.Add(1)
			mu.Unlock()
			defer inflight.Done()
			b.onInteraction(hctx, ic.Interaction)
		}),
	}
	defer func() {
		for _, rm := range removers {
			rm()
		}
	}()

	if err := s.Open(); err != nil {
		return fmt.Errorf("discord: connecting to the gateway: %w", err)
	}
	<-ctx.Done()
	b.log.Info("closing the gateway session")
	if err := s.Close(); err != nil && !errors.Is(err, discordgo.ErrWSNotFound) {
		b.log.Warn("closing the gateway session", "err", err)
	}
	mu.Lock()
	closed = true
	mu.Unlock()
	drained := make(chan struct{})
	go func() { inflight.Wait(); close(drained) }()
	select {
	case <-drained:
	case <-time.After(drainTimeout):
		b.log.Warn("gave up waiting for interactions in flight")
		stop()
	}
	return nil
}

// onInteraction answers one interaction received over the gateway.
func (b *Bot) onInteraction(ctx context.Context, i *discordgo.Interaction) {
	resp, followUp := b.respond(ctx, i, true)
	if err := b.api.InteractionRespond(i, sendable(resp), discordgo.WithContext(ctx)); err != nil {
		b.log.Error("could not answer an interaction", "interaction", i.ID, "type", i.Type.String(), "err", err)
		return
	}
	if followUp != nil {
		followUp()
	}
}
