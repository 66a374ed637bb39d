package slackbot

import (
	"strings"

	"github.com/slack-go/slack"

	"careerbot/bot/internal/chattext"
	"careerbot/handlers"
)

// Table block limits (docs.slack.dev, block-kit/blocks/table-block): at
// most 100 rows of at most 20 cells, and one table a message. A cell has
// no documented length limit; maxTableCell is ours, so one cell cannot
// take the message's whole budget.
const (
	maxTableRows    = 100
	maxTableColumns = 20
	maxTableCell    = 500
)

// tableBlock renders t as a native table block, its header row first, or
// returns false when t is beyond the limits (the caller falls back to the
// monospace table, which splits and trims). Cells are raw text: Slack
// does not parse them for mentions, and angle brackets are replaced all
// the same, as in chart labels.
func tableBlock(t handlers.Table) (*slack.TableBlock, bool) {
	ncol := len(t.Columns)
	for _, row := range t.Rows {
		ncol = max(ncol, len(row))
	}
	nrows := len(t.Rows)
	if len(t.Columns) > 0 {
		nrows++
	}
	if ncol == 0 || ncol > maxTableColumns || nrows > maxTableRows || len(t.Rows) == 0 {
		return nil, false
	}
	b := slack.NewTableBlock("")
	add := func(row []string) {
		cells := make([]slack.TableCell, ncol)
		for i := range cells {
			text := ""
			if i < len(row) {
				text = noAngles.Replace(chattext.OneLine(row[i]))
			}
			if text == "" {
				text = "-" // an empty raw_text cell is not valid
			}
			cells[i] = slack.NewTableRawTextCell(chattext.Cut(text, maxTableCell))
		}
		b.AddRow(cells...)
	}
	if len(t.Columns) > 0 {
		add(t.Columns)
	}
	for _, row := range t.Rows {
		add(row)
	}
	settings := make([]slack.ColumnSetting, ncol)
	for i := range settings {
		settings[i] = slack.ColumnSetting{Align: slack.ColumnAlignmentLeft, IsWrapped: true}
	}
	b.WithColumnSettings(settings...)
	return b, true
}

// tableBlocks places r's table as a table block where the workspace takes
// them and it fits; otherwise as monospace sections.
func (f *fitter) table(t handlers.Table, plainOnly bool) []slack.Block {
	if !plainOnly && f.blocksLeft > 0 {
		if b, ok := tableBlock(t); ok {
			if c := f.cost(b); c <= f.left {
				f.left -= c
				f.blocksLeft--
				return []slack.Block{b}
			}
		}
	}
	return f.all(tableParts(t), func() int { return f.left })
}

// tableText is the text of a table block's cells, a row a line.
func tableText(b *slack.TableBlock) []string {
	var out []string
	for _, row := range b.Rows {
		cells := make([]string, 0, len(row))
		for _, c := range row {
			if rt, ok := c.(*slack.TableRawTextCell); ok {
				cells = append(cells, rt.Text)
			}
		}
		out = append(out, strings.Join(cells, " | "))
	}
	return out
}
