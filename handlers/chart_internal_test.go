package handlers

import (
	"strings"
	"testing"

	"careerbot/knowledge"
)

func fig(v, lo, hi float64, u knowledge.Unit, k knowledge.Kind) *knowledge.SalaryFigure {
	return &knowledge.SalaryFigure{Figure: knowledge.Figure{Value: v, Min: lo, Max: hi, Unit: u, Kind: k}}
}

// Annual 万円 and hourly 円, or an average and a range, never share a chart;
// ranges are drawn as ranges.
func TestFigureChartOneUnitOneKind(t *testing.T) {
	v := view{l: knowledge.JA, ix: &topicIndex{}}
	labels := []string{"a", "b"}
	if _, err := v.figureChart(ChartBar, labels, []*knowledge.SalaryFigure{
		fig(500, 0, 0, knowledge.UnitManYenYear, knowledge.KindAverage),
		fig(1198, 0, 0, knowledge.UnitYenHour, knowledge.KindAverage)}); err == nil {
		t.Error("annual 万円 and hourly 円 were put on one chart")
	}
	if _, err := v.figureChart(ChartBar, labels, []*knowledge.SalaryFigure{
		fig(500, 0, 0, knowledge.UnitManYenYear, knowledge.KindAverage),
		fig(0, 700, 1000, knowledge.UnitManYenYear, knowledge.KindRange)}); err == nil {
		t.Error("an average and a range were put on one chart")
	}
	c, err := v.figureChart(ChartBar, labels, []*knowledge.SalaryFigure{
		fig(0, 700, 1000, knowledge.UnitManYenYear, knowledge.KindRange),
		fig(0, 400, 500, knowledge.UnitManYenYear, knowledge.KindRange)})
	if err != nil {
		t.Fatal(err)
	}
	if p := c.Points[0]; p.Low != 700 || p.High != 1000 || p.Value != 0 || p.Text != "700〜1,000万円/年" {
		t.Errorf("range point %+v, want 700–1000 drawn as a range", p)
	}
	if c.Max() != 1000 {
		t.Errorf("Max %v, want 1000", c.Max())
	}
}

func TestChartOneLine(t *testing.T) {
	for _, s := range []string{"", " ", "a", "a b", " a", "a ", "a  b", "a\tb", "a\nb", "年収\u3000600万円", "年収 600万円", "Go 957", "\u00a0x", "x\u00a0"} {
		if got, want := chartOneLine(s), strings.Join(strings.Fields(s), " "); got != want {
			t.Errorf("chartOneLine(%q) = %q, want %q", s, got, want)
		}
	}
}
