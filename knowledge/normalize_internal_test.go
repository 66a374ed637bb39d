package knowledge

import "testing"

// TestNormalizeASCII holds the ASCII fast path to the general one on every
// printable and control ASCII character, alone and among letters.
func TestNormalizeASCII(t *testing.T) {
	var inputs []string
	for c := 0; c < 0x80; c++ {
		inputs = append(inputs, string(rune(c)), "Go"+string(rune(c))+"Lang", " A"+string(rune(c)))
	}
	inputs = append(inputs, "Ruby on Rails", "node.js", "TECH-LEAD", "ci/cd", "level 3", "100man", "", "   ")
	for _, in := range inputs {
		fast, ok := normalizeASCII(in)
		if !ok {
			t.Fatalf("normalizeASCII(%q) refused ASCII", in)
		}
		if slow := normalizeUnicode(in); fast != slow {
			t.Errorf("normalizeASCII(%q) = %q, the general path gives %q", in, fast, slow)
		}
	}
	if _, ok := normalizeASCII("ＧＯ"); ok {
		t.Error("normalizeASCII took full-width text")
	}
}
