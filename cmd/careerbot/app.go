package main

import (
	"context"
	"fmt"
	"log/slog"

	"careerbot/handlers"
	"careerbot/knowledge"
	"careerbot/store"
)

// app is what every subcommand shares: settings, the store loaded with the
// curated knowledge base, the command engine and the logger.
type app struct {
	cfg    config
	store  *store.Store
	router *handlers.Router
	log    *slog.Logger
}

// openApp opens the database (creating and loading it on first start; a
// restart with the same data writes nothing) and builds the router.
func openApp(ctx context.Context, cfg config, log *slog.Logger, opts handlers.Options) (*app, error) {
	st, err := store.Open(ctx, cfg.DatabasePath, store.Options{})
	if err != nil {
		return nil, err
	}
	data, err := knowledge.Load(knowledge.Curated, knowledge.CuratedDir)
	if err != nil {
		st.Close()
		return nil, fmt.Errorf("the embedded knowledge base is invalid: %w", err)
	}
	v, changed, err := st.SyncEmbedded(ctx, data)
	if err != nil {
		st.Close()
		return nil, err
	}
	if changed {
		log.Info("knowledge base loaded", "version", v.Number, "added", v.Added, "changed", v.Changed, "removed", v.Removed)
	} else {
		log.Debug("knowledge base up to date", "version", v.Number)
	}
	a := &app{cfg: cfg, store: st, log: log}
	if opts.DefaultLocale == "" {
		opts.DefaultLocale = cfg.DefaultLocale
	}
	if opts.Logger == nil {
		opts.Logger = log
	}
	if a.router, err = handlers.New(ctx, st, opts); err != nil {
		st.Close()
		return nil, err
	}
	return a, nil
}

func (a *app) Close() error { return a.store.Close() }
