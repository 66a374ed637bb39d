package chartpng

import (
	"fmt"
	"image"
	"image/color"
	"strings"
	"testing"
	"unicode/utf8"

	"careerbot/handlers"
	"careerbot/knowledge"
)

func paletteCharts() map[string]handlers.Chart {
	bars := handlers.Chart{Kind: handlers.ChartBar, Title: "年収の比較 (平均)", Axis: "万円/年", Unit: knowledge.UnitManYenYear,
		ValueKind: knowledge.KindAverage, KindLabel: "平均", Source: "PR TIMES", Caption: "平均 · 出典: PR TIMES",
		Points: []handlers.ChartPoint{{Label: "Go言語", Value: 957, Text: "957万円/年"}, {Label: "Ruby on Rails", Value: 995, Text: "995万円/年"}, {Label: "Node.js", Value: 921, Text: "921万円/年"}}}
	line := bars
	line.Kind, line.Points = handlers.ChartLine, nil
	for i, v := range []float64{408, 586, 693, 712, 582} {
		line.Points = append(line.Points, handlers.ChartPoint{Label: fmt.Sprintf("%d0代", i+2), Value: v, Text: fmt.Sprintf("%.0f万円/年", v)})
	}
	band := bars
	band.ValueKind, band.Points = knowledge.KindTypicalBand, []handlers.ChartPoint{{Label: "バックエンド", Low: 60, High: 80, Text: "60〜80万円/月"}, {Label: "フロントエンド", Low: 80, High: 90, Text: "80〜90万円/月"}}
	many := bars
	many.Points = nil
	for i := range handlers.MaxChartPoints {
		many.Points = append(many.Points, handlers.ChartPoint{Label: strings.Repeat("長", 30), Value: float64(100 + 37*i), Text: fmt.Sprintf("%d万円/年", 100+37*i)})
	}
	return map[string]handlers.Chart{"bars": bars, "line": line, "band": band, "20 points": many}
}

// The indexed image is the drawn image: exactly where it has at most 256
// colours, and otherwise with anti-aliasing shades moved to the nearest
// kept colour, never by more than 8 levels a channel on average (out of
// 255; invisible).
func TestPalettedIsFaithful(t *testing.T) {
	for name, c := range paletteCharts() {
		f, err := load()
		if err != nil {
			t.Fatal(err)
		}
		src := image.NewRGBA(image.Rect(0, 0, Width, Height))
		if err := drawChart(src, c, f); err != nil {
			t.Fatal(err)
		}
		dst := image.NewPaletted(src.Bounds(), nil)
		if !toPaletted(dst, src) {
			t.Fatalf("%s: not converted", name)
		}
		colours := map[color.RGBA]bool{}
		differ, worst := 0, 0
		for y := 0; y < Height; y++ {
			for x := 0; x < Width; x++ {
				a := src.RGBAAt(x, y)
				colours[a] = true
				b := dst.Palette[dst.ColorIndexAt(x, y)].(color.RGBA)
				if d := absInt(int(a.R)-int(b.R)) + absInt(int(a.G)-int(b.G)) + absInt(int(a.B)-int(b.B)); d > 0 {
					differ++
					worst = max(worst, d)
				}
			}
		}
		t.Logf("%s: %d colours, %d pixels moved (worst by %d)", name, len(colours), differ, worst)
		if len(colours) <= 256 && differ > 0 {
			t.Errorf("%s: %d colours, yet %d pixels changed", name, len(colours), differ)
		}
		if worst > 3*8 {
			t.Errorf("%s: a pixel moved by %d (sum of channels)", name, worst)
		}
	}
}

// More than 256 colours: each is kept or drawn as the nearest kept one;
// transparency is refused (encode then writes the RGBA image).
func TestPalettedEdges(t *testing.T) {
	src := image.NewRGBA(image.Rect(0, 0, 40, 20))
	for y := range 20 {
		for x := range 40 {
			src.SetRGBA(x, y, color.RGBA{uint8(x * 6), uint8(y * 12), 0, 0xFF}) // 800 colours
		}
	}
	dst := image.NewPaletted(src.Bounds(), nil)
	if !toPaletted(dst, src) || len(dst.Palette) != 256 {
		t.Fatalf("palette of %d", len(dst.Palette))
	}
	for y := range 20 {
		for x := range 40 {
			want := dst.Palette.Convert(src.RGBAAt(x, y))
			if got := dst.Palette[dst.ColorIndexAt(x, y)]; got != want {
				t.Fatalf("(%d,%d): %v, nearest is %v", x, y, got, want)
			}
		}
	}
	src.SetRGBA(3, 3, color.RGBA{0, 0, 0, 0x80})
	if toPaletted(dst, src) {
		t.Error("a translucent pixel was indexed")
	}
}

func absInt(v int) int {
	if v < 0 {
		return -v
	}
	return v
}

// A figure that does not fit loses its unit, then disappears; it is never
// cut into another number.
func TestFigureText(t *testing.T) {
	perRune := func(s string) float64 { return float64(utf8.RuneCountInString(s)) }
	for _, c := range []struct {
		in   string
		w    float64
		want string
	}{
		{"957万円/年", 10, "957万円/年"},
		{"957万円/年", 5, "957"},
		{"約1,900円/時", 6, "約1,900"},
		{"60〜80万円/月", 5, "60〜80"},
		{"1,029万円/年", 4, ""},
		{"目安", 1, ""},
	} {
		if got := figureText(c.in, c.w, perRune); got != c.want {
			t.Errorf("figureText(%q, %v) = %q, want %q", c.in, c.w, got, c.want)
		}
	}
}
