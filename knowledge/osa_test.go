package knowledge

import (
	"math/rand"
	"testing"
)

func refOSA(a, b []rune) int {
	d := make([][]int, len(a)+1)
	for i := range d {
		d[i] = make([]int, len(b)+1)
		d[i][0] = i
	}
	for j := range d[0] {
		d[0][j] = j
	}
	for i := 1; i <= len(a); i++ {
		for j := 1; j <= len(b); j++ {
			c := 1
			if a[i-1] == b[j-1] {
				c = 0
			}
			d[i][j] = min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+c)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				d[i][j] = min(d[i][j], d[i-2][j-2]+1)
			}
		}
	}
	return d[len(a)][len(b)]
}

// TestOSADistanceBanded holds the banded distance to the full table on
// random short strings, with every limit a caller uses.
func TestOSADistanceBanded(t *testing.T) {
	r := rand.New(rand.NewSource(1))
	alpha := []rune("abcあい")
	gen := func() []rune {
		n := r.Intn(12)
		s := make([]rune, n)
		for i := range s {
			s[i] = alpha[r.Intn(len(alpha))]
		}
		return s
	}
	for k := 0; k < 50000; k++ {
		a, b := gen(), gen()
		if r.Intn(3) == 0 {
			b = append([]rune(nil), a...)
			if len(b) > 1 {
				i := r.Intn(len(b) - 1)
				b[i], b[i+1] = b[i+1], b[i]
			}
		}
		for max := 0; max <= 5; max++ {
			want := refOSA(a, b)
			if want > max {
				want = max + 1
			}
			if got := osaDistance(a, b, max); got != want {
				t.Fatalf("osaDistance(%q, %q, %d) = %d, want %d", string(a), string(b), max, got, want)
			}
		}
	}
}
