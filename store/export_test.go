package store

import "context"

// ReadVersion is the SQL read KnowledgeVersion makes.
func (s *Store) ReadVersion(ctx context.Context) (int, string, error) { return s.head(ctx) }
