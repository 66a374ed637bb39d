// Package chartpng draws a handlers.Chart as a PNG image with the 2D
// rasterizer git.sr.ht/~sbinet/gg, for platforms without native charts (Discord, files
// written by careerbot chart). Text is set in an embedded subset of M PLUS 2
// (SIL OFL 1.1, font/OFL.txt; font/mksubset.sh says how the subset was
// made), so Japanese labels render as Japanese on any machine; a character
// the subset lacks is drawn as "?" rather than as an empty box.
package chartpng

import (
	"bytes"
	_ "embed"
	"errors"
	"fmt"
	"image"
	"image/color"
	stddraw "image/draw"
	"image/png"
	"math"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"git.sr.ht/~sbinet/gg"
	"golang.org/x/image/font"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"

	"careerbot/handlers"
)

// Size of every image, in pixels: wide enough for five age bands with
// their figures, small enough to stay well under MaxBytes.
const (
	Width    = 800
	Height   = 450
	dpi      = 96
	MaxBytes = 100 * 1024 // Discord shows larger images too, but slowly on phones
)

// Name is the attachment's file name: Discord embeds refer to it as
// attachment://chart.png.
const Name = "chart.png"

//go:embed font/mplus2-subset.otf
var fontData []byte

// Okabe–Ito colours, which readers with the common colour-vision
// deficiencies can tell apart (Okabe & Ito, "Color Universal Design").
var (
	blue       = color.RGBA{0x00, 0x72, 0xB2, 0xFF}
	skyBlue    = color.RGBA{0x56, 0xB4, 0xE9, 0xFF}
	vermillion = color.RGBA{0xD5, 0x5E, 0x00, 0xFF}
	ink        = color.RGBA{0x22, 0x22, 0x22, 0xFF}
)

var (
	loadOnce sync.Once
	face     *opentype.Font
	loadErr  error
)

// load parses the embedded font once, at the first chart: a bot that never
// draws one never holds it.
func load() (*opentype.Font, error) {
	loadOnce.Do(func() {
		face, loadErr = opentype.Parse(fontData)
		if loadErr != nil {
			loadErr = fmt.Errorf("chartpng: the embedded font does not parse: %w", loadErr)
		}
	})
	return face, loadErr
}

// covered replaces what the font cannot draw with "?", and control
// characters with spaces, so no label comes out as empty boxes.
func covered(s string) string {
	f, err := load()
	if err != nil {
		return s
	}
	var buf sfnt.Buffer
	return strings.Map(func(r rune) rune {
		switch {
		case r < ' ' || r == 0x7F:
			return ' '
		case r == ' ':
			return r
		}
		if i, err := f.GlyphIndex(&buf, r); err != nil || i == 0 {
			return '?'
		}
		return r
	}, s)
}

// cut shortens s to n runes on one line, marking the cut with "…".
func cut(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return strings.TrimSpace(string(r[:n-1])) + "…"
}

// Render draws c as a PNG of Width×Height pixels: bars (or a line through
// age bands) from zero, ranges as floating bars from low to high, each
// point's figure written as the table words it, the unit on the y axis,
// and the kind and short source under the chart.
func Render(c handlers.Chart) ([]byte, error) {
	if err := c.Validate(); err != nil {
		return nil, fmt.Errorf("chartpng: %w", err)
	}
	f, err := load()
	if err != nil {
		return nil, err
	}
	img := canvases.Get().(*image.RGBA)
	defer canvases.Put(img)
	if err := drawChart(img, c, f); err != nil {
		return nil, err
	}
	return encode(img)
}

// Text sizes in points, at dpi.
const (
	titlePt = 15
	labelPt = 11
	smallPt = 10
)

// Where the plot area sits, in pixels from the top left.
const (
	plotTop    = 48
	plotBottom = 394
	plotRight  = Width - 24
	unitX      = 14 // centre of the rotated unit label
	margin     = 10
)

var (
	white = color.RGBA{0xFF, 0xFF, 0xFF, 0xFF}
	grid  = color.RGBA{0xDD, 0xDD, 0xDD, 0xFF}
)

// drawChart draws c on img, first filled white. Faces are made per
// render: an opentype face keeps glyph buffers and is not safe to share.
func drawChart(img *image.RGBA, c handlers.Chart, f *opentype.Font) error {
	faces := make(map[float64]font.Face, 3)
	for _, pt := range []float64{titlePt, labelPt, smallPt} {
		face, err := opentype.NewFace(f, &opentype.FaceOptions{Size: pt, DPI: dpi, Hinting: font.HintingNone})
		if err != nil {
			return fmt.Errorf("chartpng: the embedded font at %gpt: %w", pt, err)
		}
		faces[pt] = face
	}
	stddraw.Draw(img, img.Bounds(), image.NewUniform(white), image.Point{}, stddraw.Src)
	dc := gg.NewContextForRGBA(img)
	dc.SetLineCapButt()
	inkSrc := image.NewUniform(ink)
	// text writes s with its box's point (ax, ay) at x, y (0, 0 the left
	// baseline; 1 the right, one line height lower). Straight text goes
	// through font.Drawer: gg resamples every glyph, which took most of a
	// render, and only the rotated unit label needs that.
	text := func(pt float64, s string, x, y, ax, ay float64) {
		face := faces[pt]
		w := float64(font.MeasureString(face, s)) / 64
		h := float64(face.Metrics().Height) / 64
		d := font.Drawer{Dst: img, Src: inkSrc, Face: face,
			Dot: fixed.Point26_6{X: fixed.Int26_6((x - ax*w) * 64), Y: fixed.Int26_6((y + ay*h) * 64)}}
		d.DrawString(s)
	}
	rotated := func(pt float64, s string, x, y float64) {
		dc.Push()
		dc.RotateAbout(-math.Pi/2, x, y)
		dc.SetFontFace(faces[pt])
		dc.SetColor(ink)
		dc.DrawStringAnchored(s, x, y, 0.5, 0.35)
		dc.Pop()
	}
	width := func(pt float64, s string) float64 {
		return float64(font.MeasureString(faces[pt], s)) / 64
	}
	fit := func(pt float64, s string, w float64) string {
		return fitWidth(s, w, func(s string) float64 { return width(pt, s) })
	}

	// The scale and its ticks decide the left margin.
	top := c.Max() * 1.18 // room for the figures above the bars
	ticks := niceTicks(top)
	tickW := 0.0
	for _, t := range ticks {
		tickW = max(tickW, width(smallPt, tickText(t)))
	}
	left := float64(unitX) + 12 + tickW + 8
	y := func(v float64) float64 { return plotBottom - v/top*(plotBottom-plotTop) }

	text(titlePt, fit(titlePt, covered(cut(c.Title, 50)), Width-2*margin), Width/2, 8, 0.5, 1)
	rotated(labelPt, fit(labelPt, covered(cut(c.Axis, 40)), plotBottom-plotTop), unitX, (plotTop+plotBottom)/2)
	text(labelPt, fit(labelPt, covered(cut(c.Legend(), 90)), Width-2*margin), Width/2, plotBottom+27, 0.5, 1)

	dc.SetLineWidth(1)
	for _, t := range ticks {
		ty := math.Round(y(t)) + 0.5
		if t > 0 {
			dc.SetColor(grid)
			dc.DrawLine(left, ty, plotRight, ty)
			dc.Stroke()
		}
		dc.SetColor(ink)
		dc.DrawLine(left-4, ty, left, ty)
		dc.Stroke()
		text(smallPt, tickText(t), left-7, ty, 1, 0.35)
	}

	n := len(c.Points)
	slot := (plotRight - left) / float64(n)
	x := func(i int) float64 { return left + (float64(i)+0.5)*slot }
	barW := min(float64(Width)*0.6/float64(n+1), slot*0.8)
	tops := make([]float64, n)
	for i, pt := range c.Points {
		tops[i] = pt.Value
		if pt.IsRange() {
			tops[i] = pt.High
		}
	}
	switch {
	case c.ValueKind.IsBand():
		for i, pt := range c.Points {
			dc.DrawRectangle(x(i)-barW/2, y(pt.High), barW, y(pt.Low)-y(pt.High))
			dc.SetColor(skyBlue)
			dc.FillPreserve()
			dc.SetColor(blue)
			dc.SetLineWidth(2) // 1.5 pt
			dc.Stroke()
		}
	case c.Kind == handlers.ChartLine:
		dc.SetColor(vermillion)
		dc.SetLineWidth(3.3) // 2.5 pt
		dc.SetLineJoinRound()
		for i, v := range tops {
			dc.LineTo(x(i), y(v))
		}
		dc.Stroke()
		for i, v := range tops {
			dc.DrawCircle(x(i), y(v), 5.3) // 4 pt
			dc.Fill()
		}
	default:
		dc.SetColor(blue)
		for i, v := range tops {
			dc.DrawRectangle(x(i)-barW/2, y(v), barW, y(0)-y(v))
			dc.Fill()
		}
	}
	// The axes go over the bars' feet, the figures and names last.
	dc.SetColor(ink)
	dc.SetLineWidth(1)
	dc.DrawLine(left+0.5, plotTop, left+0.5, plotBottom+0.5)
	dc.DrawLine(left, plotBottom+0.5, plotRight, plotBottom+0.5)
	dc.Stroke()
	above := 9.0
	if c.Kind == handlers.ChartLine && !c.ValueKind.IsBand() {
		above = 15 // clear of the point's marker
	}
	for i, pt := range c.Points {
		if figure := figureText(covered(cut(pt.Text, 24)), slot-1, func(s string) float64 { return width(smallPt, s) }); figure != "" {
			text(smallPt, figure, x(i), y(tops[i])-above, 0.5, 0)
		}
		text(labelPt, fit(labelPt, covered(cut(pt.Label, 16)), slot-4), x(i), plotBottom+6, 0.5, 1)
	}
	return nil
}

// fitWidth shortens s, marking the cut with "…", until measure says it
// is at most w pixels wide.
func fitWidth(s string, w float64, measure func(string) float64) string {
	if measure(s) <= w {
		return s
	}
	r := []rune(s)
	for n := len(r) - 1; n > 0; n-- {
		if t := strings.TrimSpace(string(r[:n])) + "…"; measure(t) <= w {
			return t
		}
	}
	return ""
}

// figureText is a point's figure as it fits in w pixels: whole, or its
// number without the unit (the axis names it), or nothing. A figure is
// never cut: "40…" would read as forty.
func figureText(s string, w float64, measure func(string) float64) string {
	if measure(s) <= w {
		return s
	}
	end, seen := 0, false
	for i, r := range s {
		digit := r >= '0' && r <= '9'
		if !digit && seen && !strings.ContainsRune(",.〜~-", r) {
			break
		}
		seen = seen || digit
		end = i + utf8.RuneLen(r)
	}
	if n := strings.TrimRight(s[:end], ",.〜~-"); seen && measure(n) <= w {
		return n
	}
	return ""
}

// niceTicks are the values from 0 to at most top, a step of 1, 2, 2.5 or
// 5 times a power of ten apart, about five of them.
func niceTicks(top float64) []float64 {
	raw := top / 5
	mag := math.Pow(10, math.Floor(math.Log10(raw)))
	step := 10 * mag
	for _, m := range []float64{1, 2, 2.5, 5} {
		if m*mag >= raw {
			step = m * mag
			break
		}
	}
	var ticks []float64
	for i := 0; ; i++ {
		t := float64(i) * step
		if t > top*(1+1e-9) {
			return ticks
		}
		ticks = append(ticks, t)
	}
}

// tickText writes a tick's value with thousands separators, with one
// decimal only when the step needs it.
func tickText(v float64) string {
	if v != math.Trunc(v) {
		return strconv.FormatFloat(v, 'f', 1, 64)
	}
	s := strconv.FormatFloat(v, 'f', 0, 64)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

var errTooBig = errors.New("chartpng: the image is larger than 100 KB")

// canvases, indexed and pngBuffers keep the big allocations of one
// render for the next: the image alone is 1.4 MB, and allocating it each
// time is what makes the slow renders slow (garbage collection).
var (
	canvases   = sync.Pool{New: func() any { return image.NewRGBA(image.Rect(0, 0, Width, Height)) }}
	indexed    = sync.Pool{New: func() any { return image.NewPaletted(image.Rect(0, 0, Width, Height), nil) }}
	pngBuffers = &bufferPool{}
)

type bufferPool struct{ p sync.Pool }

func (b *bufferPool) Get() *png.EncoderBuffer {
	e, _ := b.p.Get().(*png.EncoderBuffer)
	return e
}
func (b *bufferPool) Put(e *png.EncoderBuffer) { b.p.Put(e) }

func encode(img *image.RGBA) ([]byte, error) {
	// An indexed image is a third of the bytes to compress and needs no
	// row filters, which took half of a render as RGB.
	pal := indexed.Get().(*image.Paletted)
	defer indexed.Put(pal)
	var out image.Image = img
	if toPaletted(pal, img) {
		out = pal
	}
	var buf bytes.Buffer
	buf.Grow(48 << 10)
	enc := png.Encoder{CompressionLevel: png.BestSpeed, BufferPool: pngBuffers}
	if err := enc.Encode(&buf, out); err != nil {
		return nil, fmt.Errorf("chartpng: encoding: %w", err)
	}
	if buf.Len() > MaxBytes {
		// Best compression takes longer, but keeps the image.
		buf.Reset()
		enc.CompressionLevel = png.BestCompression
		if err := enc.Encode(&buf, out); err != nil {
			return nil, fmt.Errorf("chartpng: encoding: %w", err)
		}
		if buf.Len() > MaxBytes {
			return nil, errTooBig
		}
	}
	return buf.Bytes(), nil
}
