package jsontext

import (
	"bytes"
	"encoding/json"
	"math/rand/v2"
	"testing"
)

// AppendString writes strings exactly as encoding/json does: every byte
// alone, text with the characters it escapes, and random strings that mix
// them with Japanese, emoji and invalid UTF-8.
func TestAppendString(t *testing.T) {
	check := func(s string) {
		t.Helper()
		want, _ := json.Marshal(s)
		if got := AppendString(nil, s); !bytes.Equal(got, want) {
			t.Fatalf("AppendString(%q) = %s, want %s", s, got, want)
		}
	}
	for b := 0; b < 256; b++ {
		check(string([]byte{byte(b)}))
		check("x" + string([]byte{byte(b)}) + "年")
	}
	for _, s := range []string{"", "年収\u2028957万円\u2029", "<@U1> & <!channel>", "\x7f\x00\t\n\r\b\f\"\\", "\xe2\x80", "\xe2\x80\xa8x", "😀\xf0\x9f"} {
		check(s)
	}
	pieces := []string{"a", "<", ">", "&", "\"", "\\", "\n", "\x01", "\x7f", "年", "収", "😀", "\u2028", "\u2029", "\u2027", "\xe2", "\x80", "\xa8", "\xff", "\xed\xa0\x80", "é", "\xe0\x80\x80", "\xe0\xa0\x80", "\xed\x9f\xbf", "\xf4\x90\x80\x80", "\xf0\x9f\x98", "\xc0\xaf", "\xc2", "\xc2\x80", "\xdf\xbf", "\xef\xbf\xbf", "\u00a0", "\xe3", "\xef\xbf", "\xe3\x81", "\xee\x80\x80"}
	r := rand.New(rand.NewPCG(1, 2))
	for range 50_000 {
		var b []byte
		for range r.IntN(12) {
			b = append(b, pieces[r.IntN(len(pieces))]...)
		}
		check(string(b))
	}
}

func BenchmarkAppendString(b *testing.B) {
	s := "フリーランスGo言語エンジニアの平均年収: 957万円/年 · 平均 · 2025 · PR TIMES。求人の提示額で、実際の収入ではない (<b> & \"x\")"
	b.SetBytes(int64(len(s)))
	b.Run("encoding/json", func(b *testing.B) {
		for b.Loop() {
			_, _ = json.Marshal(s)
		}
	})
	b.Run("AppendString", func(b *testing.B) {
		buf := make([]byte, 0, 1024)
		for b.Loop() {
			buf = AppendString(buf[:0], s)
		}
	})
}
