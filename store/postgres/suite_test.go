package postgres_test

import (
	"testing"
	"time"

	"careerbot/store/postgres"
	"careerbot/store/postgres/pgtest"
	"careerbot/store/storetest"
)

// TestSuite runs the store suite, the one the SQLite store passes, on
// PostgreSQL: each test in a schema of its own.
func TestSuite(t *testing.T) {
	pgtest.URL(t)
	storetest.Run(t, func(t *testing.T) storetest.Opener {
		dsn := pgtest.Schema(t)
		return func(t *testing.T, now func() time.Time) storetest.Store {
			return pgtest.Open(t, dsn, postgres.Options{Now: now})
		}
	})
}
