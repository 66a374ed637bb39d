package knowledge

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

type tokKind uint8

const (
	tUnknown tokKind = iota
	tTopic
	tWord
	tMoney
	tLevel
	tAge
)

// qtok is one piece of the query: units u[s:e].
type qtok struct {
	kind  tokKind
	s, e  int
	entry int32 // tTopic, tWord: index into entries
	topic int   // tAge: index into m.topics, -1 when no band
	level int
	fuzzy bool
	th    [2]Threshold // tMoney
	n     int8
}

// Parse reads text into a Query. It never fails: what it does not understand
// is in Ignored, what contradicts itself in Problems. Japanese needs no
// spaces: names are found by longest match over the folded text
// (フロントエンド派遣, go言語フリーランス), Latin names only as whole words.
// Amounts are in yen whatever the period (see Threshold).
func (p *QueryParser) Parse(text string) Query {
	if !utf8.ValidString(text) {
		// Drop invalid bytes first, as FoldText does: NFKC may then compose
		// the characters on either side of them.
		text = strings.ToValidUTF8(text, "")
	}
	sc := p.pool.Get().(*qscratch)
	defer p.pool.Put(sc)
	u, stop := foldInto(sc.units[:0], text, MaxQueryRunes)
	sc.units = u
	q := Query{Text: text[:stop]}
	if stop < len(text) {
		q.Problems = append(q.Problems, QueryProblem{Kind: ProblemTooLong, Max: MaxQueryRunes})
	}
	toks := sc.toks[:0]
	for i := 0; i < len(u); {
		if t, ok := p.scanLevel(u, i); ok {
			toks = append(toks, t)
			i = t.e
			continue
		}
		if m, ok := p.best(u, i, sc); ok {
			t := qtok{kind: tWord, s: i, e: m.end, entry: m.entry}
			if len(p.entries[m.entry].topics) > 0 {
				t.kind = tTopic
			}
			toks = append(toks, t)
			i = m.end
			continue
		}
		if t, ok := p.scanAmount(u, i); ok {
			toks = append(toks, t)
			i = t.e
			continue
		}
		r := u[i].r
		if !isWordRune(r) {
			i++ // punctuation, symbols, emoji, spaces: boundaries only
			continue
		}
		j := i + 1
		if isASCIIAlnum(r) {
			for j < len(u) && (isASCIIAlnum(u[j].r) || (u[j].r == '\'' || u[j].r == '’') && j+1 < len(u) && isASCIIAlnum(u[j+1].r)) {
				j++
			}
		}
		for j < len(u) && unicode.IsMark(u[j].r) {
			j++
		}
		toks = append(toks, qtok{kind: tUnknown, s: i, e: j})
		i = j
	}
	sc.toks = toks
	// The topics and mentions grow in the scratch buffers, then are copied
	// once at their size: they are large structs.
	q.Topics, q.Mentions = sc.topics[:0], sc.mentions[:0]
	p.resolve(&q, u, toks)
	sc.topics, sc.mentions = q.Topics[:0], q.Mentions[:0]
	q.Topics, q.Mentions = exact(q.Topics), exact(q.Mentions)
	return q
}

// exact is a copy of s with no spare room, or nil when s is empty.
func exact[T any](s []T) []T {
	if len(s) == 0 {
		return nil
	}
	return append(make([]T, 0, len(s)), s...)
}

// particle reports whether t is a one-kana particle (の, は, と): filler only
// next to understood words, otherwise part of an unknown word (ものづくり).
func (p *QueryParser) particle(t qtok) bool {
	if t.kind != tWord {
		return false
	}
	e := p.entries[t.entry]
	return e.word.kind == wParticle || (e.word.kind == wAnd && !isASCII(e.key))
}

func (p *QueryParser) resolve(q *Query, u []qunit, toks []qtok) {
	understood := func(t qtok) bool { return t.kind != tUnknown && !p.particle(t) }
	for k := range toks {
		t := &toks[k]
		if !p.particle(*t) {
			continue
		}
		leftEdge := k == 0 || toks[k-1].e < t.s
		rightEdge := k == len(toks)-1 || toks[k+1].s > t.e
		if !(leftEdge && rightEdge) && !(!leftEdge && understood(toks[k-1])) && !(!rightEdge && understood(toks[k+1])) {
			t.kind = tUnknown
		}
	}
	// Unknown pieces that touch are one word.
	out := toks[:0]
	for _, t := range toks {
		if n := len(out); t.kind == tUnknown && n > 0 && out[n-1].kind == tUnknown && out[n-1].e == t.s {
			out[n-1].e = t.e
			continue
		}
		out = append(out, t)
	}
	toks = out
	anyTopic := false
	for k := range toks {
		t := &toks[k]
		if t.kind == tUnknown && t.e-t.s <= 40 {
			var buf [40]rune
			w := buf[:0]
			for _, x := range u[t.s:t.e] {
				w = append(w, x.r)
			}
			if e := p.fuzzyFind(w); e >= 0 {
				t.entry, t.fuzzy, t.kind = e, true, tWord
				if len(p.entries[e].topics) > 0 {
					t.kind = tTopic
				}
			}
		}
		anyTopic = anyTopic || t.kind == tTopic || (t.kind == tAge && t.topic >= 0)
	}
	text := q.Text
	strong, weak, per := IntentNone, IntentNone, PerAny
	for k, t := range toks {
		switch t.kind {
		case tTopic:
			e := p.entries[t.entry]
			if e.key == "言語" && k > 0 && p.kindOf(toks[k-1]) == TopicLanguage {
				continue // Go 言語
			}
			p.mention(q, orig(text, u, t.s, t.e), e.topics, t.fuzzy)
		case tAge:
			if t.topic < 0 {
				q.Problems = append(q.Problems, QueryProblem{Kind: ProblemNoAgeBand, Text: orig(text, u, t.s, t.e)})
				continue
			}
			p.mention(q, orig(text, u, t.s, t.e), []int{t.topic}, false)
		case tLevel:
			top := p.opt.MaxLevel
			if top == 0 {
				top = 99
			}
			switch {
			case t.level < 1 || t.level > top:
				q.Problems = append(q.Problems, QueryProblem{Kind: ProblemLevelRange, Text: orig(text, u, t.s, t.e), Level: t.level, Max: p.opt.MaxLevel})
			case q.Level == 0:
				q.Level = t.level
			case q.Level != t.level:
				q.Problems = append(q.Problems, QueryProblem{Kind: ProblemLevelTwice, Text: orig(text, u, t.s, t.e), Level: t.level})
			}
		case tMoney:
			s := t.s
			if k > 0 && toks[k-1].kind == tWord && p.entries[toks[k-1].entry].word.kind == wOp {
				s = toks[k-1].s
				if op := p.entries[toks[k-1].entry].word.op; t.n == 1 && t.th[0].Op == About {
					t.th[0].Op = op // over 800k
				}
			}
			for _, th := range t.th[:t.n] {
				th.Text = orig(text, u, s, t.e)
				if th.Yen <= 0 {
					q.Problems = append(q.Problems, QueryProblem{Kind: ProblemAmount, Text: th.Text})
					continue
				}
				q.Money = append(q.Money, th)
			}
		case tWord:
			w := p.entries[t.entry].word
			switch w.kind {
			case wIntent:
				if w.per != PerAny && per == PerAny {
					per = w.per
				}
				if w.weak && weak == IntentNone {
					weak = w.intent
				} else if !w.weak && strong == IntentNone {
					strong = w.intent
				}
			case wCompare:
				q.Compare = true
			case wAnd:
				if k > 0 && k+1 < len(toks) {
					a, b := p.kindOf(toks[k-1]), p.kindOf(toks[k+1])
					q.Compare = q.Compare || (a != "" && a == b && p.topicOf(toks[k-1]) != p.topicOf(toks[k+1]))
				}
			case wOp:
				if (k+1 >= len(toks) || toks[k+1].kind != tMoney) && w.op != About && !w.weak {
					q.Ignored = append(q.Ignored, orig(text, u, t.s, t.e))
				}
			case wSuffix:
				if !anyTopic {
					q.Ignored = append(q.Ignored, orig(text, u, t.s, t.e))
				}
			case wBetween:
				// between 60万 and 80万: the amounts were read as "about".
				if k+3 < len(toks) && toks[k+1].kind == tMoney && toks[k+3].kind == tMoney && toks[k+1].n == 1 && toks[k+3].n == 1 &&
					toks[k+2].kind == tWord && p.entries[toks[k+2].entry].word.kind == wAnd {
					toks[k+1].th[0].Op, toks[k+3].th[0].Op = AtLeast, AtMost
				} else {
					q.Ignored = append(q.Ignored, orig(text, u, t.s, t.e))
				}
			case wLevel:
				if weak == IntentNone {
					weak = IntentSkills
				}
			}
		case tUnknown:
			q.Ignored = append(q.Ignored, orig(text, u, t.s, t.e))
		}
	}
	q.Per = per
	p.checkMoney(q, per)
	switch {
	case strong != IntentNone:
		q.Intent = strong
	case weak != IntentNone:
		q.Intent = weak
	case q.Compare:
		q.Intent = IntentCompare
	}
	if len(q.Ignored) > MaxIgnored {
		q.Ignored = q.Ignored[:MaxIgnored]
		q.Problems = append(q.Problems, QueryProblem{Kind: ProblemTooManyIgnored, Max: MaxIgnored})
	}
}

// checkMoney gives amounts the period their pay word says (月収80万以上)
// and reports a range nothing satisfies.
func (p *QueryParser) checkMoney(q *Query, per Period) {
	lo, hi := -1, -1
	for k := range q.Money {
		t := &q.Money[k]
		if t.Per == PerAny {
			t.Per = per
		}
		if t.Op == AtLeast && (lo < 0 || t.Yen > q.Money[lo].Yen) {
			lo = k
		}
		if t.Op == AtMost && (hi < 0 || t.Yen < q.Money[hi].Yen) {
			hi = k
		}
	}
	if lo >= 0 && hi >= 0 && q.Money[lo].Yen > q.Money[hi].Yen {
		text := q.Money[lo].Text
		if q.Money[hi].Text != text {
			text += " " + q.Money[hi].Text
		}
		q.Problems = append(q.Problems, QueryProblem{Kind: ProblemEmptyRange, Text: text})
	}
}

// kindOf is the kind of the topic a token names first, "" for other tokens.
func (p *QueryParser) kindOf(t qtok) TopicKind {
	switch {
	case t.kind == tTopic:
		return p.m.topics[p.entries[t.entry].topics[0]].Kind
	case t.kind == tAge && t.topic >= 0:
		return TopicAge
	}
	return ""
}

// topicOf is the index of the topic a token names first, -1 for other tokens.
func (p *QueryParser) topicOf(t qtok) int {
	switch {
	case t.kind == tTopic:
		return p.entries[t.entry].topics[0]
	case t.kind == tAge:
		return t.topic
	}
	return -1
}

func (p *QueryParser) mention(q *Query, text string, topics []int, fuzzy bool) {
	first := p.m.topics[topics[0]]
	if containsTopic(q.Topics, first) {
		return
	}
	var readings []Topic
	if len(topics) == 1 {
		// Most words have one reading: the matcher's own element, capped
		// so that an append copies.
		i := topics[0]
		readings = p.m.topics[i : i+1 : i+1]
	} else {
		readings = make([]Topic, len(topics))
		for k, i := range topics {
			readings[k] = p.m.topics[i]
		}
	}
	q.Topics = append(q.Topics, first)
	q.Mentions = append(q.Mentions, Mention{Text: text, Readings: readings, Fuzzy: fuzzy})
}

// orig is the input behind units u[s:e], as typed, with control characters
// and invalid bytes left out.
func orig(text string, u []qunit, s, e int) string {
	str := text[u[s].s:u[e-1].e]
	for _, r := range str {
		if r == utf8.RuneError || unicode.IsControl(r) {
			return strings.Map(func(r rune) rune {
				if r == utf8.RuneError || unicode.IsControl(r) {
					return -1
				}
				return r
			}, strings.ToValidUTF8(str, ""))
		}
	}
	return str
}
