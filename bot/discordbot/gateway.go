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
// cancelled; then it closes the sessions, waits for answers in flight and
// returns nil. It runs the shards PlanShards chose, one session each.
// discordgo reconnects and resumes by itself after a dropped connection or
// an op 7; the adapter logs each transition.
func (b *Bot) RunGateway(ctx context.Context) error {
	if err := b.needToken("the gateway"); err != nil {
		return err
	}
	shards := b.plan(ctx)
	// Dial through ctx so that a reconnect loop still running after
	// shutdown cannot open a new connection.
	d := *websocket.DefaultDialer
	d.NetDialContext = func(_ context.Context, network, addr string) (net.Conn, error) {
		return (&net.Dialer{Timeout: 30 * time.Second}).DialContext(ctx, network, addr)
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	errs := make(chan error, len(shards))
	var wg sync.WaitGroup
	for i, sh := range shards {
		s := b.session // the first shard's session also serves REST
		if i > 0 {
			var err error
			if s, err = b.newSession(b.session.Token); err != nil {
				return err
			}
		}
		s.Dialer = &d
		s.ShardID, s.ShardCount = sh.id, sh.count
		b.cfg.Observer.Connection(sh.name(), false)
		wg.Add(1)
		go func() {
			defer wg.Done()
			// Discord lets max_concurrency sessions identify per 5 s.
			if wait := time.Duration(i/max(sh.concurrency, 1)) * b.identifyGap; wait > 0 && sleepCtx(ctx, wait) != nil {
				return
			}
			if err := b.runSession(ctx, s, sh.name()); err != nil {
				errs <- err
				cancel()
			}
		}()
	}
	wg.Wait()
	close(errs)
	return <-errs
}

// runSession runs one gateway session until ctx is done.
func (b *Bot) runSession(ctx context.Context, s *discordgo.Session, conn string) error {
	log := b.log
	if s.ShardCount > 1 {
		log = log.With("shard", s.ShardID, "shards", s.ShardCount)
	}
	s.ShouldReconnectOnError = true
	defer b.cfg.Observer.Connection(conn, false)

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
			log.Info("gateway ready", "session", r.SessionID, "bot", name, "guilds", len(r.Guilds))
			b.cfg.Observer.Connection(conn, true)
		}),
		s.AddHandler(func(_ *discordgo.Session, _ *discordgo.Resumed) {
			log.Info("gateway session resumed")
			b.cfg.Observer.Connection(conn, true)
		}),
		s.AddHandler(func(_ *discordgo.Session, _ *discordgo.Disconnect) {
			b.cfg.Observer.Connection(conn, false)
			if ctx.Err() != nil {
				log.Info("gateway closed")
				return
			}
			log.Warn("gateway disconnected; reconnecting and resuming")
		}),
		s.AddHandler(func(_ *discordgo.Session, _ *discordgo.Connect) {
			log.Info("gateway connected")
		}),
		s.AddHandler(func(_ *discordgo.Session, r *discordgo.RateLimit) {
			log.Warn("rate limited by Discord; waiting as asked", "url", r.URL, "retry_after", r.RetryAfter)
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
	log.Info("closing the gateway session")
	if err := s.Close(); err != nil && !errors.Is(err, discordgo.ErrWSNotFound) {
		log.Warn("closing the gateway session", "err", err)
	}
	mu.Lock()
	closed = true
	mu.Unlock()
	drained := make(chan struct{})
	go func() { inflight.Wait(); close(drained) }()
	select {
	case <-drained:
	case <-time.After(drainTimeout):
		log.Warn("gave up waiting for interactions in flight")
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
