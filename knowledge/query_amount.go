package knowledge

import "unicode/utf8"

// Amounts, levels and ages in a query. They are read before the scanner
// falls back to unknown words; each returns the token and true only when the
// text at u[i] is one.

// cursor reads folded runes.
type cursor struct {
	u []qunit
	j int
}

func (c *cursor) peek() rune {
	if c.j < len(c.u) {
		return c.u[c.j].r
	}
	return 0
}

func (c *cursor) spaces() {
	for c.j < len(c.u) && c.u[c.j].r == ' ' {
		c.j++
	}
}

// lit consumes s (already folded) at the cursor; a Latin s must end a word.
func (c *cursor) lit(s string) bool {
	j := c.j
	last := rune(0)
	for _, r := range s {
		if j >= len(c.u) || c.u[j].r != r {
			return false
		}
		last = r
		j++
	}
	if last < utf8.RuneSelf && isASCIIAlnum(last) && j < len(c.u) && isASCIIAlnum(c.u[j].r) {
		return false
	}
	c.j = j
	return true
}

func (c *cursor) anyLit(ss ...string) (int, bool) {
	for k, s := range ss {
		if c.lit(s) {
			return k, true
		}
	}
	return -1, false
}

// number reads ASCII digits with thousands commas and a decimal part.
func (c *cursor) number() (v float64, digits int, ok bool) {
loop:
	for c.j < len(c.u) {
		r := c.peek()
		switch {
		case isDigit(r):
			v = v*10 + float64(r-'0')
			digits++
			c.j++
		case r == ',' && digits > 0 && c.digitsAhead(1) == 3:
			c.j++
		case r == '.' && digits > 0 && c.digitsAhead(1) > 0:
			c.j++
			scale := 0.1
			for c.j < len(c.u) && isDigit(c.peek()) {
				v += float64(c.peek()-'0') * scale
				scale /= 10
				c.j++
			}
			break loop
		default:
			break loop
		}
	}
	return v, digits, digits > 0
}

func (c *cursor) digitsAhead(off int) int {
	n := 0
	for k := c.j + off; k < len(c.u) && isDigit(c.u[k].r); k++ {
		n++
	}
	return n
}

// multiplier reads 万, 千, 億, k, million, m (¥1.2M) and 千万.
func (c *cursor) multiplier() float64 {
	save := c.j
	c.spaces()
	m := 0.0
	switch k, _ := c.anyLit("千万", "万", "千", "億", "k", "million", "mil", "m"); k {
	case 0:
		m = 1e7
	case 1:
		m = 1e4
	case 2:
		m = 1e3
	case 3:
		m = 1e8
	case 4:
		m = 1e3
	case 5, 6, 7:
		m = 1e6
	default:
		c.j = save
	}
	return m
}

func (c *cursor) yen() bool {
	save := c.j
	c.spaces()
	if _, ok := c.anyLit("円", "yen", "jpy"); ok {
		return true
	}
	c.j = save
	return false
}

func (c *cursor) period() Period {
	save := c.j
	c.spaces()
	pers := []Period{PerMonth, PerMonth, PerMonth, PerMonth, PerMonth, PerMonth, PerYear, PerYear, PerYear, PerYear, PerYear, PerYear, PerHour, PerHour, PerHour, PerHour, PerHour, PerHour}
	if k, ok := c.anyLit("/月", "/month", "/mo", "per month", "a month", "monthly",
		"/年", "/year", "/yr", "per year", "a year", "annually",
		"/時間", "/時", "/hour", "/h", "per hour", "an hour"); ok {
		return pers[k]
	}
	c.j = save
	return PerAny
}

// scanAmount reads money (80万円以上, >=90万, ¥900k+, 80〜100万, over is a
// word before it) or an age (35歳, 35 years old).
func (p *QueryParser) scanAmount(u []qunit, i int) (qtok, bool) {
	r := u[i].r
	if r == 'a' {
		return p.scanAgeWord(u, i)
	}
	if !isDigit(r) && r != '-' && r != '−' && r != '¥' && r != '>' && r != '<' && r != '≥' && r != '≤' &&
		r != '≧' && r != '≦' && r != '〜' && r != '~' && r != '月' && r != '年' {
		return qtok{}, false
	}
	if i > 0 && isASCIIAlnum(u[i-1].r) {
		return qtok{}, false
	}
	c := cursor{u: u, j: i}
	t := qtok{kind: tMoney, s: i}
	per := PerAny
	if k, ok := c.anyLit("月額", "月", "年間", "年"); ok {
		per = []Period{PerMonth, PerMonth, PerYear, PerYear}[k]
	}
	op := ThresholdOp(0)
	if k, ok := c.anyLit(">=", "=>", "≥", "≧", ">", "<=", "=<", "≤", "≦", "<", "〜", "~"); ok {
		op = []ThresholdOp{AtLeast, AtLeast, AtLeast, AtLeast, AtLeast, AtMost, AtMost, AtMost, AtMost, AtMost, AtMost, AtMost}[k]
		c.spaces()
	}
	neg := false
	if c.peek() == '-' || c.peek() == '−' {
		neg = true
		c.j++
	}
	sign := c.lit("¥")
	if sign {
		c.spaces()
	}
	v1, d1, ok := c.number()
	if !ok {
		return qtok{}, false
	}
	m1 := c.multiplier()
	y1 := c.yen()
	if !neg && !sign && m1 == 0 && !y1 && op == 0 && per == PerAny {
		if age, ok := p.scanAge(&c, v1, d1); ok {
			age.s = i
			return age, true
		}
	}
	// A range: 80〜100万, 80万から100万円, 80-100万.
	v2, d2, m2, y2, isRange := 0.0, 0, 0.0, false, false
	save := c.j
	c.spaces()
	if _, ok := c.anyLit("〜", "~", "-", "–", "から", "to"); ok {
		c.spaces()
		c.lit("¥")
		if v, d, ok := c.number(); ok {
			v2, d2, isRange = v, d, true
			m2 = c.multiplier()
			y2 = c.yen()
		}
	}
	if !isRange {
		c.j = save
	}
	if !sign && m1 == 0 && !y1 && m2 == 0 && !y2 {
		return qtok{}, false // a bare number: not money
	}
	if m1 == 0 && m2 != 0 && isRange {
		m1 = m2 // 80〜100万: both in 万
	}
	if m1 == 0 {
		m1 = 1
	}
	if m2 == 0 {
		m2 = m1
	}
	if p2 := c.period(); p2 != PerAny {
		per = p2
	}
	if !isRange {
		save := c.j
		c.spaces()
		// Not over/under: in "over 1m under 500k" they refine the amount after them.
		k, ok := c.anyLit("以上", "超", "より上", "より多い", "オーバー", "から", "〜", "~", "+",
			"以下", "未満", "まで", "以内", "より下", "より少ない",
			"くらい", "ぐらい", "程度", "前後", "位", "ほど")
		switch {
		case !ok:
			c.j = save
		case k < 9:
			op = AtLeast
		case k < 15:
			op = AtMost
		default:
			op = About
		}
	}
	if op == 0 {
		op = About
	}
	t.e = c.j
	v1 *= m1
	if neg {
		v1 = -v1
	}
	if isRange {
		t.th[0] = Threshold{Op: AtLeast, Yen: clampYen(v1, d1), Per: per}
		t.th[1] = Threshold{Op: AtMost, Yen: clampYen(v2*m2, d2), Per: per}
		t.n = 2
	} else {
		t.th[0] = Threshold{Op: op, Yen: clampYen(v1, d1), Per: per}
		t.n = 1
	}
	return t, true
}

// clampYen rounds to whole yen; amounts past a trillion yen, or of more
// than 15 digits, come out as -1: a problem, not a refinement.
func clampYen(v float64, digits int) int64 {
	if digits > 15 || v > 1e12 || v < -1e12 {
		return -1
	}
	if v < 0 {
		return int64(v - 0.5)
	}
	return int64(v + 0.5)
}

// scanAge reads what follows a number as an age: 35歳, 35才, 35 years old.
func (p *QueryParser) scanAge(c *cursor, v float64, digits int) (qtok, bool) {
	save := c.j
	c.spaces()
	if _, ok := c.anyLit("歳", "才", "years old", "year old", "yrs old", "yo"); !ok || digits > 3 || v != float64(int(v)) {
		c.j = save
		return qtok{}, false
	}
	t := qtok{kind: tAge, e: c.j, topic: -1}
	if i, ok := p.decades[int(v)/10*10]; ok && v >= 10 {
		t.topic = i
	}
	return t, true
}

// scanAgeWord reads "age 35", "aged 42".
func (p *QueryParser) scanAgeWord(u []qunit, i int) (qtok, bool) {
	if i > 0 && isASCIIAlnum(u[i-1].r) {
		return qtok{}, false
	}
	c := cursor{u: u, j: i}
	if _, ok := c.anyLit("aged", "age"); !ok {
		return qtok{}, false
	}
	c.spaces()
	v, digits, ok := c.number()
	if !ok || digits > 3 || v != float64(int(v)) || (c.j < len(u) && isASCIIAlnum(u[c.j].r)) {
		return qtok{}, false
	}
	t := qtok{kind: tAge, s: i, e: c.j, topic: -1}
	if k, ok := p.decades[int(v)/10*10]; ok && v >= 10 {
		t.topic = k
	}
	return t, true
}

// scanLevel reads level 3, level3, lv3, Lv.2, lvl 2, レベル3.
func (p *QueryParser) scanLevel(u []qunit, i int) (qtok, bool) {
	if r := u[i].r; r != 'l' && r != 'レ' {
		return qtok{}, false
	}
	if i > 0 && isASCIIAlnum(u[i-1].r) {
		return qtok{}, false
	}
	c := cursor{u: u, j: i}
	if _, ok := c.anyLit("level", "lvl", "lv", "レベル"); !ok {
		// lit refuses "level3" (a Latin word must end): retry on the letters alone.
		if !c.prefix("level") && !c.prefix("lvl") && !c.prefix("lv") {
			return qtok{}, false
		}
	}
	c.spaces()
	if r := c.peek(); r == '.' || r == ':' || r == '=' {
		c.j++
		c.spaces()
	}
	v, digits, ok := c.number()
	if !ok || digits > 3 || v != float64(int(v)) {
		return qtok{}, false
	}
	if c.j < len(u) && isASCIIAlnum(u[c.j].r) {
		return qtok{}, false
	}
	return qtok{kind: tLevel, s: i, e: c.j, level: int(v)}, true
}

// prefix consumes s when a digit follows it (level3).
func (c *cursor) prefix(s string) bool {
	j := c.j
	for _, r := range s {
		if j >= len(c.u) || c.u[j].r != r {
			return false
		}
		j++
	}
	if j < len(c.u) && isDigit(c.u[j].r) {
		c.j = j
		return true
	}
	return false
}
