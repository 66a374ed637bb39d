//go:build linux

package store

import (
	"errors"
	"sync"
	"syscall"
)

// dirWatch is an inotify watch on the database's directory: every write
// there (a commit appends to the -wal file; a checkpoint writes the
// database file; a process closing a file it wrote) queues an event in the
// kernel before the write returns. Draining the queue is one non-blocking
// read: far cheaper than a SQL read.
type dirWatch struct {
	mu  sync.Mutex // guards buf; reads of the descriptor are cheap
	fd  int
	buf [4096]byte // room for several events with names (NAME_MAX 255)
}

const watchMask = syscall.IN_MODIFY | syscall.IN_ATTRIB | syscall.IN_CLOSE_WRITE | syscall.IN_CREATE |
	syscall.IN_DELETE | syscall.IN_MOVED_FROM | syscall.IN_MOVED_TO | syscall.IN_DELETE_SELF | syscall.IN_MOVE_SELF

func newDirWatch(dir string) (*dirWatch, error) {
	fd, err := syscall.InotifyInit1(syscall.IN_NONBLOCK | syscall.IN_CLOEXEC)
	if err != nil {
		return nil, err
	}
	if _, err := syscall.InotifyAddWatch(fd, dir, watchMask); err != nil {
		syscall.Close(fd)
		return nil, err
	}
	return &dirWatch{fd: fd}, nil
}

// changed drains the queued events and reports whether there were any.
// Any failure to read counts as a change: the caller then reads SQLite.
func (w *dirWatch) changed() bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.fd < 0 {
		return true
	}
	changed := false
	for {
		n, err := syscall.Read(w.fd, w.buf[:])
		switch {
		case n > 0:
			changed = true
		case errors.Is(err, syscall.EAGAIN):
			return changed
		case errors.Is(err, syscall.EINTR):
		default:
			return true
		}
	}
}

func (w *dirWatch) close() {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.fd >= 0 {
		syscall.Close(w.fd)
		w.fd = -1
	}
}
