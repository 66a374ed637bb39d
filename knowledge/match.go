package knowledge

import (
	"math/bits"
	"sort"
	"strings"
	"sync"
	"unicode"
)

// Matcher resolves what users type to topics. It is built once from the
// curated topics and is safe for concurrent use (it is never modified).
type Matcher struct {
	topics []Topic
	byKey  map[matchKey]int // normalised alias → index into topics
	keys   []aliasKey       // every alias key, for suggestions
	// byFirst lists the keys Mentions finds anywhere in a text (not ASCII,
	// two characters or more) by their first character, as indexes into
	// keys: a text is then read once instead of searched for every key.
	byFirst map[rune][]int
	byWord  map[string][]int // the keys Mentions finds as whole words (ASCII), by key
	byKinds sync.Map         // kindsKey → []Topic (Topics)
}

type matchKey struct {
	kind TopicKind
	key  string
}

type aliasKey struct {
	key   string
	runes []rune // key as runes, for the edit distance
	topic int
	ascii bool   // matched as a whole word (Mentions); else anywhere, from two characters
	mask  uint64 // runeMask(runes): a bound on the edit distance, cheaply
}

// NewMatcher indexes topics by their normalised id, names and aliases.
func NewMatcher(topics []Topic) *Matcher {
	m := &Matcher{topics: topics, byKey: make(map[matchKey]int)}
	for i, t := range topics {
		names := append([]string{t.ID, t.Name.JA, t.Name.EN}, t.Aliases...)
		for _, n := range names {
			k := Normalize(n)
			if k == "" {
				continue
			}
			mk := matchKey{t.Kind, k}
			if _, dup := m.byKey[mk]; dup {
				continue
			}
			m.byKey[mk] = i
			rs := []rune(k)
			a := aliasKey{k, rs, i, isASCII(k), runeMask(rs)}
			if a.ascii {
				if m.byWord == nil {
					m.byWord = map[string][]int{}
				}
				m.byWord[k] = append(m.byWord[k], len(m.keys))
			}
			if !a.ascii && len(a.runes) >= 2 {
				if m.byFirst == nil {
					m.byFirst = map[rune][]int{}
				}
				m.byFirst[a.runes[0]] = append(m.byFirst[a.runes[0]], len(m.keys))
			}
			m.keys = append(m.keys, a)
		}
	}
	return m
}

// Topics returns the topics of the given kinds (all topics when none), in
// curated order.
func (m *Matcher) Topics(kinds ...TopicKind) []Topic {
	if len(kinds) == 0 {
		return m.topics[:len(m.topics):len(m.topics)] // shared: an append copies
	}
	// The commands ask for a few fixed sets of kinds: each set's list is
	// made once and shared like the whole one.
	var k kindsKey
	if len(kinds) <= len(k.kinds) {
		k.n = len(kinds)
		copy(k.kinds[:], kinds)
		if v, ok := m.byKinds.Load(k); ok {
			out := v.([]Topic)
			return out[:len(out):len(out)]
		}
	}
	out := m.topicsOf(kinds)
	if k.n > 0 {
		m.byKinds.Store(k, out)
	}
	return out[:len(out):len(out)]
}

// kindsKey is a set of kinds as Topics was asked for it, in order.
type kindsKey struct {
	kinds [4]TopicKind
	n     int
}

func (m *Matcher) topicsOf(kinds []TopicKind) []Topic {
	var out []Topic
	for _, t := range m.topics {
		if len(kinds) == 0 || hasKind(kinds, t.Kind) {
			out = append(out, t)
		}
	}
	return out
}

// Lookup finds the topic of one of kinds (tried in order) that term names.
func (m *Matcher) Lookup(term string, kinds ...TopicKind) (Topic, bool) {
	k := Normalize(term)
	if k == "" {
		return Topic{}, false
	}
	if len(kinds) == 0 {
		kinds = allKinds
	}
	for _, kind := range kinds {
		if i, ok := m.byKey[matchKey{kind, k}]; ok {
			return m.topics[i], true
		}
	}
	return Topic{}, false
}

// Suggest returns up to n topics of the given kinds whose names are closest
// to term: prefix and substring matches first, then by edit distance.
func (m *Matcher) Suggest(term string, n int, kinds ...TopicKind) []Topic {
	k := Normalize(term)
	q := []rune(k) // once, not per alias
	qm := runeMask(q)
	type scored struct {
		topic int
		score int
	}
	best := make([]int, len(m.topics)) // score+1 per topic; 0: no alias close enough
	for _, a := range m.keys {
		t := m.topics[a.topic]
		if len(kinds) > 0 && !hasKind(kinds, t.Kind) {
			continue
		}
		s := distanceScore(k, a.key, q, a.runes, qm, a.mask)
		if s < 0 {
			continue
		}
		if old := best[a.topic]; old == 0 || s+1 < old {
			best[a.topic] = s + 1
		}
	}
	var list []scored
	for i, s := range best {
		if s > 0 {
			list = append(list, scored{i, s - 1})
		}
	}
	sort.Slice(list, func(i, j int) bool {
		if list[i].score != list[j].score {
			return list[i].score < list[j].score
		}
		return list[i].topic < list[j].topic
	})
	var out []Topic
	for _, s := range list {
		if len(out) == n {
			break
		}
		out = append(out, m.topics[s.topic])
	}
	return out
}

// Mentions returns the topics a free text names: Japanese names anywhere in
// it (テックリードになるには names テックリード), other names as whole words.
func (m *Matcher) Mentions(text string) []Topic {
	norm := Normalize(text)
	// Words and runs of up to three words, joined as Normalize joins them
	// ("tech lead" → techlead, "ruby on rails" → rubyonrails).
	words := map[string]bool{}
	fields := strings.FieldsFunc(FoldText(text), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	norms := make([]string, len(fields))
	for i, f := range fields {
		norms[i] = Normalize(f) // once each, though up to three runs use it
	}
	for i := range norms {
		joined := ""
		for j := i; j < len(norms) && j < i+3; j++ {
			joined += norms[j]
			words[joined] = true
		}
	}
	// The keys found, in the keys' order, which decides the topics' order.
	found := make([]bool, len(m.keys))
	for w := range words {
		for _, k := range m.byWord[w] {
			found[k] = true
		}
	}
	for i, r := range norm {
		for _, k := range m.byFirst[r] {
			if !found[k] && strings.HasPrefix(norm[i:], m.keys[k].key) {
				found[k] = true
			}
		}
	}
	seen := make([]bool, len(m.topics))
	var out []Topic
	for i := range m.keys {
		a := &m.keys[i]
		if seen[a.topic] {
			continue
		}
		if found[i] {
			seen[a.topic] = true
			out = append(out, m.topics[a.topic])
		}
	}
	return out
}

// Complete returns up to n topics of the given kinds whose names start with
// or contain prefix, for autocomplete. An empty prefix lists the first n.
func (m *Matcher) Complete(prefix string, n int, kinds ...TopicKind) []Topic {
	k := Normalize(prefix)
	seen := map[int]bool{}
	var starts, contains []Topic
	for _, a := range m.keys {
		t := m.topics[a.topic]
		if seen[a.topic] || (len(kinds) > 0 && !hasKind(kinds, t.Kind)) {
			continue
		}
		switch {
		case strings.HasPrefix(a.key, k):
			seen[a.topic] = true
			starts = append(starts, t)
		case strings.Contains(a.key, k) && (len(k) >= 3 || !isASCII(k)):
			// Two Latin letters inside a word ("ru" in arubaito) are noise;
			// two kana inside a name (リー in テックリード) are not.
			seen[a.topic] = true
			contains = append(contains, t)
		}
	}
	sort.SliceStable(starts, func(i, j int) bool { return starts[i].Order < starts[j].Order })
	sort.SliceStable(contains, func(i, j int) bool { return contains[i].Order < contains[j].Order })
	out := append(starts, contains...)
	if len(out) > n {
		out = out[:n]
	}
	return out
}

// distanceScore ranks how close a user's key is to an alias key: lower is
// closer, -1 means too far to suggest.
func distanceScore(q, key string, qr, keyr []rune, qm, km uint64) int {
	if q == "" {
		return -1
	}
	if strings.HasPrefix(key, q) || strings.HasPrefix(q, key) {
		return 0
	}
	if strings.Contains(key, q) || strings.Contains(q, key) {
		return 1
	}
	kn := len(keyr)
	limit := kn/3 + 1
	if limit > 3 {
		limit = 3
	}
	// Lengths further apart than the limit are further apart in edits too:
	// no need to count them.
	if diff := len(qr) - kn; diff > limit || -diff > limit {
		return -1
	}
	// Each edit adds or removes at most one character on each side: more
	// characters than the limit that only one side has are too far too.
	if bits.OnesCount64(qm&^km) > limit || bits.OnesCount64(km&^qm) > limit {
		return -1
	}
	d := osaDistance(qr, keyr, limit)
	if d > limit {
		return -1
	}
	return 1 + d
}

// EditDistance is the edit distance between a and b in runes, counting an
// adjacent transposition as one edit (rials → rails), giving up (returning
// limit+1) once it must exceed limit. Strings over 40 runes count as too
// far: callers compare names, aliases and words, not text.
func EditDistance(a, b string, limit int) int {
	return osaDistance([]rune(a), []rune(b), limit)
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// allKinds is every topic kind, in the order an ambiguous name resolves
// (freelance is an employment type before it is a path).
var allKinds = []TopicKind{TopicLanguage, TopicAge, TopicEmployment, TopicRole, TopicPath, TopicSkill}

func hasKind(kinds []TopicKind, k TopicKind) bool {
	for _, x := range kinds {
		if x == k {
			return true
		}
	}
	return false
}
