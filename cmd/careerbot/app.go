package main

import (
	"context"
	"fmt"
	"log/slog"

	"careerbot/bot/scheduler"
	"careerbot/handlers"
	"careerbot/knowledge"
	"careerbot/store"
)

// app is what every subcommand shares: settings, the store loaded with the
// curated knowledge base, the command engine and the logger.
type app struct {
	cfg    config
	store  appStore
	router *handlers.Router
	log    *slog.Logger
	// gaps counts the questions with no answer; nil when KB_GAPS=off.
	gaps *store.GapLog
	// passes hears the digest scheduler's passes (OPS_ADDR); nil: nobody.
	passes scheduler.Observer
}

// openApp opens the store and builds the router.
func openApp(ctx context.Context, cfg config, log *slog.Logger, opts handlers.Options) (*app, error) {
	a, err := openStore(ctx, cfg, log)
	if err != nil {
		return nil, err
	}
	if err := a.buildRouter(ctx, opts); err != nil {
		a.Close()
		return nil, err
	}
	return a, nil
}

// openStore opens the database, creating and loading it on first start (a
// restart with the same data writes nothing).
func openStore(ctx context.Context, cfg config, log *slog.Logger) (*app, error) {
	st, err := openDB(ctx, cfg, dbOptions{})
	if err != nil {
		return nil, err
	}
	if err := loadEmbedded(ctx, st, log); err != nil {
		st.Close()
		return nil, err
	}
	return &app{cfg: cfg, store: st, log: log}, nil
}

// embeddedFilesKey remembers the digest of the embedded files last applied.
const embeddedFilesKey = "kb.embedded_files"

// loadEmbedded applies the embedded curated data unless exactly these files
// were applied before, in which case it does not even parse them.
func loadEmbedded(ctx context.Context, st appStore, log *slog.Logger) error {
	digest, err := knowledge.CuratedDigest()
	if err != nil {
		return err
	}
	if last, ok, err := st.GetState(ctx, embeddedFilesKey); err != nil {
		return err
	} else if ok && last == digest {
		if v, err := st.Version(ctx); err != nil {
			return err
		} else if v.Number > 0 {
			log.Debug("knowledge base up to date", "version", v.Number)
			return nil
		}
	}
	data, err := knowledge.Load(knowledge.Curated, knowledge.CuratedDir)
	if err != nil {
		return fmt.Errorf("the embedded knowledge base is invalid: %w", err)
	}
	v, changed, err := st.SyncEmbedded(ctx, data)
	if err != nil {
		return err
	}
	if changed {
		log.Info("knowledge base loaded", "version", v.Number, "added", v.Added, "changed", v.Changed, "removed", v.Removed)
	} else {
		log.Debug("knowledge base up to date", "version", v.Number)
	}
	return st.SetState(ctx, embeddedFilesKey, digest)
}

// buildRouter builds the command engine over the store.
func (a *app) buildRouter(ctx context.Context, opts handlers.Options) error {
	if opts.DefaultLocale == "" {
		opts.DefaultLocale = a.cfg.DefaultLocale
	}
	if opts.Logger == nil {
		opts.Logger = a.log
	}
	if opts.Gaps == nil && a.cfg.RecordGaps {
		if a.gaps == nil {
			a.gaps = a.store.NewGapLog(store.GapLogOptions{Logger: a.log})
		}
		opts.Gaps = a.gaps
	}
	r, err := handlers.New(ctx, a.store, opts)
	if err != nil {
		return err
	}
	a.router = r
	return nil
}

// Close writes the unanswered questions still held, then closes the store.
func (a *app) Close() error {
	if a.gaps != nil {
		a.gaps.Close()
	}
	return a.store.Close()
}
