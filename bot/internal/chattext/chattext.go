// Package chattext holds the text mechanics that the chat renderers (Slack
// and Discord) share: length as the platforms count it, cutting at a limit,
// splitting into chunks, one-line text, and the wording put around a reply.
// Escaping is the platform's: functions that need it take the platform's
// escape function, so that nothing here knows mrkdwn or Discord markdown.
package chattext

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"

	"careerbot/handlers"
	"careerbot/knowledge"
)

// Ellipsis ends every text that was cut.
const Ellipsis = "…"

// Len is s's length in UTF-16 code units: what Slack and Discord count,
// and never less than a count in code points. An invalid byte counts two,
// as it may come out as U+FFFD plus what follows after replacement.
func Len(s string) int {
	// Well-formed one- to three-byte sequences are one unit each, counted
	// without decoding (most of a Japanese answer); anything else goes
	// through the decoder from there on.
	n := 0
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c < 0x80:
			n++
			i++
		case c >= 0xC2 && c < 0xE0 && i+1 < len(s) && s[i+1]&0xC0 == 0x80:
			n++
			i += 2
		case c >= 0xE0 && c < 0xF0 && i+2 < len(s) && s[i+1]&0xC0 == 0x80 && s[i+2]&0xC0 == 0x80 &&
			(c != 0xE0 || s[i+1] >= 0xA0) && (c != 0xED || s[i+1] < 0xA0): // not overlong, not a surrogate
			n++
			i += 3
		default:
			return n + lenDecoded(s[i:])
		}
	}
	return n
}

// lenDecoded is Len rune by rune: four-byte characters (two units) and
// invalid bytes.
func lenDecoded(s string) int {
	n := 0
	for i, r := range s {
		switch {
		case r < 0x10000:
			n++
			if r == utf8.RuneError {
				if _, size := utf8.DecodeRuneInString(s[i:]); size == 1 {
					n++ // an invalid byte, not U+FFFD itself
				}
			}
		default:
			n += 2
		}
	}
	return n
}

// Cut shortens s to at most limit units, ending it with "…" when it cuts. It
// never splits a UTF-16 surrogate pair, an HTML entity (&amp; &lt; &gt;) or
// a backslash escape, so it may be used on escaped text of either platform.
func Cut(s string, limit int) string {
	// A byte is at most two units: short texts need no counting.
	if len(s) <= limit/2 || Len(s) <= limit {
		return s
	}
	if limit < 1 {
		return ""
	}
	return strings.TrimRight(s[:CutIndex(s, limit-1)], " \n") + Ellipsis
}

// CutIndex is the largest byte index i such that s[:i] is at most limit units
// long and ends neither inside an entity nor after a lone backslash.
func CutIndex(s string, limit int) int {
	n, cut := 0, 0
	for cut < len(s) {
		r, size := utf8.DecodeRuneInString(s[cut:])
		l := utf16.RuneLen(r)
		if r == utf8.RuneError {
			l++
		}
		if n+l > limit {
			break
		}
		n += l
		cut += size
	}
	if cut == len(s) {
		return cut
	}
	// An entity is at most five bytes (&amp;): look no further back.
	if amp := strings.LastIndexByte(s[max(0, cut-5):cut], '&'); amp >= 0 {
		amp += max(0, cut-5)
		if !strings.Contains(s[amp:cut], ";") {
			cut = amp
		}
	}
	// An odd run of backslashes at the end would escape the ellipsis.
	bs := 0
	for i := cut - 1; i >= 0 && s[i] == '\\'; i-- {
		bs++
	}
	if bs%2 == 1 {
		cut--
	}
	return cut
}

// splitAt are the places Split prefers to break at, best first.
var splitAt = []string{"\n\n", "\n", "。", ". ", " ", "、"}

// Split splits s into chunks of at most limit units, preferring paragraph,
// line and sentence ends, then spaces, as long as the chunk keeps at least
// half its room. Chunks are trimmed of spaces and newlines at both ends.
func Split(s string, limit int) []string {
	var out []string
	for {
		cut := CutIndex(s, limit)
		if cut == len(s) {
			break
		}
		head := s[:cut]
		for _, sep := range splitAt {
			if i := strings.LastIndex(head, sep); i > len(head)/2 {
				cut = i + len(sep)
				break
			}
		}
		if cut == 0 { // only when limit < 1; never loop forever
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

// OneLine collapses runs of white space (newlines included) to one space
// and trims the ends.
func OneLine(s string) string {
	if !needsOneLine(s) {
		return s
	}
	return strings.Join(strings.Fields(s), " ")
}

// needsOneLine reports whether OneLine would change s: a leading, trailing
// or double space, or any other white space. It reads bytes, as the white
// space outside ASCII is a handful of known sequences; this keeps the
// common case (Japanese text with single spaces) from decoding every rune.
func needsOneLine(s string) bool {
	if s == "" {
		return false
	}
	if s[0] == ' ' || s[len(s)-1] == ' ' {
		return true
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0xE3 && c < 0xF0 {
			// Kana, kanji and the other three-byte characters from U+3000
			// on: only U+3000 is a space. Step over the continuation bytes
			// (only when they are).
			if i+2 < len(s) && s[i+1]&0xC0 == 0x80 && s[i+2]&0xC0 == 0x80 {
				if c == 0xE3 && s[i+1] == 0x80 && s[i+2] == 0x80 {
					return true
				}
				i += 2
			}
			continue
		}
		switch c {
		case ' ':
			if s[i+1] == ' ' { // s does not end in a space
				return true
			}
		case '\t', '\n', '\v', '\f', '\r':
			return true
		case 0xC2: // U+0085, U+00A0
			if i+1 < len(s) && (s[i+1] == 0x85 || s[i+1] == 0xA0) {
				return true
			}
		case 0xE1, 0xE2: // U+1680, U+2000–U+205F
			if i+1 < len(s) && (s[i+1] == 0x9A || s[i+1] == 0x80 || s[i+1] == 0x81) {
				if r, _ := utf8.DecodeRuneInString(s[i:]); unicode.IsSpace(r) {
					return true
				}
			}
		}
	}
	return false
}

// Fit is user text made ready for one line of a message: one-lined,
// escaped with the platform's esc, and cut to limit units.
func Fit(s string, limit int, esc func(string) string) string {
	return Cut(esc(OneLine(s)), limit)
}

// CutWidth shortens s to at most maxWidth monospace columns (see
// handlers.DisplayWidth), ending it with "…" when it cuts.
func CutWidth(s string, maxWidth int) string {
	if handlers.DisplayWidth(s) <= maxWidth {
		return s
	}
	room := maxWidth - handlers.DisplayWidth(Ellipsis)
	n := 0
	for i, r := range s {
		w := handlers.RuneWidth(r)
		if n+w > room {
			return s[:i] + Ellipsis
		}
		n += w
	}
	return s
}

// Annotate puts a field's value and its note (both escaped) together,
// the note on its own line as wrap decorates it, within max units. When
// both do not fit, the value is cut first: the note keeps at least half
// the room, so a caveat is never separated from its figure. It reports
// whether anything was cut.
func Annotate(value, note string, maxLen int, wrap func(string) string) (string, bool) {
	if note == "" {
		v := Cut(value, maxLen)
		return v, v != value
	}
	if value == "" {
		n := Cut(note, maxLen-Len(wrap("")))
		return wrap(n), n != note
	}
	if whole := value + "\n" + wrap(note); Len(whole) <= maxLen {
		return whole, false
	}
	room := maxLen - 1 - Len(wrap(""))
	if room < 8 { // no room for both: keep the figure
		return Cut(value, maxLen), true
	}
	n := Cut(note, min(Len(note), max(room/2, room-Len(value))))
	v := Cut(value, room-Len(n))
	if v == "" {
		return wrap(Cut(note, maxLen-Len(wrap("")))), true
	}
	return v + "\n" + wrap(n), true
}

// SharedBy is the "Shared by …" line for a shared answer: the name is
// shown as text (escaped with the platform's esc so it can never mention
// anyone) and cut to 80 units.
func SharedBy(l knowledge.Locale, name string, esc func(string) string) string {
	return handlers.Label(l, handlers.LabelSharedBy, Fit(name, 80, esc))
}

// Shortened is the notice on an answer that had to be shortened to fit the
// platform: it starts with the localized "(shortened)" marker, says how
// much was left out (parts and characters, when known) and how to see it.
func Shortened(l knowledge.Locale, platform string, parts, chars int) string {
	var what []string
	if parts > 0 {
		what = append(what, handlers.Label(l, handlers.LabelOmittedParts, parts))
	}
	if chars > 0 {
		what = append(what, handlers.Label(l, handlers.LabelOmittedChars, chars))
	}
	s := handlers.Label(l, handlers.LabelShortened) + " " + handlers.Label(l, handlers.LabelShortenedFit, platform)
	if len(what) > 0 {
		sep := ", "
		if l != knowledge.EN {
			sep = "・"
		}
		s += fmt.Sprintf(" (%s)", strings.Join(what, sep))
	}
	if l == knowledge.EN {
		s += ". "
	} else {
		s += "。"
	}
	return s + handlers.Label(l, handlers.LabelAskNarrower)
}
