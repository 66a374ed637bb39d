//go:build !linux

package handlers_test

import "time"

// threadCPU is not measured outside Linux.
func threadCPU() (time.Duration, bool) { return 0, false }

// threadFaults is not counted outside Linux.
func threadFaults() int64 { return 0 }
