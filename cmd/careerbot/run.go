package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"time"
)

const noPlatform = `careerbot run: no chat platform is configured, so there is nothing to connect to.

Put the settings of at least one platform in .env (copy .env.example):
  Slack, Socket Mode:    SLACK_BOT_TOKEN=xoxb-…  SLACK_APP_TOKEN=xapp-…
  Slack, HTTP mode:      SLACK_SIGNING_SECRET=…  (HTTP_ADDR, default :8080)
  Discord, gateway:      DISCORD_BOT_TOKEN=…  DISCORD_APP_ID=…  (DISCORD_GUILD_ID while developing)
  Discord, HTTP mode:    DISCORD_PUBLIC_KEY=…  (HTTP_ADDR)

To try careerbot without any platform or token:  careerbot console
`

func runCmd(ctx context.Context, cfg config, log *slog.Logger, stdout io.Writer) error {
	if !cfg.slackSocket() && !cfg.slackHTTP() && !cfg.discordGateway() && !cfg.discordHTTP() {
		fmt.Fprint(stdout, noPlatform)
		return &exitError{2, errors.New("")}
	}
	return errors.New("run: platform adapters are not wired yet")
}

// serveHTTP serves mux on addr until ctx is done, then shuts down gracefully.
func serveHTTP(ctx context.Context, addr string, mux http.Handler, log *slog.Logger) error {
	srv := &http.Server{Addr: addr, Handler: mux, ReadHeaderTimeout: 5 * time.Second, ReadTimeout: 10 * time.Second, WriteTimeout: 10 * time.Second, IdleTimeout: 120 * time.Second}
	errc := make(chan error, 1)
	go func() { errc <- srv.ListenAndServe() }()
	log.Info("HTTP endpoint listening", "addr", addr)
	select {
	case err := <-errc:
		return fmt.Errorf("HTTP server on %s: %w", addr, err)
	case <-ctx.Done():
	}
	shut, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := srv.Shutdown(shut); err != nil {
		return fmt.Errorf("shutting down the HTTP server: %w", err)
	}
	return nil
}

func commandsCmd(ctx context.Context, cfg config, log *slog.Logger, args []string, stdout io.Writer) error {
	return errors.New("commands: the Discord adapter is not wired yet")
}

func digestCmd(ctx context.Context, cfg config, log *slog.Logger, args []string, stdout io.Writer) error {
	return errors.New("digest: not wired yet")
}
