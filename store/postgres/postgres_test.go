package postgres_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"careerbot/knowledge"
	"careerbot/store/postgres"
	"careerbot/store/postgres/pgtest"
)

// TestImportNotifiesReplicas: an import on one replica reaches another by
// NOTIFY (not only by its once-a-second poll), and a replica on another
// schema of the same server is not told.
func TestImportNotifiesReplicas(t *testing.T) {
	ctx := context.Background()
	dsn := pgtest.Schema(t)
	a := pgtest.Open(t, dsn, postgres.Options{NoListen: true})
	b := pgtest.Open(t, dsn, postgres.Options{})
	other := pgtest.Open(t, pgtest.Schema(t), postgres.Options{})
	d, err := knowledge.Load(knowledge.Curated, knowledge.CuratedDir)
	if err != nil {
		t.Fatal(err)
	}
	// The listener may not be up yet: import until one is heard.
	deadline := time.Now().Add(30 * time.Second)
	for i := 0; b.Notified() == 0; i++ {
		if time.Now().After(deadline) {
			t.Fatal("no notification reached replica b in 30 s")
		}
		d.Trends = append(d.Trends, knowledge.Trend{ID: "T-n" + string(rune('a'+i%26)), Text: knowledge.Text{JA: "動向", EN: "trend"}, Provenance: knowledge.Provenance{Article: d.Articles[0].ID}})
		if _, _, err := a.Sync(ctx, d, "test"); err != nil {
			t.Fatal(err)
		}
		time.Sleep(50 * time.Millisecond)
	}
	if n := other.Notified(); n != 0 {
		t.Errorf("a store on another schema was notified %d times", n)
	}
}

// TestNewerSchemaRefused: a schema migrated by a newer careerbot is
// refused at start, naming the versions.
func TestNewerSchemaRefused(t *testing.T) {
	ctx := context.Background()
	dsn := pgtest.Schema(t)
	st := pgtest.Open(t, dsn, postgres.Options{NoListen: true})
	st.Close()
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, `INSERT INTO schema_migrations (version, name, applied_at) VALUES (999, '0999_future.sql', 'x')`); err != nil {
		t.Fatal(err)
	}
	_, err = postgres.Open(ctx, dsn, postgres.Options{NoListen: true})
	if err == nil || !strings.Contains(err.Error(), "newer") || !strings.Contains(err.Error(), "999") {
		t.Fatalf("a newer schema: %v", err)
	}
}

// TestOpenErrorHidesPassword: a server that cannot be reached is named by
// host and database, never with the password.
func TestOpenErrorHidesPassword(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	_, err := postgres.Open(ctx, "postgres://careerbot:hunter2@127.0.0.1:1/careerbot?sslmode=disable&connect_timeout=2", postgres.Options{})
	if err == nil || strings.Contains(err.Error(), "hunter2") || !strings.Contains(err.Error(), "127.0.0.1:1/careerbot") {
		t.Fatalf("unreachable server: %v", err)
	}
}
