package handlers

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"

	"careerbot/knowledge"
)

// ChartKind is how a chart draws its categories.
type ChartKind string

// Chart kinds: a bar per category (topics side by side), or a line through
// ordered categories (age bands).
const (
	ChartBar  ChartKind = "bar"
	ChartLine ChartKind = "line"
)

// MaxChartPoints bounds a chart's categories: Slack draws at most 20, and a
// chart with more says nothing a table does not.
const MaxChartPoints = 20

// Chart is a picture of figures that are already in the reply's table or
// fields: adapters draw it (Slack natively, Discord as an image, the console
// as bars) and never as the only place a figure appears. A chart has one
// unit and one kind of figure: annual 万円 and hourly 円 are never drawn on
// one axis, an average never beside a range. Validate enforces that.
type Chart struct {
	Kind  ChartKind
	Title string
	// Unit is the curated unit of every point; Axis is how the axis names
	// it in the reply's locale ("万円/年", "¥M a year"), matching the
	// points' Value/Low/High.
	Unit knowledge.Unit
	Axis string
	// ValueKind is the kind of every point (average, range, …); KindLabel
	// words it ("平均", "range (not an average)").
	ValueKind knowledge.Kind
	KindLabel string
	Points    []ChartPoint
	// Source is a short name of where the figures come from ("PR TIMES",
	// "厚生労働省"); the full citations are in Reply.Sources.
	Source string
	// Caption says what the picture shows: kind, shared caveat, source.
	Caption string
}

// ChartPoint is one category. A range figure has Low and High (drawn as a
// span, never as its midpoint); any other figure has Value.
type ChartPoint struct {
	Label     string
	Value     float64
	Low, High float64
	// Text is the figure exactly as the table words it ("957万円/年"), so a
	// chart's labels and the table never disagree.
	Text string
}

// IsRange reports whether the point is a low–high span.
func (p ChartPoint) IsRange() bool { return p.Low != 0 || p.High != 0 }

// Validate reports why c must not be drawn: one unit and one kind per
// chart, ranges only for band kinds, 2 to MaxChartPoints finite positive
// points.
func (c Chart) Validate() error {
	if c.Kind != ChartBar && c.Kind != ChartLine {
		return fmt.Errorf("chart kind %q is neither bar nor line", c.Kind)
	}
	if c.Unit == "" || c.ValueKind == "" {
		return errors.New("a chart needs one unit and one kind of figure")
	}
	if n := len(c.Points); n < 2 || n > MaxChartPoints {
		return fmt.Errorf("a chart needs 2 to %d points, not %d", MaxChartPoints, n)
	}
	band := c.ValueKind.IsBand()
	for _, p := range c.Points {
		ok := func(x float64) bool { return x > 0 && !math.IsInf(x, 0) && !math.IsNaN(x) }
		switch {
		case p.Label == "":
			return errors.New("a chart point needs a label")
		case p.IsRange() != band:
			return fmt.Errorf("point %q: a %s figure is drawn as a range exactly when its kind is a band", p.Label, c.ValueKind)
		case band && !(ok(p.Low) && p.High > p.Low && ok(p.High)):
			return fmt.Errorf("point %q: range %v–%v is not 0 < low < high", p.Label, p.Low, p.High)
		case !band && !ok(p.Value):
			return fmt.Errorf("point %q: value %v is not positive", p.Label, p.Value)
		}
	}
	return nil
}

// Max is the largest number the chart draws (a range's high end).
func (c Chart) Max() float64 {
	m := 0.0
	for _, p := range c.Points {
		m = max(m, p.Value, p.High)
	}
	return m
}

// figureChart builds a chart of figs, one point per label, or reports why
// they cannot share an axis. Figures are read from the curated data, never
// from reply text.
func (v view) figureChart(kind ChartKind, labels []string, figs []*knowledge.SalaryFigure) (Chart, error) {
	if len(figs) != len(labels) || len(figs) == 0 {
		return Chart{}, errors.New("a chart needs one label per figure")
	}
	unit, fk := figs[0].Figure.Unit, figs[0].Figure.Kind
	for _, f := range figs[1:] {
		if f.Figure.Unit != unit {
			return Chart{}, fmt.Errorf("figures in %s and %s cannot share an axis", unit, f.Figure.Unit)
		}
		if f.Figure.Kind != fk {
			return Chart{}, fmt.Errorf("a %s and a %s figure cannot share a chart", fk, f.Figure.Kind)
		}
	}
	axis, scale := chartAxis(unit, v.l)
	c := Chart{
		Kind: kind, Unit: unit, Axis: axis, ValueKind: fk,
		KindLabel: knowledge.KindLabel(fk, v.l),
		Title:     chartTitle(unit, fk, kind, v.l),
	}
	var srcs []string
	c.Points = make([]ChartPoint, 0, len(figs))
	note, sameNote := figs[0].ShortNote.In(v.l), true
	for i, f := range figs {
		p := ChartPoint{Label: labels[i], Text: knowledge.FormatFigure(f.Figure, v.l)}
		if f.Figure.IsRange() {
			p.Low, p.High = f.Figure.Min*scale, f.Figure.Max*scale
		} else {
			p.Value = f.Figure.Value * scale
		}
		c.Points = append(c.Points, p)
		if s := v.shortSource(f.Provenance); !slices.Contains(srcs, s) {
			srcs = append(srcs, s)
		}
		sameNote = sameNote && f.ShortNote.In(v.l) == note
	}
	c.Source = strings.Join(srcs, v.sep())
	parts := []string{c.KindLabel}
	if sameNote && note != "" {
		parts = append(parts, note)
	}
	parts = append(parts, chartText(v.l, "source", c.Source))
	c.Caption = strings.Join(parts, " · ")
	if err := c.Validate(); err != nil {
		return Chart{}, err
	}
	return c, nil
}

// compareCharts is /compare's chart: bars for topics, a line for age bands
// (in age order). It returns nothing when the figures cannot share a chart.
func (v view) compareCharts(labels []string, figs []*knowledge.SalaryFigure) []Chart {
	kind := ChartBar
	if len(figs) > 0 && figs[0].Dimension == knowledge.DimAge {
		kind = ChartLine
		for _, f := range figs {
			if f.Dimension != knowledge.DimAge {
				kind = ChartBar
			}
		}
	}
	labels, figs = slices.Clone(labels), slices.Clone(figs)
	if kind == ChartLine {
		idx := make([]int, len(figs))
		for i := range idx {
			idx[i] = i
		}
		// Age labels ("20代", "20s") sort by their leading digits.
		slices.SortStableFunc(idx, func(a, b int) int { return strings.Compare(labels[a], labels[b]) })
		l2, f2 := make([]string, len(idx)), make([]*knowledge.SalaryFigure, len(idx))
		for i, j := range idx {
			l2[i], f2[i] = labels[j], figs[j]
		}
		labels, figs = l2, f2
	}
	c, err := v.figureChart(kind, labels, figs)
	if err != nil {
		return nil
	}
	return []Chart{c}
}

// chartAxis names the axis unit and scales values for it: English answers
// give annual and monthly 万円 as ¥ millions (as FormatFigure does); the
// unit itself is never changed.
func chartAxis(u knowledge.Unit, l knowledge.Locale) (string, float64) {
	if l == knowledge.EN {
		switch u {
		case knowledge.UnitManYenYear:
			return "¥M a year", 0.01
		case knowledge.UnitManYenMonth:
			return "¥M a month", 0.01
		case knowledge.UnitYenMonth:
			return "¥ a month", 1
		case knowledge.UnitYenHour:
			return "¥ an hour", 1
		case knowledge.UnitMultiple:
			return "×", 1
		}
		return "%", 1
	}
	return map[knowledge.Unit]string{
		knowledge.UnitManYenYear: "万円/年", knowledge.UnitManYenMonth: "万円/月",
		knowledge.UnitYenMonth: "円/月", knowledge.UnitYenHour: "円/時",
		knowledge.UnitMultiple: "倍", knowledge.UnitPercent: "%",
	}[u], 1
}

func chartTitle(u knowledge.Unit, k knowledge.Kind, kind ChartKind, l knowledge.Locale) string {
	what := map[knowledge.Unit]knowledge.Text{
		knowledge.UnitManYenYear:  {JA: "年収", EN: "Annual pay"},
		knowledge.UnitManYenMonth: {JA: "月額", EN: "Monthly pay"},
		knowledge.UnitYenMonth:    {JA: "月額", EN: "Monthly fee"},
		knowledge.UnitYenHour:     {JA: "時給", EN: "Hourly pay"},
	}[u].In(l)
	if what == "" {
		what = chartText(l, "figures")
	}
	short := map[knowledge.Kind]knowledge.Text{
		knowledge.KindAverage: {JA: "平均", EN: "average"}, knowledge.KindRange: {JA: "範囲", EN: "range"},
		knowledge.KindTypicalBand: {JA: "最多の価格帯", EN: "most common band"}, knowledge.KindManyListings: {JA: "多い価格帯", EN: "common band"},
		knowledge.KindEstimate: {JA: "概算", EN: "estimate"}, knowledge.KindListing: {JA: "案件例", EN: "one listing"},
	}[k].In(l)
	key := "title_compare"
	if kind == ChartLine {
		key = "title_age"
	}
	return chartText(l, key, what, short)
}

var chartMessages = map[string]knowledge.Text{
	"title_compare": {JA: "%sの比較 (%s)", EN: "%s compared (%s)"},
	"title_age":     {JA: "年代別の%s (%s)", EN: "%s by age (%s)"},
	"figures":       {JA: "数値", EN: "Figures"},
	"source":        {JA: "出典: %s", EN: "source: %s"},
}

func chartText(l knowledge.Locale, key string, args ...any) string {
	return fmt.Sprintf(chartMessages[key].In(l), args...)
}

var sourceTypes = map[string]knowledge.Text{
	"government": {JA: "官公庁", EN: "government"}, "job_board": {JA: "求人サイト", EN: "job board"},
	"press_release": {JA: "プレスリリース", EN: "press release"}, "agency": {JA: "エージェント", EN: "agency"},
	"survey": {JA: "調査", EN: "survey"}, "media": {JA: "報道", EN: "media"}, "article": {JA: "記事", EN: "article"},
}

func (v view) shortSource(p knowledge.Provenance) string {
	if s, ok := v.ix.sources[p.Source]; ok {
		if t := s.Short.In(v.l); t != "" {
			return t
		}
		if t, ok := sourceTypes[s.Type]; ok {
			return t.In(v.l)
		}
	}
	return v.tr("no_source")
}

func cloneCharts(cs []Chart) []Chart {
	if cs == nil {
		return nil
	}
	out := slices.Clone(cs)
	for i := range out {
		out[i].Points = slices.Clone(out[i].Points)
	}
	return out
}

// column returns the table's cells in column i.
func (t *Table) column(i int) []string {
	var out []string
	for _, row := range t.Rows {
		out = append(out, row[i])
	}
	return out
}

// Legend is the caption every adapter shows under a chart: Caption, with
// the kind and the source added where the caption does not already name
// them, so no surface shows a chart without saying what and whose it is.
func (c Chart) Legend() string {
	parts := []string{}
	if !strings.Contains(c.Caption, c.KindLabel) {
		parts = append(parts, c.KindLabel)
	}
	if c.Caption != "" {
		parts = append(parts, c.Caption)
	}
	if !strings.Contains(c.Caption, c.Source) {
		parts = append(parts, c.Source)
	}
	return strings.Join(slices.DeleteFunc(parts, func(s string) bool { return strings.TrimSpace(s) == "" }), " · ")
}
