package store

import "context"

// ReadVersion is the SQL read KnowledgeVersion makes when it must.
func (s *Store) ReadVersion(ctx context.Context) (int, string, error) { return s.head(ctx) }

// VersionReads is how many times KnowledgeVersion read SQLite.
func (s *Store) VersionReads() int64 { return s.versions.reads.Load() }
