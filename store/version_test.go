package store_test

import (
	"context"
	"path/filepath"
	"sync"
	"testing"
)

// TestKnowledgeVersionSeesAnotherProcessAtOnce: a second Store on the same
// file stands in for `careerbot kb import` run while the bot is up. The
// very next version read names the new version, and reads made after it
// answer from that version (no versionCheckEvery delay), so an answer
// cached under the new version can never hold the old knowledge.
func TestKnowledgeVersionSeesAnotherProcessAtOnce(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "kb.db")
	bot := open(t, path)
	empty, err := bot.KnowledgeVersion(ctx)
	if err != nil || empty != "0-" {
		t.Fatalf("empty database: version %q, %v; want 0-", empty, err)
	}
	d := curated(t)
	if _, _, err := bot.Sync(ctx, d, "embedded"); err != nil {
		t.Fatal(err)
	}
	v1, err := bot.KnowledgeVersion(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if l, _ := bot.Listings(ctx, ""); len(l) != len(d.Listings) { // the snapshot is now fresh
		t.Fatalf("listings = %d", len(l))
	}
	if again, _ := bot.KnowledgeVersion(ctx); again != v1 {
		t.Fatalf("version changed without an import: %q then %q", v1, again)
	}

	curator := open(t, path)
	d2 := curated(t)
	d2.Listings = d2.Listings[:1]
	if _, _, err := curator.Sync(ctx, d2, "import"); err != nil {
		t.Fatal(err)
	}
	v2, err := bot.KnowledgeVersion(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if v2 == v1 {
		t.Fatalf("version %q unchanged after another process imported", v2)
	}
	if l, _ := bot.Listings(ctx, ""); len(l) != 1 {
		t.Fatalf("after reading version %q the bot still answers from the old data: %d listings, want 1", v2, len(l))
	}
}

// TestKnowledgeVersionReadsOnlyAfterCommits: while nothing is committed
// the version is reused without a SQL read; a commit by another process
// makes the next call read again and name the new version, and so does
// one that changes no knowledge (a gap recorded).
func TestKnowledgeVersionReadsOnlyAfterCommits(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "kb.db")
	bot := open(t, path)
	if _, _, err := bot.Sync(ctx, curated(t), "embedded"); err != nil {
		t.Fatal(err)
	}
	version := func() string {
		t.Helper()
		v, err := bot.KnowledgeVersion(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	version()       // opens the WAL index
	v1 := version() // reads with the index's header in hand
	reads := bot.VersionReads()
	for range 5 {
		if version() != v1 {
			t.Fatal("version changed without a write")
		}
	}
	if got := bot.VersionReads(); got != reads {
		t.Fatalf("%d SQL reads with nothing written, want %d", got, reads)
	}

	curator := open(t, path)
	d2 := curated(t)
	d2.Listings = d2.Listings[:1]
	if _, _, err := curator.Sync(ctx, d2, "import"); err != nil {
		t.Fatal(err)
	}
	v2 := version()
	if v2 == v1 || bot.VersionReads() != reads+1 {
		t.Fatalf("after another process's import: version %q (was %q), %d reads", v2, v1, bot.VersionReads()-reads)
	}
	if l, _ := bot.Listings(ctx, ""); len(l) != 1 {
		t.Fatalf("the bot still answers from the old data: %d listings", len(l))
	}
	reads = bot.VersionReads()
	version()
	if bot.VersionReads() != reads {
		t.Fatalf("read again with nothing committed")
	}
	if err := curator.SetState(ctx, "unrelated", "x"); err != nil {
		t.Fatal(err)
	}
	if version() != v2 || bot.VersionReads() != reads+1 {
		t.Errorf("any commit makes the next call read: %d reads", bot.VersionReads()-reads)
	}
}

// TestKnowledgeVersionConcurrentImport (for -race): requests racing an
// import by another process; once the import has returned, every call
// names the new version.
func TestKnowledgeVersionConcurrentImport(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "kb.db")
	bot := open(t, path)
	if _, _, err := bot.Sync(ctx, curated(t), "embedded"); err != nil {
		t.Fatal(err)
	}
	v1, _ := bot.KnowledgeVersion(ctx)
	curator := open(t, path)
	stop := make(chan struct{})
	var wg sync.WaitGroup
	defer wg.Wait()
	defer close(stop) // before the stores close, even on Fatal
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				select {
				case <-stop:
					return
				default:
				}
				if _, err := bot.KnowledgeVersion(ctx); err != nil {
					t.Error(err)
					return
				}
			}
		}()
	}
	d2 := curated(t)
	d2.Listings = d2.Listings[:1]
	if _, _, err := curator.Sync(ctx, d2, "import"); err != nil {
		t.Fatal(err)
	}
	for range 20 {
		if v, _ := bot.KnowledgeVersion(ctx); v == v1 {
			t.Fatalf("version %q after the import returned", v)
		}
	}
}

// BenchmarkKnowledgeVersion is what every cacheable chat request pays to
// learn the knowledge version: the indexed SQL read alone, and
// KnowledgeVersion (the read, the snapshot check and the name).
//
//	go test -run '^$' -bench KnowledgeVersion -benchmem ./store/
func BenchmarkKnowledgeVersion(b *testing.B) {
	ctx := context.Background()
	st := open(b, filepath.Join(b.TempDir(), "kb.db"))
	if _, _, err := st.Sync(ctx, curated(b), "embedded"); err != nil {
		b.Fatal(err)
	}
	b.Run("sql read", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			if _, _, err := st.ReadVersion(ctx); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("KnowledgeVersion", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			if _, err := st.KnowledgeVersion(ctx); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("KnowledgeVersion parallel", func(b *testing.B) {
		b.ReportAllocs()
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				if _, err := st.KnowledgeVersion(ctx); err != nil {
					b.Error(err)
					return
				}
			}
		})
	})
}
