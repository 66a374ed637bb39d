//go:build !linux

package store

import "errors"

// dirWatch needs inotify; elsewhere KnowledgeVersion reads SQLite every time.
type dirWatch struct{}

func newDirWatch(string) (*dirWatch, error) { return nil, errors.New("no inotify on this system") }

func (*dirWatch) changed() bool { return true }

func (*dirWatch) close() {}
