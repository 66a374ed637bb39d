package handlers

import (
	"math"
	"strings"
	"unicode"
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
	// A line a point: label, padding, a bar of up to 30 three-byte cells
	// and the figure.
	b.Grow(len(c.Title) + len(c.Axis) + 256 + len(c.Points)*(chartLabelCells+chartBarCells*3+64))
	writeChart(&b, c)
	return b.String()
}

// chartTextLen is runeLen(ChartText(c)), counted without drawing it:
// sizing counts every chart of every answer.
func chartTextLen(c Chart) int {
	if c.Validate() != nil {
		return 0
	}
	var n runeCounter
	writeChart(&n, c)
	return int(n)
}

// chartWriter is what writeChart draws on: a strings.Builder, or a
// runeCounter that only counts.
type chartWriter interface {
	WriteString(string) (int, error)
	WriteByte(byte) error
}

// runeCounter counts the characters written to it.
type runeCounter int

func (n *runeCounter) WriteString(s string) (int, error) {
	*n += runeCounter(runeLen(s))
	return len(s), nil
}
func (n *runeCounter) WriteByte(byte) error { *n++; return nil }

// writeChart draws the valid chart c (ChartText) on w.
func writeChart[W chartWriter](w W, c Chart) {
	w.WriteString(c.Title)
	if c.Axis != "" {
		w.WriteString(" — ")
		w.WriteString(c.Axis)
	}
	w.WriteByte('\n')
	var small [8]string
	labels := small[:0]
	width := 0
	for _, p := range c.Points {
		l := chartFit(chartOneLine(p.Label), chartLabelCells)
		labels = append(labels, l)
		width = max(width, DisplayWidth(l))
	}
	top := c.Max()
	for i, p := range c.Points {
		w.WriteString(labels[i])
		writeRun(w, chartSpaces, 1, width-DisplayWidth(labels[i]))
		w.WriteString(" │")
		lo, hi := 0.0, p.Value
		if p.IsRange() {
			lo, hi = p.Low, p.High
		}
		writeChartBar(w, lo/top*chartBarCells, hi/top*chartBarCells)
		w.WriteByte(' ')
		w.WriteString(chartOneLine(p.Text))
		w.WriteByte('\n')
	}
	if l := c.Legend(); l != "" {
		w.WriteString(chartOneLine(l))
		w.WriteByte('\n')
	}
}

// writeChartBar draws blank cells up to from, then blocks up to to (in
// cells, with eighths at the end), padded to chartBarCells.
func writeChartBar[W chartWriter](b W, from, to float64) {
	start := int(math.Round(from))
	if to-from < 0.125 {
		to = from + 0.125 // a figure is never drawn as nothing
	}
	eighth := int(math.Round((to - float64(start)) * 8))
	full, part := eighth/8, eighth%8
	writeRun(b, chartSpaces, 1, start)
	writeRun(b, chartBlocks, len("█"), full)
	b.WriteString(eighths[part])
	cells := start + full
	if part > 0 {
		cells++
	}
	writeRun(b, chartSpaces, 1, chartBarCells-cells)
}

// Runs of a bar's cells, written in slices rather than cell by cell.
var (
	chartSpaces = strings.Repeat(" ", chartBarCells+chartLabelCells)
	chartBlocks = strings.Repeat("█", chartBarCells+1)
)

// writeRun writes n cells of run (all one character of cell bytes) to b.
func writeRun[W chartWriter](b W, run string, cell, n int) {
	if n <= 0 {
		return
	}
	for n*cell > len(run) {
		b.WriteString(run)
		n -= len(run) / cell
	}
	b.WriteString(run[:n*cell])
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

// chartOneLine folds runs of white space to one space and trims the ends.
// Most texts already are one line: they come back as they are.
func chartOneLine(s string) string {
	space := true // at the start, a space is one too many
	for _, r := range s {
		if unicode.IsSpace(r) {
			if r != ' ' || space {
				return strings.Join(strings.Fields(s), " ")
			}
			space = true
			continue
		}
		space = false
	}
	if space && s != "" {
		return strings.Join(strings.Fields(s), " ")
	}
	return s
}
