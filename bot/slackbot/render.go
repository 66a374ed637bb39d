package slackbot

import (
	"encoding/json"
	"math"
	"strings"
	"unicode/utf8"

	"github.com/slack-go/slack"

	"careerbot/bot/internal/chattext"
	"careerbot/bot/internal/jsontext"
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
	moreActionID  = "careerbot_more"
	actionsID     = "careerbot_actions"
	// tryActionPrefix starts the action_id of a suggestion's button
	// ("careerbot_try_0"): action_ids must be unique within a block.
	tryActionPrefix = "careerbot_try_"
	tryBlockID      = "careerbot_try"
	maxTryButtons   = 10

	platformName = "Slack"
)

// renderOptions says what the rendered message may contain.
type renderOptions struct {
	// Share allows the Share button (the bot token is needed to post it).
	Share bool
	// More allows the More button; set it where a press of the button
	// (action_id careerbot_more) is answered.
	More bool
	// Try turns the suggestions into buttons (action_id careerbot_try_N)
	// as well as text; set it where a press is answered.
	Try bool
	// MaxBytes bounds the JSON size of text plus blocks; 0 means only Block
	// Kit's own limits apply.
	MaxBytes int
	// NoNewBlocks leaves out data visualization and table blocks (a
	// workspace that refused them): tables go as monospace text, and the
	// charts' text stays.
	NoNewBlocks bool
	// Feedback, when set, adds 👍/👎 (a feedback_buttons element) whose
	// values carry it: handlers.FeedbackValue, the answer's identity.
	Feedback string
}

// message is a Slack message as sent in an ack, an HTTP response or to
// chat.postMessage (which takes Text and Blocks only).
type message struct {
	ResponseType string        `json:"response_type,omitempty"`
	Text         string        `json:"text"`
	Blocks       []slack.Block `json:"blocks"`
}

// part is one block of the answer before it is fitted into the budget:
// build(cap) renders it with each of its texts cut to at most cap. A
// negative full marks a part whose text splitting already had to cut.
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
		if raw, err := marshalMessage(msg); err == nil && len(raw) <= opt.MaxBytes {
			return msg, raw
		}
	}
	msg := layout(r, opt)
	raw, err := marshalMessage(msg)
	if err != nil { // blocks are structs of strings: this does not happen
		msg = message{ResponseType: msg.ResponseType, Text: "careerbot"}
		raw, _ = json.Marshal(msg)
	}
	return msg, raw
}

// marshalMessage is json.Marshal(m), byte for byte (TestMarshalMessage),
// with the blocks written by appendBlock (blockjson.go).
func marshalMessage(m message) ([]byte, error) {
	return jsontext.Write(func(dst []byte) ([]byte, error) { return appendMessage(dst, m) })
}

func appendMessage(dst []byte, m message) ([]byte, error) {
	dst = append(dst, '{')
	if m.ResponseType != "" {
		dst = append(dst, `"response_type":`...)
		dst = jsontext.AppendString(dst, m.ResponseType)
		dst = append(dst, ',')
	}
	dst = append(dst, `"text":`...)
	dst = jsontext.AppendString(dst, m.Text)
	if m.Blocks == nil {
		return append(dst, `,"blocks":null}`...), nil
	}
	dst = append(dst, `,"blocks":[`...)
	for i, b := range m.Blocks {
		if i > 0 {
			dst = append(dst, ',')
		}
		var err error
		if dst, err = appendBlock(dst, b); err != nil {
			return nil, err
		}
	}
	return append(dst, "]}"...), nil
}

// fitter places parts within the blocks and bytes a message has left,
// and remembers whether anything had to be cut or left out.
type fitter struct {
	measure    bool // false: no byte budget, only Block Kit's limits
	left       int  // bytes of JSON still free
	blocksLeft int
	trimmed    bool
	omitted    int // parts left out entirely
}

func (f *fitter) cost(v any) int {
	if !f.measure {
		return 0
	}
	return costOf(v)
}

// one places p within at most avail bytes (and what is left); it returns
// nil when not even a stub fits.
func (f *fitter) one(p part, avail int) slack.Block {
	if bs := f.all([]part{p}, func() int { return avail }); len(bs) > 0 {
		return bs[0]
	}
	return nil
}

// all places parts in order, each within what room() allows at that
// moment, and stops after the first that does not fit whole.
func (f *fitter) all(parts []part, room func() int) []slack.Block {
	var out []slack.Block
	for i, p := range parts {
		if f.blocksLeft <= 0 {
			f.trimmed, f.omitted = true, f.omitted+len(parts)-i
			break
		}
		var b slack.Block
		cut := false
		if f.measure {
			b, cut = fit(p, min(room(), f.left))
		} else {
			b = p.build(abs(p.full))
		}
		if b == nil {
			f.trimmed, f.omitted = true, f.omitted+len(parts)-i
			break
		}
		out = append(out, b)
		f.left -= f.cost(b)
		f.blocksLeft--
		if p.full < 0 { // splitting already had to cut this part's text
			f.trimmed = true
		}
		if cut {
			f.trimmed, f.omitted = true, f.omitted+len(parts)-i-1
			break
		}
	}
	return out
}

// layout places the reply's parts within the block limits and, when
// opt.MaxBytes is set, within that many bytes of JSON. What is cut first
// when space runs out: the table, then paragraphs, then sources; notes
// (caveats) keep up to half the space, in short form if they must, and a
// field's note is cut after its value, never before.
func layout(r handlers.Reply, opt renderOptions) message {
	loc := r.Locale
	if loc != knowledge.EN {
		loc = knowledge.JA
	}
	msg := message{ResponseType: "ephemeral", Text: fallbackText(r)}
	if r.Visibility == handlers.Public {
		msg.ResponseType = "in_channel"
	}
	f := &fitter{measure: opt.MaxBytes > 0, left: math.MaxInt / 2, blocksLeft: maxBlocks}
	if f.measure {
		// What is left once the envelope, the fallback text and a margin
		// for the commas between blocks are paid for.
		f.left = opt.MaxBytes - costOf(message{ResponseType: msg.ResponseType, Text: msg.Text}) - 2*maxBlocks
	}
	// Room for the notice that says something was left out.
	if f.measure {
		f.left -= costOf(noticeBlock(maxBlocks, loc))
	}
	f.blocksLeft--

	var actions slack.Block
	if a := buttons(r, opt, loc); a != nil {
		if c := f.cost(a); c <= f.left/4 {
			actions, f.left, f.blocksLeft = a, f.left-c, f.blocksLeft-1
		}
	}
	var votes slack.Block
	if v := feedbackBlock(opt.Feedback, loc); v != nil {
		if c := f.cost(v); c <= f.left/4 {
			votes, f.left, f.blocksLeft = v, f.left-c, f.blocksLeft-1
		}
	}
	var shared slack.Block
	if chattext.OneLine(r.SharedBy) != "" {
		shared = f.one(textPart(contextText, chattext.SharedBy(loc, r.SharedBy, escape)), f.left)
	}
	var header slack.Block
	if p := headerPart(r.Title, r.Status, loc); p != nil {
		header = f.one(*p, f.left)
	}
	// Notes share half of what is left evenly, so that when space is
	// tight every note shows in short form rather than some not at all.
	var notes []slack.Block
	nparts := notesParts(r.Notes)
	notesLeft := f.left / 2
	for i, p := range nparts {
		before := f.left
		if b := f.one(p, notesLeft/(len(nparts)-i)); b != nil {
			notes = append(notes, b)
		}
		notesLeft -= before - f.left
	}
	fields := f.all(fieldParts(r.Fields), func() int { return f.left })
	charts := f.charts(r.Charts, loc, opt.NoNewBlocks)
	var sugs, try slack.Block
	if s := suggestionsText(r.Suggestions, loc); s != "" {
		sugs = f.one(textPart(contextText, s), f.left)
	}
	if t := tryButtons(r, opt, loc); t != nil && f.blocksLeft > 0 {
		if c := f.cost(t); c <= f.left/4 {
			try, f.left, f.blocksLeft = t, f.left-c, f.blocksLeft-1
		}
	}
	var sources slack.Block
	if p := sourcesPart(r.Sources, loc); p != nil {
		sources = f.one(*p, f.left/3)
	}
	paras := f.all(paragraphParts(r.Paragraphs), func() int { return f.left })
	var table []slack.Block
	if r.Table != nil {
		table = f.table(*r.Table, opt.NoNewBlocks)
	}

	add := func(bs ...slack.Block) {
		for _, b := range bs {
			if b != nil {
				msg.Blocks = append(msg.Blocks, b)
			}
		}
	}
	add(header)
	add(paras...)
	add(fields...)
	add(table...)
	add(charts...)
	add(notes...)
	if f.trimmed {
		add(noticeBlock(f.omitted, loc))
	}
	add(sources, sugs, try, shared, actions, votes)
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
	r.Paragraphs = clipAll(r.Paragraphs, 200, maxBlocks*most)
	r.Notes = clipAll(r.Notes, 100, most)
	fields := make([]handlers.Field, 0, min(len(r.Fields), maxBlocks*maxSectionFields))
	for _, f := range r.Fields[:min(len(r.Fields), maxBlocks*maxSectionFields)] {
		fields = append(fields, handlers.Field{Label: clip(f.Label, 1024), Value: clip(f.Value, most), Note: clip(f.Note, most), Inline: f.Inline})
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
	full := abs(p.full)
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
	if b, ok := v.(slack.Block); ok {
		n, err := jsontext.Measure(func(dst []byte) ([]byte, error) { return appendBlock(dst, b) })
		if err != nil {
			return math.MaxInt / 4
		}
		return n
	}
	b, err := json.Marshal(v)
	if err != nil {
		return math.MaxInt / 4
	}
	return len(b)
}

// fallbackText is the plain `text` shown in notifications and by clients
// that cannot show blocks.
func fallbackText(r handlers.Reply) string {
	var parts []string
	if t := strings.TrimSpace(r.Title); t != "" {
		parts = append(parts, chattext.OneLine(t))
	}
	for _, p := range r.Paragraphs {
		if p = strings.TrimSpace(p); p != "" {
			parts = append(parts, p)
			break
		}
	}
	if len(parts) == 0 && len(r.Fields) > 0 {
		parts = append(parts, chattext.OneLine(r.Fields[0].Label+": "+r.Fields[0].Value))
	}
	if len(parts) == 0 {
		return "careerbot"
	}
	return chattext.Cut(escape(strings.Join(parts, "\n")), maxFallbackText)
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
