package knowledge

import (
	"math/bits"
	"strconv"
	"sync"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// QueryParser turns argument text into a Query against one Matcher's topics.
// Build it once per Matcher (it indexes every name, alias and vocabulary word
// in a trie); it is immutable and safe for concurrent use.
type QueryParser struct {
	m       *Matcher
	opt     QueryOptions
	edges   map[uint64]int32 // node<<32 | rune → child node
	nodes   []qnode
	entries []qentry
	fuzzy   []fuzzyKey
	decades map[int]int // age decade (30) → index into m.topics
	pool    sync.Pool   // *qscratch
}

type qnode struct {
	entry int32 // index into entries; -1 when no name ends here
	sepOK bool  // a separator may come before this node's rune ("tech lead", "node.js")
}

type qentry struct {
	key    string
	topics []int // indices into m.topics, in the order Lookup resolves kinds
	word   word  // when topics is empty
}

type fuzzyKey struct {
	runes []rune
	mask  uint64 // runeMask(runes)
	entry int32
	ascii bool
}

// runeMask is the set of runes in w, hashed to 64 bits. Every edit removes at
// most one rune from either word's set, so the sets' difference bounds the
// edit distance from below: most names are ruled out without computing it.
func runeMask(w []rune) uint64 {
	var m uint64
	for _, r := range w {
		m |= 1 << (uint32(r) % 64)
	}
	return m
}

// qunit is one folded rune and the bytes of the input it came from (several
// runes share the bytes of a character NFKC expands, like ㍿).
type qunit struct {
	r    rune
	s, e int32
}

type qscratch struct {
	units    []qunit
	toks     []qtok
	matches  []qmatch
	topics   []Topic
	mentions []Mention
}

type qmatch struct {
	end   int
	entry int32
}

// NewQueryParser indexes m's topic names and the query vocabulary.
func NewQueryParser(m *Matcher, opt QueryOptions) *QueryParser {
	p := &QueryParser{m: m, opt: opt, edges: map[uint64]int32{}, nodes: []qnode{{entry: -1}}, decades: map[int]int{}}
	p.pool.New = func() any { return &qscratch{} }
	for _, kind := range allKinds {
		for i, t := range m.topics {
			if t.Kind != kind {
				continue
			}
			for _, n := range append([]string{t.ID, t.Name.JA, t.Name.EN}, t.Aliases...) {
				e := p.add(n, true)
				if e >= 0 && !containsInt(p.entries[e].topics, i) {
					p.entries[e].topics = append(p.entries[e].topics, i)
				}
			}
			if kind == TopicAge {
				if d, err := strconv.Atoi(t.ID[:len(t.ID)-1]); err == nil && len(t.ID) > 1 && t.ID[len(t.ID)-1] == 's' {
					p.decades[d] = i
				}
			}
		}
	}
	for _, wl := range queryWords {
		for _, w := range wl.words {
			if e := p.add(w, false); e >= 0 && len(p.entries[e].topics) == 0 && p.entries[e].word.kind == 0 {
				p.entries[e].word = wl.w
			}
		}
	}
	for i, e := range p.entries {
		rs := []rune(e.key)
		isWord := len(e.topics) == 0
		if isWord && (e.word.kind != wIntent || len(rs) < 5) {
			continue // only topics and intent words are worth reading typos as
		}
		if len(rs) >= 4 {
			p.fuzzy = append(p.fuzzy, fuzzyKey{runes: rs, mask: runeMask(rs), entry: int32(i), ascii: isASCII(e.key)})
		}
	}
	return p
}

// add puts name in the trie and returns its entry, or -1 for a name that
// folds to nothing or to one non-Latin character (which would match inside
// any word).
func (p *QueryParser) add(name string, topic bool) int32 {
	units, _ := foldInto(nil, name, 200)
	var key []rune
	var seps []bool
	pending := false
	for _, u := range units {
		if isQuerySep(u.r) {
			pending = len(key) > 0
			continue
		}
		key = append(key, u.r)
		seps = append(seps, pending)
		pending = false
	}
	if len(key) == 0 || (topic && len(key) == 1 && key[0] >= utf8.RuneSelf) {
		return -1
	}
	node := int32(0)
	for k, r := range key {
		id := uint64(node)<<32 | uint64(uint32(r))
		child, ok := p.edges[id]
		if !ok {
			child = int32(len(p.nodes))
			p.nodes = append(p.nodes, qnode{entry: -1})
			p.edges[id] = child
		}
		if seps[k] {
			p.nodes[child].sepOK = true
		}
		node = child
	}
	if e := p.nodes[node].entry; e >= 0 {
		return e
	}
	p.entries = append(p.entries, qentry{key: string(key)})
	p.nodes[node].entry = int32(len(p.entries) - 1)
	return p.nodes[node].entry
}

func (p *QueryParser) child(node int32, r rune) (int32, bool) {
	c, ok := p.edges[uint64(node)<<32|uint64(uint32(r))]
	return c, ok
}

// walk appends every name that starts at u[i], shortest first. Separators
// inside a name are skipped where a curated name has one.
func (p *QueryParser) walk(u []qunit, i int, out []qmatch) []qmatch {
	node := int32(0)
	for j := i; j < len(u); {
		r := u[j].r
		if isQuerySep(r) {
			if j == i {
				return out
			}
			k := j
			for k < len(u) && isQuerySep(u[k].r) {
				k++
			}
			if k == len(u) {
				return out
			}
			c, ok := p.child(node, u[k].r)
			if !ok || !p.nodes[c].sepOK {
				return out
			}
			node, j = c, k+1
		} else {
			c, ok := p.child(node, r)
			if !ok {
				return out
			}
			node, j = c, j+1
		}
		if e := p.nodes[node].entry; e >= 0 {
			out = append(out, qmatch{end: j, entry: e})
		}
	}
	return out
}

// best returns the longest name at u[i] that stands as a word: Latin names
// not inside a Latin word ('go' is not in 'google'), and katakana names not
// cut off inside a katakana word unless another name follows (フロント|エンジニア
// but not フリー|ランサー).
func (p *QueryParser) best(u []qunit, i int, sc *qscratch) (qmatch, bool) {
	sc.matches = p.walk(u, i, sc.matches[:0])
	if len(sc.matches) == 0 {
		return qmatch{}, false
	}
	if isASCIIAlnum(u[i].r) && i > 0 && isASCIIAlnum(u[i-1].r) {
		return qmatch{}, false
	}
	for k := len(sc.matches) - 1; k >= 0; k-- {
		m := sc.matches[k]
		last := u[m.end-1].r
		if m.end < len(u) {
			next := u[m.end].r
			if isASCIIAlnum(last) && isASCIIAlnum(next) {
				continue
			}
			if isKatakana(last) && isKatakana(next) && !p.startsName(u, m.end) {
				continue
			}
		}
		return m, true
	}
	return qmatch{}, false
}

func (p *QueryParser) startsName(u []qunit, i int) bool {
	node := int32(0)
	for j := i; j < len(u); j++ {
		c, ok := p.child(node, u[j].r)
		if !ok {
			return false
		}
		node = c
		if p.nodes[node].entry >= 0 {
			return true
		}
	}
	return false
}

// fuzzyFind reads an unknown word as a typo of a topic name or intent word:
// one edit for words of five letters (four kana), two from seven (six); a
// tie between different entries reads as nothing.
func (p *QueryParser) fuzzyFind(w []rune) int32 {
	ascii := true
	for _, r := range w {
		if r >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	n, limit := len(w), 0
	switch {
	case ascii && n >= 7, !ascii && n >= 6:
		limit = 2
	case ascii && n >= 5, !ascii && n >= 4:
		limit = 1
	default:
		return -1
	}
	if n > 40 {
		return -1
	}
	best, bestD, tie := int32(-1), limit+1, false
	mask := runeMask(w)
	for _, k := range p.fuzzy {
		if k.ascii != ascii || absInt(len(k.runes)-n) > limit ||
			bits.OnesCount64(mask&^k.mask) > limit || bits.OnesCount64(k.mask&^mask) > limit {
			continue
		}
		d := osaDistance(w, k.runes, limit)
		switch {
		case d < bestD:
			best, bestD, tie = k.entry, d, false
		case d == bestD && best >= 0 && !sameReading(p.entries[best], p.entries[k.entry]):
			tie = true
		}
	}
	if tie {
		return -1
	}
	return best
}

func sameReading(a, b qentry) bool {
	if len(a.topics) > 0 && len(b.topics) > 0 {
		return a.topics[0] == b.topics[0]
	}
	return len(a.topics) == 0 && len(b.topics) == 0 && a.word == b.word
}

// osaDistance is EditDistance on runes (optimal string alignment: adjacent
// transpositions count as one edit), giving up past max. It allocates
// nothing, so the query parser can call it per word.
func osaDistance(a, b []rune, max int) int {
	if len(a) > 40 || len(b) > 40 {
		return max + 1
	}
	if d := len(a) - len(b); d > max || -d > max {
		return max + 1
	}
	// Only the cells within max of the diagonal can stay within max
	// (Ukkonen's band): the others are taken as max+1.
	far := max + 1
	var rows [3][42]int
	prev2, prev, cur := &rows[0], &rows[1], &rows[2]
	for j := 0; j <= len(b); j++ {
		prev[j] = j
		prev2[j] = far
		if j > max {
			prev[j] = far
		}
	}
	for i := 1; i <= len(a); i++ {
		lo, hi := i-max, i+max
		if lo < 1 {
			lo = 1
		}
		if hi > len(b) {
			hi = len(b)
		}
		if lo == 1 {
			cur[0] = i
		} else {
			cur[lo-1] = far
		}
		rowMin := cur[lo-1]
		for j := lo; j <= hi; j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			v := min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				v = min(v, prev2[j-2]+1)
			}
			cur[j] = min(v, far)
			rowMin = min(rowMin, cur[j])
		}
		if hi+1 <= len(b) {
			cur[hi+1] = far
		}
		if rowMin > max {
			return max + 1
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return min(prev[len(b)], far)
}

// foldInto appends the folded runes of s (NFKC and case folding, as
// Normalize does, control characters as spaces) with the bytes each came
// from, reading at most max runes; stop is the byte where it stopped
// (len(s) when it read everything).
func foldInto(dst []qunit, s string, max int) (out []qunit, stop int) {
	runes := 0
	for i := 0; i < len(s); {
		if runes >= max {
			return dst, i
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size <= 1 {
			i++
			continue
		}
		runes++
		// Fast path: ASCII and common Japanese followed by the same are
		// their own normalisation segments and fold to themselves (ASCII
		// to lower case).
		if r < utf8.RuneSelf || stableRune(r) {
			nextOK := i+size >= len(s) || s[i+size] < utf8.RuneSelf
			if !nextOK {
				r2, _ := utf8.DecodeRuneInString(s[i+size:])
				nextOK = stableRune(r2)
			}
			if nextOK {
				if 'A' <= r && r <= 'Z' {
					r += 'a' - 'A'
				}
				dst = appendUnit(dst, r, i, i+size)
				i += size
				continue
			}
		}
		n := norm.NFKC.NextBoundaryInString(s[i:], true)
		if n <= 0 {
			n = size
		}
		seg := s[i : i+n]
		runes += utf8.RuneCountInString(seg) - 1
		for _, fr := range nfkcFold(seg) {
			dst = appendUnit(dst, fr, i, i+n)
		}
		i += n
	}
	return dst, len(s)
}

func appendUnit(dst []qunit, r rune, s, e int) []qunit {
	switch {
	case r == utf8.RuneError:
		return dst
	case unicode.IsControl(r) || unicode.IsSpace(r):
		r = ' '
	}
	return append(dst, qunit{r: r, s: int32(s), e: int32(e)})
}

// stableRune: hiragana, katakana, the long-vowel mark, common kanji and 、。
// are unchanged by NFKC and case folding.
func stableRune(r rune) bool {
	return (r >= 0x3041 && r <= 0x3096) || (r >= 0x30A1 && r <= 0x30FA) || r == 0x30FC ||
		(r >= 0x4E00 && r <= 0x9FFF) || r == 0x3001 || r == 0x3002
}

// isQuerySep: the separators Normalize removes from names.
func isQuerySep(r rune) bool {
	return r == ' ' || r == '-' || r == '_' || r == '.' || r == '・' || r == '/'
}

func isASCIIAlnum(r rune) bool {
	return ('a' <= r && r <= 'z') || ('0' <= r && r <= '9') || ('A' <= r && r <= 'Z')
}

func isDigit(r rune) bool { return '0' <= r && r <= '9' }

func isKatakana(r rune) bool { return (r >= 0x30A1 && r <= 0x30FA) || r == 0x30FC }

func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r)
}

func containsInt(xs []int, x int) bool {
	for _, v := range xs {
		if v == x {
			return true
		}
	}
	return false
}

func absInt(x int) int {
	if x < 0 {
		return -x
	}
	return x
}
