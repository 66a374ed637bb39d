package main

import (
	"bytes"
	"flag"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var updateCharts = flag.Bool("chart.update", false, "rewrite the golden chart images in testdata (and docs/)")

// differing is the share of pixels whose colours differ by more than a
// little (anti-aliasing and font rasterisation may vary slightly between
// versions; a moved bar, a lost label or boxes instead of text do not).
func differing(a, b image.Image) float64 {
	if a.Bounds() != b.Bounds() {
		return 1
	}
	n, total := 0, 0
	for y := a.Bounds().Min.Y; y < a.Bounds().Max.Y; y++ {
		for x := a.Bounds().Min.X; x < a.Bounds().Max.X; x++ {
			r1, g1, b1, _ := a.At(x, y).RGBA()
			r2, g2, b2, _ := b.At(x, y).RGBA()
			d := absDiff(r1, r2) + absDiff(g1, g2) + absDiff(b1, b2)
			if d > 3*0x2000 {
				n++
			}
			total++
		}
	}
	return float64(n) / float64(total)
}

func absDiff(a, b uint32) uint32 {
	if a > b {
		return a - b
	}
	return b - a
}

// TestChartGolden: careerbot chart writes the Discord image of
// /compare go rails node in each locale, matching the golden image within
// a tolerance of 0.5% of pixels.
func TestChartGolden(t *testing.T) {
	dir := inTempDir(t)
	getenv := env("DATABASE_PATH", filepath.Join(dir, "kb.db"))
	for _, loc := range []string{"ja", "en"} {
		t.Run(loc, func(t *testing.T) {
			out := filepath.Join(dir, "chart-"+loc+".png")
			code, stdout, stderr := runCLI(t, getenv, "chart", "/compare go rails node", "--locale", loc, "--out", out)
			if code != 0 {
				t.Fatalf("code %d: %s %s", code, stdout, stderr)
			}
			got, err := os.ReadFile(out)
			if err != nil {
				t.Fatal(err)
			}
			golden := filepath.Join(goldenDir, "chart_compare_"+loc+".png")
			if *updateCharts {
				if err := os.WriteFile(golden, got, 0o644); err != nil {
					t.Fatal(err)
				}
				if loc == "ja" {
					os.WriteFile(filepath.Join(goldenDir, "..", "..", "..", "docs", "chart-compare-ja.png"), got, 0o644)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test ./cmd/careerbot -run ChartGolden -chart.update)", err)
			}
			a, err := png.Decode(bytes.NewReader(got))
			if err != nil {
				t.Fatal(err)
			}
			b, err := png.Decode(bytes.NewReader(want))
			if err != nil {
				t.Fatal(err)
			}
			if d := differing(a, b); d > 0.005 {
				t.Errorf("%.2f%% of pixels differ from %s", 100*d, golden)
			}
		})
	}
	code, _, stderr := runCLI(t, getenv, "chart", "/salary go", "--out", filepath.Join(dir, "x.png"))
	if code != 1 || !strings.Contains(stderr, "has no chart") {
		t.Errorf("a command without a chart: code %d %s", code, stderr)
	}
	if code, _, _ := runCLI(t, getenv, "chart", "/compare go rails"); code != 2 {
		t.Errorf("without --out: code %d, want 2", code)
	}
}

// goldenDir is testdata beside this file, found before inTempDir moves.
var goldenDir = func() string {
	wd, _ := os.Getwd()
	return filepath.Join(wd, "testdata")
}()
