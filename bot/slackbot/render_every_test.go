package slackbot

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/slack-go/slack"

	"careerbot/handlers"
	"careerbot/handlers/handlerstest"
	"careerbot/knowledge"
)

// texts lists every text object of msg: what a reader sees, block by block.
func texts(msg message) []string {
	var out []string
	eachText(msg, func(s string) { out = append(out, s) })
	return out
}

// TestRenderEveryField: every field of a Reply, found by reflection, comes
// out of the Slack rendering, or is listed here with what Slack does instead.
func TestRenderEveryField(t *testing.T) {
	r := handlerstest.Filled()
	msg := render(r, renderOptions{Share: true, More: true, MaxBytes: ackBudget})
	out := flatten(msg)
	raw, _ := json.Marshal(msg)
	sectionWith := func(marker string, asField bool) bool {
		for _, b := range msg.Blocks {
			s, ok := b.(*slack.SectionBlock)
			if !ok {
				continue
			}
			if asField {
				for _, f := range s.Fields {
					if strings.Contains(f.Text, marker) {
						return true
					}
				}
			} else if s.Text != nil && strings.Contains(s.Text.Text, marker) {
				return true
			}
		}
		return false
	}
	notText := map[string]func() bool{
		"Status": func() bool { return strings.HasPrefix(out, "⚠️ MkTitleX") },
		"Locale": func() bool { return strings.Contains(out, "Sources: MkSourcesNameX") && strings.Contains(out, "Try: ") },
		"Visibility": func() bool {
			pub := r
			pub.Visibility = handlers.Public
			return msg.ResponseType == "ephemeral" && render(pub, renderOptions{}).ResponseType == "in_channel"
		},
		// Inline fields are a section's two-column fields; others its text.
		"Fields[].Inline": func() bool { return sectionWith("MkFieldsValueX", true) && sectionWith("MkFieldsValueX", false) },
		"Actions[].Kind": func() bool {
			return strings.Contains(string(raw), `"action_id":"`+shareActionID+`"`) && strings.Contains(string(raw), `"action_id":"`+moreActionID+`"`)
		},
		// Charts: a bar chart and a line chart block; the unit is the y
		// axis label, a range kind two series (low and high end).
		"Charts[].Kind": func() bool {
			return strings.Contains(string(raw), `"type":"bar"`) && strings.Contains(string(raw), `"type":"line"`)
		},
		"Charts[].Unit": func() bool { return strings.Contains(string(raw), `"y_label":"MkChartsAxisX"`) },
		"Charts[].ValueKind": func() bool {
			return strings.Contains(string(raw), `"name":"low end"`) && strings.Contains(string(raw), `"name":"high end"`)
		},
		"Charts[].Points[].Low": func() bool {
			return strings.Contains(string(raw), `{"label":"MkChartsPointsLabelX","value":700}`)
		},
		"Charts[].Points[].High": func() bool {
			return strings.Contains(string(raw), `"value":1000}`) && strings.Contains(string(raw), `"value":1100}`)
		},
		"Charts[].Points[].Value": func() bool {
			c := r.Charts[0]
			c.ValueKind = knowledge.KindAverage
			c.Points = []handlers.ChartPoint{{Label: "a", Value: 957, Text: "x"}, {Label: "b", Value: 995, Text: "y"}}
			b, _ := chartBlock(c, knowledge.EN)
			raw, _ := json.Marshal(b)
			return strings.Contains(string(raw), `{"label":"a","value":957}`)
		},
		// The request echoed back, for sharing and logs: never shown.
		// A source's short name is what first lines and table cells (made
		// in handlers) carry; the sources list shows the whole name.
		"Sources[].Short": func() bool { return strings.Contains(out, "MkSourcesNameX") },
		"Command":         func() bool { return true }, "Args": func() bool { return true },
	}
	for _, leaf := range handlerstest.Leaves() {
		if check, ok := notText[leaf.Path]; ok {
			if !check() {
				t.Errorf("%s is not shown:\n%s", leaf.Path, out)
			}
			continue
		}
		if leaf.Marker == "" {
			t.Errorf("%s holds a choice, not text: say in this test how Slack shows it", leaf.Path)
			continue
		}
		if !strings.Contains(out, leaf.Marker) {
			t.Errorf("%s (%s) is not rendered:\n%s", leaf.Path, leaf.Marker, out)
		}
	}
	// A field's note is in the same text as the value it qualifies.
	for _, s := range texts(msg) {
		if strings.Contains(s, "MkFieldsNoteX") && !strings.Contains(s, "MkFieldsValueX") {
			t.Errorf("a field's note is apart from its value: %q", s)
		}
	}
}

// TestRenderHostileKeepsNotes: a reply far over every limit, with mention
// syntax everywhere, comes out within the limits, says it was shortened,
// and still shows every caveat (in short form) with its figure.
func TestRenderHostileKeepsNotes(t *testing.T) {
	r := handlers.Reply{Title: "<!channel> " + strings.Repeat("題", 300), Locale: knowledge.EN}
	for i := range 10 {
		r.Paragraphs = append(r.Paragraphs, strings.Repeat(fmt.Sprintf("Paragraph %d <@U1> ", i), 400))
	}
	for i := range 300 {
		r.Fields = append(r.Fields, handlers.Field{Label: fmt.Sprintf("<!here> figure %d", i), Value: fmt.Sprintf("%d万円/年", 500+i),
			Note: fmt.Sprintf("fieldnote%d <@U2> ", i) + strings.Repeat("caveat ", 700), Inline: i%2 == 0})
	}
	for i := range 12 {
		r.Notes = append(r.Notes, fmt.Sprintf("note%d: @everyone ", i)+strings.Repeat("注意。", 1700))
	}
	r.Table = &handlers.Table{Columns: []string{"a", "b"}}
	for i := range 500 {
		r.Table.Rows = append(r.Table.Rows, []string{fmt.Sprintf("row %d", i), "<!here>"})
	}
	for i := range 40 {
		r.Sources = append(r.Sources, handlers.Citation{Name: fmt.Sprintf("Survey %d <!channel>", i), Year: 2020, Note: strings.Repeat("n", 2000)})
	}
	r.Actions = []handlers.Action{{Kind: handlers.ActionShare, Value: "salary go"}}
	for _, opt := range []renderOptions{{Share: true, More: true, MaxBytes: ackBudget}, {Share: true}} {
		msg := render(r, opt)
		for _, v := range checkLimits(msg, opt.MaxBytes) {
			t.Error(v)
		}
		out := flatten(msg)
		if !strings.Contains(out, handlers.Label(knowledge.EN, handlers.LabelShortened)) {
			t.Errorf("options %+v: the answer does not say it was shortened", opt)
		}
		for i := range r.Notes {
			if !strings.Contains(out, fmt.Sprintf("note%d: @everyone", i)) {
				t.Errorf("options %+v: note %d was cut entirely", opt, i)
			}
		}
		// Every field shown keeps its own note beside its value.
		shown := 0
		for _, s := range texts(msg) {
			for i := range r.Fields {
				if strings.Contains(s, fmt.Sprintf("*&lt;!here&gt; figure %d*", i)) || strings.Contains(s, fmt.Sprintf("*<!here> figure %d*", i)) {
					shown++
					if !strings.Contains(s, fmt.Sprintf("fieldnote%d", i)) {
						t.Errorf("options %+v: field %d is shown without its note: %.200q", opt, i, s)
					}
				}
			}
		}
		if shown == 0 {
			t.Errorf("options %+v: no field survived:\n%.2000s", opt, out)
		}
	}
}
