package knowledge

import (
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"unicode"
)

// FactRecord is a fact of any kind in the shape the store keeps: its
// identity, the topics it answers, a title and main text for listings and
// search snippets, the text to index, and the typed value itself.
type FactRecord struct {
	Kind   FactKind
	ID     string
	Topics []string
	Title  Text
	Text   Text
	Search string // folded text of every field, for full-text search
	Value  any    // SalaryFigure, Listing, CareerPath, SkillMap, Trend or Action
}

// Facts flattens d into records, in curated order within each kind.
func (d *Data) Facts() []FactRecord {
	var out []FactRecord
	add := func(kind FactKind, id string, topics []string, title, text Text, v any) {
		out = append(out, FactRecord{Kind: kind, ID: id, Topics: topics, Title: title, Text: text, Value: v})
	}
	for _, s := range d.Salaries {
		add(FactSalary, s.ID, s.Topics, s.Label, Text{JA: FormatFigure(s.Figure, JA), EN: FormatFigure(s.Figure, EN)}, s)
	}
	for _, l := range d.Listings {
		add(FactListing, l.ID, l.Topics, l.Summary, l.Work, l)
	}
	for _, p := range d.Paths {
		add(FactPath, p.ID, []string{p.ID}, p.Name, p.Summary, p)
	}
	for _, s := range d.Skills {
		add(FactSkill, s.ID, s.Topics, s.Title, s.Summary, s)
	}
	for _, t := range d.Trends {
		title := t.Text
		add(FactTrend, t.ID, t.Topics, title, t.Text, t)
	}
	for _, a := range d.Actions {
		add(FactAction, a.ID, a.Topics, a.Title, firstText(a.Items), a)
	}
	names := map[string][]string{}
	for _, t := range d.Topics {
		names[t.ID] = append(names[t.ID], t.Name.JA, t.Name.EN)
		names[t.ID] = append(names[t.ID], t.Aliases...)
	}
	for i := range out {
		var parts []string
		collectStrings(out[i].Value, &parts)
		for _, id := range out[i].Topics {
			parts = append(parts, names[id]...)
		}
		out[i].Search = FoldText(strings.Join(parts, " \n "))
	}
	return out
}

func firstText(ts []Text) Text {
	if len(ts) == 0 {
		return Text{}
	}
	return ts[0]
}

// skipKeys are identifiers and enums, not words anyone searches for.
// Curator notes are never shown, so they are not searched either.
var skipKeys = map[string]bool{"curator_note": true, "id": true, "unit": true, "kind": true, "article": true, "source": true, "dimension": true, "role": true, "employment": true, "topics": true, "related": true}

func collectStrings(v any, parts *[]string) {
	raw, err := json.Marshal(v)
	if err != nil {
		return
	}
	var tree any
	if json.Unmarshal(raw, &tree) != nil {
		return
	}
	var walk func(any)
	walk = func(n any) {
		switch n := n.(type) {
		case string:
			*parts = append(*parts, n)
		case []any:
			for _, x := range n {
				walk(x)
			}
		case map[string]any:
			keys := make([]string, 0, len(n))
			for k := range n {
				keys = append(keys, k)
			}
			sort.Strings(keys)
			for _, k := range keys {
				if !skipKeys[k] {
					walk(n[k])
				}
			}
		}
	}
	walk(tree)
}

// Grams returns the distinct search tokens of folded text. Runs of ASCII
// letters and digits are English words or numbers and become one token each
// (lightly stemmed); other runs (Japanese has no spaces) become character
// bigrams, or the character itself when it stands alone. Punctuation
// separates runs and is not indexed.
func Grams(folded string) []string {
	seen := map[string]bool{}
	var out []string
	add := func(g string) {
		if !seen[g] {
			seen[g] = true
			out = append(out, g)
		}
	}
	var run []rune
	ascii := false
	flush := func() {
		switch {
		case len(run) == 0:
		case ascii && len(run) == 1:
			// A lone letter or digit matches nearly everything.
		case ascii:
			w := string(run)
			if len(w) > 3 && strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ss") {
				w = w[:len(w)-1]
			}
			add("#" + w)
		case len(run) == 1:
			add(string(run))
		default:
			for i := 0; i+1 < len(run); i++ {
				add(string(run[i : i+2]))
			}
		}
		run = run[:0]
	}
	var prev rune
	for _, r := range folded {
		// A comma inside a number (1,000) belongs to it.
		if r == ',' && unicode.IsDigit(prev) {
			continue
		}
		prev = r
		isWord := unicode.IsLetter(r) || unicode.IsDigit(r)
		isASCII := r < 0x80
		if !isWord {
			flush()
			continue
		}
		if len(run) > 0 && isASCII != ascii {
			flush()
		}
		ascii = isASCII
		run = append(run, r)
	}
	flush()
	return out
}

// FormatFigure writes a figure with its unit and qualifiers in l. Japanese
// keeps the articles' units ("957万円/年", "60〜80万円/月", "1,900円/時 (時給)");
// English writes yen as English readers do ("¥9.57M a year", "¥600k–¥800k a
// month", "¥1,900 an hour"). The amount is the same number of yen either way:
// a monthly figure is never annualised and a range never averaged.
func FormatFigure(f Figure, l Locale) string {
	k := figureKey{f, l}
	if s, ok := formatted.m.Load(k); ok {
		return s.(string)
	}
	var s string
	if l == EN {
		s = formatFigureEN(f)
	} else {
		s = formatFigureJA(f)
	}
	// Bounded: figures are curated, but thresholds people type are
	// formatted too.
	if formatted.n.Add(1) > 4096 {
		formatted.m.Clear()
		formatted.n.Store(1)
	}
	formatted.m.Store(k, s)
	return s
}

// formatted memoises FormatFigure: every answer formats its figures, and
// the same few dozen figures come back again and again.
var formatted struct {
	m sync.Map // figureKey → string
	n atomic.Int32
}

type figureKey struct {
	f Figure
	l Locale
}

var unitsJA = map[Unit]string{UnitManYenYear: "万円/年", UnitManYenMonth: "万円/月", UnitYenMonth: "円/月", UnitYenHour: "円/時 (時給)", UnitMultiple: "倍", UnitPercent: "%"}

func formatFigureJA(f Figure) string {
	var v string
	if f.IsRange() {
		v = groupDigits(f.Min) + "〜" + groupDigits(f.Max)
	} else {
		v = groupDigits(f.Value)
	}
	unit := unitsJA[f.Unit]
	s := v + unit
	if f.Approx {
		s = "約" + s
	}
	if f.OrMore {
		s += "以上"
	}
	return s
}

func formatFigureEN(f Figure) string {
	num := func(x float64) string {
		switch f.Unit {
		case UnitManYenYear, UnitManYenMonth:
			return yenEN(x * 10000)
		case UnitYenMonth, UnitYenHour:
			return yenEN(x)
		case UnitMultiple:
			return groupDigits(x) + "×"
		case UnitPercent:
			return groupDigits(x) + "%"
		}
		return groupDigits(x)
	}
	v := num(f.Value)
	if f.IsRange() {
		v = num(f.Min) + "–" + num(f.Max)
	}
	if f.Approx {
		v = "about " + v
	}
	if f.OrMore {
		v += " or more"
	}
	switch f.Unit {
	case UnitManYenYear:
		v += " a year"
	case UnitManYenMonth, UnitYenMonth:
		v += " a month"
	case UnitYenHour:
		v += " an hour"
	}
	return v
}

// yenEN writes an amount of yen the way English text does: ¥9.57M, ¥600k,
// ¥1,900. Millions keep up to two decimals, which every curated figure
// fits exactly (957万円 is ¥9.57M); an amount that would need more is
// written in full rather than rounded.
func yenEN(y float64) string {
	switch {
	case y >= 1_000_000 && isWhole(y/10_000):
		return "¥" + strconv.FormatFloat(y/1_000_000, 'f', -1, 64) + "M"
	case y >= 10_000 && y < 1_000_000 && isWhole(y/1000):
		return "¥" + strconv.FormatFloat(y/1000, 'f', -1, 64) + "k"
	}
	return "¥" + groupDigits(y)
}

func isWhole(x float64) bool { return x == float64(int64(x)) }

// KindLabel names a figure kind in l.
func KindLabel(k Kind, l Locale) string {
	return kindLabels[k].In(l)
}

var kindLabels = map[Kind]Text{
	KindAverage:      {JA: "平均", EN: "average"},
	KindRange:        {JA: "範囲 (平均ではない)", EN: "range (not an average)"},
	KindTypicalBand:  {JA: "最も多い価格帯", EN: "most common band"},
	KindManyListings: {JA: "案件が多い価格帯", EN: "band with many listings"},
	KindListing:      {JA: "案件例1件の報酬", EN: "fee of one example listing"},
	KindTarget:       {JA: "目標 (統計ではない)", EN: "target (not a statistic)"},
	KindEstimate:     {JA: "記事による概算", EN: "the article's own estimate"},
	KindChange:       {JA: "増加", EN: "change"},
}

func groupDigits(x float64) string {
	if x != float64(int64(x)) {
		return fmt.Sprintf("%g", x)
	}
	s := strconv.FormatInt(int64(x), 10)
	if len(s) <= 3 {
		return s
	}
	var b strings.Builder
	pre := len(s) % 3
	if pre > 0 {
		b.WriteString(s[:pre])
	}
	for i := pre; i < len(s); i += 3 {
		if b.Len() > 0 {
			b.WriteByte(',')
		}
		b.WriteString(s[i : i+3])
	}
	return b.String()
}
