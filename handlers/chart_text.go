package handlers

import (
	"math"
	"strings"
)

// chartBarCells is how many terminal columns the longest bar fills.
const chartBarCells = 30

// chartLabelCells bounds a category label's display width; a longer one is
// cut with "…" so the bars stay aligned.
const chartLabelCells = 20

// eighths are the partial block characters, so a bar's end is drawn to an
// eighth of a column.
var eighths = []string{"", "▏", "▎", "▍", "▌", "▋", "▊", "▉"}

// ChartText is the console's text chart (bot/console shows it under the
// table; consoleLen counts it). It draws c as horizontal bars from zero: one line a category,
// labels aligned by display width, each bar followed by the figure exactly
// as the table words it. A range is drawn from its low to its high end,
// never as a midpoint. An invalid chart draws nothing.
func ChartText(c Chart) string {
	if c.Validate() != nil {
		return ""
	}
	var b strings.Builder
	b.WriteString(c.Title)
	if c.Axis != "" {
		b.WriteString(" — " + c.Axis)
	}
	b.WriteString("\n")
	labels := make([]string, len(c.Points))
	width := 0
	for i, p := range c.Points {
		labels[i] = chartFit(chartOneLine(p.Label), chartLabelCells)
		width = max(width, DisplayWidth(labels[i]))
	}
	top := c.Max()
	for i, p := range c.Points {
		b.WriteString(labels[i])
		b.WriteString(strings.Repeat(" ", width-DisplayWidth(labels[i])))
		b.WriteString(" │")
		lo, hi := 0.0, p.Value
		if p.IsRange() {
			lo, hi = p.Low, p.High
		}
		b.WriteString(chartBar(lo/top*chartBarCells, hi/top*chartBarCells))
		b.WriteString(" " + chartOneLine(p.Text) + "\n")
	}
	if l := c.Legend(); l != "" {
		b.WriteString(chartOneLine(l) + "\n")
	}
	return b.String()
}

// bar draws blank cells up to from, then blocks up to to (in cells, with
// eighths at the end), padded to chartBarCells.
func chartBar(from, to float64) string {
	start := int(math.Round(from))
	if to-from < 0.125 {
		to = from + 0.125 // a figure is never drawn as nothing
	}
	eighth := int(math.Round((to - float64(start)) * 8))
	full, part := eighth/8, eighth%8
	s := strings.Repeat(" ", start) + strings.Repeat("█", full) + eighths[part]
	cells := start + full
	if part > 0 {
		cells++
	}
	return s + strings.Repeat(" ", max(0, chartBarCells-cells))
}

// chartFit cuts s to at most w display columns, marking the cut with "…".
func chartFit(s string, w int) string {
	if DisplayWidth(s) <= w {
		return s
	}
	var b strings.Builder
	n := 0
	for _, r := range s {
		rw := RuneWidth(r)
		if n+rw > w-1 {
			break
		}
		b.WriteRune(r)
		n += rw
	}
	return b.String() + "…"
}

func chartOneLine(s string) string { return strings.Join(strings.Fields(s), " ") }
