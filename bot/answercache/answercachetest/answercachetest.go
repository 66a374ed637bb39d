// Package answercachetest gives the adapters' answer-cache tests a real
// knowledge base: a SQLite store loaded with the curated data, the real
// router over it, a gaps counter, and a second store on the same file that
// stands in for `careerbot kb import` run by another process.
package answercachetest

import (
	"context"
	"path/filepath"
	"sync"
	"testing"

	"careerbot/handlers"
	"careerbot/knowledge"
	"careerbot/store"
)

// KB is a real router over a store in a temporary file.
type KB struct {
	Router *handlers.Router
	Gaps   *Gaps
	path   string
}

// Open loads the curated knowledge base into a new database and builds the
// router over it, with Gaps hearing unanswered questions.
func Open(t testing.TB) *KB {
	t.Helper()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "kb.db")
	st, err := store.Open(ctx, path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	if _, _, err := st.SyncEmbedded(ctx, curated(t)); err != nil {
		t.Fatal(err)
	}
	gaps := &Gaps{n: map[string]int{}}
	r, err := handlers.New(ctx, st, handlers.Options{DefaultLocale: knowledge.JA, Gaps: gaps})
	if err != nil {
		t.Fatal(err)
	}
	return &KB{Router: r, Gaps: gaps, path: path}
}

func curated(t testing.TB) *knowledge.Data {
	t.Helper()
	d, err := knowledge.Load(knowledge.Curated, knowledge.CuratedDir)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// Import applies the curated data changed by change through a second store
// on the same file, as `careerbot kb import` in another process would, and
// closes it.
func (k *KB) Import(t testing.TB, change func(*knowledge.Data)) {
	t.Helper()
	ctx := context.Background()
	st, err := store.Open(ctx, k.path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	d := curated(t)
	change(d)
	if _, changed, err := st.Sync(ctx, d, "import"); err != nil || !changed {
		t.Fatalf("import: changed %v, %v", changed, err)
	}
}

// OneListing is a change to import: only the first example listing stays,
// so /jobs answers differently.
func OneListing(d *knowledge.Data) { d.Listings = d.Listings[:1] }

// Gaps counts the unanswered questions the router reports.
type Gaps struct {
	mu sync.Mutex
	n  map[string]int
}

// RecordGap implements handlers.GapRecorder.
func (g *Gaps) RecordGap(command, key, _ string) {
	g.mu.Lock()
	g.n[command+" "+key]++
	g.mu.Unlock()
}

// Count is how often command's question with the normalised key was
// reported.
func (g *Gaps) Count(command, key string) int {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.n[command+" "+key]
}
