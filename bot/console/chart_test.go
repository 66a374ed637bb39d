package console_test

import (
	"strings"
	"testing"

	"careerbot/bot/console"
	"careerbot/handlers"
	"careerbot/knowledge"
)

// Bars start in the same display column whatever the labels' widths, a
// hostile label is cut, and a range starts after blanks.
func TestRenderChartAligns(t *testing.T) {
	c := handlers.Chart{Kind: handlers.ChartBar, Title: "年収", Axis: "万円/年", Unit: knowledge.UnitManYenYear,
		ValueKind: knowledge.KindRange, KindLabel: "範囲", Source: "S",
		Points: []handlers.ChartPoint{
			{Label: "Go言語", Low: 700, High: 1000, Text: "700〜1,000万円/年"},
			{Label: "Ruby on Rails", Low: 400, High: 500, Text: "400〜500万円/年"},
			{Label: strings.Repeat("長", 5000), Low: 100, High: 200, Text: "100〜200万円/年"},
		}}
	out := console.RenderChart(c)
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	if len(lines) != 5 {
		t.Fatalf("want heading, 3 bars and a legend:\n%s", out)
	}
	col := -1
	for _, l := range lines[1:4] {
		i := strings.Index(l, "│")
		w := handlers.DisplayWidth(l[:i])
		if col >= 0 && w != col {
			t.Errorf("bar starts at column %d, not %d:\n%s", w, col, out)
		}
		col = w
		if w > 22 {
			t.Errorf("label not cut to 20 columns: %d", w)
		}
	}
	if !strings.Contains(lines[1], "│"+strings.Repeat(" ", 21)+"█████████ 700〜1,000万円/年") {
		t.Errorf("range 700–1000 of 1000 is not drawn from column 21 to 30:\n%s", out)
	}
	if !strings.HasPrefix(lines[4], "範囲 · S") {
		t.Errorf("legend %q lacks the kind and source", lines[4])
	}
	c.Points[0] = handlers.ChartPoint{Label: "x", Value: 850, Text: "850"}
	if console.RenderChart(c) != "" {
		t.Error("a chart mixing a single value into a range chart was drawn")
	}
}
