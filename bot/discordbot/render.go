package discordbot

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/bwmarrin/discordgo"

	"careerbot/bot/internal/chattext"
	"careerbot/handlers"
	"careerbot/knowledge"
)

// Discord's message limits. Lengths are counted in UTF-16 code units (see
// chattext.Len), which is never less than Discord's own count, so a text
// within these numbers is within Discord's.
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

	// footerBudget caps the digest tag in the footer.
	footerBudget = 1024
	// maxSource caps one source in the footer, so that one long note
	// cannot crowd out the other sources.
	maxSource = 700

	platformName = "Discord"
)

// Embed colours by status.
const (
	colorOK    = 0x5865F2
	colorWarn  = 0xFEE75C
	colorError = 0xED4245
)

// The text mechanics are chattext's; these names are the ones the rest of
// the package (commands, interactions) was written with.
func ulen(s string) int                   { return chattext.Len(s) }
func truncate(s string, limit int) string { return chattext.Cut(s, limit) }
func oneLine(s string) string             { return chattext.OneLine(s) }

// message is a rendered reply: what goes into an interaction response, a
// follow-up or a channel message.
type message struct {
	Content    string
	Embeds     []*discordgo.MessageEmbed
	Components []discordgo.MessageComponent
	Ephemeral  bool
	// Files are the chart images the embeds show (chart.go).
	Files []attachment
}

// renderOpts are the impure inputs of render, passed in so render stays a
// pure function.
type renderOpts struct {
	// shareID maps a share action's value to a button custom_id (at most
	// 100 characters); nil means no Share buttons (channel posts).
	shareID func(value string) string
	// moreID does the same for a More action; nil means no More buttons
	// (set it where a press of one is answered).
	moreID func(value string) string
	// tryID does the same for a suggestion's command (handlers.ActionValue);
	// nil means the suggestions are text only.
	tryID func(value string) string
	// footerTag is appended to the footer, e.g. the digest marker.
	footerTag string
	// locale is used when the reply has none.
	locale knowledge.Locale
	// noImages keeps charts as text where no file is sent (channel posts).
	noImages bool
	// voteID maps a 👍 (up) or 👎 on reply to a button custom_id; nil, or
	// "", means no vote buttons (feedback.go).
	voteID func(up bool, reply handlers.Reply) string
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
// What gives way first: the paragraphs (down to half the room), then the
// fields and table rows; the notes (caveats) keep up to half the room, in
// short form if they must, and a field's note is cut after its value.
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

	title := chattext.Cut(plain(oneLine(chattext.Cut(r.Title, limitTitle+1))), limitTitle)
	footer, omittedChars := buildFooter(r.Sources, opts.footerTag, l)
	budget := limitEmbedTotal - ulen(title) - ulen(footer)
	omittedFields := 0

	// The "try these" field is small and most useful when an answer is not
	// found, so it is reserved before the rest competes for space; so are
	// the notes, which may take up to half of what is left.
	var tail []*discordgo.MessageEmbedField
	sugs := suggestionsField(r.Suggestions, l)
	if sugs != nil {
		budget -= ulen(sugs.Name) + ulen(sugs.Value)
	}
	notes, notesCut := notesFields(r.Notes, budget/2, l)
	omittedChars += notesCut
	for _, f := range notes {
		budget -= ulen(f.Name) + ulen(f.Value)
	}
	tail = append(notes, tail...)
	if sugs != nil {
		tail = append(tail, sugs)
	}

	fields, parts, fieldsCut := replyFields(r)
	omittedChars += fieldsCut
	fieldsNeed := 0
	for _, f := range fields {
		fieldsNeed += ulen(f.Name) + ulen(f.Value)
	}
	// Text past the 6000 total can never be shown: cut it before escaping
	// so that rendering costs what the message holds, not what came in.
	var paras []string
	for _, p := range r.Paragraphs {
		if p = strings.TrimSpace(p); p != "" {
			if n := ulen(p); n > limitEmbedTotal {
				omittedChars += n - limitEmbedTotal
				p = chattext.Cut(p, limitEmbedTotal)
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
		descBudget = max(0, min(descNeed, max(budget/2, budget-fieldsNeed)))
	}
	if descNeed > descBudget {
		cut := chattext.Cut(desc, descBudget)
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
	for i, chunk := range chattext.Split(desc, limitDesc) {
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
	for i, f := range all {
		isTail := i >= len(fields)
		cost := ulen(f.Name) + ulen(f.Value)
		if !isTail {
			if cost > budget {
				// Try a shortened value before giving the field up.
				// A figure is shown with its whole caveat or not at all:
				// short notes are a few words, cut they mislead.
				room := budget - ulen(f.Name)
				if room < 20+ulen(italic(parts[i].note)) {
					omittedFields++
					continue
				}
				// Cut the figure, not its caveat: Annotate gives way
				// on the value first.
				v, _ := chattext.Annotate(parts[i].value, parts[i].note, room, italic)
				omittedChars += ulen(f.Value) - ulen(v) + 1
				f.Value = v
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
	if s := handlers.StatusLabel(l, r.Status); s != "" && title == "" {
		content = append(content, markdown(s)) // the colour says it; without a title, words do
	}
	if r.SharedBy != "" {
		content = append(content, chattext.SharedBy(l, r.SharedBy, markdown))
	}
	if omittedChars > 0 || omittedFields > 0 {
		content = append(content, markdown(chattext.Shortened(l, platformName, omittedFields, omittedChars)))
	}
	msg := message{
		Content:   chattext.Cut(strings.Join(content, "\n"), limitContent),
		Embeds:    embeds,
		Ephemeral: r.Visibility == handlers.Private,
	}
	msg.Components = buttons(r.Actions, opts, l)
	votes := voteButtons(r, opts, l)
	msg.Components = append(msg.Components, tryButtons(r.Suggestions, opts, l, 5-len(msg.Components)-len(votes))...)
	msg.Components = append(msg.Components, votes...)
	addCharts(&msg, r.Charts, !opts.noImages)
	return msg
}

// buttons are the reply's Share and More actions, where the caller can
// answer their press (opts.shareID, opts.moreID), at most five.
func buttons(actions []handlers.Action, opts renderOpts, l knowledge.Locale) []discordgo.MessageComponent {
	var out []discordgo.MessageComponent
	for _, a := range actions {
		var id func(string) string
		var label string
		switch a.Kind {
		case handlers.ActionShare:
			id, label = opts.shareID, handlers.LabelShare
		case handlers.ActionMore:
			id, label = opts.moreID, handlers.LabelMore
		}
		if id == nil || len(out) == 5 {
			continue
		}
		text := chattext.Cut(oneLine(a.Label), limitLabel)
		if text == "" {
			text = handlers.Label(l, label)
		}
		out = append(out, discordgo.Button{Label: text, Style: discordgo.SecondaryButton, CustomID: id(a.Value)})
	}
	if len(out) == 0 {
		return nil
	}
	return []discordgo.MessageComponent{discordgo.ActionsRow{Components: out}}
}

// italic sets a note in italics; markdown has escaped any * inside it.
func italic(s string) string { return "*" + s + "*" }

// fieldText is a field's value and note as escaped, before they are fitted
// together, so that a later cut can still keep the note.
type fieldText struct{ value, note string }

// replyFields renders labelled fields and table rows as embed fields, each
// within the per-field limits; a field's note goes in its value, under the
// figure. It also returns each field's escaped value and note, and how
// many characters the limits cut.
func replyFields(r handlers.Reply) ([]*discordgo.MessageEmbedField, []fieldText, int) {
	var out []*discordgo.MessageEmbedField
	var parts []fieldText
	cutChars := 0
	add := func(name, value, note string, inline bool) {
		name = chattext.Cut(plain(oneLine(chattext.Cut(name, limitFieldName))), limitFieldName)
		// Cut the raw text first (markdown only lengthens it), then fit
		// value and note together, the value giving way first.
		v := markdown(chattext.Cut(strings.TrimSpace(value), 2*limitFieldValue))
		n := markdown(oneLine(chattext.Cut(note, 2*limitFieldValue)))
		whole, _ := chattext.Annotate(v, n, 1<<30, italic)
		value, _ = chattext.Annotate(v, n, limitFieldValue, italic)
		if value != whole || ulen(strings.TrimSpace(value)) > 2*limitFieldValue || ulen(note) > 2*limitFieldValue {
			cutChars += max(1, ulen(whole)-ulen(value))
		}
		if name == "" {
			name = "\u200b" // Discord rejects empty field names and values
		}
		if value == "" {
			value = "\u200b"
		}
		out = append(out, &discordgo.MessageEmbedField{Name: name, Value: value, Inline: inline})
		parts = append(parts, fieldText{v, n})
	}
	for _, f := range r.Fields {
		add(f.Label, f.Value, f.Note, f.Inline)
	}
	if t := r.Table; t != nil {
		// A table becomes one field per row: the first cell names it (so
		// the first column's heading goes without saying), the others are
		// labelled with their column. Code-block tables break on
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
				add(name, row[0], "", false)
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
			add(row[0], strings.Join(lines, "\n"), "", len(row) <= 4)
		}
	}
	return out, parts, cutChars
}

// noteLines prepares each note as one line of Discord markdown, once per note.
var noteLines = chattext.NewLines("", markdown)

// notesFields sets the reply's notes as fields named "Notes", one "• "
// line a note, within room units in all. When they do not fit, each note
// is cut to an equal share, so every caveat shows in short form. It also
// returns how many characters were cut.
func notesFields(notes []string, room int, l knowledge.Locale) ([]*discordgo.MessageEmbedField, int) {
	var ns []string
	var lens []int // ulen of each, while uncut
	need := 0
	for _, n := range notes {
		if l, ok := noteLines.Of(n); ok {
			ns, lens = append(ns, l.Text), append(lens, l.Units)
			need += l.Units + 3
		}
	}
	if len(ns) == 0 {
		return nil, 0
	}
	name := handlers.Label(l, handlers.LabelNotes)
	cut := 0
	// Each field repeats the name; allow for a field per note.
	if over := need + len(ns)*ulen(name); over > room {
		share := max(16, (room-len(ns)*(ulen(name)+3))/len(ns))
		for i, n := range ns {
			if c := chattext.Cut(n, share); c != n {
				cut += lens[i] - ulen(c) + 1
				ns[i], lens[i] = c, ulen(c)
			}
		}
	}
	var fields []*discordgo.MessageEmbedField
	cur, curLen := "", 0
	flush := func() {
		if cur != "" {
			fields = append(fields, &discordgo.MessageEmbedField{Name: name, Value: cur})
			cur, curLen = "", 0
		}
	}
	for i, n := range ns {
		chunks := []string{"• " + n} // a note that fits needs no splitting
		split := lens[i]+2 > limitFieldValue
		if split {
			chunks = chattext.Split(chunks[0], limitFieldValue)
		}
		for _, chunk := range chunks {
			l := lens[i] + 2
			if split {
				l = ulen(chunk)
			}
			if cur != "" && curLen+1+l > limitFieldValue {
				flush()
			}
			if cur == "" {
				cur, curLen = chunk, l
			} else {
				cur, curLen = cur+"\n"+chunk, curLen+1+l
			}
		}
	}
	flush()
	return fields, cut
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
			line = chattext.Cut(markdown(label), 200)
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
	return &discordgo.MessageEmbedField{Name: handlers.Label(l, handlers.LabelTry), Value: strings.Join(lines, "\n")}
}

// buildFooter lists the sources ("Sources: A (2024) · B"), then the tag.
// The tag (the digest marker) is always kept whole. It also returns how
// many characters of the sources did not fit.
func buildFooter(src []handlers.Citation, tag string, l knowledge.Locale) (string, int) {
	tag = chattext.Cut(plain(oneLine(tag)), footerBudget/2)
	room := limitFooter
	if tag != "" {
		room -= ulen(tag) + 3
	}
	head := handlers.Label(l, handlers.LabelSources) + ": "
	var parts []string
	used, cut := ulen(head), 0
	for i, c := range src {
		s := plain(oneLine(chattext.Cut(c.Name, 2*maxSource)))
		if s == "" {
			continue
		}
		if c.Year > 0 {
			s += " (" + strconv.Itoa(c.Year) + ")"
		}
		if n := plain(oneLine(chattext.Cut(c.Note, 2*maxSource))); n != "" {
			s += " — " + n
		}
		if short := chattext.Cut(s, maxSource); short != s {
			cut += ulen(s) - ulen(short) + 1
			s = short
		}
		more := ""
		if rest := len(src) - i - 1; rest > 0 {
			more = " · +" + strconv.Itoa(rest)
		}
		if used+ulen(s)+3+ulen(more) > room {
			parts = append(parts, fmt.Sprintf("+%d", len(src)-i))
			for _, c := range src[i:] {
				cut += ulen(c.Name) + ulen(c.Note)
			}
			break
		}
		parts = append(parts, s)
		used += ulen(s) + 3
	}
	var out string
	if len(parts) > 0 {
		out = head + strings.Join(parts, " · ")
	}
	if tag != "" {
		if out != "" {
			out += " · "
		}
		out += tag
	}
	return chattext.Cut(out, limitFooter), cut
}

func tr(l knowledge.Locale, en, ja string) string {
	if l == knowledge.EN {
		return en
	}
	return ja
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
	if !needsEscape(s) {
		return defuse(s)
	}
	var b strings.Builder
	b.Grow(len(s) + 16)
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

// needsEscape reports whether markdown would escape anything in s: one of
// \ * _ ~ ` | [ ], or # > - at the start of a line (after spaces).
func needsEscape(s string) bool {
	lineStart := true
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '\\', '*', '_', '~', '`', '|', '[', ']':
			return true
		case '#', '>', '-':
			if lineStart {
				return true
			}
			lineStart = false
		case '\n':
			lineStart = true
		case ' ':
		default:
			lineStart = false
		}
	}
	return false
}
