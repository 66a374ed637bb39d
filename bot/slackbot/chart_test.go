package slackbot

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/slack-go/slack"

	"careerbot/handlers"
	"careerbot/knowledge"
)

// checkChartBlock holds a data visualization block to slack-go's own
// validation and, independently, to the documented limits, and finds no
// mention syntax in any label.
func checkChartBlock(where string, raw map[string]any) []string {
	var v []string
	js, _ := json.Marshal(raw)
	var b slack.DataVisualizationBlock
	if err := json.Unmarshal(js, &b); err != nil {
		return []string{where + ": " + err.Error()}
	}
	if err := b.Validate(); err != nil {
		v = append(v, where+": slack-go: "+err.Error())
	}
	label := func(what, s string, max int) {
		if n := utf8.RuneCountInString(s); n == 0 || n > max {
			v = append(v, fmt.Sprintf("%s: %s %q is %d characters, limit %d", where, what, s, n, max))
		}
		if strings.ContainsAny(s, "<>") || strings.Contains(strings.ToLower(s), "@here") {
			v = append(v, fmt.Sprintf("%s: %s %q could mention", where, what, s))
		}
	}
	label("title", b.Title, 50)
	ax, ok := chartAxis(&b)
	if !ok {
		return append(v, where+": not a bar or line chart")
	}
	if n := len(ax.Categories); n < 1 || n > 20 {
		v = append(v, fmt.Sprintf("%s: %d categories", where, n))
	}
	for _, c := range ax.Categories {
		label("category", c, 20)
	}
	if ax.YLabel != "" {
		label("y label", ax.YLabel, 50)
	}
	if ax.XLabel != "" {
		label("x label", ax.XLabel, 50)
	}
	var series []slack.DataVisualizationDataSeries
	switch c := b.Chart.(type) {
	case *slack.DataVisualizationBarChart:
		series = c.Series
	case *slack.DataVisualizationLineChart:
		series = c.Series
	}
	for _, s := range series {
		label("series", s.Name, 20)
	}
	return v
}

func chartOf(kind handlers.ChartKind, vk knowledge.Kind, labels ...string) handlers.Chart {
	c := handlers.Chart{Kind: kind, Title: "年収の比較 (平均)", Axis: "万円/年", Unit: knowledge.UnitManYenYear, ValueKind: vk,
		KindLabel: knowledge.KindLabel(vk, knowledge.JA), Source: "PR TIMES", Caption: "平均 · 出典: PR TIMES"}
	for i, l := range labels {
		p := handlers.ChartPoint{Label: l, Text: fmt.Sprintf("%d万円/年", 900+i)}
		if vk.IsBand() {
			p.Low, p.High = float64(700+i), float64(1000+i)
		} else {
			p.Value = float64(900 + i)
		}
		c.Points = append(c.Points, p)
	}
	return c
}

// One test per chart type: the block passes slack-go's validation and the
// limits, draws what the chart holds, and the text beside it names every
// figure.
func TestChartBlocks(t *testing.T) {
	long := strings.Repeat("長いラベル", 1000)
	tests := []struct {
		name  string
		chart handlers.Chart
		want  []string // in the block's JSON
	}{
		{"bar", chartOf(handlers.ChartBar, knowledge.KindAverage, "Go言語", "Ruby on Rails", "Node.js"),
			[]string{`"type":"bar"`, `"categories":["Go言語","Ruby on Rails","Node.js"]`, `"y_label":"万円/年"`, `{"label":"Go言語","value":900}`, `"name":"平均"`}},
		{"line", chartOf(handlers.ChartLine, knowledge.KindAverage, "20代", "30代", "40代", "50代", "60代"),
			[]string{`"type":"line"`, `{"label":"60代","value":904}`}},
		{"range drawn as its two ends", chartOf(handlers.ChartBar, knowledge.KindRange, "バックエンド", "フロントエンド"),
			[]string{`"name":"下限"`, `"name":"上限"`, `{"label":"バックエンド","value":700}`, `{"label":"バックエンド","value":1000}`}},
		{"hostile labels", chartOf(handlers.ChartBar, knowledge.KindAverage, "<!channel> "+long, "<@U123> "+long, long, long+"x"),
			[]string{`"‹!channel› 長いラベル長いラ…"`, `"長いラベル長いラベル長いラベル長いラベ…"`, `"長いラベル長いラベル長いラベル長…(2)"`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := handlers.Reply{Title: "比較", Locale: knowledge.JA, Charts: []handlers.Chart{tt.chart}}
			for _, opt := range []renderOptions{{}, {MaxBytes: ackBudget, Share: true}} {
				msg := render(r, opt)
				for _, v := range checkLimits(msg, opt.MaxBytes) {
					t.Error(v)
				}
				raw, _ := json.Marshal(msg)
				for _, w := range tt.want {
					if !strings.Contains(string(raw), w) {
						t.Errorf("blocks lack %s:\n%s", w, raw)
					}
				}
				out := flatten(msg)
				for _, p := range tt.chart.Points {
					if !strings.Contains(out, p.Text) {
						t.Errorf("the text beside the chart lacks %q", p.Text)
					}
				}
			}
		})
	}
}

// At most two charts a message; 300 points or an invalid chart are not
// drawn at all (their figures are in the table and the text).
func TestChartBlocksHostile(t *testing.T) {
	var many []string
	for i := range 300 {
		many = append(many, fmt.Sprintf("row %d", i))
	}
	mixed := chartOf(handlers.ChartBar, knowledge.KindAverage, "a", "b")
	mixed.Points[1] = handlers.ChartPoint{Label: "b", Low: 1, High: 2}
	r := handlers.Reply{Locale: knowledge.EN, Charts: []handlers.Chart{
		chartOf(handlers.ChartBar, knowledge.KindAverage, many...), mixed,
		chartOf(handlers.ChartBar, knowledge.KindAverage, "a", "b"), chartOf(handlers.ChartLine, knowledge.KindAverage, "c", "d"),
		chartOf(handlers.ChartBar, knowledge.KindAverage, "e", "f")}}
	msg := render(r, renderOptions{MaxBytes: ackBudget})
	for _, v := range checkLimits(msg, ackBudget) {
		t.Error(v)
	}
	n := 0
	for _, b := range msg.Blocks {
		if b.BlockType() == slack.MBTDataVisualization {
			n++
		}
	}
	if n != 2 {
		t.Errorf("%d chart blocks, want the two valid ones that fit the limit", n)
	}
	if msg := render(r, renderOptions{NoNewBlocks: true}); hasNewBlocks(msg) {
		t.Error("NoNewBlocks still sent a chart block")
	}
}

// Where Slack answers invalid_blocks to a chart (the blocks are still
// rolling out), the same answer goes again without the chart block, its
// text kept, and the workspace is remembered: the next post has no chart.
func TestChartInvalidBlocksFallback(t *testing.T) {
	f := newFakeSlack(t)
	f.rejectCharts = true
	b := newPosterBot(t, f)
	reply := handlers.Reply{Title: "比較", Locale: knowledge.JA, Charts: []handlers.Chart{chartOf(handlers.ChartBar, knowledge.KindAverage, "Go言語", "Node.js")}}
	ctx := t.Context()
	if _, err := b.Post(ctx, "C1", reply, "m1"); err != nil {
		t.Fatalf("Post: %v", err)
	}
	first, second := f.nextCall("chat.postMessage"), f.nextCall("chat.postMessage")
	if !strings.Contains(first.Form.Get("blocks"), "data_visualization") {
		t.Fatalf("the first post had no chart: %s", first.Form.Get("blocks"))
	}
	if blocks := second.Form.Get("blocks"); strings.Contains(blocks, "data_visualization") || !strings.Contains(blocks, "900万円/年") {
		t.Errorf("the resend should keep the chart's text without its block: %s", blocks)
	}
	if _, err := b.Post(ctx, "C1", reply, "m2"); err != nil {
		t.Fatalf("second Post: %v", err)
	}
	if third := f.nextCall("chat.postMessage"); strings.Contains(third.Form.Get("blocks"), "data_visualization") {
		t.Error("the workspace that refused charts got one again")
	}
	if n := f.count("chat.postMessage"); n != 3 {
		t.Errorf("%d posts, want 3 (refused, resent, plain)", n)
	}
}

// checkTableBlock holds a table block to the documented limits: 1 to 100
// rows of 1 to 20 raw_text cells, no empty cell, no mention syntax.
func checkTableBlock(where string, raw map[string]any) []string {
	var v []string
	js, _ := json.Marshal(raw)
	var b slack.TableBlock
	if err := json.Unmarshal(js, &b); err != nil {
		return []string{where + ": " + err.Error()}
	}
	if n := len(b.Rows); n < 1 || n > 100 {
		v = append(v, fmt.Sprintf("%s: %d rows", where, n))
	}
	if len(b.ColumnSettings) > 20 {
		v = append(v, fmt.Sprintf("%s: %d column settings", where, len(b.ColumnSettings)))
	}
	for i, row := range b.Rows {
		if len(row) < 1 || len(row) > 20 {
			v = append(v, fmt.Sprintf("%s: row %d has %d cells", where, i, len(row)))
		}
		for _, c := range row {
			rt, ok := c.(*slack.TableRawTextCell)
			if !ok || rt.Text == "" {
				v = append(v, fmt.Sprintf("%s: row %d has an empty or non-raw_text cell", where, i))
				continue
			}
			if strings.ContainsAny(rt.Text, "<>") || strings.Contains(strings.ToLower(rt.Text), "@here") && strings.Contains(rt.Text, "<") {
				v = append(v, fmt.Sprintf("%s: cell %q could mention", where, rt.Text))
			}
		}
	}
	return v
}

// Tables go as a table block within its limits; past them (more than 99
// rows, more than 20 columns) or where the workspace refused new blocks,
// as monospace text. Either way every cell's figure is in the message.
func TestTableBlock(t *testing.T) {
	small := handlers.Table{Columns: []string{"トピック", "数値"}, Rows: [][]string{{"Go言語", "957万円/年"}, {"<!here> Node.js", ""}}}
	big := handlers.Table{Columns: []string{"a"}}
	for i := range 300 {
		big.Rows = append(big.Rows, []string{fmt.Sprintf("row %d", i)})
	}
	wide := handlers.Table{Columns: make([]string, 21), Rows: [][]string{make([]string, 21)}}
	tests := []struct {
		name  string
		table handlers.Table
		opt   renderOptions
		block bool
	}{
		{"small", small, renderOptions{MaxBytes: ackBudget}, true},
		{"refused", small, renderOptions{MaxBytes: ackBudget, NoNewBlocks: true}, false},
		{"300 rows", big, renderOptions{MaxBytes: ackBudget}, false},
		{"21 columns, clipped to 20", wide, renderOptions{}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			msg := render(handlers.Reply{Title: "t", Table: &tt.table}, tt.opt)
			for _, v := range checkLimits(msg, tt.opt.MaxBytes) {
				t.Error(v)
			}
			if got := hasNewBlocks(msg); got != tt.block {
				t.Errorf("table block %v, want %v", got, tt.block)
			}
			if tt.name == "small" || tt.name == "refused" {
				out := flatten(msg)
				if !strings.Contains(out, "957万円/年") || !strings.Contains(out, "Go言語") {
					t.Errorf("a cell is missing:\n%s", out)
				}
			}
		})
	}
}
