package discordbot

import (
	"bytes"
	"fmt"
	"io"
	"strings"

	"github.com/bwmarrin/discordgo"

	"careerbot/bot/internal/chartpng"
	"careerbot/bot/internal/chattext"
	"careerbot/handlers"
)

// maxChartImages bounds the images of one answer, as Slack bounds its
// charts: more would push the text out of view.
const maxChartImages = 2

// attachment is a file sent with a message: a chart image. Its bytes are
// part of the rendered message, so an answer cache that keeps rendered
// messages keeps the images too (one render per question).
type attachment struct {
	Name string
	Data []byte
}

// chartFileName is the name of the i-th chart image: chart.png, then
// chart-2.png; embeds refer to it as attachment://name.
func chartFileName(i int) string {
	if i == 0 {
		return chartpng.Name
	}
	return fmt.Sprintf("chart-%d.png", i+1)
}

// addCharts appends an embed per chart (at most maxChartImages) to msg,
// while Discord's embed count and 6000-character total allow: the title
// with the unit, the legend (kind, caveat, source) and every figure as the
// table words it, with the PNG as the embed's image. withImages false (a
// channel post that sends no files) keeps the text only. A chart that
// cannot be drawn keeps its text; its figures are in the table anyway.
func addCharts(msg *message, charts []handlers.Chart, withImages bool) {
	used := 0
	for _, e := range msg.Embeds {
		used += embedText(e)
	}
	for _, c := range charts {
		if len(msg.Files) >= maxChartImages || len(msg.Embeds) >= limitEmbeds || c.Validate() != nil {
			continue
		}
		e := chartEmbed(c)
		if used+embedText(e) > limitEmbedTotal {
			continue
		}
		if withImages {
			if png, err := chartpng.Render(c); err == nil {
				name := chartFileName(len(msg.Files))
				msg.Files = append(msg.Files, attachment{Name: name, Data: png})
				e.Image = &discordgo.MessageEmbedImage{URL: "attachment://" + name}
			}
		}
		used += embedText(e)
		msg.Embeds = append(msg.Embeds, e)
	}
}

func chartEmbed(c handlers.Chart) *discordgo.MessageEmbed {
	title := oneLine(c.Title)
	if c.Axis != "" {
		title += " (" + oneLine(c.Axis) + ")"
	}
	lines := []string{"*" + markdown(truncate(oneLine(c.Legend()), 500)) + "*"}
	for _, p := range c.Points {
		lines = append(lines, markdown(truncate(oneLine(p.Label), 100))+": "+markdown(truncate(oneLine(p.Text), 100)))
	}
	return &discordgo.MessageEmbed{
		Type:        discordgo.EmbedTypeRich,
		Color:       colorOK,
		Title:       chattext.Cut(markdown(truncate(title, limitTitle)), limitTitle),
		Description: chattext.Cut(strings.Join(lines, "\n"), limitDesc),
	}
}

// embedText is what an embed counts toward Discord's 6000 total.
func embedText(e *discordgo.MessageEmbed) int {
	n := ulen(e.Title) + ulen(e.Description)
	for _, f := range e.Fields {
		n += ulen(f.Name) + ulen(f.Value)
	}
	if e.Footer != nil {
		n += ulen(e.Footer.Text)
	}
	return n
}

// files turns a message's attachments into discordgo files, each with a
// reader of its own, and the attachments list the payload declares them in.
func files(as []attachment) ([]*discordgo.File, *[]*discordgo.MessageAttachment) {
	if len(as) == 0 {
		return nil, nil
	}
	fs := make([]*discordgo.File, len(as))
	list := make([]*discordgo.MessageAttachment, len(as))
	for i, a := range as {
		fs[i] = &discordgo.File{Name: a.Name, ContentType: "image/png", Reader: bytes.NewReader(a.Data)}
		list[i] = &discordgo.MessageAttachment{ID: fmt.Sprint(i), Filename: a.Name}
	}
	return fs, &list
}

// sendable returns resp ready to send once more: a response kept in the
// answer cache has file readers that an earlier send consumed, so each
// send gets fresh ones over the same bytes.
func sendable(resp *discordgo.InteractionResponse) *discordgo.InteractionResponse {
	if resp == nil || resp.Data == nil || len(resp.Data.Files) == 0 {
		return resp
	}
	r, d := *resp, *resp.Data
	d.Files = freshFiles(d.Files)
	r.Data = &d
	return &r
}

func freshFiles(fs []*discordgo.File) []*discordgo.File {
	out := make([]*discordgo.File, len(fs))
	for i, f := range fs {
		g := *f
		if ra, ok := f.Reader.(interface {
			io.ReaderAt
			Size() int64
		}); ok {
			g.Reader = io.NewSectionReader(ra, 0, ra.Size())
		}
		out[i] = &g
	}
	return out
}

// responseBody is the HTTP body answering an interaction: JSON, or
// multipart (payload_json and files[n]) when the answer carries images.
func responseBody(resp *discordgo.InteractionResponse) (contentType string, body []byte, err error) {
	resp = sendable(resp)
	if resp.Data != nil && len(resp.Data.Files) > 0 {
		return discordgo.MultipartBodyWithJSON(resp, resp.Data.Files)
	}
	body, err = encodeResponse(resp)
	return "application/json", body, err
}

func hasFiles(resp *discordgo.InteractionResponse) bool {
	return resp != nil && resp.Data != nil && len(resp.Data.Files) > 0
}

// ChartImage is the first chart image Discord would attach to r, byte for
// byte (careerbot chart writes it to a file); ok is false when r has no
// chart that can be drawn.
func ChartImage(r handlers.Reply) (png []byte, ok bool) {
	msg := render(r, renderOpts{})
	if len(msg.Files) == 0 {
		return nil, false
	}
	return msg.Files[0].Data, true
}
