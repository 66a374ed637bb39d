package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"careerbot/store/postgres/pgtest"
)

// TestPostgresCommands runs the CLI on PostgreSQL (DATABASE_URL): the
// first start loads the curated data, ask answers from it, and a kb import
// made by one process is what the next one answers from.
func TestPostgresCommands(t *testing.T) {
	dsn := pgtest.Schema(t)
	dir := inTempDir(t)
	// DATABASE_PATH points nowhere usable: PostgreSQL must be the store.
	getenv := env("DATABASE_URL", dsn, "DATABASE_PATH", filepath.Join(dir, "missing", "kb.db"))
	code, out, errOut := runCLI(t, getenv, "ask", "/salary go")
	if code != 0 || !strings.Contains(out, "957万円/年") {
		t.Fatalf("ask /salary go on PostgreSQL: code %d\n%s\n%s", code, out, errOut)
	}
	before := out
	if _, err := os.Stat(filepath.Join(dir, "missing")); err == nil {
		t.Fatal("a SQLite file was made although DATABASE_URL is set")
	}
	for _, args := range [][]string{{"kb", "gaps"}, {"kb", "feedback"}} {
		if code, out, errOut := runCLI(t, getenv, args...); code != 0 {
			t.Fatalf("%v on PostgreSQL: code %d\n%s\n%s", args, code, out, errOut)
		}
	}
	code, out, errOut = runCLI(t, getenv, "kb", "export", "--out", dir)
	if code != 0 {
		t.Fatalf("kb export: code %d\n%s\n%s", code, out, errOut)
	}
	body, err := os.ReadFile(filepath.Join(dir, "knowledge.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	edited := strings.Replace(string(body), "value: 957\n", "value: 958\n", 1)
	if edited == string(body) {
		t.Fatal("the export has no 957 to edit")
	}
	if err := os.WriteFile(filepath.Join(dir, "edited.yaml"), []byte(edited), 0o600); err != nil {
		t.Fatal(err)
	}
	code, out, errOut = runCLI(t, getenv, "kb", "import", filepath.Join(dir, "edited.yaml"))
	if code != 0 || !strings.Contains(out, "imported as version 2") {
		t.Fatalf("kb import: code %d\n%s\n%s", code, out, errOut)
	}
	code, out, _ = runCLI(t, getenv, "ask", "/salary go")
	if code != 0 || out == before || !strings.Contains(out, "958") {
		t.Fatalf("ask after the import: code %d\n%s", code, out)
	}
}

// TestDatabaseURLFromFile: DATABASE_URL, which may hold a password, can
// come from a file like the other secrets; a wrong one names the setting,
// never the value.
func TestDatabaseURLFromFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "db-url")
	if err := os.WriteFile(path, []byte("postgres://careerbot:hunter2@db:5432/careerbot\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	c, err := loadConfig(env("DATABASE_URL_FILE", path), filepath.Join(dir, "none.env"))
	if err != nil || c.DatabaseURL != "postgres://careerbot:hunter2@db:5432/careerbot" {
		t.Fatalf("DATABASE_URL_FILE: %v", err)
	}
	if d := c.database(); strings.Contains(d, "hunter2") || !strings.Contains(d, "db:5432/careerbot") {
		t.Errorf("the database is named %q in logs", d)
	}
	if err := os.WriteFile(path, []byte("mysql://careerbot:hunter2@db/careerbot\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := loadConfig(env("DATABASE_URL_FILE", path), filepath.Join(dir, "none.env")); err == nil || !strings.Contains(err.Error(), "DATABASE_URL") || strings.Contains(err.Error(), "hunter2") {
		t.Fatalf("a MySQL URL from a file: %v", err)
	}
}
