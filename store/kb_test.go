package store_test

import (
	"context"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"careerbot/knowledge"
	"careerbot/store"
)

func curated(t testing.TB) *knowledge.Data {
	t.Helper()
	d, err := knowledge.Load(knowledge.Curated, knowledge.CuratedDir)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func open(t testing.TB, path string) *store.Store {
	t.Helper()
	now := time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC)
	st, err := store.Open(context.Background(), path, store.Options{Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

func TestSyncIsIdempotentAndRecordsChanges(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "kb.db")
	st := open(t, path)
	d := curated(t)
	v1, changed, err := st.Sync(ctx, d, "embedded")
	if err != nil || !changed || v1.Number != 1 || v1.Added != len(d.Facts()) {
		t.Fatalf("first sync: %+v changed=%v err=%v", v1, changed, err)
	}
	// Same data again: nothing written.
	if l, _ := st.Listings(ctx, ""); len(l) != len(d.Listings) {
		t.Fatalf("listings = %d, want %d", len(l), len(d.Listings))
	}
	v, changed, err := st.Sync(ctx, d, "embedded")
	if err != nil || changed || v.Number != 1 {
		t.Fatalf("second sync: %+v changed=%v err=%v", v, changed, err)
	}
	// Change one figure, remove one listing, add a trend.
	d2 := curated(t)
	d2.Salaries[0].Label.EN += " (revised)"
	removed := d2.Listings[len(d2.Listings)-1].ID
	d2.Listings = d2.Listings[:len(d2.Listings)-1]
	d2.Trends = append(d2.Trends, knowledge.Trend{ID: "T-new", Text: knowledge.Text{JA: "新しい動向", EN: "A new trend"}, Provenance: knowledge.Provenance{Article: d2.Articles[0].ID}})
	v2, changed, err := st.Sync(ctx, d2, "import")
	if err != nil || !changed {
		t.Fatalf("third sync: changed=%v err=%v", changed, err)
	}
	if v2.Number != 2 || v2.Added != 1 || v2.Changed != 1 || v2.Removed != 1 {
		t.Errorf("version 2 = %+v, want 1 added, 1 changed, 1 removed", v2)
	}
	// Reads see the new version at once (the decoded snapshot is per version).
	if l, _ := st.Listings(ctx, ""); len(l) != len(d2.Listings) {
		t.Errorf("after the new version: listings = %d, want %d", len(l), len(d2.Listings))
	}
	changes, err := st.Changes(ctx, 1)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, c := range changes {
		got[c.FactID] = c.Change
	}
	want := map[string]string{d2.Salaries[0].ID: "changed", removed: "removed", "T-new": "added"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("changes = %v, want %v", got, want)
	}
	// Reopening the file keeps everything.
	st.Close()
	st = open(t, path)
	if v, _ := st.Version(ctx); v.Number != 2 {
		t.Errorf("after reopen version = %d, want 2", v.Number)
	}
}

func TestSyncEmbeddedKeepsImports(t *testing.T) {
	ctx := context.Background()
	st := open(t, filepath.Join(t.TempDir(), "kb.db"))
	d := curated(t)
	if _, changed, err := st.SyncEmbedded(ctx, d); err != nil || !changed {
		t.Fatalf("first start: changed=%v err=%v", changed, err)
	}
	d2 := curated(t)
	d2.Trends = d2.Trends[1:]
	if _, _, err := st.Sync(ctx, d2, "import"); err != nil {
		t.Fatal(err)
	}
	// A restart with the same binary must not undo the curator's import.
	if v, changed, err := st.SyncEmbedded(ctx, d); err != nil || changed || v.Number != 2 {
		t.Fatalf("restart: %+v changed=%v err=%v", v, changed, err)
	}
}

func TestQueriesAndExportRoundTrip(t *testing.T) {
	ctx := context.Background()
	st := open(t, filepath.Join(t.TempDir(), "kb.db"))
	d := curated(t)
	if _, _, err := st.Sync(ctx, d, "embedded"); err != nil {
		t.Fatal(err)
	}
	goFigs, err := st.Salaries(ctx, "go")
	if err != nil || len(goFigs) == 0 {
		t.Fatalf("Salaries(go) = %v, %v", goFigs, err)
	}
	for _, f := range goFigs {
		found := false
		for _, tp := range f.Topics {
			found = found || tp == "go"
		}
		if !found {
			t.Errorf("Salaries(go) returned %s, which is not about go", f.ID)
		}
	}
	if _, err := st.Path(ctx, "astronaut"); knowledge.ErrorCode(err) != knowledge.ENOTFOUND {
		t.Errorf("Path(astronaut) error = %v, want ENOTFOUND", err)
	}
	exp, err := st.Export(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(exp, d) {
		t.Error("Export does not give back the data that was synced")
	}
}

func TestSearch(t *testing.T) {
	ctx := context.Background()
	st := open(t, filepath.Join(t.TempDir(), "kb.db"))
	if _, _, err := st.Sync(ctx, curated(t), "embedded"); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		q       string
		wantAny bool
	}{
		{"年収1000万円", true}, {"テックリード", true}, {"Kubernetes", true}, {"tech lead", true}, {"フリーランス 単価", true},
		{"xyzzy", false}, {"", false}, {"' OR 1=1 --", false}, {"%", false},
	}
	for _, tc := range tests {
		hits, err := st.Search(ctx, tc.q, 5)
		if err != nil {
			t.Fatalf("Search(%q): %v", tc.q, err)
		}
		if (len(hits) > 0) != tc.wantAny {
			t.Errorf("Search(%q) = %d hits, want any=%v", tc.q, len(hits), tc.wantAny)
		}
		if len(hits) > 5 {
			t.Errorf("Search(%q) returned %d hits, limit 5", tc.q, len(hits))
		}
	}
}

func TestState(t *testing.T) {
	ctx := context.Background()
	st := open(t, filepath.Join(t.TempDir(), "kb.db"))
	if _, ok, err := st.GetState(ctx, "k"); ok || err != nil {
		t.Fatalf("unset key: ok=%v err=%v", ok, err)
	}
	for _, v := range []string{"one", "two"} {
		if err := st.SetState(ctx, "k", v); err != nil {
			t.Fatal(err)
		}
		if got, ok, err := st.GetState(ctx, "k"); got != v || !ok || err != nil {
			t.Fatalf("GetState = %q, %v, %v; want %q", got, ok, err, v)
		}
	}
}

func TestOpenRefusesBadPath(t *testing.T) {
	if _, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "missing", "dir", "kb.db"), store.Options{}); err == nil {
		t.Fatal("opening a database in a missing directory should fail")
	}
	if _, err := store.Open(context.Background(), "", store.Options{}); err == nil {
		t.Fatal("an empty path should fail")
	}
}

// TestAnotherProcessImportIsSeen: a second Store on the same file stands in
// for `careerbot kb import` run while the bot is up.
func TestAnotherProcessImportIsSeen(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "kb.db")
	bot := open(t, path)
	d := curated(t)
	if _, _, err := bot.Sync(ctx, d, "embedded"); err != nil {
		t.Fatal(err)
	}
	if l, _ := bot.Listings(ctx, ""); len(l) != len(d.Listings) {
		t.Fatalf("listings = %d", len(l))
	}
	curator := open(t, path)
	d2 := curated(t)
	d2.Listings = d2.Listings[:1]
	if _, _, err := curator.Sync(ctx, d2, "import"); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(5 * time.Second)
	for {
		l, err := bot.Listings(ctx, "")
		if err != nil {
			t.Fatal(err)
		}
		if len(l) == 1 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("the bot still sees %d listings after another process imported 1", len(l))
		}
		time.Sleep(50 * time.Millisecond)
	}
}
