//go:build unix

package store

import (
	"os"
	"path/filepath"
	"testing"
)

// The mapped WAL index reads what the file holds, sees a rewrite at once,
// and a file cut short under the mapping reads as "no header" instead of
// crashing the bot.
func TestWALIndexMapped(t *testing.T) {
	path := filepath.Join(t.TempDir(), "kb.db-shm")
	page := make([]byte, 4096)
	page[0], page[12] = 7, 1
	if err := os.WriteFile(path, page, 0o644); err != nil {
		t.Fatal(err)
	}
	w := openWALIndex(path)
	defer w.close()
	var h walHeader
	if !w.read(&h) || h[0] != 7 || h[12] != 1 {
		t.Fatalf("read %v", h[:13])
	}
	f, err := os.OpenFile(path, os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.WriteAt([]byte{8}, 0); err != nil { // another process commits
		t.Fatal(err)
	}
	if !w.read(&h) || h[0] != 8 {
		t.Errorf("after a rewrite: %v", h[:13])
	}
	if err := f.Truncate(0); err != nil {
		t.Fatal(err)
	}
	f.Close()
	if w.read(&h) {
		t.Error("a truncated index still read as a header")
	}
	if openWALIndex(filepath.Join(t.TempDir(), "none")).read(&h) {
		t.Error("a missing index read as a header")
	}
}
