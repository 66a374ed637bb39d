// Package jsontext writes JSON strings byte for byte as encoding/json does.
//
// The chat renderers write their answers' JSON by hand (the common shapes
// only; anything else goes through encoding/json), and a hand-written
// object is only as good as its strings: these are escaped exactly as
// json.Marshal escapes them, HTML characters included, so that the two can
// be compared byte for byte in tests and mixed in one document.
package jsontext

import (
	"bytes"
	"sync"
	"unicode/utf8"
)

// AppendString appends s as encoding/json writes a string with HTML
// escaping: <, > and & as \u003c…, control characters escaped, invalid
// UTF-8 as \ufffd, U+2028 and U+2029 escaped. Well-formed two- and
// three-byte characters (all of Japanese) are stepped over whole without
// decoding them; anything else is decoded as encoding/json does.
func AppendString(dst []byte, s string) []byte {
	dst = append(dst, '"')
	start := 0
	for i := 0; i < len(s); {
		b := s[i]
		if b < utf8.RuneSelf {
			if jsonSafe[b] {
				i++
				continue
			}
			dst = append(dst, s[start:i]...)
			switch b {
			case '\\', '"':
				dst = append(dst, '\\', b)
			case '\b':
				dst = append(dst, '\\', 'b')
			case '\f':
				dst = append(dst, '\\', 'f')
			case '\n':
				dst = append(dst, '\\', 'n')
			case '\r':
				dst = append(dst, '\\', 'r')
			case '\t':
				dst = append(dst, '\\', 't')
			default:
				dst = append(dst, '\\', 'u', '0', '0', hexDigits[b>>4], hexDigits[b&0xF])
			}
			i++
			start = i
			continue
		}
		// Most Japanese text: three-byte characters led by E3 to EC, EE
		// or EF (E0, E2 and ED need the checks in wellFormed).
		if b >= 0xE3 && b <= 0xEF && b != 0xED && i+2 < len(s) && s[i+1]&0xC0 == 0x80 && s[i+2]&0xC0 == 0x80 {
			i += 3
			continue
		}
		if n := wellFormed(s, i); n > 0 {
			if n == 3 && b == 0xE2 && s[i+1] == 0x80 && s[i+2]&^1 == 0xA8 { // U+2028, U+2029
				dst = append(dst, s[start:i]...)
				dst = append(dst, '\\', 'u', '2', '0', '2', hexDigits[s[i+2]&1+8])
				start = i + 3
			}
			i += n
			continue
		}
		c, size := utf8.DecodeRuneInString(s[i:])
		if c == utf8.RuneError && size == 1 {
			dst = append(dst, s[start:i]...)
			dst = append(dst, `\ufffd`...)
			i++
			start = i
			continue
		}
		i += size
	}
	dst = append(dst, s[start:]...)
	return append(dst, '"')
}

// wellFormed is the length of the two- or three-byte UTF-8 character at
// s[i], or 0 when there is none there (the caller then decodes it).
func wellFormed(s string, i int) int {
	b := s[i]
	switch {
	case b >= 0xC2 && b <= 0xDF:
		if i+1 < len(s) && s[i+1]&0xC0 == 0x80 {
			return 2
		}
	case b >= 0xE0 && b <= 0xEF:
		if i+2 >= len(s) || s[i+1]&0xC0 != 0x80 || s[i+2]&0xC0 != 0x80 {
			return 0
		}
		if (b == 0xE0 && s[i+1] < 0xA0) || (b == 0xED && s[i+1] > 0x9F) { // overlong; surrogates
			return 0
		}
		return 3
	}
	return 0
}

const hexDigits = "0123456789abcdef"

// jsonSafe marks the ASCII bytes encoding/json writes as they are with
// HTML escaping on: printable (and DEL), except ", \, <, > and &.
var jsonSafe = func() (t [utf8.RuneSelf]bool) {
	for b := 0x20; b < utf8.RuneSelf; b++ {
		t[b] = b != '"' && b != '\\' && b != '<' && b != '>' && b != '&'
	}
	return t
}()

// Write runs write on a pooled buffer and returns a copy of what it
// appended: one allocation of the document's size, whatever the buffer
// grew through.
func Write(write func(dst []byte) ([]byte, error)) ([]byte, error) {
	buf := bufs.Get().(*[]byte)
	defer bufs.Put(buf)
	raw, err := write((*buf)[:0])
	*buf = raw
	if err != nil {
		return nil, err
	}
	return bytes.Clone(raw), nil
}

// Measure is the length of what write appends, written to a pooled buffer.
func Measure(write func(dst []byte) ([]byte, error)) (int, error) {
	buf := bufs.Get().(*[]byte)
	defer bufs.Put(buf)
	raw, err := write((*buf)[:0])
	*buf = raw
	return len(raw), err
}

var bufs = sync.Pool{New: func() any { b := make([]byte, 0, 8<<10); return &b }}
