package main

import (
	"context"
	"time"

	"careerbot/bot/slackbot"
	"careerbot/knowledge"
	"careerbot/store"
	"careerbot/store/postgres"
)

// appStore is what careerbot asks of its database, whichever it is: the
// SQLite file (the default) or PostgreSQL (DATABASE_URL, for replicas).
type appStore interface {
	knowledge.KB
	knowledge.DigestStore
	Version(ctx context.Context) (knowledge.Version, error)
	Sync(ctx context.Context, data *knowledge.Data, origin string) (knowledge.Version, bool, error)
	SyncEmbedded(ctx context.Context, data *knowledge.Data) (knowledge.Version, bool, error)
	Export(ctx context.Context) (*knowledge.Data, error)
	GetState(ctx context.Context, key string) (string, bool, error)
	SetState(ctx context.Context, key, value string) error
	Gaps(ctx context.Context, since time.Time) ([]store.GapSummary, error)
	NewGapLog(opts store.GapLogOptions) *store.GapLog
	slackbot.InstallationStore
	RecordVote(ctx context.Context, v knowledge.Vote) error
	Votes(ctx context.Context, since time.Time) ([]store.VoteSummary, error)
	Close() error
}

// Both stores name their knowledge version, which the answer caches key on.
var (
	_ appStore = (*store.Store)(nil)
	_ appStore = (*postgres.Store)(nil)
	_ interface {
		KnowledgeVersion(context.Context) (string, error)
	} = (*postgres.Store)(nil)
)

// dbOptions tune openDB.
type dbOptions struct {
	// shortLived is a command that exits soon (kb import, kb gaps): on
	// PostgreSQL it does not listen for other replicas' imports.
	shortLived bool
}

// openDB opens the database the settings name.
func openDB(ctx context.Context, cfg config, opts dbOptions) (appStore, error) {
	if cfg.DatabaseURL != "" {
		st, err := postgres.Open(ctx, cfg.DatabaseURL, postgres.Options{NoListen: opts.shortLived})
		if err != nil {
			return nil, err
		}
		return st, nil
	}
	st, err := store.Open(ctx, cfg.DatabasePath, store.Options{})
	if err != nil {
		return nil, err
	}
	return st, nil
}

// database names the database for logs: the file, or PostgreSQL's host
// and database (never the password).
func (c config) database() string {
	if c.DatabaseURL != "" {
		return postgres.Describe(c.DatabaseURL)
	}
	return "SQLite " + c.DatabasePath
}
