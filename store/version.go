package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"path/filepath"
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
// It costs one indexed read of SQLite, or, on Linux while nothing in the
// database's directory has been written, one non-blocking read of an
// inotify queue (versionWatch).
func (s *Store) KnowledgeVersion(ctx context.Context) (string, error) {
	vw := &s.versions
	if w := vw.dirWatch(s.path); w != nil {
		if w.changed() {
			vw.changed()
		}
		if last := vw.last.Load(); last != nil && last.gen == vw.gen.Load() && last.settled {
			return last.name, nil
		}
	}
	gen := vw.gen.Load()
	readAt := monotonic()
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
	name := strconv.Itoa(n) + "-" + h[:min(len(h), 12)]
	vw.last.Store(&seenVersion{gen: gen, name: name, settled: readAt-vw.changedAt.Load() >= int64(vw.settle)})
	return name, nil
}

// versionWatch lets KnowledgeVersion skip the SQL read while nothing can
// have been committed since the last one. Every commit, by this process or
// another (SQLite's write-ahead log only works between processes of one
// machine, so inotify sees them all), writes into the database's
// directory; each write queues an inotify event, and each event drained,
// like each Sync in this process, moves gen on. A version read is reused
// only while gen has not moved since just before that read.
//
// A commit's last write comes a moment before the commit is visible, so a
// read made right after its event could still see the old version. Reads
// are therefore trusted only when made at least settle after the last
// event; a `careerbot kb import` also closes the files it wrote when it
// exits, which is a further event once its commit is long visible.
type versionWatch struct {
	once      sync.Once
	watch     *dirWatch // nil without inotify: every call reads SQLite
	gen       atomic.Uint64
	changedAt atomic.Int64 // monotonic time of the last change seen
	last      atomic.Pointer[seenVersion]
	settle    time.Duration
	reads     atomic.Int64 // SQL reads made, for tests
}

// settleAfterChange is versionWatch.settle: far longer than the moment
// between a commit's last write and its visibility.
const settleAfterChange = 100 * time.Millisecond

type seenVersion struct {
	gen     uint64 // versionWatch.gen just before the read
	name    string
	settled bool // read at least settle after the last change
}

// dirWatch starts watching the database's directory on first use: before
// the first SQL read, so no commit can fall between the two.
func (vw *versionWatch) dirWatch(path string) *dirWatch {
	vw.once.Do(func() {
		if vw.settle == 0 {
			vw.settle = settleAfterChange
		}
		w, err := newDirWatch(filepath.Dir(path))
		if err == nil {
			vw.watch = w
		}
	})
	return vw.watch
}

// changed records that something may have been committed.
func (vw *versionWatch) changed() {
	vw.changedAt.Store(monotonic())
	vw.gen.Add(1)
}

func (vw *versionWatch) close() {
	vw.once.Do(func() {}) // no watch after Close
	if vw.watch != nil {
		vw.watch.close()
	}
}

// monotonic is nanoseconds on the monotonic clock since epoch (snapshot.go).
func monotonic() int64 { return time.Since(epoch).Nanoseconds() }
