package discordbot

import (
	"fmt"
	"strings"
	"testing"

	"github.com/bwmarrin/discordgo"

	"careerbot/handlers"
	"careerbot/handlers/handlerstest"
	"careerbot/knowledge"
)

// TestRenderEveryField: every field of a Reply, found by reflection, comes
// out of the Discord rendering, or is listed here with what Discord does
// instead.
func TestRenderEveryField(t *testing.T) {
	r := handlerstest.Filled()
	opts := renderOpts{shareID: func(v string) string { return "share:" + v }, moreID: func(v string) string { return "more:" + v }}
	msg := render(r, opts)
	out := flatten(msg)
	fieldWith := func(marker string, inline bool) bool {
		for _, e := range msg.Embeds {
			for _, f := range e.Fields {
				if f.Inline == inline && strings.Contains(f.Value, marker) {
					return true
				}
			}
		}
		return false
	}
	buttons := map[string]bool{}
	for _, c := range msg.Components {
		for _, b := range c.(discordgo.ActionsRow).Components {
			buttons[strings.SplitN(b.(discordgo.Button).CustomID, ":", 2)[0]] = true
		}
	}
	notText := map[string]func() bool{
		"Status": func() bool { return msg.Embeds[0].Color == colorWarn },
		"Locale": func() bool {
			return strings.Contains(out, "Sources: MkSourcesNameX") && strings.Contains(out, "\nTry\n")
		},
		"Visibility": func() bool {
			pub := r
			pub.Visibility = handlers.Public
			return msg.Ephemeral && !render(pub, opts).Ephemeral
		},
		"Fields[].Inline": func() bool { return fieldWith("MkFieldsValueX", true) && fieldWith("MkFieldsValueX", false) },
		"Actions[].Kind":  func() bool { return buttons["share"] && buttons["more"] },
		// Charts: each is an embed with its PNG attached (chartpng's tests
		// check the drawing: values as bars, ranges from low to high); the
		// unit is in the embed's title and on the image's axis.
		"Charts[].Kind": func() bool { return len(msg.Files) == 2 && msg.Files[1].Name == "chart-2.png" },
		"Charts[].Unit": func() bool { return strings.Contains(out, "MkChartsTitleX (MkChartsAxisX)") },
		"Charts[].ValueKind": func() bool {
			return strings.Contains(out, "MkChartsKindLabelX · MkChartsCaptionX") && len(msg.Files) == 2
		},
		"Charts[].Points[].Low":   func() bool { return len(msg.Files) == 2 && len(msg.Files[0].Data) > 0 },
		"Charts[].Points[].High":  func() bool { return len(msg.Files) == 2 && len(msg.Files[1].Data) > 0 },
		"Charts[].Points[].Value": func() bool { return len(msg.Files) == 2 },
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
			t.Errorf("%s holds a choice, not text: say in this test how Discord shows it", leaf.Path)
			continue
		}
		if !strings.Contains(out, leaf.Marker) {
			t.Errorf("%s (%s) is not rendered:\n%s", leaf.Path, leaf.Marker, out)
		}
	}
	// A field's note is in the same field value as the figure it qualifies.
	eachText(msg, func(s string) {
		if strings.Contains(s, "MkFieldsNoteX") && !strings.Contains(s, "MkFieldsValueX") {
			t.Errorf("a field's note is apart from its value: %q", s)
		}
	})
	// Without a title, a failed reply says in words what failed.
	r.Title = ""
	if c := render(r, opts).Content; !strings.Contains(c, "Not found") {
		t.Errorf("an untitled not-found reply does not say so: %q", c)
	}
}

// TestRenderHostileKeepsNotes: a reply far over every limit, with mention
// syntax everywhere, comes out within the limits, says it was shortened,
// and still shows every caveat (in short form) with its figure.
func TestRenderHostileKeepsNotes(t *testing.T) {
	r := handlers.Reply{Title: "@everyone " + strings.Repeat("題", 300), Locale: knowledge.EN, Visibility: handlers.Private}
	for i := range 10 {
		r.Paragraphs = append(r.Paragraphs, strings.Repeat(fmt.Sprintf("Paragraph %d <@1> ", i), 400))
	}
	for i := range 300 {
		r.Fields = append(r.Fields, handlers.Field{Label: fmt.Sprintf("<@&1> figure %d", i), Value: fmt.Sprintf("%d万円/年", 500+i),
			Note: fmt.Sprintf("fieldnote%d <@2> ", i) + strings.Repeat("caveat ", 700), Inline: i%2 == 0})
	}
	for i := range 12 {
		r.Notes = append(r.Notes, fmt.Sprintf("note%d: @everyone ", i)+strings.Repeat("注意。", 1700))
	}
	r.Table = &handlers.Table{Columns: []string{"a", "b"}}
	for i := range 500 {
		r.Table.Rows = append(r.Table.Rows, []string{fmt.Sprintf("row %d", i), "@here"})
	}
	for i := range 40 {
		r.Sources = append(r.Sources, handlers.Citation{Name: fmt.Sprintf("Survey %d <#1>", i), Year: 2020, Note: strings.Repeat("n", 2000)})
	}
	r.Actions = []handlers.Action{{Kind: handlers.ActionShare, Value: "salary go"}}
	msg := render(r, renderOpts{shareID: testShareID})
	if v := limitViolations(msg); len(v) > 0 {
		t.Errorf("limits broken: %v", v)
	}
	out := flatten(msg)
	if !strings.HasPrefix(msg.Content, handlers.Label(knowledge.EN, handlers.LabelShortened)) {
		t.Errorf("the answer does not say it was shortened: %q", msg.Content)
	}
	for i := range r.Notes {
		if !strings.Contains(out, fmt.Sprintf("note%d: @everyone", i)) {
			t.Errorf("note %d was cut entirely", i)
		}
	}
	shown := 0
	for _, e := range msg.Embeds {
		for _, f := range e.Fields {
			var i int
			if _, err := fmt.Sscanf(unmarkdown(f.Name), "<@&1> figure %d", &i); err != nil {
				continue
			}
			shown++
			if !strings.Contains(unmarkdown(f.Value), fmt.Sprintf("fieldnote%d", i)) {
				t.Errorf("field %d is shown without its note: %.200q", i, f.Value)
			}
		}
	}
	if shown == 0 {
		t.Errorf("no field survived:\n%.2000s", out)
	}
}
