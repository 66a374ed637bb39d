package store_test

import (
	"testing"

	"careerbot/store/storetest"
)

// TestSuite runs the store suite shared with store/postgres on SQLite.
func TestSuite(t *testing.T) { storetest.Run(t, storetest.SQLite) }
