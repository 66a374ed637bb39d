package scheduler

import (
	"go/build"
	"path/filepath"
	"strings"
	"testing"
)

// TestNoHandlersImport holds the layering: the scheduler and the delivery
// contract reach handlers only through the type parameter that cmd/careerbot
// fills in, never by import, directly or through another careerbot package.
// Package schedule, below them, uses only the standard library and cron.
func TestNoHandlersImport(t *testing.T) {
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	const module = "careerbot/"
	// imports lists a careerbot package's non-test imports, as the build sees them.
	imports := func(path string) []string {
		t.Helper()
		p, err := build.ImportDir(filepath.Join(root, strings.TrimPrefix(path, module)), 0)
		if err != nil {
			t.Fatalf("reading %s: %v", path, err)
		}
		return p.Imports
	}
	for _, start := range []string{"careerbot/bot/scheduler", "careerbot/bot/delivery"} {
		via := map[string]string{start: ""}
		queue := []string{start}
		for len(queue) > 0 {
			pkg := queue[0]
			queue = queue[1:]
			for _, imp := range imports(pkg) {
				if !strings.HasPrefix(imp, module) {
					continue
				}
				if imp == "careerbot/handlers" {
					t.Errorf("%s imports careerbot/handlers (through %s)", start, chain(via, pkg))
				}
				if _, seen := via[imp]; !seen {
					via[imp] = pkg
					queue = append(queue, imp)
				}
			}
		}
	}
	for _, imp := range imports("careerbot/schedule") {
		thirdParty := strings.Contains(strings.SplitN(imp, "/", 2)[0], ".")
		if (thirdParty && imp != "github.com/robfig/cron/v3") || strings.HasPrefix(imp, module) {
			t.Errorf("package schedule imports %s; it should need only the standard library and robfig/cron", imp)
		}
	}
}

// chain writes the import path from the start to pkg.
func chain(via map[string]string, pkg string) string {
	parts := []string{pkg}
	for p := via[pkg]; p != ""; p = via[p] {
		parts = append([]string{p}, parts...)
	}
	return strings.Join(parts, " → ")
}
