package chartpng_test

import (
	"bytes"
	"flag"
	"fmt"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"careerbot/bot/internal/chartpng"
	"careerbot/handlers"
	"careerbot/knowledge"
)

var write = flag.String("chartpng.write", "", "write the test images into this directory to look at them")

func compareJA() handlers.Chart {
	return handlers.Chart{Kind: handlers.ChartBar, Title: "年収の比較 (平均)", Axis: "万円/年", Unit: knowledge.UnitManYenYear,
		ValueKind: knowledge.KindAverage, KindLabel: "平均", Source: "PR TIMES",
		Caption: "平均 · 案件の調査: 提示額で、実収入とは限らない · 出典: PR TIMES",
		Points:  []handlers.ChartPoint{{Label: "Go言語", Value: 957, Text: "957万円/年"}, {Label: "Ruby on Rails", Value: 995, Text: "995万円/年"}, {Label: "Node.js", Value: 921, Text: "921万円/年"}}}
}

func decode(t *testing.T, b []byte) image.Image {
	t.Helper()
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	return img
}

func TestRenderLooks(t *testing.T) {
	age := handlers.Chart{Kind: handlers.ChartLine, Title: "年代別の年収 (平均)", Axis: "万円/年", Unit: knowledge.UnitManYenYear,
		ValueKind: knowledge.KindAverage, KindLabel: "平均", Source: "厚生労働省", Caption: "平均 · SE(Webサービス開発)全体の数字 · 出典: 厚生労働省"}
	for i, v := range []float64{408, 586, 693, 712, 582} {
		age.Points = append(age.Points, handlers.ChartPoint{Label: []string{"20代", "30代", "40代", "50代", "60代"}[i], Value: v, Text: []string{"408万円/年", "586万円/年", "693万円/年", "712万円/年", "582万円/年"}[i]})
	}
	band := handlers.Chart{Kind: handlers.ChartBar, Title: "月額の比較 (最多の価格帯)", Axis: "万円/月", Unit: knowledge.UnitManYenMonth,
		ValueKind: knowledge.KindTypicalBand, KindLabel: "最も多い価格帯", Source: "SEES調べ", Caption: "最も多い価格帯 · 出典: SEES調べ",
		Points: []handlers.ChartPoint{{Label: "バックエンド", Low: 60, High: 80, Text: "60〜80万円/月"}, {Label: "フロントエンド", Low: 80, High: 90, Text: "80〜90万円/月"}}}
	many := compareJA()
	many.Points = nil
	for i := range handlers.MaxChartPoints {
		many.Points = append(many.Points, handlers.ChartPoint{Label: fmt.Sprintf("言語%d Ruby on Rails", i), Value: float64(400 + 37*i), Text: fmt.Sprintf("%d万円/年", 400+37*i)})
	}
	for name, c := range map[string]handlers.Chart{"compare": compareJA(), "age": age, "band": band, "many": many} {
		b, err := chartpng.Render(c)
		if err != nil {
			t.Fatal(err)
		}
		img := decode(t, b)
		if img.Bounds().Dx() != chartpng.Width || img.Bounds().Dy() != chartpng.Height {
			t.Errorf("%s: %v, want %d×%d", name, img.Bounds(), chartpng.Width, chartpng.Height)
		}
		if len(b) > chartpng.MaxBytes {
			t.Errorf("%s: %d bytes", name, len(b))
		}
		if *write != "" {
			os.WriteFile(filepath.Join(*write, name+".png"), b, 0o644)
		}
		t.Logf("%s: %d bytes", name, len(b))
	}
}

// inked counts the dark pixels in a region: text is there.
func inked(img image.Image, r image.Rectangle) int {
	n := 0
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			cr, cg, cb, _ := img.At(x, y).RGBA()
			if cr+cg+cb < 3*0x8000 {
				n++
			}
		}
	}
	return n
}

// The title (top), the category labels and legend (bottom) and the unit
// (left) are drawn: their areas are not blank, with Japanese text too.
func TestRenderLabelAreasNotBlank(t *testing.T) {
	b, err := chartpng.Render(compareJA())
	if err != nil {
		t.Fatal(err)
	}
	img := decode(t, b)
	areas := map[string]image.Rectangle{
		"title":  image.Rect(250, 0, 550, 35),
		"labels": image.Rect(100, 405, 780, 430),
		"legend": image.Rect(150, 430, 700, 450),
		"unit":   image.Rect(0, 150, 30, 300),
	}
	for name, r := range areas {
		if n := inked(img, r); n < 30 {
			t.Errorf("the %s area %v has %d dark pixels: blank", name, r, n)
		}
	}
}

// Hostile charts: labels of 5,000 characters, mention syntax, characters
// the font lacks, 20 points. The image stays the same size and under the
// limit; an invalid chart is refused, never drawn.
func TestRenderHostile(t *testing.T) {
	c := compareJA()
	c.Title = "<@123> @everyone " + strings.Repeat("題", 5000)
	c.Caption = strings.Repeat("注意😀", 2000)
	c.Points = nil
	for i := range handlers.MaxChartPoints {
		c.Points = append(c.Points, handlers.ChartPoint{Label: fmt.Sprintf("<@%d> %s", i, strings.Repeat("長", 5000)), Value: float64(100 + i*50), Text: strings.Repeat("9", 5000)})
	}
	b, err := chartpng.Render(c)
	if err != nil {
		t.Fatal(err)
	}
	if len(b) > chartpng.MaxBytes {
		t.Errorf("%d bytes", len(b))
	}
	if img := decode(t, b); img.Bounds().Dx() != chartpng.Width {
		t.Errorf("bounds %v", img.Bounds())
	}
	c.Points = append(c.Points, handlers.ChartPoint{Label: "x", Value: 1})
	if _, err := chartpng.Render(c); err == nil {
		t.Error("21 points were drawn")
	}
	mixed := compareJA()
	mixed.Points[1] = handlers.ChartPoint{Label: "b", Low: 1, High: 2}
	if _, err := chartpng.Render(mixed); err == nil {
		t.Error("a range among averages was drawn")
	}
}

// BenchmarkRender draws the /compare go rails node chart and reports the
// 99th and 50th percentile of one render (PNG bytes included):
//
//	go test ./bot/internal/chartpng -run XXX -bench Render -benchtime 2000x -cpu 1,2
func BenchmarkRender(b *testing.B) {
	c := compareJA()
	var times []time.Duration
	for b.Loop() {
		start := time.Now()
		if _, err := chartpng.Render(c); err != nil {
			b.Fatal(err)
		}
		times = append(times, time.Since(start))
	}
	slices.Sort(times)
	if len(times) > 0 {
		b.ReportMetric(float64(times[len(times)*99/100].Microseconds())/1000, "p99-ms")
		b.ReportMetric(float64(times[len(times)/2].Microseconds())/1000, "p50-ms")
	}
}
