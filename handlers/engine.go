package handlers

import (
	"strconv"
	"strings"

	"careerbot/knowledge"
)

// The engine: every command reads its argument text through one
// knowledge.Query, parsed once per request by Router.parse (called from
// Handle), and finds its facts by all the topics the query names. What the
// query did not understand, or named but the command cannot use, is said in
// the answer (queryNotes): nothing typed is dropped silently.

// parse resolves the view of a request and parses its argument text once.
func (r *Router) parse(l knowledge.Locale, args string) view {
	v := r.view(l)
	v.q = v.ix.parser.Parse(args)
	return v
}

// engineMessages are the engine's fixed strings, in both locales; they join
// the replies' messages at start-up.
var engineMessages = map[string]knowledge.Text{
	"ignored":          {JA: "無視した語: %s", EN: "ignored: %s"},
	"unused_topics":    {JA: "このコマンドでは使わないトピック: %s", EN: "not used by this command: %s"},
	"read_as":          {JA: "「%s」を「%s」と読みました", EN: "read %q as %s"},
	"problem_level":    {JA: "「%s」: レベルは1〜%dです", EN: "%q: levels run from 1 to %d"},
	"problem_level_nm": {JA: "「%s」: そのレベルはありません", EN: "%q: there is no such level"},
	"problem_level2":   {JA: "レベルが2つ指定されています (%s)。最初のものを使いました", EN: "two levels asked (%s); the first is used"},
	"problem_amount":   {JA: "「%s」は金額として使えません", EN: "%q is not a usable amount"},
	"problem_range":    {JA: "「%s」を両方満たす金額はありません", EN: "no amount satisfies both of %q"},
	"problem_age":      {JA: "「%s」の年代のデータはありません (20代〜60代)", EN: "no age band for %q (20s to 60s only)"},
	"problem_long":     {JA: "最初の%d文字だけを読みました", EN: "only the first %d characters were read"},
	"problem_many":     {JA: "理解できない語が多すぎます (%d語まで表示)", EN: "too many words not understood (the first %d are listed)"},
	"combo_title":      {JA: "年収・単価: %s", EN: "Salary: %s"},
	"combo_none":       {JA: "記事には「%s」の組み合わせの数字はありません。各トピックの数字を別々に示します (組み合わせた数字ではありません)。", EN: "The articles give no figure for %s together. Each topic's own figures follow, labelled; they are not figures for the combination."},
	"combo_no_fig":     {JA: "数字がないトピック: %s", EN: "No figure for: %s"},
	"no_figure_says":   {JA: "記事の記述 (数字なし)", EN: "What the articles say (no figure)"},
	"money_none":       {JA: "%sを満たす数字はありません (%d件中)。", EN: "None of the %[2]d figures satisfies %[1]s."},
	"money_title":      {JA: "%s の条件", EN: "filter %s"},
	"skills_level":     {JA: "スキル: %s (レベル%d)", EN: "Skills: %s (level %d)"},
	"skills_no_level":  {JA: "「%s」のスキルマップにはレベル別の区分がありません。", EN: "The skill maps for %s are not divided into levels."},
	"skills_combo":     {JA: "「%s」のすべてを扱うスキルマップはありません。各トピックのものを示します。", EN: "No skill map covers all of %s; each topic's maps follow."},
	"market_top":       {JA: "記事が引用する調査に基づく記述から、読む価値の高い%d件を示します (全%d件)。出典はURLやレポート名が示されておらず検証できないため、「記事によると」として扱ってください。", EN: "The %d statements most worth reading, of %d. The articles give no URL or report title for their surveys, so read these as \"according to the article\"."},
	"market_topic":     {JA: "市場動向: %s", EN: "Market trends: %s"},
	"market_none":      {JA: "「%s」についての市場動向の記述はありません。", EN: "The articles make no market statement about %s."},
	"market_any":       {JA: "「%s」のすべてに触れる記述はないため、いずれかに触れるものを示します。", EN: "No statement covers all of %s; statements about any of them follow."},
	"more_market":      {JA: "残り%d件を見る", EN: "Show the other %d"},
	"jobs_filter":      {JA: "案件例: %s", EN: "Example listings: %s"},
	"jobs_filter_none": {JA: "条件 (%s) に合う案件例はありません (掲載例は全%d件)。", EN: "No example listing matches %s (there are %d in all)."},
	"unused_level":     {JA: "レベル%dの指定はこのコマンドでは使いません", EN: "level %d is not used by this command"},
	"unused_money":     {JA: "金額の条件 (%s) はこのコマンドでは使いません", EN: "the amount %s is not used by this command"},
	"other_paths":      {JA: "ほかに挙げられたキャリアパス (個別に表示します): %s", EN: "Other paths named (shown one at a time): %s"},
	"wrong_kind":       {JA: "「%s」はこのコマンドでは答えられません。次をお試しください: %s", EN: "This command does not answer %s; try %s."},
	"compare_shared":   {JA: "%s の数字はすべて比べる他のトピックの数字でもあるため、並べて比べられません。", EN: "Every figure for %s is also a figure for another topic compared, so it cannot stand beside it."},
	"list_sep":         {JA: "。", EN: "; "},
	"ask_routed":       {JA: "%s として答えます。", EN: "Answered as %s."},
}

func init() {
	for k, m := range engineMessages {
		messages[k] = m
	}
}

// uses says which refinements a command applies; the others are named as
// not used.
type uses uint8

const (
	useLevel uses = 1 << iota
	useMoney
)

// queryNotes names, in a paragraph at the end of rep, the words the query
// did not understand, the topics it named that the command does not use
// (any topic when kinds is empty is usable), typos it read as topics, and
// refinements that contradict themselves.
func (v view) queryNotes(rep *Reply, use uses, kinds ...knowledge.TopicKind) {
	var parts []string
	q := v.q
	if q.Level != 0 && use&useLevel == 0 {
		parts = append(parts, v.tr("unused_level", q.Level))
	}
	if len(q.Money) > 0 && use&useMoney == 0 {
		parts = append(parts, v.tr("unused_money", v.moneyText()))
	}
	for _, m := range q.Mentions {
		if m.Fuzzy && len(m.Readings) > 0 {
			parts = append(parts, v.tr("read_as", Clean(m.Text, maxEcho), v.text(m.Readings[0].Name)))
		}
	}
	if len(kinds) > 0 {
		if un := q.Unread(kinds...); len(un) > 0 {
			names := make([]string, len(un))
			for i, m := range un {
				names[i] = Clean(m.Text, maxEcho)
			}
			parts = append(parts, v.tr("unused_topics", strings.Join(names, v.sep())))
		}
	}
	if len(q.Ignored) > 0 {
		words := make([]string, 0, len(q.Ignored))
		for _, w := range q.Ignored {
			if c := Clean(w, maxEcho); c != "" {
				words = append(words, c)
			}
		}
		if len(words) > 0 {
			parts = append(parts, v.tr("ignored", strings.Join(words, v.sep())))
		}
	}
	for _, p := range q.Problems {
		parts = append(parts, v.problem(p))
	}
	if len(parts) > 0 {
		rep.Paragraphs = append(rep.Paragraphs, strings.Join(parts, v.tr("list_sep")))
	}
}

// problem words a query problem for the reader.
func (v view) problem(p knowledge.QueryProblem) string {
	text := Clean(p.Text, maxEcho)
	switch p.Kind {
	case knowledge.ProblemLevelRange:
		if p.Max > 0 {
			return v.tr("problem_level", text, p.Max)
		}
		return v.tr("problem_level_nm", text)
	case knowledge.ProblemLevelTwice:
		return v.tr("problem_level2", text)
	case knowledge.ProblemAmount:
		return v.tr("problem_amount", text)
	case knowledge.ProblemEmptyRange:
		return v.tr("problem_range", text)
	case knowledge.ProblemNoAgeBand:
		return v.tr("problem_age", text)
	case knowledge.ProblemTooLong:
		return v.tr("problem_long", p.Max)
	case knowledge.ProblemTooManyIgnored:
		return v.tr("problem_many", p.Max)
	}
	return p.String()
}

// hasProblem reports whether the query has a problem of kind k.
func (v view) hasProblem(k knowledge.QueryProblemKind) bool {
	for _, p := range v.q.Problems {
		if p.Kind == k {
			return true
		}
	}
	return false
}

// carriesAll reports whether a fact tagged with tags carries every topic.
func carriesAll(tags []string, topics []knowledge.Topic) bool {
	for _, t := range topics {
		found := false
		for _, x := range tags {
			if x == t.ID {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}

// carriesAny reports whether a fact tagged with tags carries any topic.
func carriesAny(tags []string, topics []knowledge.Topic) bool {
	for _, t := range topics {
		if carriesAll(tags, []knowledge.Topic{t}) {
			return true
		}
	}
	return false
}

// joinNames writes topic names as one combination: "40代 × バックエンドエンジニア".
func (v view) joinNames(ts []knowledge.Topic) string {
	names := make([]string, len(ts))
	for i, t := range ts {
		names[i] = v.text(t.Name)
	}
	return strings.Join(names, " × ")
}

// admits reports whether f satisfies every money threshold of the query;
// a query with a contradictory range admits nothing.
func (v view) admits(f knowledge.Figure) bool {
	for _, t := range v.q.Money {
		if !t.Admits(f) {
			return false
		}
	}
	return !v.hasProblem(knowledge.ProblemEmptyRange)
}

// moneyText is the query's thresholds as typed: "80万円以上".
func (v view) moneyText() string {
	var parts []string
	for _, t := range v.q.Money {
		if len(parts) == 0 || parts[len(parts)-1] != t.Text {
			parts = append(parts, Clean(t.Text, maxEcho))
		}
	}
	return strings.Join(parts, " ")
}

// echoCommand is the command line a query stands for, for suggestions.
func echoCommand(cmd string, ts []knowledge.Topic) string {
	parts := []string{"/" + cmd}
	for _, t := range ts {
		parts = append(parts, t.ID)
	}
	return strings.Join(parts, " ")
}

// levelOf returns the level a skill group is, from its English name
// ("Level 2: Applied"), or 0 when it is not a level.
func levelOf(g knowledge.SkillGroup) int {
	name, ok := strings.CutPrefix(g.Name.EN, "Level ")
	if !ok {
		return 0
	}
	n := 0
	for _, c := range name {
		if c < '0' || c > '9' {
			break
		}
		n = n*10 + int(c-'0')
	}
	return n
}

func itoa(n int) string { return strconv.Itoa(n) }

// unknownTerm is what a "not in the knowledge base" answer repeats: the
// words not understood and the topics the command cannot use, or the whole
// text when the query found nothing to name.
func (v view) unknownTerm(args string) string {
	var parts []string
	for _, m := range v.q.Mentions {
		parts = append(parts, m.Text)
	}
	parts = append(parts, v.q.Ignored...)
	if len(parts) == 0 {
		return args
	}
	return strings.Join(parts, " ")
}

// wrongKind answers a query whose only topics are of kinds the command
// does not take (/salary techlead: a career path): it names them and the
// commands that answer them, rather than claiming they are not in the
// knowledge base. ok is false when the query has words not understood or
// no such topic.
func (v view) wrongKind(kinds ...knowledge.TopicKind) (Reply, bool) {
	un := v.q.Unread(kinds...)
	if len(un) == 0 || len(v.q.Ignored) > 0 {
		return Reply{}, false
	}
	rep := Reply{Status: StatusNotFound, Visibility: Private}
	var names, cmds []string
	for _, m := range un {
		names = append(names, v.text(m.Readings[0].Name))
		for _, t := range m.Readings { // freelance: /salary and /path
			for _, c := range topicCommands[t.Kind] {
				line := c + " " + t.ID
				cmds = append(cmds, line)
				rep.Suggestions = append(rep.Suggestions, Suggestion{Label: line, Command: line})
			}
		}
	}
	rep.Paragraphs = []string{v.tr("wrong_kind", strings.Join(names, v.sep()), strings.Join(cmds, v.sep()))}
	v.queryNotes(&rep, useLevel|useMoney)
	return rep, true
}
