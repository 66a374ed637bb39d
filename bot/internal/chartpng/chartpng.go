// Package chartpng draws a handlers.Chart as a PNG image with
// gonum.org/v1/plot, for platforms without native charts (Discord, files
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
	"image/png"
	"strings"
	"sync"

	"git.sr.ht/~sbinet/gg"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/font/sfnt"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"

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

// typeface names the embedded font in plot's font cache.
const typeface = "careerbot-mplus2"

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
	fonts    *font.Cache
	face     *opentype.Font
	loadErr  error
)

func load() (*font.Cache, *opentype.Font, error) {
	loadOnce.Do(func() {
		face, loadErr = opentype.Parse(fontData)
		if loadErr != nil {
			loadErr = fmt.Errorf("chartpng: the embedded font does not parse: %w", loadErr)
			return
		}
		fonts = font.NewCache(font.Collection{{Font: font.Font{Typeface: typeface}, Face: face}})
	})
	return fonts, face, loadErr
}

// covered replaces what the font cannot draw with "?", and control
// characters with spaces, so no label comes out as empty boxes.
func covered(s string) string {
	_, f, err := load()
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
	p, err := build(c)
	if err != nil {
		return nil, err
	}
	return encode(p)
}

// build makes the plot of c, ready to draw.
func build(c handlers.Chart) (*plot.Plot, error) {
	if err := c.Validate(); err != nil {
		return nil, fmt.Errorf("chartpng: %w", err)
	}
	cache, _, err := load()
	if err != nil {
		return nil, err
	}
	p := plot.New()
	// The canvas starts white (encode); filling it again through the
	// rasterizer took a quarter of a render.
	p.BackgroundColor = nil
	hdlr := text.Plain{Fonts: cache}
	style := func(s *text.Style, size float64) {
		s.Font = font.Font{Typeface: typeface, Size: vg.Points(size)}
		s.Handler = hdlr
		s.Color = ink
	}
	style(&p.Title.TextStyle, 15)
	style(&p.X.Label.TextStyle, 11)
	style(&p.Y.Label.TextStyle, 11)
	style(&p.X.Tick.Label, 11)
	style(&p.Y.Tick.Label, 10)
	style(&p.Legend.TextStyle, 10)
	p.Title.Text = covered(cut(c.Title, 50))
	p.Title.Padding = vg.Points(8)
	p.Y.Label.Text = covered(cut(c.Axis, 40))
	p.X.Label.Text = covered(cut(c.Legend(), 90))
	p.Y.Min = 0
	p.Y.Max = c.Max() * 1.18 // room for the figures above the bars

	n := len(c.Points)
	names := make([]string, n)
	tops := make(plotter.XYs, n)
	texts := make([]string, n)
	for i, pt := range c.Points {
		names[i] = covered(cut(pt.Label, 16))
		top := pt.Value
		if pt.IsRange() {
			top = pt.High
		}
		tops[i] = plotter.XY{X: float64(i), Y: top}
		texts[i] = covered(cut(pt.Text, 24))
	}
	p.Add(plotter.NewGrid()) // first, so the bars are drawn over it
	width := vg.Length(Width) * 0.6 / vg.Length(n+1) * 72 / dpi
	switch {
	case c.ValueKind.IsBand():
		lows, spans := make(plotter.Values, n), make(plotter.Values, n)
		for i, pt := range c.Points {
			lows[i], spans[i] = pt.Low, pt.High-pt.Low
		}
		base, err := plotter.NewBarChart(lows, width)
		if err != nil {
			return nil, fmt.Errorf("chartpng: %w", err)
		}
		base.Color, base.LineStyle.Width = color.Transparent, 0
		span, err := plotter.NewBarChart(spans, width)
		if err != nil {
			return nil, fmt.Errorf("chartpng: %w", err)
		}
		span.StackOn(base)
		span.Color, span.LineStyle.Color, span.LineStyle.Width = skyBlue, blue, vg.Points(1.5)
		p.Add(base, span)
	case c.Kind == handlers.ChartLine:
		line, points, err := plotter.NewLinePoints(tops)
		if err != nil {
			return nil, fmt.Errorf("chartpng: %w", err)
		}
		line.Color, line.Width = vermillion, vg.Points(2.5)
		points.Color, points.Shape, points.Radius = vermillion, draw.CircleGlyph{}, vg.Points(4)
		p.Add(line, points)
	default:
		bars, err := plotter.NewBarChart(valuesOf(c.Points), width)
		if err != nil {
			return nil, fmt.Errorf("chartpng: %w", err)
		}
		bars.Color, bars.LineStyle.Width = blue, 0
		p.Add(bars)
	}
	labels, err := plotter.NewLabels(plotter.XYLabels{XYs: tops, Labels: texts})
	if err != nil {
		return nil, fmt.Errorf("chartpng: %w", err)
	}
	for i := range labels.TextStyle {
		style(&labels.TextStyle[i], 10)
		labels.TextStyle[i].XAlign = draw.XCenter
	}
	labels.Offset = vg.Point{Y: vg.Points(7)}
	if c.Kind == handlers.ChartLine && !c.ValueKind.IsBand() {
		labels.Offset.Y = vg.Points(11) // clear of the point's marker
	}
	p.Add(labels)
	p.NominalX(names...)
	p.X.Min, p.X.Max = -0.5, float64(n)-0.5
	return p, nil
}

func valuesOf(pts []handlers.ChartPoint) plotter.Values {
	v := make(plotter.Values, len(pts))
	for i, p := range pts {
		v[i] = p.Value
	}
	return v
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

func encode(p *plot.Plot) ([]byte, error) {
	img := canvases.Get().(*image.RGBA)
	defer canvases.Put(img)
	drawOn(img, p)
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

// drawOn draws p on img, first filled white.
func drawOn(img *image.RGBA, p *plot.Plot) {
	// UseImage would copy the image; a context on it draws in place.
	ctx := gg.NewContextForRGBA(img)
	ctx.SetLineCapButt()
	ctx.InvertY()
	cv := vgimg.NewWith(vgimg.UseImageWithContext(img, ctx), vgimg.UseDPI(dpi)) // and fills it white
	p.Draw(draw.New(cv))
}
