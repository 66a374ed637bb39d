// Package storetest gives other packages' tests a real SQLite store loaded
// with the curated knowledge base, the way httptest gives them a server.
package storetest

import (
	"context"
	"path/filepath"
	"testing"

	"careerbot/knowledge"
	"careerbot/store"
	"careerbot/store/postgres"
	"careerbot/store/postgres/pgtest"
)

// Open opens a store in a file under t.TempDir() (not :memory:, which gives
// every pooled connection its own empty database), loads the embedded
// curated data into it and closes it when the test ends.
func Open(t testing.TB, opts store.Options) *store.Store {
	t.Helper()
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(t.TempDir(), "kb.db"), opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	data, err := knowledge.Load(knowledge.Curated, knowledge.CuratedDir)
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := st.SyncEmbedded(ctx, data); err != nil {
		t.Fatal(err)
	}
	return st
}

// OpenPostgres is Open on PostgreSQL: a schema of its own on the server
// CAREERBOT_TEST_POSTGRES_URL names (the test skips when it is unset),
// loaded with the curated knowledge base.
func OpenPostgres(t testing.TB, opts postgres.Options) *postgres.Store {
	t.Helper()
	st := pgtest.Open(t, pgtest.Schema(t), opts)
	data, err := knowledge.Load(knowledge.Curated, knowledge.CuratedDir)
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := st.SyncEmbedded(context.Background(), data); err != nil {
		t.Fatal(err)
	}
	return st
}
