package slackbot

import (
	"strings"

	"github.com/slack-go/slack"

	"careerbot/handlers"
)

// PlainText renders r as a slash command's answer is rendered (with the
// Share, More and suggestion buttons, within the ack budget) and returns what the
// message shows, block by block, one text a line, with mrkdwn's entities
// decoded. It flattens the real rendering, so tests that compare the
// surfaces (bot/surfaces) see what a Slack user sees.
func PlainText(r handlers.Reply) string {
	return flatten(render(r, renderOptions{Share: true, More: true, Try: true, MaxBytes: ackBudget}))
}

var unescape = strings.NewReplacer("&lt;", "<", "&gt;", ">", "&amp;", "&", "\u2060", "")

// flatten lists every text of msg's blocks in order, one a line (a text
// may hold line breaks of its own), decoded.
func flatten(msg message) string {
	var b strings.Builder
	eachText(msg, func(t string) {
		b.WriteString(unescape.Replace(t))
		b.WriteByte('\n')
	})
	return b.String()
}

// eachText calls f with every text of msg's blocks in order, as sent:
// headers, sections (text and fields), context elements and buttons
// (label and value).
func eachText(msg message, f func(string)) {
	text := func(t *slack.TextBlockObject) {
		if t != nil {
			f(t.Text)
		}
	}
	for _, bl := range msg.Blocks {
		switch bl := bl.(type) {
		case *slack.HeaderBlock:
			text(bl.Text)
		case *slack.SectionBlock:
			text(bl.Text)
			for _, t := range bl.Fields {
				text(t)
			}
		case *slack.ContextBlock:
			for _, e := range bl.ContextElements.Elements {
				if t, ok := e.(*slack.TextBlockObject); ok {
					text(t)
				}
			}
		case *slack.TableBlock:
			for _, line := range tableText(bl) {
				f(line)
			}
		case *slack.DataVisualizationBlock:
			f(bl.Title)
			if ax, ok := chartAxis(bl); ok {
				f(ax.YLabel)
				f(strings.Join(ax.Categories, " · "))
			}
		case *slack.ActionBlock:
			for _, e := range bl.Elements.ElementSet {
				if btn, ok := e.(*slack.ButtonBlockElement); ok {
					text(btn.Text)
					f(btn.Value)
				}
			}
		}
	}
}
