// Package store is careerbot's SQLite storage: embedded versioned
// migrations, the curated knowledge base and its versions, adapter state,
// digest subscriptions and the delivery log, and the unanswered-question
// counts (gaps). It implements the interfaces knowledge declares
// (knowledge/stores.go) and is the only package with SQL.
package store

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/mattn/go-sqlite3" // the SQLite driver, registered as "sqlite3"
)

//go:embed migrations/*.sql
var migrations embed.FS

// Store is a careerbot database. It is safe for concurrent use.
type Store struct {
	db    *sql.DB
	now   func() time.Time
	cache snapshotCache
	// versionStmt is prepared once: every read checks the version.
	versionStmt *sql.Stmt
	path        string // as given, for error messages
	// versions lets KnowledgeVersion skip its SQL read while nothing was
	// written (version.go).
	versions versionWatch
}

// Options tune Open. The zero value is fine.
type Options struct {
	// Now is the clock used for timestamps (tests inject one).
	Now func() time.Time
	// ReadOnly opens an existing database without writing to it.
	ReadOnly bool
}

// Open opens (creating if needed) the database at path and brings its schema
// up to date. WAL, foreign keys and a busy timeout are on for every pooled
// connection, since they are set through the DSN.
//
// Open refuses a database whose schema is newer than this binary's (it was
// made by a later careerbot), and, unless opts.ReadOnly, one it cannot
// write to: both are found at start rather than at the first request.
func Open(ctx context.Context, path string, opts Options) (*Store, error) {
	if path == "" {
		return nil, fmt.Errorf("opening the database: DATABASE_PATH is empty")
	}
	q := url.Values{}
	q.Set("_foreign_keys", "on")
	q.Set("_busy_timeout", "5000")
	q.Set("_txlock", "immediate")
	if opts.ReadOnly {
		q.Set("mode", "ro")
	} else {
		q.Set("_journal_mode", "WAL")
		q.Set("_synchronous", "NORMAL")
	}
	db, err := sql.Open("sqlite3", fileURI(path)+"?"+q.Encode())
	if err != nil {
		return nil, fmt.Errorf("opening the database %s: %w", path, err)
	}
	if err := pingWhileBusy(ctx, db); err != nil {
		db.Close()
		return nil, fmt.Errorf("opening the database %s: %w", path, openHint(path, err))
	}
	s := &Store{db: db, now: opts.Now, path: path}
	if s.now == nil {
		s.now = time.Now
	}
	fail := func(err error) (*Store, error) {
		db.Close()
		return nil, err
	}
	if !opts.ReadOnly {
		if err := s.checkWritable(ctx); err != nil {
			return fail(err)
		}
		if err := s.migrate(ctx); err != nil {
			return fail(err)
		}
	} else if err := s.checkSchema(ctx, s.db); err != nil {
		return fail(err)
	}
	if s.versionStmt, err = db.PrepareContext(ctx, headQuery); err != nil {
		return fail(fmt.Errorf("preparing queries on %s: %w", path, err))
	}
	return s, nil
}

// fileURI turns a file path into the SQLite URI that opens exactly that
// file: SQLite reads ?, # and %XX in a URI, so "kb#2.db" would open "kb".
func fileURI(path string) string {
	if strings.HasPrefix(path, "//") {
		path = filepath.Clean(path) // "file://x" would name a host
	}
	return "file:" + (&url.URL{Path: filepath.ToSlash(path)}).EscapedPath()
}

// pingWhileBusy opens the first connection. Two processes opening a new
// file at once both switch it to WAL as they connect, and SQLite answers
// one of them "database is locked" at once: the busy timeout does not cover
// the switch. So a busy first connection is tried again, for up to a second.
func pingWhileBusy(ctx context.Context, db *sql.DB) error {
	for attempt := 0; ; attempt++ {
		err := db.PingContext(ctx)
		var se sqlite3.Error
		if err == nil || !errors.As(err, &se) || (se.Code != sqlite3.ErrBusy && se.Code != sqlite3.ErrLocked) || attempt == 50 {
			return err
		}
		select {
		case <-ctx.Done():
			return err
		case <-time.After(20 * time.Millisecond):
		}
	}
}

// openHint adds what an operator can do about the common open failures.
func openHint(path string, err error) error {
	var se sqlite3.Error
	if errors.As(err, &se) && se.Code == sqlite3.ErrReadonly {
		return fmt.Errorf("it cannot be written: %w (check the permissions of the file, its -wal and -shm files and its directory)", err)
	}
	if fi, serr := os.Stat(path); serr == nil && fi.IsDir() {
		return fmt.Errorf("%w (it is a directory: set DATABASE_PATH to a file)", err)
	}
	if _, serr := os.Stat(filepath.Dir(path)); serr != nil {
		return fmt.Errorf("%w (its directory: %v)", err, serr)
	}
	return err
}

// Close closes the database.
func (s *Store) Close() error {
	s.versionStmt.Close()
	s.versions.close()
	return s.db.Close()
}

// checkWritable writes in a transaction that is rolled back, so a file (or
// directory) the process may read but not write is reported at start.
// BEGIN IMMEDIATE (the DSN's _txlock) alone takes the lock without writing.
func (s *Store) checkWritable(ctx context.Context) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err == nil {
		defer tx.Rollback()
		_, err = tx.ExecContext(ctx, `CREATE TABLE careerbot_write_check (x INTEGER)`)
	}
	if err != nil {
		return fmt.Errorf("the database %s cannot be written: %w (check the permissions of the file, its -wal and -shm files and its directory, and the free disk space)", s.path, err)
	}
	return nil
}

// migrationFiles lists the embedded migrations by version.
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
		version, err := strconv.Atoi(num)
		if !ok || err != nil {
			return nil, fmt.Errorf("migration %s: name must start with a number and an underscore", base)
		}
		out = append(out, migrationFile{version: version, name: name, base: base})
	}
	return out, nil
}

type migrationFile struct {
	version    int
	name, base string
}

// LatestSchema is the newest schema version this binary knows.
func LatestSchema() int {
	files, err := migrationFiles()
	if err != nil || len(files) == 0 {
		return 0
	}
	return files[len(files)-1].version
}

// querier is what checkSchema needs of a *sql.DB or *sql.Tx.
type querier interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

// checkSchema refuses a database that a newer careerbot has migrated: a
// migration row this binary does not know, or a higher user_version.
// Running on would fail later, at request time, or damage its data.
func (s *Store) checkSchema(ctx context.Context, q querier) error {
	files, err := migrationFiles()
	if err != nil {
		return err
	}
	known := map[int]bool{}
	latest := 0
	for _, f := range files {
		known[f.version] = true
		latest = max(latest, f.version)
	}
	newer := func(v int) error {
		return fmt.Errorf("the database %s has schema version %d, newer than this careerbot's %d: it was used by a newer careerbot; run that version, or set DATABASE_PATH to another file", s.path, v, latest)
	}
	var uv int
	if err := q.QueryRowContext(ctx, `PRAGMA user_version`).Scan(&uv); err != nil {
		return fmt.Errorf("reading the schema version of %s: %w", s.path, err)
	}
	if uv > latest {
		return newer(uv)
	}
	var exists int
	if err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'`).Scan(&exists); err != nil {
		return fmt.Errorf("reading the schema of %s: %w", s.path, err)
	}
	if exists == 0 {
		return nil
	}
	rows, err := q.QueryContext(ctx, `SELECT version FROM schema_migrations ORDER BY version DESC`)
	if err != nil {
		return fmt.Errorf("reading the migrations of %s: %w", s.path, err)
	}
	defer rows.Close()
	for rows.Next() {
		var v int
		if err := rows.Scan(&v); err != nil {
			return err
		}
		if !known[v] {
			return newer(v)
		}
	}
	return rows.Err()
}

// migrate applies the migrations the database lacks. Each is checked and
// applied in one immediate transaction, which holds SQLite's write lock, so
// two processes starting at once (a first run and a kb import) cannot both
// apply one.
func (s *Store) migrate(ctx context.Context) error {
	files, err := migrationFiles()
	if err != nil {
		return err
	}
	if _, err := s.db.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`); err != nil {
		return fmt.Errorf("creating the migrations table in %s: %w", s.path, err)
	}
	if err := s.checkSchema(ctx, s.db); err != nil {
		return err
	}
	for _, f := range files {
		err := s.tx(ctx, func(tx *sql.Tx) error {
			var n int
			if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM schema_migrations WHERE version = ?`, f.version).Scan(&n); err != nil {
				return fmt.Errorf("checking: %w", err)
			}
			if n > 0 {
				return nil
			}
			body, err := migrations.ReadFile(f.name)
			if err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, string(body)); err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)`,
				f.version, f.base, s.now().UTC().Format(time.RFC3339)); err != nil {
				return err
			}
			// user_version mirrors the newest migration, so any SQLite tool
			// (and an older careerbot) sees the schema version.
			_, err = tx.ExecContext(ctx, fmt.Sprintf(`PRAGMA user_version = %d`, f.version))
			return err
		})
		if err != nil {
			return fmt.Errorf("applying migration %s to %s: %w", f.base, s.path, err)
		}
	}
	return nil
}

// tx runs fn in a transaction, committing if it returns nil.
func (s *Store) tx(ctx context.Context, fn func(*sql.Tx) error) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	if err := fn(tx); err != nil {
		tx.Rollback()
		return err
	}
	return tx.Commit()
}

// GetState returns a persisted adapter value; ok is false when unset.
func (s *Store) GetState(ctx context.Context, key string) (value string, ok bool, err error) {
	err = s.db.QueryRowContext(ctx, `SELECT value FROM state WHERE key = ?`, key).Scan(&value)
	if err == sql.ErrNoRows {
		return "", false, nil
	}
	if err != nil {
		return "", false, fmt.Errorf("reading state %q: %w", key, err)
	}
	return value, true, nil
}

// SetState persists an adapter value.
func (s *Store) SetState(ctx context.Context, key, value string) error {
	_, err := s.db.ExecContext(ctx, `INSERT INTO state (key, value) VALUES (?, ?)
		ON CONFLICT (key) DO UPDATE SET value = excluded.value`, key, value)
	if err != nil {
		return fmt.Errorf("writing state %q: %w", key, err)
	}
	return nil
}
