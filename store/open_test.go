package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"syscall"
	"testing"
)

// rawDB opens path with the driver alone, to do what another program (or a
// newer careerbot) would do to the file.
func rawDB(t *testing.T, path string) *sql.DB {
	t.Helper()
	db, err := sql.Open("sqlite3", path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func openClose(t *testing.T, path string) {
	t.Helper()
	s, err := Open(context.Background(), path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
}

func TestNewerSchemaRefused(t *testing.T) {
	latest := LatestSchema()
	if latest < 2 {
		t.Fatalf("LatestSchema() = %d", latest)
	}
	tests := []struct {
		name, sql string
		version   int
	}{
		{"unknown migration row", `INSERT INTO schema_migrations (version, name, applied_at) VALUES (%d, 'x.sql', '2030-01-01T00:00:00Z')`, latest + 7},
		{"higher user_version", `PRAGMA user_version = %d`, latest + 3},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "kb.db")
			openClose(t, path)
			if _, err := rawDB(t, path).Exec(fmt.Sprintf(tc.sql, tc.version)); err != nil {
				t.Fatal(err)
			}
			for _, opts := range []Options{{}, {ReadOnly: true}} {
				_, err := Open(context.Background(), path, opts)
				if err == nil {
					t.Fatalf("a database of schema %d opened (ReadOnly %v)", tc.version, opts.ReadOnly)
				}
				for _, want := range []string{path, fmt.Sprint(tc.version), fmt.Sprintf("careerbot's %d", latest)} {
					if !strings.Contains(err.Error(), want) {
						t.Errorf("error lacks %q: %v", want, err)
					}
				}
			}
		})
	}
	// Its own schema version is recorded for other tools to see.
	path := filepath.Join(t.TempDir(), "kb.db")
	openClose(t, path)
	var uv int
	rawDB(t, path).QueryRow(`PRAGMA user_version`).Scan(&uv)
	if uv != latest {
		t.Errorf("user_version %d, want %d", uv, latest)
	}
}

// TestConcurrentFirstOpen: two processes starting on a new file at once (a
// first run and a kb import) both open it, and each migration is applied
// once. Before the check moved into the migration's transaction, the second
// failed with "table kb_article already exists" on a share of attempts.
func TestConcurrentFirstOpen(t *testing.T) {
	dir := t.TempDir()
	for i := range 10 {
		path := filepath.Join(dir, fmt.Sprintf("kb%d.db", i))
		var wg sync.WaitGroup
		errs := make([]error, 2)
		for j := range errs {
			wg.Add(1)
			go func() {
				defer wg.Done()
				s, err := Open(context.Background(), path, Options{})
				if err == nil {
					s.Close()
				}
				errs[j] = err
			}()
		}
		wg.Wait()
		for _, err := range errs {
			if err != nil {
				t.Fatalf("round %d: %v", i, err)
			}
		}
		var n int
		rawDB(t, path).QueryRow(`SELECT COUNT(*) FROM schema_migrations`).Scan(&n)
		if files, _ := migrationFiles(); n != len(files) {
			t.Fatalf("round %d: %d migration rows, want %d", i, n, len(files))
		}
	}
}

// TestReadOnlyDatabaseFoundAtStart. Tests often run as root, which ignores
// permission bits, so a chmod proves nothing there. Instead the file is
// made read-only to SQLite itself, for every user: bytes 18 and 19 of the
// header are the file format's write and read versions, and SQLite treats a
// file whose write version it does not know (3) as read-only. A database in
// WAL mode passes the open and fails the write check; one in rollback mode
// fails already when the DSN switches it to WAL. Both must name the file
// and say it cannot be written.
func TestReadOnlyDatabaseFoundAtStart(t *testing.T) {
	for _, mode := range []string{"wal", "delete"} {
		t.Run(mode, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "kb.db")
			openClose(t, path)
			db := rawDB(t, path)
			if _, err := db.Exec(`PRAGMA journal_mode = ` + mode); err != nil {
				t.Fatal(err)
			}
			db.Close()
			f, err := os.OpenFile(path, os.O_RDWR, 0)
			if err != nil {
				t.Fatal(err)
			}
			f.WriteAt([]byte{3}, 18)
			f.Close()
			_, err = Open(context.Background(), path, Options{})
			if err == nil || !strings.Contains(err.Error(), path) || !strings.Contains(err.Error(), "cannot be written") {
				t.Fatalf("want an error naming %s and saying it cannot be written, got %v", path, err)
			}
			// Reading it is still fine.
			s, err := Open(context.Background(), path, Options{ReadOnly: true})
			if err != nil {
				t.Fatalf("read-only open: %v", err)
			}
			s.Close()
		})
	}
}

// TestReadOnlyFilePermissions is the case operators meet: a database the
// process may read but not write, because of the file's mode or its
// directory's. Root ignores permission bits, so as root the checks run in a
// copy of this test binary started as the unprivileged user nobody (65534);
// where that is not allowed the test skips (TestReadOnlyDatabaseFoundAtStart
// still covers the check for every user).
func TestReadOnlyFilePermissions(t *testing.T) {
	if paths := os.Getenv("CAREERBOT_RO_CHILD"); paths != "" {
		for _, path := range filepath.SplitList(paths) {
			_, err := Open(context.Background(), path, Options{})
			if err == nil || !strings.Contains(err.Error(), path) || !strings.Contains(err.Error(), "cannot be written") {
				t.Errorf("want an error naming %s and saying it cannot be written, got %v", path, err)
			}
			t.Log(err)
		}
		return
	}
	root := os.Geteuid() == 0
	// The file read-only in a directory anyone may write, and a file in a
	// read-only directory. Files and directories stay root's when root.
	fileRO := filepath.Join(t.TempDir(), "kb.db")
	dirRO := filepath.Join(t.TempDir(), "kb.db")
	for _, path := range []string{fileRO, dirRO} {
		openClose(t, path)
		os.Chmod(path, 0o444)
		dir := filepath.Dir(path)
		for d := dir; d != os.TempDir() && d != "/"; d = filepath.Dir(d) {
			os.Chmod(d, 0o755)
		}
		t.Cleanup(func() { os.Chmod(dir, 0o755) })
	}
	os.Chmod(filepath.Dir(fileRO), 0o777)
	if !root {
		os.Chmod(filepath.Dir(dirRO), 0o555)
	}
	paths := fileRO + string(filepath.ListSeparator) + dirRO
	if !root {
		t.Setenv("CAREERBOT_RO_CHILD", paths)
		TestReadOnlyFilePermissions(t)
		return
	}
	bin := filepath.Join(filepath.Dir(dirRO), "store.test")
	self, err := os.ReadFile(os.Args[0])
	if err != nil {
		t.Skipf("cannot copy the test binary: %v", err)
	}
	if err := os.WriteFile(bin, self, 0o755); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, "-test.run=^TestReadOnlyFilePermissions$", "-test.v")
	cmd.Dir = filepath.Dir(fileRO)
	cmd.Env = []string{"CAREERBOT_RO_CHILD=" + paths, "HOME=" + cmd.Dir, "TMPDIR=" + cmd.Dir}
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: 65534, Gid: 65534}}
	out, err := cmd.CombinedOutput()
	var ee *exec.ExitError
	if err != nil && !errors.As(err, &ee) {
		t.Skipf("cannot start a process as nobody here: %v", err)
	}
	if err != nil || !strings.Contains(string(out), "PASS") {
		t.Fatalf("as nobody: %v\n%s", err, out)
	}
	t.Logf("as nobody:\n%s", out)
}

func TestDirectoryIsNotADatabase(t *testing.T) {
	dir := t.TempDir()
	_, err := Open(context.Background(), dir, Options{})
	if err == nil || !strings.Contains(err.Error(), dir) || !strings.Contains(err.Error(), "directory") {
		t.Fatalf("want an error naming %s as a directory, got %v", dir, err)
	}
}

// TestPathIsNotAURI: ?, # and % in DATABASE_PATH are part of the file name.
func TestPathIsNotAURI(t *testing.T) {
	dir := t.TempDir()
	names := []string{"kb#2.db", "kb?v=2.db", "100%25.db", "50%.db", "a b.db", "kb:1.db"}
	for _, name := range names {
		openClose(t, filepath.Join(dir, name))
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range entries {
		if !strings.HasSuffix(e.Name(), "-wal") && !strings.HasSuffix(e.Name(), "-shm") {
			got = append(got, e.Name())
		}
	}
	want := append([]string(nil), names...)
	sort.Strings(want)
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("files %q, want exactly %q", got, want)
	}
	// And a relative path means the same file as before.
	old, _ := os.Getwd()
	os.Chdir(dir)
	defer os.Chdir(old)
	openClose(t, "kb#2.db")
	if _, err := os.Stat(filepath.Join(dir, "kb")); err == nil {
		t.Error("a relative kb#2.db opened kb")
	}
}
