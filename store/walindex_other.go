//go:build !unix

package store

import "os"

// walIndex reads the WAL index (the -shm file) with one pread a call where
// there is no mmap.
type walIndex struct{ f *os.File }

func openWALIndex(path string) walIndex {
	f, err := os.Open(path)
	if err != nil {
		return walIndex{}
	}
	return walIndex{f}
}

func (w walIndex) read(h *walHeader) bool {
	if w.f == nil {
		return false
	}
	n, err := w.f.ReadAt(h[:], 0)
	return err == nil && n == len(h)
}

func (w walIndex) close() {
	if w.f != nil {
		w.f.Close()
	}
}
