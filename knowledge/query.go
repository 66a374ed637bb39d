package knowledge

import (
	"strconv"
	"strings"
)

// Query is what one command argument or question asks, as understood from
// the topics' names and a small vocabulary of refinements. It is pure data:
// finding the facts that answer it is the caller's business.
type Query struct {
	Text     string         // the input as parsed: at most MaxQueryRunes runes
	Topics   []Topic        // every topic named, in the order typed, de-duplicated; see Mentions for other readings
	Mentions []Mention      // how each topic was named, parallel to Topics
	Level    int            // skill level asked for (level 3, lv3, レベル3); 0 if none or out of range
	Money    []Threshold    // money refinements (80万円以上, over 800k), in the order typed
	Per      Period         // the period a pay word gives (月収, per month, 時給); PerAny when none
	Compare  bool           // vs, 比較, compare, or 「と」/and between two topics of one kind
	Intent   Intent         // what is asked about; IntentNone when no word says
	Ignored  []string       // words not understood, as typed, in order; never dropped silently
	Problems []QueryProblem // contradictions and out-of-range refinements
}

// Mention is one topic named in a query.
type Mention struct {
	Text     string  // the words as typed (golag, 35歳, フロントエンド)
	Readings []Topic // every topic the words name, in the order Lookup resolves kinds (freelance: employment, then path)
	Fuzzy    bool    // read as a typo of a curated name: say so in the answer
}

// IDs returns the ids of q.Topics.
func (q Query) IDs() []string {
	out := make([]string, len(q.Topics))
	for i, t := range q.Topics {
		out[i] = t.ID
	}
	return out
}

// TopicsOf returns, for each mention in order, its first reading of one of
// kinds, de-duplicated; mentions with no such reading are left out. A command
// that accepts only some kinds reads the query through it: /path freelance
// wants the freelance path, /salary freelance the employment type.
func (q Query) TopicsOf(kinds ...TopicKind) []Topic {
	// Topics holds each mention's first reading: when those are all of
	// the kinds asked, they are the answer (shared: an append copies).
	all := len(q.Topics) == len(q.Mentions)
	for i := 0; all && i < len(q.Mentions); i++ {
		r := q.Mentions[i].Readings
		all = len(r) > 0 && (len(kinds) == 0 || hasKind(kinds, r[0].Kind)) && r[0].ID == q.Topics[i].ID
	}
	if all {
		return q.Topics[:len(q.Topics):len(q.Topics)]
	}
	var out []Topic
	for _, m := range q.Mentions {
		for _, t := range m.Readings {
			if len(kinds) > 0 && !hasKind(kinds, t.Kind) {
				continue
			}
			if !containsTopic(out, t) {
				out = append(out, t)
			}
			break
		}
	}
	return out
}

// Unread returns the mentions with no reading of kinds: the topics a
// command cannot use and should name, like ignored words.
func (q Query) Unread(kinds ...TopicKind) []Mention {
	var out []Mention
	for _, m := range q.Mentions {
		ok := false
		for _, t := range m.Readings {
			if hasKind(kinds, t.Kind) {
				ok = true
				break
			}
		}
		if !ok {
			out = append(out, m)
		}
	}
	return out
}

// Refined reports whether anything beyond topics was asked: a level, an
// amount or a comparison.
func (q Query) Refined() bool { return q.Level != 0 || len(q.Money) > 0 || q.Compare }

// CheckLevel records a problem when the level asked for is above max, the
// highest level the caller's facts have for the topic, and clears it.
func (q *Query) CheckLevel(max int) {
	if q.Level > max {
		q.Problems = append(q.Problems, QueryProblem{Kind: ProblemLevelRange, Text: "level " + strconv.Itoa(q.Level), Level: q.Level, Max: max})
		q.Level = 0
	}
}

func containsTopic(ts []Topic, t Topic) bool {
	for _, x := range ts {
		if x.ID == t.ID && x.Kind == t.Kind {
			return true
		}
	}
	return false
}

// Intent is what a question asks about.
type Intent uint8

// Intents, from words such as 年収 or salary (pay), なるには (path), 指標
// (kpi), スキル (skills), 案件 (jobs) and 動向 (market).
const (
	IntentNone Intent = iota
	IntentPay
	IntentCompare // only when a comparison is all that is asked (rails vs go)
	IntentPath
	IntentKPI
	IntentSkills
	IntentJobs
	IntentMarket
)

var intentNames = [...]string{"none", "pay", "compare", "path", "kpi", "skills", "jobs", "market"}

func (i Intent) String() string {
	if int(i) < len(intentNames) {
		return intentNames[i]
	}
	return "intent(" + strconv.Itoa(int(i)) + ")"
}

// ThresholdOp is how a money refinement bounds an amount.
type ThresholdOp uint8

// Threshold operators.
const (
	AtLeast ThresholdOp = iota + 1 // 以上, over, >=, +, 〜 after the amount
	AtMost                         // 以下, 未満, under, <=, 〜 before the amount
	About                          // a bare amount, くらい, around
)

func (o ThresholdOp) String() string {
	switch o {
	case AtLeast:
		return ">="
	case AtMost:
		return "<="
	case About:
		return "~"
	}
	return "?"
}

// Period is the time an amount is per, when the question says so
// (80万/月, 月収80万以上, ¥2,000 an hour).
type Period uint8

// Periods.
const (
	PerAny Period = iota // not said: compare with figures of any period
	PerHour
	PerMonth
	PerYear
)

func (p Period) String() string {
	return [...]string{"any", "hour", "month", "year"}[p]
}

// Threshold is one money refinement. Yen is the amount in yen whatever way it
// was written (80万 = 800,000; 800k = 800,000; ¥900k = 900,000), with no
// period assumed: "80万円以上" bounds a monthly fee and an annual salary
// alike, and the caller compares Yen with each figure in that figure's own
// unit (Admits does this). Per is set only when the words give a period.
type Threshold struct {
	Op   ThresholdOp
	Yen  int64
	Per  Period
	Text string // as typed
}

// Admits reports whether f satisfies t. Figures are compared in their own
// unit: 万円 figures are multiplied by 10,000, yen figures taken as they are;
// a figure of another unit (a multiple, a percentage) or, when t says a
// period, of another period, is never admitted. A range is admitted when any
// part of it is: 60〜80万円/月 satisfies 70万円以上.
func (t Threshold) Admits(f Figure) bool {
	scale, per := 0.0, PerAny
	switch f.Unit {
	case UnitManYenYear:
		scale, per = 10000, PerYear
	case UnitManYenMonth:
		scale, per = 10000, PerMonth
	case UnitYenMonth:
		scale, per = 1, PerMonth
	case UnitYenHour:
		scale, per = 1, PerHour
	default:
		return false
	}
	if t.Per != PerAny && t.Per != per {
		return false
	}
	lo, hi := f.Value, f.Value
	if f.IsRange() {
		lo, hi = f.Min, f.Max
	}
	lo, hi = lo*scale, hi*scale
	y := float64(t.Yen)
	switch t.Op {
	case AtLeast:
		return hi >= y || f.OrMore
	case AtMost:
		return lo <= y
	case About:
		return lo <= y*1.1 && hi >= y*0.9
	}
	return false
}

// QueryProblemKind says what is wrong with a refinement.
type QueryProblemKind uint8

// Problems a query can have. Handlers word them for the reader.
const (
	ProblemLevelRange     QueryProblemKind = iota + 1 // level 0 or above Max
	ProblemLevelTwice                                 // two different levels
	ProblemAmount                                     // an amount that is not positive or is absurdly large
	ProblemEmptyRange                                 // at least more than at most (100万以上 50万以下)
	ProblemNoAgeBand                                  // an age with no band in the knowledge base (15歳)
	ProblemTooLong                                    // input cut at MaxQueryRunes
	ProblemTooManyIgnored                             // more than MaxIgnored words not understood
)

// QueryProblem is a contradiction or out-of-range refinement.
type QueryProblem struct {
	Kind  QueryProblemKind
	Text  string // the words concerned, as typed
	Level int    // ProblemLevelRange, ProblemLevelTwice: the level asked
	Max   int    // ProblemLevelRange: the highest level known; ProblemTooLong, ProblemTooManyIgnored: the limit
}

func (p QueryProblem) String() string {
	switch p.Kind {
	case ProblemLevelRange:
		if p.Max > 0 {
			return "level " + strconv.Itoa(p.Level) + " is out of range (levels 1–" + strconv.Itoa(p.Max) + ")"
		}
		return "level " + strconv.Itoa(p.Level) + " is out of range"
	case ProblemLevelTwice:
		return "two levels asked: " + p.Text
	case ProblemAmount:
		return "not a usable amount: " + p.Text
	case ProblemEmptyRange:
		return "no amount satisfies both: " + p.Text
	case ProblemNoAgeBand:
		return "no age band for " + p.Text
	case ProblemTooLong:
		return "only the first " + strconv.Itoa(p.Max) + " characters were read"
	case ProblemTooManyIgnored:
		return "more than " + strconv.Itoa(p.Max) + " words not understood"
	}
	return "problem"
}

// Limits on what Parse reads: a question longer than this is not a question.
const (
	MaxQueryRunes = 500
	MaxIgnored    = 24
)

// QueryOptions tunes a QueryParser.
type QueryOptions struct {
	// MaxLevel is the highest skill level the knowledge base knows; a level
	// above it is a problem, not a refinement. 0 means no upper bound other
	// than 99 (callers can then use Query.CheckLevel per topic).
	MaxLevel int
}

// String renders q compactly for logs and tests:
// "topics=go,freelance level=2 money=>=800000 compare intent=pay ignored=[x]".
func (q Query) String() string {
	var b strings.Builder
	b.WriteString("topics=" + strings.Join(q.IDs(), ","))
	if q.Level != 0 {
		b.WriteString(" level=" + strconv.Itoa(q.Level))
	}
	for _, t := range q.Money {
		b.WriteString(" money=" + t.Op.String() + strconv.FormatInt(t.Yen, 10))
		if t.Per != PerAny {
			b.WriteString("/" + t.Per.String())
		}
	}
	if q.Compare {
		b.WriteString(" compare")
	}
	if q.Intent != IntentNone {
		b.WriteString(" intent=" + q.Intent.String())
	}
	if len(q.Ignored) > 0 {
		b.WriteString(" ignored=[" + strings.Join(q.Ignored, " ") + "]")
	}
	for _, p := range q.Problems {
		b.WriteString(" problem=" + p.String())
	}
	return b.String()
}
