package discordbot

import (
	"strings"

	"github.com/bwmarrin/discordgo"

	"careerbot/handlers"
)

// PlainText renders r as a slash command's answer is rendered (with Share,
// More and suggestion buttons) and returns what the message shows: the content, then
// each embed's title, description, fields (name and value) and footer, and
// the buttons, one text a line, with markdown escapes and mention breakers
// removed. It flattens the real rendering, so tests that compare the
// surfaces (bot/surfaces) see what a Discord user sees.
func PlainText(r handlers.Reply) string {
	id := func(v string) string { return v }
	return flatten(render(r, renderOpts{shareID: id, moreID: id, tryID: id}))
}

// flatten lists every text of m in order, decoded (see PlainText).
func flatten(m message) string {
	var b strings.Builder
	eachText(m, func(s string) {
		b.WriteString(unmarkdown(s))
		b.WriteByte('\n')
	})
	return b.String()
}

// eachText calls f with every text of m as sent, in reading order.
func eachText(m message, f func(string)) {
	f(m.Content)
	for _, e := range m.Embeds {
		f(e.Title)
		f(e.Description)
		for _, fl := range e.Fields {
			f(fl.Name)
			f(fl.Value)
		}
		if e.Footer != nil {
			f(e.Footer.Text)
		}
	}
	for _, c := range m.Components {
		if row, ok := c.(discordgo.ActionsRow); ok {
			for _, bc := range row.Components {
				if btn, ok := bc.(discordgo.Button); ok {
					f(btn.Label)
					f(btn.CustomID)
				}
			}
		}
	}
}

// unmarkdown undoes markdown and defuse: a backslash escape shows as the
// character it escapes, and zero-width spaces show as nothing.
func unmarkdown(s string) string {
	if !strings.ContainsAny(s, "\\\u200b") {
		return s
	}
	var b strings.Builder
	escaped := false
	for _, r := range s {
		switch {
		case escaped:
			escaped = false
		case r == '\\':
			escaped = true
			continue
		case r == '\u200b':
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}
