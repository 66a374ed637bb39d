// Package postgres is careerbot's PostgreSQL store, for more than one
// replica on one database (DATABASE_URL=postgres://…). It implements the
// same interfaces as the SQLite store (package store), with its own
// embedded migrations, and answers knowledge reads from the same in-memory
// snapshot (store.NewSnapshot). What replicas share goes through the
// database: digest claims take row locks and leases, the Discord command
// sync an advisory lock, and a knowledge import is announced with NOTIFY
// (and polled for at least once a second).
package postgres

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"

	"careerbot/store"
)

//go:embed migrations/*.sql
var migrations embed.FS

// notifyChannel carries a schema's name after each knowledge import, so
// that every replica on that schema drops its snapshot at once.
const notifyChannel = "careerbot_kb"

// versionCheckEvery bounds how stale a replica's snapshot can be should a
// notification be lost (the listening connection dropped).
const versionCheckEvery = time.Second

// Options tune Open. The zero value is fine.
type Options struct {
	// Now is the clock used for timestamps (tests inject one).
	Now func() time.Time
	// NoListen turns off LISTEN for imports (the version is then polled
	// once a second): for short-lived commands such as kb import.
	NoListen bool
}

// Store is a careerbot database on PostgreSQL. It is safe for concurrent
// use, by many goroutines and many replicas.
type Store struct {
	store.SnapshotReads
	pool   *pgxpool.Pool
	now    func() time.Time
	schema string // current_schema(): names this database's notifications and locks
	where  string // host and database, for messages (never the password)

	mu      sync.Mutex // held while reading the version or rebuilding the snapshot
	snap    atomic.Pointer[store.Snapshot]
	checked atomic.Int64  // monotonic ns of the last version read; 0: read now
	gen     atomic.Uint64 // bumped by each notification, so a read racing one is not trusted

	// watched: a goroutine listens for imports and polls the version, so
	// commands never wait on the database for it.
	watched  bool
	stop     context.CancelFunc
	listened sync.WaitGroup
	// notified counts notifications for this schema, for tests.
	notified atomic.Int64
}

var epoch = time.Now()

func monotonic() int64 { return max(time.Since(epoch).Nanoseconds(), 1) }

// IsURL reports whether a DATABASE_URL names PostgreSQL.
func IsURL(s string) bool {
	return strings.HasPrefix(s, "postgres://") || strings.HasPrefix(s, "postgresql://")
}

// Describe names a database URL's host and database without its password,
// for logs and errors.
func Describe(dsn string) string {
	u, err := url.Parse(dsn)
	if err != nil {
		return "the PostgreSQL database (DATABASE_URL does not parse)"
	}
	return "PostgreSQL " + u.Host + u.Path
}

// Open connects to the database at dsn (a postgres:// URL; search_path in
// it picks the schema) and brings its schema up to date. Errors name the
// host and database, never the password.
func Open(ctx context.Context, dsn string, opts Options) (*Store, error) {
	where := Describe(dsn)
	cfg, err := pgxpool.ParseConfig(dsn)
	if err != nil {
		return nil, fmt.Errorf("opening %s: DATABASE_URL is not a valid PostgreSQL URL", where)
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("opening %s: %w", where, err)
	}
	s := &Store{pool: pool, now: opts.Now, where: where}
	s.SnapshotReads = store.SnapshotReads{Current: s.current}
	if s.now == nil {
		s.now = time.Now
	}
	if err := pool.QueryRow(ctx, `SELECT current_schema()`).Scan(&s.schema); err != nil {
		pool.Close()
		return nil, fmt.Errorf("opening %s: %w", where, err)
	}
	if err := s.migrate(ctx); err != nil {
		pool.Close()
		return nil, err
	}
	lctx, cancel := context.WithCancel(context.Background())
	s.stop = cancel
	if !opts.NoListen {
		s.watched = true
		s.listened.Add(2)
		go s.listen(lctx, cfg.ConnConfig.Copy())
		go s.poll(lctx)
	}
	return s, nil
}

// Close stops listening and closes the connections.
func (s *Store) Close() error {
	s.stop()
	s.listened.Wait()
	s.pool.Close()
	return nil
}

// Ping checks that the database answers.
func (s *Store) Ping(ctx context.Context) error { return s.pool.Ping(ctx) }

// lockKey names an advisory lock within this schema.
func (s *Store) lockKey(name string) string { return "careerbot:" + s.schema + ":" + name }

// tx runs fn in a transaction, committing if it returns nil.
func (s *Store) tx(ctx context.Context, fn func(pgx.Tx) error) error {
	return pgx.BeginFunc(ctx, s.pool, fn)
}

// WithLock runs fn while holding the named advisory lock, which every
// replica on this database shares: one runs fn at a time, the others wait.
// The Discord command sync uses it so that replicas starting together
// register the commands once.
func (s *Store) WithLock(ctx context.Context, name string, fn func(ctx context.Context) error) error {
	return s.tx(ctx, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, s.lockKey(name)); err != nil {
			return fmt.Errorf("taking the lock %q on %s: %w", name, s.where, err)
		}
		return fn(ctx)
	})
}

type migrationFile struct {
	version    int
	name, base string
}

func migrationFiles() ([]migrationFile, error) {
	names, err := fs.Glob(migrations, "migrations/*.sql")
	if err != nil {
		return nil, err
	}
	sort.Strings(names)
	var out []migrationFile
	for _, name := range names {
		base := strings.TrimPrefix(name, "migrations/")
		num, _, ok := strings.Cut(base, "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil {
			return nil, fmt.Errorf("migration %s: name must start with a number and an underscore", base)
		}
		out = append(out, migrationFile{version: v, name: name, base: base})
	}
	return out, nil
}

// LatestSchema is the newest schema version this binary knows.
func LatestSchema() int {
	files, err := migrationFiles()
	if err != nil || len(files) == 0 {
		return 0
	}
	return files[len(files)-1].version
}

// migrate applies the migrations the schema lacks, in one transaction under
// an advisory lock, so replicas starting together apply each once. It
// refuses a schema a newer careerbot has migrated.
func (s *Store) migrate(ctx context.Context) error {
	files, err := migrationFiles()
	if err != nil {
		return err
	}
	err = s.tx(ctx, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, s.lockKey("migrate")); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
			version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`); err != nil {
			return err
		}
		rows, err := tx.Query(ctx, `SELECT version FROM schema_migrations`)
		if err != nil {
			return err
		}
		applied, err := pgx.CollectRows(rows, pgx.RowTo[int])
		if err != nil {
			return err
		}
		have := map[int]bool{}
		latest := LatestSchema()
		for _, v := range applied {
			have[v] = true
			if v > latest {
				return fmt.Errorf("it has schema version %d, newer than this careerbot's %d: it was used by a newer careerbot; run that version, or point DATABASE_URL at another database or schema", v, latest)
			}
		}
		for _, f := range files {
			if have[f.version] {
				continue
			}
			body, err := migrations.ReadFile(f.name)
			if err != nil {
				return err
			}
			if _, err := tx.Exec(ctx, string(body)); err != nil {
				return fmt.Errorf("migration %s: %w", f.base, err)
			}
			if _, err := tx.Exec(ctx, `INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)`,
				f.version, f.base, s.now().UTC().Format(time.RFC3339)); err != nil {
				return fmt.Errorf("migration %s: %w", f.base, err)
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("bringing the schema of %s up to date: %w", s.where, err)
	}
	return nil
}

// listen waits for import notifications on a connection of its own,
// reconnecting after a second when it drops; meanwhile current polls.
func (s *Store) listen(ctx context.Context, cfg *pgx.ConnConfig) {
	defer s.listened.Done()
	for ctx.Err() == nil {
		conn, err := pgx.ConnectConfig(ctx, cfg)
		if err == nil {
			if _, err = conn.Exec(ctx, "LISTEN "+notifyChannel); err == nil {
				s.invalidate() // anything may have happened while not listening
				for {
					var n *pgconn.Notification
					if n, err = conn.WaitForNotification(ctx); err != nil {
						break
					}
					if n.Payload == s.schema {
						s.notified.Add(1)
						s.invalidate()
						s.refresh(ctx)
					}
				}
			}
			conn.Close(context.Background())
		}
		select {
		case <-ctx.Done():
		case <-time.After(time.Second):
		}
	}
}

// poll reads the version once a second, in case a notification was lost
// (the listening connection dropped), and rebuilds the snapshot when it
// changed.
func (s *Store) poll(ctx context.Context) {
	defer s.listened.Done()
	t := time.NewTicker(versionCheckEvery)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		n, h, err := s.head(ctx)
		if err != nil {
			continue // the next command reads it again, and reports the error
		}
		if snap := s.snap.Load(); snap == nil || snap.Version() != n || snap.Hash() != h {
			s.invalidate()
			s.refresh(ctx)
		}
	}
}

// refresh rebuilds the snapshot now, off the command path, so the first
// command after an import does not wait for it.
func (s *Store) refresh(ctx context.Context) {
	if s.snap.Load() != nil {
		s.current(ctx)
	}
}

func (s *Store) invalidate() {
	s.gen.Add(1)
	s.checked.Store(0)
}

// GetState returns a persisted adapter value; ok is false when unset.
func (s *Store) GetState(ctx context.Context, key string) (value string, ok bool, err error) {
	err = s.pool.QueryRow(ctx, `SELECT value FROM state WHERE key = $1`, key).Scan(&value)
	if errors.Is(err, pgx.ErrNoRows) {
		return "", false, nil
	}
	if err != nil {
		return "", false, fmt.Errorf("reading state %q: %w", key, err)
	}
	return value, true, nil
}

// SetState persists an adapter value.
func (s *Store) SetState(ctx context.Context, key, value string) error {
	_, err := s.pool.Exec(ctx, `INSERT INTO state (key, value) VALUES ($1, $2)
		ON CONFLICT (key) DO UPDATE SET value = excluded.value`, key, value)
	if err != nil {
		return fmt.Errorf("writing state %q: %w", key, err)
	}
	return nil
}
