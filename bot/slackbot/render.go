package slackbot

import (
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strings"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/slack-go/slack"

	"careerbot/handlers"
	"careerbot/knowledge"
)

// Block Kit limits (docs.slack.dev/reference/block-kit). Lengths are counted
// in UTF-16 code units after escaping, which is never less than what Slack
// counts, so a message that passes here passes there.
const (
	maxBlocks          = 50
	maxHeaderText      = 150
	maxSectionText     = 3000
	maxSectionFields   = 10
	maxFieldText       = 2000
	maxContextElements = 10
	maxTextObject      = 3000
	maxButtonText      = 75
	maxButtonValue     = 2000
	maxFallbackText    = 1000 // ours: Slack allows 40,000, but this is only the notification text

	// ackBudget bounds the JSON of a message answered in a Socket Mode ack
	// or an HTTP slash-command response. Socket Mode silently drops acks of
	// 20 KB or more; the envelope around the message takes well under 1 KB.
	ackBudget = 18 * 1024

	shareActionID = "careerbot_share"
	actionsID     = "careerbot_actions"
)

// renderOptions says what the rendered message may contain.
type renderOptions struct {
	// Share allows the Share button (the bot token is needed to post it).
	Share bool
	// MaxBytes bounds the JSON size of text plus blocks; 0 means only Block
	// Kit's own limits apply.
	MaxBytes int
}

// message is a Slack message as sent in an ack, an HTTP response or to
// chat.postMessage (which takes Text and Blocks only).
type message struct {
	ResponseType string        `json:"response_type,omitempty"`
	Text         string        `json:"text"`
	Blocks       []slack.Block `json:"blocks"`
}

// part is one block of the answer before it is fitted into the budget:
// build(cap) renders it with each of its texts cut to at most cap.
type part struct {
	full  int // the cap at which nothing is cut
	build func(cap int) slack.Block
}

// render turns a neutral reply into a Block Kit message within every limit.
// It is pure: the same reply and options give the same message.
func render(r handlers.Reply, opt renderOptions) message {
	msg, _ := renderJSON(r, opt)
	return msg
}

// renderJSON is render that also returns the message as JSON.
func renderJSON(r handlers.Reply, opt renderOptions) (message, []byte) {
	r = clipReply(r)
	if opt.MaxBytes > 0 {
		// Most answers are far below the byte budget: lay them out without
		// measuring every block, and measure the result once.
		free := opt
		free.MaxBytes = 0
		msg := layout(r, free)
		if raw, err := json.Marshal(msg); err == nil && len(raw) <= opt.MaxBytes {
			return msg, raw
		}
	}
	msg := layout(r, opt)
	raw, err := json.Marshal(msg)
	if err != nil { // blocks are structs of strings: this does not happen
		msg = message{ResponseType: msg.ResponseType, Text: "careerbot"}
		raw, _ = json.Marshal(msg)
	}
	return msg, raw
}

// layout places the reply's parts within the block limits and, when
// opt.MaxBytes is set, within that many bytes of JSON.
func layout(r handlers.Reply, opt renderOptions) message {
	loc := r.Locale
	if loc != knowledge.EN {
		loc = knowledge.JA
	}
	msg := message{ResponseType: "ephemeral", Text: fallbackText(r)}
	if r.Visibility == handlers.Public {
		msg.ResponseType = "in_channel"
	}
	// costOf marshals; without a byte budget there is nothing to measure.
	cost := func(v any) int { return 0 }
	left := math.MaxInt / 2
	if opt.MaxBytes > 0 {
		cost = costOf
		// What is left once the envelope, the fallback text and a margin
		// for the commas between blocks are paid for.
		left = opt.MaxBytes - costOf(message{ResponseType: msg.ResponseType, Text: msg.Text}) - 2*maxBlocks
	}
	fit := func(p part, avail int) (slack.Block, bool) {
		if opt.MaxBytes <= 0 {
			return p.build(abs(p.full)), false
		}
		return fit(p, avail)
	}
	blocksLeft := maxBlocks
	trimmed := false

	var actions slack.Block
	if a := shareButton(r, opt, loc); a != nil {
		if c := cost(a); c <= left/4 {
			actions, left, blocksLeft = a, left-c, blocksLeft-1
		}
	}
	var tail []slack.Block
	if oneLine(r.SharedBy) != "" {
		p := textPart(contextText, sharedByText(r.SharedBy, loc))
		if b, cut := fit(p, left); b != nil {
			tail, left, blocksLeft = append(tail, b), left-cost(b), blocksLeft-1
			trimmed = trimmed || cut
		}
	}
	var sources slack.Block
	if p := sourcesPart(r.Sources, loc); p != nil {
		b, cut := fit(*p, left/3)
		if b != nil {
			sources, left, blocksLeft = b, left-cost(b), blocksLeft-1
		}
		trimmed = trimmed || cut || b == nil
	}
	var header slack.Block
	if oneLine(r.Title) != "" {
		p := headerPart(r.Title)
		b, cut := fit(p, left)
		if b != nil {
			header, left, blocksLeft = b, left-cost(b), blocksLeft-1
		}
		trimmed = trimmed || cut || b == nil
	}

	// Reserve room for the note that says something was left out.
	body := bodyParts(r, loc)
	noteReserve := cost(noteBlock(len(body), loc))
	left -= noteReserve
	blocksLeft--

	var out []slack.Block
	shown := 0
	for i, p := range body {
		if blocksLeft == 0 {
			trimmed = true
			break
		}
		b, cut := fit(p, left)
		if b == nil {
			trimmed = true
			break
		}
		out, left, blocksLeft = append(out, b), left-cost(b), blocksLeft-1
		shown = i + 1
		if cut {
			trimmed = true
			break
		}
		if p.full < 0 { // a part that says its text was cut while splitting
			trimmed = true
		}
	}
	if header != nil {
		msg.Blocks = append(msg.Blocks, header)
	}
	msg.Blocks = append(msg.Blocks, out...)
	if trimmed {
		msg.Blocks = append(msg.Blocks, noteBlock(len(body)-shown, loc))
	}
	if sources != nil {
		msg.Blocks = append(msg.Blocks, sources)
	}
	msg.Blocks = append(msg.Blocks, tail...)
	if actions != nil {
		msg.Blocks = append(msg.Blocks, actions)
	}
	// The arithmetic above is exact up to the commas; this is the guarantee.
	for opt.MaxBytes > 0 && costOf(msg) > opt.MaxBytes && len(msg.Blocks) > 0 {
		msg.Blocks = msg.Blocks[:len(msg.Blocks)-1]
	}
	return msg
}

// clipReply bounds the raw input before any work is done: no text longer
// than a block can show is ever needed, since three bytes of UTF-8 are at
// least one character. Huge replies then cost no more than large ones.
func clipReply(r handlers.Reply) handlers.Reply {
	const most = 3*maxSectionText + 4 // bytes: more than a section shows
	r.Title = clip(r.Title, 3*maxHeaderText+4)
	r.SharedBy = clip(r.SharedBy, most)
	paras := make([]string, 0, min(len(r.Paragraphs), 200))
	for _, p := range r.Paragraphs[:min(len(r.Paragraphs), 200)] {
		paras = append(paras, clip(p, maxBlocks*most))
	}
	r.Paragraphs = paras
	fields := make([]handlers.Field, 0, min(len(r.Fields), maxBlocks*maxSectionFields))
	for _, f := range r.Fields[:min(len(r.Fields), maxBlocks*maxSectionFields)] {
		fields = append(fields, handlers.Field{Label: clip(f.Label, 1024), Value: clip(f.Value, most), Inline: f.Inline})
	}
	r.Fields = fields
	if r.Table != nil {
		t := handlers.Table{Columns: clipAll(r.Table.Columns, 20, 256)}
		for _, row := range r.Table.Rows[:min(len(r.Table.Rows), 5000)] {
			t.Rows = append(t.Rows, clipAll(row, 20, 256))
		}
		r.Table = &t
	}
	srcs := make([]handlers.Citation, 0, min(len(r.Sources), 100))
	for _, c := range r.Sources[:min(len(r.Sources), 100)] {
		srcs = append(srcs, handlers.Citation{Name: clip(c.Name, most), Year: c.Year, Note: clip(c.Note, most)})
	}
	r.Sources = srcs
	sugs := make([]handlers.Suggestion, 0, min(len(r.Suggestions), 100))
	for _, sg := range r.Suggestions[:min(len(r.Suggestions), 100)] {
		sugs = append(sugs, handlers.Suggestion{Label: clip(sg.Label, 1024), Command: clip(sg.Command, 1024)})
	}
	r.Suggestions = sugs
	return r
}

func clipAll(ss []string, n, maxBytes int) []string {
	out := make([]string, 0, min(len(ss), n))
	for _, s := range ss[:min(len(ss), n)] {
		out = append(out, clip(s, maxBytes))
	}
	return out
}

// clip cuts s to at most maxBytes at a rune boundary.
func clip(s string, maxBytes int) string {
	if len(s) <= maxBytes {
		return s
	}
	i := maxBytes
	for i > 0 && !utf8.RuneStart(s[i]) {
		i--
	}
	return s[:i]
}

// fit renders p as large as fits in avail bytes of JSON. It returns nil
// when not even a stub fits, and cut when some text was shortened.
func fit(p part, avail int) (b slack.Block, cut bool) {
	full := p.full
	if full < 0 {
		full = -full
	}
	if b := p.build(full); costOf(b) <= avail {
		return b, false
	}
	const minCap = 24
	if full <= minCap || costOf(p.build(minCap)) > avail {
		return nil, true
	}
	lo, hi := minCap, full // invariant: build(lo) fits, build(hi) does not
	for hi-lo > 1 {
		mid := (lo + hi) / 2
		if costOf(p.build(mid)) <= avail {
			lo = mid
		} else {
			hi = mid
		}
	}
	return p.build(lo), true
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

func costOf(v any) int {
	b, err := json.Marshal(v)
	if err != nil {
		return math.MaxInt / 4
	}
	return len(b)
}

type textKind int

const (
	sectionText textKind = iota
	contextText
	codeText
)

// textPart is one mrkdwn text (already escaped) as a section or context
// block. A negative full marks text that splitting already had to cut.
func textPart(kind textKind, esc string) part {
	limit := maxSectionText
	if kind == codeText {
		limit = maxSectionText - len("```\n\n```")
	}
	full := min(slackLen(esc), limit)
	cutAlready := slackLen(esc) > limit
	p := part{full: full, build: func(n int) slack.Block {
		t := truncEscaped(esc, min(n, limit))
		switch kind {
		case contextText:
			return slack.NewContextBlock("", mrkdwn(t))
		case codeText:
			return slack.NewSectionBlock(mrkdwn("```\n"+t+"\n```"), nil, nil)
		}
		return slack.NewSectionBlock(mrkdwn(t), nil, nil)
	}}
	if cutAlready {
		p.full = -p.full
	}
	return p
}

func mrkdwn(t string) *slack.TextBlockObject {
	// verbatim: Slack must not turn bare names into links or mentions.
	return slack.NewTextBlockObject(slack.MarkdownType, t, false, true)
}

func plain(t string) *slack.TextBlockObject {
	return slack.NewTextBlockObject(slack.PlainTextType, t, true, false)
}

func headerPart(title string) part {
	esc := escape(oneLine(title))
	return part{full: min(slackLen(esc), maxHeaderText), build: func(n int) slack.Block {
		return slack.NewHeaderBlock(plain(truncEscaped(esc, min(n, maxHeaderText))))
	}}
}

// bodyParts lays out paragraphs, fields, the table and suggestions as
// parts, each within the per-block limits, in reading order.
func bodyParts(r handlers.Reply, loc knowledge.Locale) []part {
	var parts []part
	// Paragraphs share sections (a blank line apart) so that short ones do
	// not use up the 50 blocks; long ones are split at line or sentence ends.
	var paras []string
	for _, para := range r.Paragraphs {
		if para = strings.TrimSpace(para); para != "" {
			paras = append(paras, escape(para))
		}
	}
	for _, chunk := range splitEscaped(strings.Join(paras, "\n\n"), maxSectionText) {
		parts = append(parts, textPart(sectionText, chunk))
	}
	parts = append(parts, fieldParts(r.Fields)...)
	if r.Table != nil {
		parts = append(parts, tableParts(*r.Table)...)
	}
	if sugs := suggestionsText(r.Suggestions, loc); sugs != "" {
		parts = append(parts, textPart(contextText, sugs))
	}
	return parts
}

// fieldParts renders runs of inline fields as two-column section fields
// (10 to a section) and other fields as labelled lines, packed into
// sections of at most 3000 characters.
func fieldParts(fields []handlers.Field) []part {
	var parts []part
	var run []string // escaped "*label*\nvalue" of inline fields
	var lines []string
	flushRun := func() {
		for len(run) > 0 {
			n := min(len(run), maxSectionFields)
			group := run[:n]
			run = run[n:]
			full := 0
			for _, f := range group {
				full = max(full, min(slackLen(f), maxFieldText))
			}
			parts = append(parts, part{full: full, build: func(c int) slack.Block {
				objs := make([]*slack.TextBlockObject, len(group))
				for i, f := range group {
					objs[i] = mrkdwn(truncEscaped(f, min(c, maxFieldText)))
				}
				return slack.NewSectionBlock(nil, objs, nil)
			}})
		}
	}
	flushLines := func() {
		if len(lines) > 0 {
			for _, chunk := range splitEscaped(strings.Join(lines, "\n\n"), maxSectionText) {
				parts = append(parts, textPart(sectionText, chunk))
			}
			lines = nil
		}
	}
	for _, f := range fields {
		label := truncEscaped(escape(oneLine(f.Label)), 200)
		text := escape(strings.TrimSpace(f.Value))
		if label != "" {
			text = "*" + label + "*\n" + text
		}
		if strings.TrimSpace(text) == "" {
			continue // Slack refuses empty texts
		}
		if f.Inline {
			flushLines()
			run = append(run, text)
		} else {
			flushRun()
			lines = append(lines, text)
		}
	}
	flushRun()
	flushLines()
	return parts
}

const maxCellWidth = 32 // display columns of one table cell

// tableParts renders a table as monospace text, split into sections that
// each repeat the header row.
func tableParts(t handlers.Table) []part {
	ncol := len(t.Columns)
	for _, row := range t.Rows {
		ncol = max(ncol, len(row))
	}
	if ncol == 0 {
		return nil
	}
	cell := func(row []string, i int) string {
		if i < len(row) {
			return cutWidth(oneLine(row[i]), maxCellWidth)
		}
		return ""
	}
	widths := make([]int, ncol)
	all := append([][]string{t.Columns}, t.Rows...)
	for _, row := range all {
		for i := range ncol {
			widths[i] = max(widths[i], handlers.DisplayWidth(cell(row, i)))
		}
	}
	format := func(row []string) string {
		var b strings.Builder
		for i := range ncol {
			c := cell(row, i)
			b.WriteString(c)
			if i < ncol-1 {
				b.WriteString(strings.Repeat(" ", widths[i]-handlers.DisplayWidth(c)+2))
			}
		}
		return escape(strings.TrimRight(b.String(), " "))
	}
	limit := maxSectionText - len("```\n\n```")
	var head []string
	if len(t.Columns) > 0 {
		total := 0
		for _, w := range widths {
			total += w + 2
		}
		head = []string{format(t.Columns), strings.Repeat("-", min(total-2, 200))}
	}
	var parts []part
	var lines []string
	headLen := slackLen(strings.Join(head, "\n"))
	size := headLen
	flush := func() {
		if len(lines) > 0 {
			parts = append(parts, textPart(codeText, strings.Join(append(append([]string{}, head...), lines...), "\n")))
			lines, size = nil, headLen
		}
	}
	for _, row := range t.Rows {
		line := format(row)
		if size+1+slackLen(line) > limit {
			flush()
		}
		lines = append(lines, line)
		size += 1 + slackLen(line)
	}
	flush()
	if len(parts) == 0 && len(head) > 0 {
		parts = append(parts, textPart(codeText, strings.Join(head, "\n")))
	}
	return parts
}

func suggestionsText(sugs []handlers.Suggestion, loc knowledge.Locale) string {
	items := make([]string, 0, len(sugs))
	for _, s := range sugs {
		cmd := strings.ReplaceAll(oneLine(s.Command), "`", "'")
		if cmd == "" {
			continue
		}
		item := "`" + escape(cmd) + "`"
		if s.Label != "" && !strings.EqualFold(strings.TrimSpace(s.Label), cmd) {
			item += " " + escape(oneLine(s.Label))
		}
		items = append(items, item)
	}
	if len(items) == 0 {
		return ""
	}
	prefix := inLocale(loc, "関連: ", "See also: ")
	return prefix + strings.Join(items, "  ·  ")
}

// sourcesPart is a context block citing up to ten sources; more are
// folded into the last element.
func sourcesPart(srcs []handlers.Citation, loc knowledge.Locale) *part {
	if len(srcs) == 0 {
		return nil
	}
	var elems []string
	srcs = slices.DeleteFunc(slices.Clone(srcs), func(c handlers.Citation) bool { return oneLine(c.Name) == "" })
	if len(srcs) == 0 {
		return nil
	}
	for i, s := range srcs {
		if i == maxContextElements-1 && len(srcs) > maxContextElements {
			rest := make([]string, 0, len(srcs)-i)
			for _, r := range srcs[i:] {
				rest = append(rest, escape(oneLine(r.Name)))
			}
			more := inLocale(loc, "ほか %d 件: ", "%d more: ")
			elems = append(elems, fmt.Sprintf(more, len(rest))+strings.Join(rest, ", "))
			break
		}
		e := escape(oneLine(s.Name))
		if s.Year > 0 {
			e += fmt.Sprintf(" (%d)", s.Year)
		}
		if note := oneLine(s.Note); note != "" {
			e += " — " + escape(note)
		}
		if i == 0 {
			e = inLocale(loc, "出典: ", "Sources: ") + e
		}
		elems = append(elems, e)
	}
	full := 0
	for _, e := range elems {
		full = max(full, min(slackLen(e), maxTextObject))
	}
	return &part{full: full, build: func(c int) slack.Block {
		objs := make([]slack.MixedElement, len(elems))
		for i, e := range elems {
			objs[i] = mrkdwn(truncEscaped(e, min(c, maxTextObject)))
		}
		return slack.NewContextBlock("", objs...)
	}}
}

// inLocale picks the adapter's own wording in the reply's language.
func inLocale(loc knowledge.Locale, ja, en string) string {
	if loc == knowledge.EN {
		return en
	}
	return ja
}

func sharedByText(name string, loc knowledge.Locale) string {
	n := truncEscaped(escape(oneLine(name)), 80)
	if loc == knowledge.EN {
		return "Shared by " + n
	}
	return n + " さんが共有しました"
}

func noteBlock(omitted int, loc knowledge.Locale) slack.Block {
	var t string
	if loc == knowledge.EN {
		t = "… This answer was shortened to fit in Slack"
		if omitted > 0 {
			t += fmt.Sprintf(" (%d more parts not shown)", omitted)
		}
		t += ". Ask a narrower question to see the rest, or try `/careerhelp`."
	} else {
		t = "… Slack に収まるよう回答を短くしました"
		if omitted > 0 {
			t += fmt.Sprintf(" (残り %d 件は省略)", omitted)
		}
		t += "。続きは質問を絞り込んでお試しください (`/careerhelp` も参照)。"
	}
	return slack.NewContextBlock("", mrkdwn(t))
}

func shareButton(r handlers.Reply, opt renderOptions, loc knowledge.Locale) slack.Block {
	if !opt.Share || r.Visibility != handlers.Private {
		return nil
	}
	var elems []slack.BlockElement
	for _, a := range r.Actions {
		if a.Kind != handlers.ActionShare || a.Value == "" || utf8.RuneCountInString(a.Value) > maxButtonValue {
			continue // an opaque value cannot be shortened; no button is better than a broken one
		}
		label := oneLine(a.Label)
		if label == "" {
			label = inLocale(loc, "チャンネルに共有", "Share in channel")
		}
		btn := slack.NewButtonBlockElement(shareActionID, a.Value, plain(truncEscaped(escape(label), maxButtonText)))
		elems = append(elems, btn)
		break // one share button is all a reply needs (action_ids must be unique)
	}
	if len(elems) == 0 {
		return nil
	}
	return slack.NewActionBlock(actionsID, elems...)
}

// fallbackText is the plain `text` shown in notifications and by clients
// that cannot show blocks.
func fallbackText(r handlers.Reply) string {
	var parts []string
	if t := strings.TrimSpace(r.Title); t != "" {
		parts = append(parts, oneLine(t))
	}
	for _, p := range r.Paragraphs {
		if p = strings.TrimSpace(p); p != "" {
			parts = append(parts, p)
			break
		}
	}
	if len(parts) == 0 && len(r.Fields) > 0 {
		parts = append(parts, oneLine(r.Fields[0].Label+": "+r.Fields[0].Value))
	}
	if len(parts) == 0 {
		return "careerbot"
	}
	return truncEscaped(escape(strings.Join(parts, "\n")), maxFallbackText)
}

// escape makes user text inert in mrkdwn: &, < and > become entities (so
// <!channel>, <!here> and <@U123> are shown, not acted on), and a word
// joiner after @ keeps bare @here, @channel and @everyone from being
// linked by any client that parses names.
func escape(s string) string {
	if !strings.ContainsAny(s, "&<>@") {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for i, r := range s {
		switch r {
		case '&':
			b.WriteString("&amp;")
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		case '@':
			b.WriteRune(r)
			rest := strings.ToLower(s[i+1 : min(len(s), i+1+len("everyone"))])
			if strings.HasPrefix(rest, "here") || strings.HasPrefix(rest, "channel") || strings.HasPrefix(rest, "everyone") {
				b.WriteRune('\u2060')
			}
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// slackLen counts UTF-16 code units, which is at least what Slack counts.
func slackLen(s string) int {
	n := 0
	for _, r := range s {
		n += utf16.RuneLen(r)
		if r == utf8.RuneError {
			n++ // an invalid byte may come out as two units after replacement
		}
	}
	return n
}

// truncEscaped cuts escaped text to at most max units, ending it with "…",
// without splitting an entity (&amp; &lt; &gt;) or a UTF-16 surrogate pair.
func truncEscaped(s string, max int) string {
	if slackLen(s) <= max {
		return s
	}
	if max < 1 {
		return ""
	}
	return strings.TrimRight(s[:cutIndex(s, max-1)], " \n") + "…"
}

// cutIndex is the largest byte index i such that s[:i] is at most max
// units long and does not end inside an entity.
func cutIndex(s string, max int) int {
	n, cut := 0, 0
	for cut < len(s) {
		r, size := utf8.DecodeRuneInString(s[cut:])
		l := utf16.RuneLen(r)
		if r == utf8.RuneError {
			l++
		}
		if n+l > max {
			break
		}
		n += l
		cut += size
	}
	if amp := strings.LastIndexByte(s[:cut], '&'); amp >= 0 && !strings.Contains(s[amp:cut], ";") {
		cut = amp
	}
	return cut
}

// splitEscaped splits escaped text into chunks of at most max units,
// preferring line breaks, then sentence ends, then spaces.
func splitEscaped(s string, max int) []string {
	var out []string
	for {
		cut := cutIndex(s, max)
		if cut == len(s) {
			break
		}
		head := s[:cut]
		best := -1
		for _, sep := range []string{"\n", "。", ". ", " ", "、"} {
			if i := strings.LastIndex(head, sep); i > len(head)/2 {
				best = i + len(sep)
				break
			}
		}
		if best > 0 {
			cut = best
		}
		if cut == 0 { // cannot happen with max >= 5, but never loop forever
			break
		}
		if chunk := strings.TrimSpace(s[:cut]); chunk != "" {
			out = append(out, chunk)
		}
		s = strings.TrimLeft(s[cut:], " \n")
	}
	if s = strings.TrimSpace(s); s != "" {
		out = append(out, s)
	}
	return out
}

// oneLine collapses runs of white space (newlines included) to one space
// and trims the ends.
func oneLine(s string) string {
	space := true // at the start, a space would be leading
	for _, r := range s {
		if r == ' ' && !space {
			space = true
			continue
		}
		if unicode.IsSpace(r) {
			return strings.Join(strings.Fields(s), " ")
		}
		space = false
	}
	if space && s != "" {
		return strings.Join(strings.Fields(s), " ")
	}
	return s
}

func cutWidth(s string, max int) string {
	if handlers.DisplayWidth(s) <= max {
		return s
	}
	n := 0
	for i, r := range s {
		w := handlers.DisplayWidth(string(r))
		if n+w > max-1 {
			return s[:i] + "…"
		}
		n += w
	}
	return s
}
