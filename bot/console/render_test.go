package console_test

import (
	"strings"
	"testing"

	"careerbot/bot/console"
	"careerbot/handlers"
	"careerbot/handlers/handlerstest"
	"careerbot/knowledge"
)

func TestRenderTableAlignsWideCharacters(t *testing.T) {
	// ◯ ※ “ ” are East Asian ambiguous: two columns in a Japanese font.
	out := console.RenderTable(handlers.Table{Columns: []string{"トピック", "数値"}, Rows: [][]string{
		{"Go言語", "957万円/年"}, {"Ruby on Rails", "995万円/年"}, {"◯※“引用”", "x"}, {"abcdefghijkl", "y"}}})
	lines := strings.Split(strings.TrimRight(out, "\n"), "\n")
	if len(lines) != 6 {
		t.Fatalf("want header, rule and 4 rows:\n%s", out)
	}
	col := -1
	for _, l := range lines {
		if l[0] == '-' {
			continue
		}
		i := strings.Index(l, " | ")
		if w := handlers.DisplayWidth(l[:i]); col == -1 {
			col = w
		} else if w != col {
			t.Errorf("column separator at display width %d, want %d:\n%s", w, col, out)
		}
	}
}

func TestRenderSections(t *testing.T) {
	r := handlers.Reply{Title: "T", Paragraphs: []string{"p"}, Fields: []handlers.Field{{Label: "L", Value: "a\nb"}},
		Notes: []string{"n"}, Sources: []handlers.Citation{{Name: "S", Year: 2025, Note: "why"}},
		Suggestions: []handlers.Suggestion{{Label: "x", Command: "/salary go"}}, SharedBy: "Hanako", Locale: knowledge.EN, Status: handlers.StatusNotFound}
	out := console.Render(r)
	for _, want := range []string{"== T ==", "[ENOTFOUND]", "p\n", "L:\n  a\n  b", "* n", "Sources:", "S (2025) — why", "Try: x (/salary go)", "(Shared by Hanako)"} {
		if !strings.Contains(out, want) {
			t.Errorf("render lacks %q:\n%s", want, out)
		}
	}
}

// TestRenderEveryField: every field of a Reply, found by reflection, comes
// out of the console, or is listed here with what the console does instead.
func TestRenderEveryField(t *testing.T) {
	r := handlerstest.Filled()
	out := console.Render(r)
	notText := map[string]func() bool{
		"Status":          func() bool { return strings.Contains(out, "[ENOTFOUND]") },
		"Locale":          func() bool { return strings.Contains(out, "\nSources:\n") && strings.Contains(out, "Try: ") },
		"Visibility":      func() bool { return true }, // a terminal has one reader
		"Fields[].Inline": func() bool { return true }, // a terminal shows one field a line
		// A terminal has no buttons: it neither shares into a channel nor
		// needs More (careerbot ask --full asks for the whole answer).
		"Actions[].Kind": func() bool { return true }, "Actions[].Label": func() bool { return true }, "Actions[].Value": func() bool { return true },
		// Charts: the terminal draws every kind as bars, in the chart's
		// order, with the axis unit in the heading and the kind in the legend.
		"Charts[].Kind":      func() bool { return strings.Count(out, "MkChartsTitleX — MkChartsAxisX\n") == 2 },
		"Charts[].Unit":      func() bool { return strings.Contains(out, "MkChartsAxisX") },
		"Charts[].ValueKind": func() bool { return strings.Contains(out, "MkChartsKindLabelX · MkChartsCaptionX · MkChartsSourceX") },
		// A range is drawn from its low end: blanks, then blocks.
		"Charts[].Points[].Low":  func() bool { return strings.Contains(out, "│"+strings.Repeat(" ", 19)+"███") },
		"Charts[].Points[].High": func() bool { return strings.Contains(out, "███ MkChartsPointsTextX") },
		"Charts[].Points[].Value": func() bool {
			c := r.Charts[0]
			c.ValueKind = knowledge.KindAverage
			c.Points = []handlers.ChartPoint{{Label: "a", Value: 5, Text: "5v"}, {Label: "b", Value: 10, Text: "10v"}}
			return strings.Contains(console.RenderChart(c), "a │"+strings.Repeat("█", 15)+strings.Repeat(" ", 16)+"5v\n")
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
			t.Errorf("%s holds a choice, not text: say in this test how the console shows it", leaf.Path)
			continue
		}
		if !strings.Contains(out, leaf.Marker) {
			t.Errorf("%s (%s) is not rendered:\n%s", leaf.Path, leaf.Marker, out)
		}
	}
	// A field's note sits right under its field, not with the reply's notes.
	if !strings.Contains(out, "MkFieldsValueX\n  * MkFieldsNoteX\n") {
		t.Errorf("a field's note is not under its value:\n%s", out)
	}
}
