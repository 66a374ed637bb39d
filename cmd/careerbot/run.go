package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"sync"
	"time"

	"careerbot/bot/answercache"
	"careerbot/bot/delivery"
	"careerbot/bot/discordbot"
	"careerbot/bot/slackbot"
	"careerbot/handlers"
)

const noPlatform = `careerbot run: no chat platform is configured, so there is nothing to connect to.

Put the settings of at least one platform in .env (copy .env.example):
  Slack, Socket Mode:    SLACK_BOT_TOKEN=xoxb-…  SLACK_APP_TOKEN=xapp-…
  Slack, HTTP mode:      SLACK_SIGNING_SECRET=…  (HTTP_ADDR, default :8080)
  Discord, gateway:      DISCORD_BOT_TOKEN=…  DISCORD_APP_ID=…  (DISCORD_GUILD_ID while developing)
  Discord, HTTP mode:    DISCORD_PUBLIC_KEY=…  (HTTP_ADDR)

To try careerbot without any platform or token:  careerbot console
`

// task is one long-running part of `careerbot run`.
type task struct {
	name string
	run  func(ctx context.Context) error
}

func runCmd(ctx context.Context, cfg config, log *slog.Logger, stdout io.Writer) error {
	if !cfg.slackSocket() && !cfg.slackHTTP() && !cfg.slackOAuth() && !cfg.discordGateway() && !cfg.discordHTTP() {
		fmt.Fprint(stdout, noPlatform)
		return &exitError{2, errors.New("")}
	}
	if cfg.digestErr != nil {
		return configError(cfg.digestErr)
	}
	if err := cfg.checkSlackOAuth(); err != nil {
		return configError(err)
	}
	log.Info("starting careerbot", "config", cfg)
	if cfg.retiredTTL {
		log.Warn("ANSWER_CACHE_TTL is no longer read: every import renews the cached answers; ANSWER_CACHE_SIZE=0 turns the answer cache off, ANSWER_CACHE_MAX_AGE bounds an answer's age")
	}
	answerCache := answercache.Options{Size: cfg.AnswerCacheSize, MaxAge: cfg.AnswerCacheMaxAge}
	a, err := openStore(ctx, cfg, log)
	if err != nil {
		return err
	}
	defer a.Close()
	d, err := newDigest(a)
	if err != nil {
		return err
	}
	if err := a.buildRouter(ctx, handlers.Options{Digest: d}); err != nil {
		return err
	}

	var tasks []task
	var posters []delivery.Poster[handlers.Reply]
	mux := http.NewServeMux()
	var ready []string

	o, opsTask, err := startOps(cfg, a.store, log)
	if err != nil {
		return err
	}
	// Without OPS_ADDR nothing observes, and the clients are the SDKs' own.
	var slackObs slackbot.Observer
	var discordObs discordbot.Observer
	var slackClient, discordClient *http.Client
	if o != nil {
		tasks = append(tasks, *opsTask)
		slackObs, discordObs = o, o
		a.passes = digestPasses{o}
		slackClient = &http.Client{Transport: o.Transport("slack", nil)}
		discordClient = &http.Client{Transport: o.Transport("discord", nil), Timeout: 20 * time.Second} // discordgo's default timeout
	}

	if cfg.slackSocket() || cfg.slackHTTP() {
		sb, err := slackbot.New(slackbot.Config{
			BotToken: cfg.SlackBotToken, AppToken: cfg.SlackAppToken, SigningSecret: cfg.SlackSigningSecret,
			AdminUserIDs: cfg.SlackAdminUserIDs, DefaultLocale: cfg.DefaultLocale, Logger: log, AnswerCache: answerCache,
			Observer: slackObs, HTTPClient: slackClient,
			APIURL: cfg.SlackAPIURL, OAuth: cfg.slackOAuthSettings(a.store),
			Votes: a.store, Subscriptions: a.store, State: a.store,
		}, a.router)
		if err != nil {
			return configError(err)
		}
		if cfg.slackSocket() {
			tasks = append(tasks, task{"slack socket mode", sb.RunSocketMode})
			if o != nil {
				o.ExpectConnection(slackbot.SocketConnection)
			}
		}
		if o != nil {
			o.WatchCache("slack", sb.CacheStats)
		}
		if cfg.slackHTTP() {
			// Events are answered after their 200; let those finish.
			defer sb.WaitEvents()
			mux.Handle("/slack/events", sb.HTTPHandler())
			ready = append(ready, "slack-http")
		}
		if cfg.slackOAuth() {
			h := sb.OAuthHandler()
			mux.Handle("GET "+slackbot.InstallPath, h)
			mux.Handle("GET "+slackbot.RedirectPath, h)
			ready = append(ready, "slack-oauth")
			tasks = append(tasks, task{"slack token refresh", sb.RunTokenRefresh})
		}
		if cfg.SlackBotToken != "" || cfg.slackOAuth() {
			posters = append(posters, sb)
		}
	} else {
		log.Info("Slack is not started: set SLACK_BOT_TOKEN and SLACK_APP_TOKEN (Socket Mode) or SLACK_SIGNING_SECRET (HTTP mode)")
	}

	if cfg.discordGateway() || cfg.discordHTTP() {
		db, err := discordbot.New(discordbot.Config{
			Token: cfg.DiscordBotToken, AppID: cfg.DiscordAppID, GuildID: cfg.DiscordGuildID, PublicKey: cfg.DiscordPublicKey,
			DefaultLocale: cfg.DefaultLocale, Logger: log, AnswerCache: answerCache,
			Observer: discordObs, HTTPClient: discordClient, APIURL: cfg.DiscordAPIURL,
			ShardID: cfg.DiscordShardID, ShardCount: cfg.DiscordShardCount,
			Votes: a.store,
		}, a.router, a.store)
		if err != nil {
			return configError(err)
		}
		if cfg.discordGateway() {
			// Commands registered by an earlier start stay in place, so a
			// Discord outage at start-up is no reason not to answer. With
			// shards split over processes, shard 0's process registers them.
			if cfg.DiscordShardID == 0 {
				if err := db.Sync(ctx); err != nil {
					log.Error("could not register Discord commands; the ones registered before stay in place", "err", err)
				}
			}
			if o != nil {
				shards, err := db.PlanShards(ctx)
				if err != nil {
					return err
				}
				for _, name := range shards {
					o.ExpectConnection(name)
				}
			}
			tasks = append(tasks, task{"discord gateway", db.RunGateway})
		}
		if cfg.discordHTTP() {
			mux.Handle("/discord/interactions", db.HTTPHandler())
			ready = append(ready, "discord-http")
		}
		if cfg.DiscordBotToken != "" {
			posters = append(posters, db)
		}
		if o != nil {
			o.WatchCache("discord", db.CacheStats)
		}
	} else {
		log.Info("Discord is not started: set DISCORD_BOT_TOKEN and DISCORD_APP_ID (gateway) or DISCORD_PUBLIC_KEY (HTTP interactions)")
	}

	if len(ready) > 0 {
		mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			json.NewEncoder(w).Encode(map[string]any{"status": "ok", "endpoints": ready})
		})
		// Bind before anything connects, so a taken port stops the start
		// and "listening" is only said once it is true.
		if _, port, err := net.SplitHostPort(cfg.HTTPAddr); err != nil || port == "" {
			return configError(errors.New("HTTP_ADDR: use host:port, e.g. :8080 or 127.0.0.1:8080"))
		}
		ln, err := net.Listen("tcp", cfg.HTTPAddr)
		if err != nil {
			return fmt.Errorf("HTTP_ADDR: cannot listen on %s: %w", cfg.HTTPAddr, err)
		}
		defer ln.Close()
		tasks = append(tasks, task{"http", func(ctx context.Context) error { return serveHTTP(ctx, ln, mux, log) }})
	}
	if len(posters) == 0 {
		log.Info("weekly digests are not posted: they need SLACK_BOT_TOKEN or DISCORD_BOT_TOKEN")
	} else {
		tasks = append(tasks, task{"digest scheduler", func(ctx context.Context) error { return startScheduler(ctx, a, posters) }})
		if o != nil {
			o.ExpectPasses(passMaxAge)
		}
	}
	return runTasks(ctx, log, tasks)
}

// runTasks runs every task until ctx is done (SIGINT/SIGTERM) or one fails;
// then it stops the others and waits for them.
func runTasks(ctx context.Context, log *slog.Logger, tasks []task) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var wg sync.WaitGroup
	errs := make(chan error, len(tasks))
	for _, t := range tasks {
		wg.Add(1)
		go func() {
			defer wg.Done()
			err := t.run(ctx)
			if err != nil && ctx.Err() == nil {
				errs <- fmt.Errorf("%s: %w", t.name, err)
				cancel()
				return
			}
			log.Info("stopped", "part", t.name)
		}()
	}
	wg.Wait()
	close(errs)
	return <-errs
}

// serveHTTP serves mux on ln until ctx is done, then shuts down gracefully.
func serveHTTP(ctx context.Context, ln net.Listener, mux http.Handler, log *slog.Logger) error {
	addr := ln.Addr().String()
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 5 * time.Second, ReadTimeout: 10 * time.Second, WriteTimeout: 10 * time.Second, IdleTimeout: 120 * time.Second}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
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

func digestCmd(ctx context.Context, cfg config, log *slog.Logger, args []string, stdout io.Writer) error {
	if cfg.digestErr != nil {
		return configError(cfg.digestErr)
	}
	a, err := openStore(ctx, cfg, log)
	if err != nil {
		return err
	}
	defer a.Close()
	return digestCommand(ctx, a, args, stdout)
}
