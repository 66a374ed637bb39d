package handlers_test

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"testing"

	"careerbot/handlers"
	"careerbot/knowledge"
	"careerbot/store"
	"careerbot/store/storetest"
)

// TestReusable: only answers may be shown again; errors and questions the
// knowledge base had no answer for (which the gaps recorder must hear on
// every ask) may not.
func TestReusable(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		line string
		want bool
	}{
		{"/salary go", true},
		{"/compare go rails node", true},
		{"/market", true},
		{"/ask 年収1000万円", true},
		{"/careerhelp", true},
		{"/salary cobol", false},                     // not in the knowledge base
		{"/ask zzqxj vvkwp", false},                  // a search that found nothing
		{"/nosuchcommand", false},                    // invalid
		{"/digest status", false},                    // no digest service here: invalid
		{"/path nosuchpath", false},                  // not found
		{"/ask " + string(make([]byte, 600)), false}, // too long
	} {
		cmd, args := handlers.ParseLine(tc.line)
		rep := testRouter.Handle(ctx, handlers.Request{Command: cmd, Args: args, Locale: knowledge.EN})
		if got := rep.Reusable(); got != tc.want {
			t.Errorf("%s: Reusable %v, want %v (status %q)", tc.line, got, tc.want, rep.Status)
		}
	}
	if (handlers.Reply{Status: handlers.StatusInternal, Command: "salary"}).Reusable() {
		t.Error("an internal error is reusable")
	}
}

// TestKnowledgeVersion: the version the router names changes with an
// import by another process on the same file, and the very next answer
// comes from the new version.
func TestKnowledgeVersion(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "kb.db")
	open := func() *store.Store {
		st, err := store.Open(ctx, path, store.Options{})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { st.Close() })
		return st
	}
	data, err := knowledge.Load(knowledge.Curated, knowledge.CuratedDir)
	if err != nil {
		t.Fatal(err)
	}
	st := open()
	if _, _, err := st.SyncEmbedded(ctx, data); err != nil {
		t.Fatal(err)
	}
	r, err := handlers.New(ctx, st, handlers.Options{})
	if err != nil {
		t.Fatal(err)
	}
	v1, err := r.KnowledgeVersion(ctx)
	if err != nil || v1 == "" {
		t.Fatalf("version %q, %v", v1, err)
	}
	jobs := func() string {
		rep := r.Handle(ctx, handlers.Request{Command: "jobs", Locale: knowledge.EN, Full: true})
		return rep.Title + fmt.Sprint(rep.Fields, rep.Paragraphs)
	}
	before := jobs()

	changed, err := knowledge.Load(knowledge.Curated, knowledge.CuratedDir)
	if err != nil {
		t.Fatal(err)
	}
	changed.Listings = changed.Listings[:1]
	if _, _, err := open().Sync(ctx, changed, "import"); err != nil {
		t.Fatal(err)
	}
	v2, err := r.KnowledgeVersion(ctx)
	if err != nil || v2 == v1 {
		t.Fatalf("after an import: version %q (was %q), %v", v2, v1, err)
	}
	if jobs() == before {
		t.Error("the answer after reading the new version is the old one")
	}
	if v3, _ := r.KnowledgeVersion(ctx); v3 != v2 {
		t.Errorf("version changed without an import: %q then %q", v2, v3)
	}
}

// TestKnowledgeVersionWithoutTheStore: a knowledge base that cannot name
// its version cheaply is asked for its Version.
func TestKnowledgeVersionWithoutTheStore(t *testing.T) {
	ctx := context.Background()
	kb := &versionOnly{KB: storetest.Open(t, store.Options{}), v: knowledge.Version{Number: 3, Hash: "abc"}}
	r, err := handlers.New(ctx, kb, handlers.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if v, err := r.KnowledgeVersion(ctx); v != "3-abc" || err != nil {
		t.Errorf("version %q, %v", v, err)
	}
	kb.err = errors.New("disk on fire")
	if _, err := r.KnowledgeVersion(ctx); err == nil {
		t.Error("a failing version read is not reported")
	}
}

// versionOnly hides the store's KnowledgeVersion.
type versionOnly struct {
	knowledge.KB
	v   knowledge.Version
	err error
}

func (k *versionOnly) Version(context.Context) (knowledge.Version, error) { return k.v, k.err }
