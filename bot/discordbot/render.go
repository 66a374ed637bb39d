package discordbot

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"

	"careerbot/handlers"
	"careerbot/knowledge"
)

// Discord's message limits. Lengths are counted in UTF-16 code units (see
// ulen), which is never less than Discord's own count, so a text within
// these numbers is within Discord's.
const (
	limitTitle      = 256
	limitDesc       = 4096
	limitFields     = 25
	limitFieldName  = 256
	limitFieldValue = 1024
	limitFooter     = 2048
	limitEmbedTotal = 6000
	limitEmbeds     = 10
	limitContent    = 2000
	limitLabel      = 80
	limitCustomID   = 100

	// footerBudget caps the sources line so that it cannot starve the answer.
	footerBudget = 1024
)

// Embed colours by status.
const (
	colorOK    = 0x5865F2
	colorWarn  = 0xFEE75C
	colorError = 0xED4245
)

// message is a rendered reply: what goes into an interaction response, a
// follow-up or a channel message.
type message struct {
	Content    string
	Embeds     []*discordgo.MessageEmbed
	Components []discordgo.MessageComponent
	Ephemeral  bool
}

// renderOpts are the impure inputs of render, passed in so render stays a
// pure function.
type renderOpts struct {
	// shareID maps a share action's value to a button custom_id (at most
	// 100 characters); nil means no buttons (channel posts).
	shareID func(value string) string
	// footerTag is appended to the footer, e.g. the digest marker.
	footerTag string
	// locale is used when the reply has none.
	locale knowledge.Locale
}

// noMentions is allowed_mentions with nothing allowed: whatever the text
// says, nobody is notified. An empty, non-nil Parse marshals as [] (nil
// would marshal as null).
func noMentions() *discordgo.MessageAllowedMentions {
	return &discordgo.MessageAllowedMentions{Parse: []discordgo.AllowedMentionType{}}
}

// render turns a neutral reply into a Discord message within every limit:
// long text is split across embeds and, past Discord's 6000-character
// total, trimmed with a note in the content saying how much was left out.
func render(r handlers.Reply, opts renderOpts) message {
	l := r.Locale
	if l == "" {
		l = opts.locale
	}
	if lp, ok := knowledge.ParseLocale(string(l)); ok {
		l = lp
	} else {
		l = knowledge.JA
	}

	title := truncate(plain(oneLine(truncate(r.Title, limitTitle+1))), limitTitle)
	footer := buildFooter(r.Sources, opts.footerTag, l)
	budget := limitEmbedTotal - ulen(title) - ulen(footer)

	// The "try these" field is small and most useful when an answer is not
	// found, so it is reserved before the rest competes for space.
	var tail []*discordgo.MessageEmbedField
	if f := suggestionsField(r.Suggestions, l); f != nil {
		tail = append(tail, f)
		budget -= ulen(f.Name) + ulen(f.Value)
	}

	fields := replyFields(r)
	fieldsNeed := 0
	for _, f := range fields {
		fieldsNeed += ulen(f.Name) + ulen(f.Value)
	}
	// Text past the 6000 total can never be shown: cut it before escaping
	// so that rendering costs what the message holds, not what came in.
	var paras []string
	precut := 0
	for _, p := range r.Paragraphs {
		if p = strings.TrimSpace(p); p != "" {
			if n := ulen(p); n > limitEmbedTotal {
				precut += n - limitEmbedTotal
				p = truncate(p, limitEmbedTotal)
			}
			paras = append(paras, markdown(p))
		}
	}
	desc := strings.Join(paras, "\n\n")
	descNeed := ulen(desc)

	// Share what is left between the text and the fields: each gets what
	// it needs if both fit, otherwise the text keeps at least half.
	descBudget := descNeed
	if descNeed+fieldsNeed > budget {
		descBudget = min(descNeed, max(budget/2, budget-fieldsNeed))
	}
	omittedChars := precut
	if descNeed > descBudget {
		cut := truncate(desc, descBudget)
		omittedChars += descNeed - ulen(cut) + 1
		desc = cut
	}
	budget -= ulen(desc)

	color := colorOK
	switch r.Status {
	case handlers.StatusOK:
	case handlers.StatusNotFound, handlers.StatusInvalid:
		color = colorWarn
	default:
		color = colorError
	}

	// Lay out: the first embed has the title; long text continues in more
	// embeds; fields fill the last text embed and then embeds of their own.
	var embeds []*discordgo.MessageEmbed
	for i, chunk := range splitText(desc, limitDesc) {
		e := &discordgo.MessageEmbed{Type: discordgo.EmbedTypeRich, Color: color, Description: chunk}
		if i == 0 {
			e.Title = title
		}
		embeds = append(embeds, e)
	}
	if len(embeds) == 0 {
		embeds = append(embeds, &discordgo.MessageEmbed{Type: discordgo.EmbedTypeRich, Color: color, Title: title})
	}
	all := append(fields, tail...)
	omittedFields := 0
	for i, f := range all {
		isTail := i >= len(fields)
		cost := ulen(f.Name) + ulen(f.Value)
		if !isTail {
			if cost > budget {
				// Try a shortened value before giving the field up.
				room := budget - ulen(f.Name)
				if room < 20 {
					omittedFields++
					continue
				}
				f.Value = truncate(f.Value, room)
				cost = ulen(f.Name) + ulen(f.Value)
			}
			budget -= cost
		}
		last := embeds[len(embeds)-1]
		if len(last.Fields) >= limitFields {
			if len(embeds) >= limitEmbeds {
				omittedFields++
				if !isTail {
					budget += cost
				}
				continue
			}
			last = &discordgo.MessageEmbed{Type: discordgo.EmbedTypeRich, Color: color}
			embeds = append(embeds, last)
		}
		last.Fields = append(last.Fields, f)
	}
	if footer != "" {
		embeds[len(embeds)-1].Footer = &discordgo.MessageEmbedFooter{Text: footer}
	}
	if e := embeds[0]; len(embeds) == 1 && e.Title == "" && e.Description == "" && len(e.Fields) == 0 && e.Footer == nil {
		e.Description = "\u2014"
	}

	var content []string
	if r.SharedBy != "" {
		content = append(content, markdown(sharedLine(r.SharedBy, l)))
	}
	if omittedChars > 0 || omittedFields > 0 {
		content = append(content, shortenedNote(omittedFields, omittedChars, l))
	}
	msg := message{
		Content:   truncate(strings.Join(content, "\n"), limitContent),
		Embeds:    embeds,
		Ephemeral: r.Visibility == handlers.Private,
	}
	if opts.shareID != nil {
		var buttons []discordgo.MessageComponent
		for _, a := range r.Actions {
			if a.Kind != handlers.ActionShare || len(buttons) == 5 {
				continue
			}
			label := truncate(oneLine(a.Label), limitLabel)
			if label == "" {
				label = tr(l, "Share", "共有")
			}
			buttons = append(buttons, discordgo.Button{Label: label, Style: discordgo.SecondaryButton, CustomID: opts.shareID(a.Value)})
		}
		if len(buttons) > 0 {
			msg.Components = []discordgo.MessageComponent{discordgo.ActionsRow{Components: buttons}}
		}
	}
	return msg
}

// replyFields renders labelled fields and table rows as embed fields, each
// within the per-field limits.
func replyFields(r handlers.Reply) []*discordgo.MessageEmbedField {
	var out []*discordgo.MessageEmbedField
	add := func(name, value string, inline bool) {
		name = truncate(plain(oneLine(truncate(name, limitFieldName))), limitFieldName)
		value = truncate(markdown(truncate(strings.TrimSpace(value), limitFieldValue)), limitFieldValue)
		if name == "" {
			name = "\u200b" // Discord rejects empty field names and values
		}
		if value == "" {
			value = "\u200b"
		}
		out = append(out, &discordgo.MessageEmbedField{Name: name, Value: value, Inline: inline})
	}
	for _, f := range r.Fields {
		add(f.Label, f.Value, f.Inline)
	}
	if t := r.Table; t != nil {
		// A table becomes one field per row: the first cell names it, the
		// others are labelled with their column. Code-block tables break on
		// phones and with double-width Japanese text.
		for _, row := range t.Rows {
			if len(row) == 0 {
				continue
			}
			if len(row) == 1 {
				name := ""
				if len(t.Columns) > 0 {
					name = t.Columns[0]
				}
				add(name, row[0], false)
				continue
			}
			if len(row) == 2 {
				add(row[0], row[1], true)
				continue
			}
			var lines []string
			for i, cell := range row[1:] {
				col := ""
				if i+1 < len(t.Columns) {
					col = t.Columns[i+1]
				}
				if col != "" {
					lines = append(lines, oneLine(col)+": "+oneLine(cell))
				} else {
					lines = append(lines, oneLine(cell))
				}
			}
			add(row[0], strings.Join(lines, "\n"), len(row) <= 4)
		}
	}
	return out
}

func suggestionsField(s []handlers.Suggestion, l knowledge.Locale) *discordgo.MessageEmbedField {
	if len(s) == 0 {
		return nil
	}
	var lines []string
	n := 0
	for _, sg := range s {
		cmd := defuse(strings.ReplaceAll(oneLine(sg.Command), "`", ""))
		label := oneLine(sg.Label)
		var line string
		switch {
		case cmd == "":
			line = "• " + markdown(label)
		case label == "" || label == cmd:
			line = "• `" + cmd + "`"
		default:
			line = "• " + markdown(label) + " — `" + cmd + "`"
		}
		if ulen(line) > 200 {
			line = truncate(markdown(label), 200)
		}
		if n+ulen(line)+1 > limitFieldValue {
			break
		}
		lines = append(lines, line)
		n += ulen(line) + 1
	}
	if len(lines) == 0 {
		return nil
	}
	return &discordgo.MessageEmbedField{Name: tr(l, "Try", "こちらもどうぞ"), Value: strings.Join(lines, "\n")}
}

// buildFooter lists the sources ("Sources: A (2024) · B"), then the tag.
// The tag (the digest marker) is always kept whole.
func buildFooter(src []handlers.Citation, tag string, l knowledge.Locale) string {
	tag = truncate(plain(oneLine(tag)), footerBudget/2)
	room := footerBudget
	if tag != "" {
		room -= ulen(tag) + 3
	}
	var parts []string
	used := ulen(tr(l, "Sources: ", "出典: "))
	for i, c := range src {
		s := plain(oneLine(truncate(c.Name, 300)))
		if s == "" {
			continue
		}
		if c.Year > 0 {
			s += " (" + strconv.Itoa(c.Year) + ")"
		}
		if n := plain(oneLine(truncate(c.Note, 300))); n != "" {
			s += " — " + n
		}
		s = truncate(s, 300)
		more := ""
		if rest := len(src) - i - 1; rest > 0 {
			more = fmt.Sprintf(" · +%d", rest)
		}
		if used+ulen(s)+3+ulen(more) > room {
			parts = append(parts, fmt.Sprintf("+%d", len(src)-i))
			break
		}
		parts = append(parts, s)
		used += ulen(s) + 3
	}
	var out string
	if len(parts) > 0 {
		out = tr(l, "Sources: ", "出典: ") + strings.Join(parts, " · ")
	}
	if tag != "" {
		if out != "" {
			out += " · "
		}
		out += tag
	}
	return truncate(out, limitFooter)
}

func sharedLine(name string, l knowledge.Locale) string {
	name = truncate(oneLine(name), 80)
	if l == knowledge.EN {
		return "Shared by " + name
	}
	return name + " さんが共有しました"
}

func shortenedNote(fields, chars int, l knowledge.Locale) string {
	if l == knowledge.EN {
		var what []string
		if fields > 0 {
			what = append(what, fmt.Sprintf("%d more items", fields))
		}
		if chars > 0 {
			what = append(what, fmt.Sprintf("%d more characters", chars))
		}
		return "… Shortened to fit Discord (" + strings.Join(what, " and ") + " not shown). Ask a narrower question to see the rest."
	}
	var what []string
	if fields > 0 {
		what = append(what, fmt.Sprintf("あと%d項目", fields))
	}
	if chars > 0 {
		what = append(what, fmt.Sprintf("あと%d文字", chars))
	}
	return "… Discordの上限に合わせて短くしました（" + strings.Join(what, "・") + "を省略）。続きは質問を絞ってお試しください。"
}

func tr(l knowledge.Locale, en, ja string) string {
	if l == knowledge.EN {
		return en
	}
	return ja
}

// ulen is a text's length in UTF-16 code units: what Discord's clients
// count, and never less than a count in code points.
func ulen(s string) int {
	n := 0
	for _, r := range s {
		if r >= 0x10000 {
			n += 2
		} else {
			n++
		}
	}
	return n
}

// truncate cuts s to at most max UTF-16 units, ending in "…" when cut.
func truncate(s string, max int) string {
	if ulen(s) <= max {
		return s
	}
	if max <= 0 {
		return ""
	}
	var b strings.Builder
	n := 0
	for _, r := range s {
		w := 1
		if r >= 0x10000 {
			w = 2
		}
		if n+w > max-1 {
			break
		}
		b.WriteRune(r)
		n += w
	}
	return strings.TrimRight(b.String(), " \n") + "…"
}

// splitText splits s into chunks of at most max units, preferring
// paragraph, then line, then word boundaries.
func splitText(s string, max int) []string {
	var out []string
	for s != "" {
		if ulen(s) <= max {
			out = append(out, strings.TrimRight(s, " \n"))
			break
		}
		// Find the byte offset of the longest prefix within max.
		end, n := 0, 0
		for i, r := range s {
			w := 1
			if r >= 0x10000 {
				w = 2
			}
			if n+w > max {
				break
			}
			n += w
			end = i + utf8.RuneLen(r)
		}
		cut := end
		for _, sep := range []string{"\n\n", "\n", " "} {
			if i := strings.LastIndex(s[:end], sep); i > end/2 {
				cut = i
				break
			}
		}
		out = append(out, strings.TrimRight(s[:cut], " \n"))
		s = strings.TrimLeft(s[cut:], " \n")
	}
	return out
}

func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// plain makes text safe where Discord shows it without markdown (titles,
// field names, footers): only mentions are neutralised.
func plain(s string) string {
	return defuse(s)
}

// defuse breaks every mention syntax with a zero-width space so that the
// text neither notifies (allowed_mentions already forbids that) nor renders
// as a mention: @everyone, @here, <@user>, <@&role>, <#channel>.
func defuse(s string) string {
	if !strings.ContainsAny(s, "@<") {
		return s
	}
	s = strings.ReplaceAll(s, "@everyone", "@\u200beveryone")
	s = strings.ReplaceAll(s, "@here", "@\u200bhere")
	s = strings.ReplaceAll(s, "<@", "<\u200b@")
	s = strings.ReplaceAll(s, "<#", "<\u200b#")
	return s
}

// markdown makes plain text safe where Discord renders markdown
// (descriptions, field values, content): markdown characters are escaped so
// that user text cannot format, mask links or hide text, and mentions are
// defused.
func markdown(s string) string {
	var b strings.Builder
	lineStart := true
	for _, r := range s {
		switch r {
		case '\\', '*', '_', '~', '`', '|', '[', ']':
			b.WriteByte('\\')
		case '#', '>', '-':
			if lineStart {
				b.WriteByte('\\')
			}
		}
		b.WriteRune(r)
		lineStart = r == '\n' || (lineStart && r == ' ')
	}
	return defuse(b.String())
}
