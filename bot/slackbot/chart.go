package slackbot

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/slack-go/slack"

	"careerbot/bot/internal/chattext"
	"careerbot/handlers"
	"careerbot/knowledge"
)

// Data visualization block limits (docs.slack.dev, block-kit/blocks/
// data-visualization-block; the 2026-06-16 changelog), counted in
// characters as slack-go's Validate counts them.
const (
	maxChartTitle  = 50 // block title, x and y axis labels
	maxChartLabel  = 20 // category and series names
	maxChartPoints = 20 // categories a chart
	maxCharts      = 2  // data visualization blocks a message
)

// chartsBlocks renders up to maxCharts charts, each as a data
// visualization block followed by a context block that says the same in
// text (kind, source, every figure as the table words it) for
// notifications, screen readers and clients that cannot draw charts.
func chartsBlocks(cs []handlers.Chart, loc knowledge.Locale) []slack.Block {
	var out []slack.Block
	for _, c := range cs {
		if len(out)/2 == maxCharts {
			break
		}
		b, ok := chartBlock(c, loc)
		if !ok {
			continue
		}
		out = append(out, b, chartTextBlock(c))
	}
	return out
}

// chartBlock is c as a data visualization block, or false when c cannot be
// drawn (invalid, or labels that stay ambiguous once cut to 20 characters).
// A range is two series, its low and its high end, never a midpoint.
func chartBlock(c handlers.Chart, loc knowledge.Locale) (*slack.DataVisualizationBlock, bool) {
	if c.Validate() != nil || len(c.Points) > maxChartPoints {
		return nil, false
	}
	cats := make([]string, len(c.Points))
	seen := map[string]bool{}
	for i, p := range c.Points {
		cats[i] = chartLabel(p.Label, maxChartLabel)
		for n := 2; seen[cats[i]]; n++ {
			suffix := fmt.Sprintf("(%d)", n)
			cats[i] = chartLabel(p.Label, maxChartLabel-utf8.RuneCountInString(suffix)) + suffix
		}
		seen[cats[i]] = true
	}
	axis := slack.NewDataVisualizationAxisConfig(cats...).WithYLabel(chartLabel(c.Axis, maxChartTitle))
	var series []slack.DataVisualizationDataSeries
	if c.ValueKind.IsBand() {
		lo, hi := make([]slack.DataVisualizationDataPoint, len(cats)), make([]slack.DataVisualizationDataPoint, len(cats))
		for i, p := range c.Points {
			lo[i] = slack.NewDataVisualizationDataPoint(cats[i], p.Low)
			hi[i] = slack.NewDataVisualizationDataPoint(cats[i], p.High)
		}
		series = append(series,
			slack.NewDataVisualizationDataSeries(chartLabel(pick(loc, "low end", "下限"), maxChartLabel), lo...),
			slack.NewDataVisualizationDataSeries(chartLabel(pick(loc, "high end", "上限"), maxChartLabel), hi...))
	} else {
		pts := make([]slack.DataVisualizationDataPoint, len(cats))
		for i, p := range c.Points {
			pts[i] = slack.NewDataVisualizationDataPoint(cats[i], p.Value)
		}
		series = append(series, slack.NewDataVisualizationDataSeries(chartLabel(c.KindLabel, maxChartLabel), pts...))
	}
	var chart slack.DataVisualizationChart
	if c.Kind == handlers.ChartLine {
		chart = slack.NewDataVisualizationLineChart(axis, series...)
	} else {
		chart = slack.NewDataVisualizationBarChart(axis, series...)
	}
	b := &slack.DataVisualizationBlock{Type: slack.MBTDataVisualization, Title: chartLabel(c.Title, maxChartTitle), Chart: chart}
	if b.Title == "" || b.Validate() != nil {
		return nil, false
	}
	return b, true
}

// chartTextBlock says in text what the chart draws: the legend, then each
// category with its figure.
func chartTextBlock(c handlers.Chart) slack.Block {
	items := make([]string, 0, len(c.Points))
	for _, p := range c.Points {
		items = append(items, chattext.Cut(chattext.OneLine(p.Label), 40)+" "+chattext.OneLine(p.Text))
	}
	text := escape(chattext.Cut(chattext.OneLine(c.Legend()), 600) + "\n" + strings.Join(items, " · "))
	return slack.NewContextBlock("", mrkdwn(chattext.Cut(text, maxTextObject)))
}

// noAngles swaps the angle brackets of Slack's mention syntax for look-alikes
// in text that cannot be escaped. Built once: a Replacer builds its tables
// on first use, which took most of rendering a table answer.
var noAngles = strings.NewReplacer("<", "‹", ">", "›")

// chartLabel makes s a chart label of at most n characters: one line,
// without the angle brackets of Slack's mention syntax (a chart label is
// not mrkdwn, so it cannot be escaped), cut with "…".
func chartLabel(s string, n int) string {
	s = noAngles.Replace(chattext.OneLine(s))
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return strings.TrimSpace(string(r[:n-1])) + "…"
}

func pick(loc knowledge.Locale, en, ja string) string {
	if loc == knowledge.EN {
		return en
	}
	return ja
}

// hasNewBlocks reports whether msg carries a block that not every
// workspace accepts yet.
func hasNewBlocks(msg message) bool {
	for _, b := range msg.Blocks {
		if t := b.BlockType(); t == slack.MBTDataVisualization || t == slack.MBTTable {
			return true
		}
	}
	return false
}

// sendCharted sends the message rendered from reply; where Slack answers
// invalid_blocks because of a chart, it marks the workspace and sends the
// same answer without charts (their text stays).
func (b *Bot) sendCharted(team string, reply handlers.Reply, opt renderOptions, send func(message) error) error {
	opt.NoNewBlocks = opt.NoNewBlocks || b.plain.only(team)
	msg := render(reply, opt)
	err := send(msg)
	if err == nil && hasNewBlocks(msg) {
		b.plain.accept(team)
	}
	if err == nil || !hasNewBlocks(msg) || slackErrorCode(err) != "invalid_blocks" {
		return err
	}
	b.plain.mark(team)
	b.log.Info("Slack refused chart blocks; answering this workspace without them", "team", team)
	opt.NoNewBlocks = true
	return send(render(reply, opt))
}

// charts places the charts' blocks while blocks and bytes are left; a
// chart that does not fit is left out with its text, and counted.
func (f *fitter) charts(cs []handlers.Chart, loc knowledge.Locale, noNewBlocks bool) []slack.Block {
	var out []slack.Block
	bs := chartsBlocks(cs, loc)
	for i := 0; i+1 < len(bs); i += 2 {
		pair := bs[i : i+2]
		if noNewBlocks {
			pair = pair[1:]
		}
		c := 0
		for _, b := range pair {
			c += f.cost(b)
		}
		if f.blocksLeft < len(pair) || c > f.left {
			f.trimmed, f.omitted = true, f.omitted+1
			continue
		}
		out = append(out, pair...)
		f.left -= c
		f.blocksLeft -= len(pair)
	}
	return out
}

// chartAxis is the axis configuration of a bar or line chart block.
func chartAxis(b *slack.DataVisualizationBlock) (slack.DataVisualizationAxisConfig, bool) {
	switch c := b.Chart.(type) {
	case *slack.DataVisualizationBarChart:
		return c.AxisConfig, true
	case *slack.DataVisualizationLineChart:
		return c.AxisConfig, true
	}
	return slack.DataVisualizationAxisConfig{}, false
}
