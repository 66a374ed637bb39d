package console

import (
	"strings"

	"careerbot/handlers"
)

// RenderChart draws c as text bars (handlers.ChartText: the handlers count
// the same text when they size an answer for a chat window).
func RenderChart(c handlers.Chart) string { return handlers.ChartText(c) }

// renderCharts draws the reply's charts under its table, each after a
// blank line.
func renderCharts(b *strings.Builder, cs []handlers.Chart) {
	for _, c := range cs {
		if s := RenderChart(c); s != "" {
			b.WriteString("\n")
			b.WriteString(s)
		}
	}
}
