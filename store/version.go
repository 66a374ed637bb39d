package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
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
// reading it from SQLite each time, so an import by another process (a
// `careerbot kb import` while the bot runs) is seen by the very next
// request rather than within versionCheckEvery. When the version read is
// not the decoded snapshot's, the snapshot is brought up to it first: an
// answer computed after this call is never older than the version it
// returns, which is what lets the answer cache key on it.
//
// The name is opaque ("12-9f86d081884c"): the number, and a prefix of the
// content hash, since a restored backup can reuse a number.
func (s *Store) KnowledgeVersion(ctx context.Context) (string, error) {
	n, h, err := s.head(ctx)
	if err != nil {
		return "", err
	}
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
	return strconv.Itoa(n) + "-" + h[:min(len(h), 12)], nil
}
