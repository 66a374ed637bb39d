package slackbot

import (
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/slack-go/slack"

	"careerbot/bot/internal/chattext"
	"careerbot/handlers"
	"careerbot/knowledge"
)

type textKind int

const (
	sectionText textKind = iota
	contextText
	codeText
)

// textPart is one mrkdwn text (already escaped) as a section or context
// block.
func textPart(kind textKind, esc string) part {
	limit := maxSectionText
	if kind == codeText {
		limit = maxSectionText - len("```\n\n```")
	}
	n := chattext.Len(esc)
	p := part{full: min(n, limit), build: func(c int) slack.Block {
		t := chattext.Cut(esc, min(c, limit))
		switch kind {
		case contextText:
			return slack.NewContextBlock("", mrkdwn(t))
		case codeText:
			return slack.NewSectionBlock(mrkdwn("```\n"+t+"\n```"), nil, nil)
		}
		return slack.NewSectionBlock(mrkdwn(t), nil, nil)
	}}
	if n > limit {
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

// headerPart is the title as a header block; a failed reply's header
// starts with a warning sign (and says what failed when it has no title).
func headerPart(title string, status handlers.Status, loc knowledge.Locale) *part {
	esc := escape(chattext.OneLine(title))
	if status != handlers.StatusOK {
		if esc == "" {
			esc = handlers.StatusLabel(loc, status)
		}
		esc = "⚠️ " + esc
	}
	if esc == "" {
		return nil
	}
	return &part{full: min(chattext.Len(esc), maxHeaderText), build: func(n int) slack.Block {
		return slack.NewHeaderBlock(plain(chattext.Cut(esc, min(n, maxHeaderText))))
	}}
}

// paragraphParts puts paragraphs in shared sections (a blank line apart) so
// that short ones do not use up the 50 blocks; long ones are split at line
// or sentence ends.
func paragraphParts(paragraphs []string) []part {
	var paras []string
	for _, para := range paragraphs {
		if para = strings.TrimSpace(para); para != "" {
			paras = append(paras, escape(para))
		}
	}
	var parts []part
	for _, chunk := range chattext.Split(strings.Join(paras, "\n\n"), maxSectionText) {
		parts = append(parts, textPart(sectionText, chunk))
	}
	return parts
}

// italic sets a field's note in italics, unless the note's own
// underscores would break the markup.
func italic(note string) func(string) string {
	if strings.Contains(note, "_") {
		return func(s string) string { return s }
	}
	return func(s string) string { return "_" + s + "_" }
}

// fieldText is a field as escaped mrkdwn: "*label*\nvalue", and its note.
func fieldText(f handlers.Field) (text, note string) {
	label := chattext.Fit(f.Label, 200, escape)
	text = escape(strings.TrimSpace(f.Value))
	if label != "" {
		text = "*" + label + "*\n" + text
	}
	return text, chattext.Fit(f.Note, maxTextObject, escape)
}

// fieldParts renders runs of inline fields as two-column section fields
// (10 to a section) and other fields as labelled lines, packed into
// sections of at most 3000 characters. A field's note stays in the same
// text as its value, in italics, and when the text must be cut the value
// gives way first.
func fieldParts(fields []handlers.Field) []part {
	var parts []part
	type annotated struct{ text, note string }
	var run []annotated
	var lines []string
	flushRun := func() {
		for len(run) > 0 {
			n := min(len(run), maxSectionFields)
			group := run[:n]
			run = run[n:]
			full, cutAlready := 0, false
			for _, f := range group {
				whole, _ := chattext.Annotate(f.text, f.note, 1<<30, italic(f.note))
				full = max(full, min(chattext.Len(whole), maxFieldText))
				cutAlready = cutAlready || chattext.Len(whole) > maxFieldText
			}
			if cutAlready {
				full = -full
			}
			parts = append(parts, part{full: full, build: func(c int) slack.Block {
				objs := make([]*slack.TextBlockObject, len(group))
				for i, f := range group {
					t, _ := chattext.Annotate(f.text, f.note, min(c, maxFieldText), italic(f.note))
					objs[i] = mrkdwn(t)
				}
				return slack.NewSectionBlock(nil, objs, nil)
			}})
		}
	}
	flushLines := func() {
		if len(lines) > 0 {
			for _, chunk := range chattext.Split(strings.Join(lines, "\n\n"), maxSectionText) {
				parts = append(parts, textPart(sectionText, chunk))
			}
			lines = nil
		}
	}
	for _, f := range fields {
		text, note := fieldText(f)
		if strings.TrimSpace(text) == "" && note == "" {
			continue // Slack refuses empty texts
		}
		switch {
		case f.Inline:
			flushLines()
			run = append(run, annotated{text, note})
		case note != "":
			// A section of its own, so that cutting it cuts the value
			// before the note.
			flushRun()
			flushLines()
			whole, _ := chattext.Annotate(text, note, 1<<30, italic(note))
			full := chattext.Len(whole)
			p := part{full: min(full, maxSectionText), build: func(c int) slack.Block {
				t, _ := chattext.Annotate(text, note, min(c, maxSectionText), italic(note))
				return slack.NewSectionBlock(mrkdwn(t), nil, nil)
			}}
			if full > maxSectionText {
				p.full = -p.full
			}
			parts = append(parts, p)
		default:
			flushRun()
			lines = append(lines, text)
		}
	}
	flushRun()
	flushLines()
	return parts
}

// noteLines prepares each note as a "• " line in mrkdwn, once per note.
var noteLines = chattext.NewLines("• ", escape)

// notesParts sets the reply's notes (caveats) as context blocks: each note
// a line starting with "• ", lines packed into elements of up to 3000
// characters, ten elements to a block. build(c) cuts each note to c, so a
// tight message shows every note in short form rather than some whole and
// some not at all.
func notesParts(notes []string) []part {
	var esc []string
	var lens []int // each note's length, counted once: pack runs for every size tried
	for _, n := range notes {
		if l, ok := noteLines.Of(n); ok {
			esc, lens = append(esc, l.Text), append(lens, l.Units)
		}
	}
	pack := func(ns []string, ls []int, c int) []string {
		var elems []string
		var cur strings.Builder
		curLen, left := 0, len(ns) // left: bytes of the notes not yet written
		for _, n := range ns {
			left += len(n)
		}
		for i, n := range ns {
			if cur.Len() == 0 {
				cur.Grow(left) // one allocation per element, not one per doubling
			}
			left -= len(n) + 1
			l, limit := ls[i], min(c, maxTextObject)
			if l > limit {
				n = chattext.Cut(n, limit)
				l = chattext.Len(n)
			}
			switch {
			case cur.Len() == 0:
				cur.WriteString(n)
				curLen = l
			case curLen+1+l <= maxTextObject:
				cur.WriteByte('\n')
				cur.WriteString(n)
				curLen += 1 + l
			default:
				elems = append(elems, cur.String())
				cur = strings.Builder{}
				cur.Grow(left + len(n) + 1)
				cur.WriteString(n)
				curLen = l
			}
		}
		if cur.Len() > 0 {
			elems = append(elems, cur.String())
		}
		return elems
	}
	var parts []part
	for len(esc) > 0 {
		// The longest run of notes that fits ten elements uncut (nearly
		// always all of them).
		n := len(esc)
		if len(esc) > maxContextElements {
			for n > 1 && len(pack(esc[:n], lens[:n], maxTextObject)) > maxContextElements {
				n--
			}
		}
		group, groupLens := esc[:n], lens[:n]
		esc, lens = esc[n:], lens[n:]
		full, cutAlready := 0, false
		for _, l := range groupLens {
			full = max(full, min(l, maxTextObject))
			cutAlready = cutAlready || l > maxTextObject
		}
		p := part{full: full, build: func(c int) slack.Block {
			elems := pack(group, groupLens, c)
			objs := make([]slack.MixedElement, len(elems))
			for i, e := range elems {
				objs[i] = mrkdwn(e)
			}
			return slack.NewContextBlock("", objs...)
		}}
		if cutAlready {
			p.full = -p.full
		}
		parts = append(parts, p)
	}
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
			return chattext.CutWidth(chattext.OneLine(row[i]), maxCellWidth)
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
	headLen := chattext.Len(strings.Join(head, "\n"))
	size := headLen
	flush := func() {
		if len(lines) > 0 {
			parts = append(parts, textPart(codeText, strings.Join(append(append([]string{}, head...), lines...), "\n")))
			lines, size = nil, headLen
		}
	}
	for _, row := range t.Rows {
		line := format(row)
		if size+1+chattext.Len(line) > limit {
			flush()
		}
		lines = append(lines, line)
		size += 1 + chattext.Len(line)
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
		cmd := strings.ReplaceAll(chattext.OneLine(s.Command), "`", "'")
		label := chattext.OneLine(s.Label)
		var item string
		switch {
		case cmd == "" && label == "":
			continue
		case cmd == "":
			item = escape(label)
		default:
			item = "`" + escape(cmd) + "`"
			if label != "" && !strings.EqualFold(label, cmd) {
				item += " " + escape(label)
			}
		}
		items = append(items, item)
	}
	if len(items) == 0 {
		return ""
	}
	return handlers.Label(loc, handlers.LabelTry) + ": " + strings.Join(items, "  ·  ")
}

// sourcesPart is a context block citing up to ten sources; more are
// folded into the last element.
func sourcesPart(srcs []handlers.Citation, loc knowledge.Locale) *part {
	if slices.ContainsFunc(srcs, unnamed) {
		srcs = slices.DeleteFunc(slices.Clone(srcs), unnamed)
	}
	if len(srcs) == 0 {
		return nil
	}
	var elems []string
	for i, s := range srcs {
		if i == maxContextElements-1 && len(srcs) > maxContextElements {
			rest := make([]string, 0, len(srcs)-i)
			for _, r := range srcs[i:] {
				rest = append(rest, escape(chattext.OneLine(r.Name)))
			}
			elems = append(elems, handlers.Label(loc, handlers.LabelMoreSources, len(rest))+": "+strings.Join(rest, ", "))
			break
		}
		e := escape(chattext.OneLine(s.Name))
		if s.Year > 0 {
			e += " (" + strconv.Itoa(s.Year) + ")"
		}
		if note := chattext.OneLine(s.Note); note != "" {
			e += " — " + escape(note)
		}
		if i == 0 {
			e = handlers.Label(loc, handlers.LabelSources) + ": " + e
		}
		elems = append(elems, e)
	}
	full := 0
	for _, e := range elems {
		full = max(full, min(chattext.Len(e), maxTextObject))
	}
	return &part{full: full, build: func(c int) slack.Block {
		objs := make([]slack.MixedElement, len(elems))
		for i, e := range elems {
			objs[i] = mrkdwn(chattext.Cut(e, min(c, maxTextObject)))
		}
		return slack.NewContextBlock("", objs...)
	}}
}

func unnamed(c handlers.Citation) bool { return chattext.OneLine(c.Name) == "" }

// noticeBlock says that the answer was shortened, and how much is left out.
func noticeBlock(omitted int, loc knowledge.Locale) slack.Block {
	return slack.NewContextBlock("", mrkdwn(escape(chattext.Shortened(loc, platformName, omitted, 0))))
}

// buttons are the reply's actions as Slack buttons: Share (on a private
// answer, when the bot may post) and More (where its press is answered).
func buttons(r handlers.Reply, opt renderOptions, loc knowledge.Locale) slack.Block {
	var elems []slack.BlockElement
	seen := map[handlers.ActionKind]bool{}
	for _, a := range r.Actions {
		var id, label string
		switch {
		case a.Kind == handlers.ActionShare && opt.Share && r.Visibility == handlers.Private:
			id, label = shareActionID, handlers.LabelShare
		case a.Kind == handlers.ActionMore && opt.More:
			id, label = moreActionID, handlers.LabelMore
		default:
			continue
		}
		if seen[a.Kind] || a.Value == "" || utf8.RuneCountInString(a.Value) > maxButtonValue {
			continue // an opaque value cannot be shortened; no button is better than a broken one
		}
		seen[a.Kind] = true // action_ids must be unique in a block
		text := chattext.OneLine(a.Label)
		if text == "" {
			text = handlers.Label(loc, label)
		}
		elems = append(elems, slack.NewButtonBlockElement(id, a.Value, plain(chattext.Fit(text, maxButtonText, escape))))
	}
	if len(elems) == 0 {
		return nil
	}
	return slack.NewActionBlock(actionsID, elems...)
}

// tryButtons are the reply's suggestions as buttons that run the suggested
// command for whoever presses, privately; the text above still lists them.
func tryButtons(r handlers.Reply, opt renderOptions, loc knowledge.Locale) slack.Block {
	if !opt.Try {
		return nil
	}
	var elems []slack.BlockElement
	for _, sg := range r.Suggestions {
		if len(elems) == maxTryButtons {
			break
		}
		cmd := chattext.OneLine(sg.Command)
		value := handlers.ActionValue(loc, cmd)
		if cmd == "" || utf8.RuneCountInString(value) > maxButtonValue {
			continue // no command to run, or one too long to carry: the text still shows it
		}
		text := chattext.OneLine(sg.Label)
		if text == "" {
			text = cmd
		}
		id := tryActionPrefix + strconv.Itoa(len(elems))
		elems = append(elems, slack.NewButtonBlockElement(id, value, plain(chattext.Fit(text, maxButtonText, escape))))
	}
	if len(elems) == 0 {
		return nil
	}
	return slack.NewActionBlock(tryBlockID, elems...)
}
