package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"sync"
	"sync/atomic"
	"time"
)

// headQuery reads the newest applied knowledge version. kb_version's
// primary key is the version (the rowid), so this is one step down one
// b-tree: cheap enough to run on every chat request.
const headQuery = `SELECT version, hash FROM kb_version ORDER BY version DESC LIMIT 1`

// head returns the newest applied version's number and content hash; an
// empty database is version 0.
func (s *Store) head(ctx context.Context) (int, string, error) {
	var n int
	var h string
	err := s.versionStmt.QueryRowContext(ctx).Scan(&n, &h)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, "", nil
	}
	if err != nil {
		return 0, "", fmt.Errorf("reading the knowledge version: %w", err)
	}
	return n, h, nil
}

// KnowledgeVersion names the knowledge version the next answer comes from,
// so that an import by another process (a `careerbot kb import` while the
// bot runs) is seen by the very next request rather than within
// versionCheckEvery. When the version is not the decoded snapshot's, the
// snapshot is brought up to it first: an answer computed after this call
// is never older than the version it returns, which is what lets the
// answer cache key on it.
//
// The name is opaque ("12-9f86d081884c"): the number, and a prefix of the
// content hash, since a restored backup can reuse a number.
//
// It costs one indexed read of SQLite, or, while no transaction has been
// committed since the last read, a 48-byte read of the WAL index
// (versionWatch): tens of nanoseconds, no system call.
func (s *Store) KnowledgeVersion(ctx context.Context) (string, error) {
	vw := &s.versions
	hdr, hdrOK := vw.header()
	now := monotonic()
	if last := vw.last.Load(); hdrOK && last != nil && last.hdrOK && last.hdr == hdr && now-last.readAt < int64(versionCheckEvery) {
		return last.name, nil
	}
	n, h, err := s.head(ctx)
	if err != nil {
		return "", err
	}
	vw.reads.Add(1)
	if snap := s.cache.snap.Load(); snap == nil || snap.version != n || snap.hash != h {
		s.cache.mu.Lock()
		if snap := s.cache.snap.Load(); snap == nil || snap.version != n || snap.hash != h {
			_, err = s.reloadLocked(ctx)
		}
		s.cache.mu.Unlock()
		if err != nil {
			return "", err
		}
	}
	vw.open(s.path + "-shm") // a connection is open now, so the index exists
	name := strconv.Itoa(n) + "-" + h[:min(len(h), 12)]
	vw.last.Store(&seenVersion{hdr: hdr, hdrOK: hdrOK, readAt: now, name: name})
	return name, nil
}

// versionWatch lets KnowledgeVersion skip the SQL read while nothing has
// been committed since the last one. In WAL mode every reader learns of
// commits from the WAL-index header at the start of the -shm file, which
// every commit rewrites (its iChange counter counts transactions; see
// https://sqlite.org/walformat.html, "The WAL-Index Header"), whichever
// process makes it: SQLite's WAL works only between processes of one
// machine, all sharing that file. So while the header reads as it did just
// before the last SQL read, that read still holds; reading the header is a
// copy of 48 mapped bytes (walindex_unix.go; one pread elsewhere), where the
// SQL read is a read transaction.
//
// Without WAL (a read-only store over a database in another journal mode)
// there is no index and every call reads SQLite. The -shm file lasts while
// any connection is open, and this store's pool keeps one; should it ever
// be recreated under the open descriptor, a SQL read every
// versionCheckEvery still bounds how long a version can be reused.
type versionWatch struct {
	mu     sync.RWMutex // header reads hold it shared; open and close exclusively
	tried  atomic.Bool
	closed bool
	shm    walIndex // the WAL index; zero until opened, or without WAL
	last   atomic.Pointer[seenVersion]
	reads  atomic.Int64 // SQL reads made, for tests
}

// walHeader is the first copy of the WAL-index header: the one a writer
// rewrites last, once the commit is complete.
type walHeader [48]byte

type seenVersion struct {
	hdr    walHeader // as read just before the SQL read
	hdrOK  bool
	readAt int64 // monotonic
	name   string
}

// open opens the WAL index once; failing (no WAL) leaves every call to
// read SQLite.
func (vw *versionWatch) open(path string) {
	if vw.tried.Load() {
		return
	}
	vw.mu.Lock()
	defer vw.mu.Unlock()
	if vw.tried.Load() || vw.closed {
		return
	}
	vw.shm = openWALIndex(path)
	vw.tried.Store(true)
}

// header reads the WAL-index header; ok is false when there is none (yet)
// or it is not initialised.
func (vw *versionWatch) header() (h walHeader, ok bool) {
	vw.mu.RLock()
	defer vw.mu.RUnlock()
	if !vw.shm.read(&h) {
		return h, false
	}
	return h, h[12] == 1 // isInit
}

func (vw *versionWatch) close() {
	vw.mu.Lock()
	defer vw.mu.Unlock()
	vw.closed = true
	vw.shm.close()
	vw.shm = walIndex{}
}

// monotonic is nanoseconds on the monotonic clock since epoch (snapshot.go).
func monotonic() int64 { return time.Since(epoch).Nanoseconds() }
