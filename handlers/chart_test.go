package handlers_test

import (
	"slices"
	"testing"

	"careerbot/handlers"
	"careerbot/knowledge"
)

type wantPoint struct {
	label string
	value float64
}

// The charts are built from the curated figures: the numbers below are
// typed from the articles.
func TestCompareCharts(t *testing.T) {
	tests := []struct {
		line   string
		locale knowledge.Locale
		kind   handlers.ChartKind
		axis   string
		points []wantPoint
		source string
	}{
		{"/compare go rails node", knowledge.JA, handlers.ChartBar, "万円/年",
			[]wantPoint{{"Go言語", 957}, {"Ruby on Rails", 995}, {"Node.js", 921}}, "PR TIMES"},
		{"/compare go rails node", knowledge.EN, handlers.ChartBar, "¥M a year",
			[]wantPoint{{"Go", 9.57}, {"Ruby on Rails", 9.95}, {"Node.js", 9.21}}, "PR TIMES"},
		{"/compare 50s 20s 40s 30s 60s", knowledge.JA, handlers.ChartLine, "万円/年",
			[]wantPoint{{"20代", 408}, {"30代", 586}, {"40代", 693}, {"50代", 712}, {"60代", 582}}, "厚生労働省"},
		{"/compare 20s 30s 40s 50s 60s", knowledge.EN, handlers.ChartLine, "¥M a year",
			[]wantPoint{{"20s", 4.08}, {"30s", 5.86}, {"40s", 6.93}, {"50s", 7.12}, {"60s", 5.82}}, "MHLW"},
	}
	for _, tt := range tests {
		t.Run(tt.line+"/"+string(tt.locale), func(t *testing.T) {
			r, _ := ask(t, tt.line, tt.locale)
			if len(r.Charts) != 1 {
				t.Fatalf("got %d charts, want 1", len(r.Charts))
			}
			c := r.Charts[0]
			if err := c.Validate(); err != nil {
				t.Fatal(err)
			}
			if c.Kind != tt.kind || c.Axis != tt.axis || c.Unit != knowledge.UnitManYenYear || c.ValueKind != knowledge.KindAverage {
				t.Errorf("chart %s %q %s %s, want %s %q man_yen_year average", c.Kind, c.Axis, c.Unit, c.ValueKind, tt.kind, tt.axis)
			}
			var got []wantPoint
			for _, p := range c.Points {
				got = append(got, wantPoint{p.Label, float64(int(p.Value*100+0.5)) / 100})
				// The point's text is the table's figure, cell for cell.
				if !slices.ContainsFunc(r.Table.Rows, func(row []string) bool { return row[0] == p.Label && row[1] == p.Text }) {
					t.Errorf("point %q %q is not a row of the table", p.Label, p.Text)
				}
			}
			if !slices.Equal(got, tt.points) {
				t.Errorf("points %v, want %v", got, tt.points)
			}
			if c.Source != tt.source || c.Title == "" || c.Caption == "" {
				t.Errorf("source %q title %q caption %q", c.Source, c.Title, c.Caption)
			}
		})
	}
}

func TestNoChartWithoutComparableFigures(t *testing.T) {
	for _, line := range []string{"/compare freelance employee", "/salary go", "/salary 20s", "/compare go cobol", "/salary"} {
		for _, l := range []knowledge.Locale{knowledge.JA, knowledge.EN} {
			if r, _ := ask(t, line, l); len(r.Charts) != 0 {
				t.Errorf("%s (%s): %d charts of figures that do not share a chart", line, l, len(r.Charts))
			}
		}
	}
}

func TestChartValidate(t *testing.T) {
	ok := handlers.Chart{Kind: handlers.ChartBar, Unit: knowledge.UnitManYenYear, ValueKind: knowledge.KindAverage,
		Points: []handlers.ChartPoint{{Label: "a", Value: 1}, {Label: "b", Value: 2}}}
	band := handlers.Chart{Kind: handlers.ChartBar, Unit: knowledge.UnitManYenYear, ValueKind: knowledge.KindRange,
		Points: []handlers.ChartPoint{{Label: "a", Low: 700, High: 1000}, {Label: "b", Low: 60, High: 80}}}
	if err := ok.Validate(); err != nil {
		t.Fatal(err)
	}
	if err := band.Validate(); err != nil {
		t.Fatal(err)
	}
	bad := map[string]func(c *handlers.Chart){
		"no unit":           func(c *handlers.Chart) { c.Unit = "" },
		"no kind":           func(c *handlers.Chart) { c.ValueKind = "" },
		"pie":               func(c *handlers.Chart) { c.Kind = "pie" },
		"one point":         func(c *handlers.Chart) { c.Points = c.Points[:1] },
		"range in averages": func(c *handlers.Chart) { c.Points[0] = handlers.ChartPoint{Label: "a", Low: 1, High: 2} },
		"zero":              func(c *handlers.Chart) { c.Points[1].Value = 0 },
		"no label":          func(c *handlers.Chart) { c.Points[1].Label = "" },
		"21 points": func(c *handlers.Chart) {
			for len(c.Points) <= handlers.MaxChartPoints {
				c.Points = append(c.Points, handlers.ChartPoint{Label: "x", Value: 1})
			}
		},
	}
	for name, mutate := range bad {
		c := ok
		c.Points = slices.Clone(ok.Points)
		mutate(&c)
		if c.Validate() == nil {
			t.Errorf("%s: Validate accepted it", name)
		}
	}
	midpoint := band
	midpoint.Points = []handlers.ChartPoint{{Label: "a", Value: 850}, {Label: "b", Value: 70}}
	if midpoint.Validate() == nil {
		t.Error("a band drawn as single values (midpoints) was accepted")
	}
	inverted := band
	inverted.Points = []handlers.ChartPoint{{Label: "a", Low: 1000, High: 700}, {Label: "b", Low: 60, High: 80}}
	if inverted.Validate() == nil {
		t.Error("high below low was accepted")
	}
}
