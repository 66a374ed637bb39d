package handlers

import (
	"strings"
	"sync"

	"careerbot/knowledge"
)

// OptionSpec describes one argument of a command, for help text, Discord's
// typed options and Slack's usage hints.
type OptionSpec struct {
	Name        string // lowercase ASCII, valid as a Discord option name
	Description knowledge.Text
	Required    bool
	// Choices is a fixed small set (at most 25); Autocomplete offers topics
	// of TopicKinds as the user types.
	Choices      []Choice
	Autocomplete bool
	TopicKinds   []knowledge.TopicKind
}

// Choice is one fixed value of an option.
type Choice struct {
	Name  knowledge.Text
	Value string
}

// CommandSpec describes a command. Commands with Subcommands take the
// subcommand name as their first argument word.
type CommandSpec struct {
	Name        string
	Description knowledge.Text
	Usage       string // argument synopsis: "[topic]"
	Examples    []string
	Options     []OptionSpec
	Subcommands []CommandSpec
	AdminOnly   bool // only people who may manage the channel (digest subscribe/unsubscribe)
	// Cacheable says an answer depends only on the knowledge version,
	// the command, its arguments and the locale, so adapters may reuse a
	// rendered answer. /digest depends on the channel and the clock: not.
	Cacheable bool
}

func topicOption(name string, desc knowledge.Text, required bool, kinds ...knowledge.TopicKind) OptionSpec {
	return OptionSpec{Name: name, Description: desc, Required: required, Autocomplete: true, TopicKinds: kinds}
}

var weekdays = []Choice{
	{knowledge.Text{JA: "月曜日", EN: "Monday"}, "mon"},
	{knowledge.Text{JA: "火曜日", EN: "Tuesday"}, "tue"},
	{knowledge.Text{JA: "水曜日", EN: "Wednesday"}, "wed"},
	{knowledge.Text{JA: "木曜日", EN: "Thursday"}, "thu"},
	{knowledge.Text{JA: "金曜日", EN: "Friday"}, "fri"},
	{knowledge.Text{JA: "土曜日", EN: "Saturday"}, "sat"},
	{knowledge.Text{JA: "日曜日", EN: "Sunday"}, "sun"},
}

// Commands lists every command careerbot answers, in help order.
func Commands() []CommandSpec {
	topicDesc := knowledge.Text{JA: "言語・年代・雇用形態・職種 (例: go, 40代, フリーランス)", EN: "language, age band, employment type or role (e.g. go, 40s, freelance)"}
	return []CommandSpec{
		{Name: "salary", Cacheable: true, Description: knowledge.Text{JA: "年収・単価を調べる (言語・年代・雇用形態・職種)", EN: "Salaries and rates by language, age band, employment type or role"},
			Usage: "[topic]", Examples: []string{"/salary go", "/salary 40s", "/salary フロントエンド 派遣", "/salary go freelance"},
			Options: []OptionSpec{topicOption("topic", topicDesc, false, salaryTopicKinds...)}},
		{Name: "compare", Cacheable: true, Description: knowledge.Text{JA: "同じ種類の数字を並べて比べる", EN: "Compare the same kind of figure side by side"},
			Usage: "a b [c…]", Examples: []string{"/compare go rails node", "/compare 30s 40s 50s"},
			Options: []OptionSpec{
				topicOption("a", knowledge.Text{JA: "1つ目", EN: "first topic"}, true, salaryTopicKinds...),
				topicOption("b", knowledge.Text{JA: "2つ目", EN: "second topic"}, true, salaryTopicKinds...),
				topicOption("c", knowledge.Text{JA: "3つ目", EN: "third topic"}, false, salaryTopicKinds...),
				topicOption("d", knowledge.Text{JA: "4つ目", EN: "fourth topic"}, false, salaryTopicKinds...),
				topicOption("e", knowledge.Text{JA: "5つ目", EN: "fifth topic"}, false, salaryTopicKinds...),
			}},
		{Name: "path", Cacheable: true, Description: knowledge.Text{JA: "キャリアパス (向いている人・スキル・KPI・次の一歩)", EN: "Career paths: who they suit, skills, KPIs, next steps"},
			Usage: "[path]", Examples: []string{"/path techlead", "/path freelance", "/path"},
			Options: []OptionSpec{topicOption("path", knowledge.Text{JA: "キャリアパス (例: techlead, フルスタック)", EN: "career path (e.g. techlead, fullstack)"}, false, knowledge.TopicPath)}},
		{Name: "skills", Cacheable: true, Description: knowledge.Text{JA: "スキルマップ (Goのレベル別、年収を上げる5つのスキル など)", EN: "Skill maps: Go levels, five skills that raise pay, must-haves"},
			Usage: "[topic]", Examples: []string{"/skills go", "/skills go level 2", "/skills cloud", "/skills"},
			Options: []OptionSpec{topicOption("topic", knowledge.Text{JA: "言語・分野 (例: go, クラウド)", EN: "language or area (e.g. go, cloud)"}, false, knowledge.TopicLanguage, knowledge.TopicSkill, knowledge.TopicRole)}},
		{Name: "kpi", Cacheable: true, Description: knowledge.Text{JA: "キャリアパスごとのKPI", EN: "KPIs for a career path"},
			Usage: "[path]", Examples: []string{"/kpi fullstack", "/kpi specialist"},
			Options: []OptionSpec{topicOption("path", knowledge.Text{JA: "キャリアパス", EN: "career path"}, false, knowledge.TopicPath)}},
		{Name: "market", Cacheable: true, Description: knowledge.Text{JA: "市場動向と引用されている調査", EN: "Market trends and the surveys they cite"},
			Usage: "[topic]", Examples: []string{"/market", "/market go"},
			Options: []OptionSpec{topicOption("topic", knowledge.Text{JA: "トピック (例: go, AI, フリーランス)", EN: "topic (e.g. go, AI, freelance)"}, false)}},
		{Name: "jobs", Cacheable: true, Description: knowledge.Text{JA: "案件例 (エージェントが掲載した例、募集中とは限りません)", EN: "Example freelance listings (published examples, not open vacancies)"},
			Usage: "[keyword or amount]", Examples: []string{"/jobs", "/jobs aws", "/jobs 80万円以上"},
			Options: []OptionSpec{{Name: "keyword", Description: knowledge.Text{JA: "キーワード・金額 (例: java, AWS, 80万円以上)", EN: "keyword or amount (e.g. java, AWS, over 800k)"}}}},
		{Name: "ask", Cacheable: true, Description: knowledge.Text{JA: "質問に答える・ナレッジベースを検索", EN: "Answer a question, or search the knowledge base"},
			Usage: "<question>", Examples: []string{"/ask 40代のバックエンドエンジニアの年収", "/ask how to become a tech lead"},
			Options: []OptionSpec{{Name: "question", Description: knowledge.Text{JA: "質問やキーワード", EN: "question or keywords"}, Required: true}}},
		{Name: "digest", Description: knowledge.Text{JA: "週刊マーケットダイジェストの購読", EN: "Weekly market digest for this channel"},
			Usage: "subscribe|unsubscribe|status|preview", Examples: []string{"/digest subscribe mon 09:00 Asia/Tokyo", "/digest status", "/digest preview"},
			Subcommands: []CommandSpec{
				{Name: "subscribe", AdminOnly: true, Description: knowledge.Text{JA: "このチャンネルで購読する (管理者のみ)", EN: "Subscribe this channel (admins only)"},
					Usage: "[weekday] [HH:MM] [timezone]", Examples: []string{"/digest subscribe", "/digest subscribe fri 18:00 Asia/Tokyo"},
					Options: []OptionSpec{
						{Name: "weekday", Description: knowledge.Text{JA: "曜日", EN: "weekday"}, Choices: weekdays},
						{Name: "time", Description: knowledge.Text{JA: "時刻 HH:MM", EN: "time of day, HH:MM"}},
						{Name: "timezone", Description: knowledge.Text{JA: "タイムゾーン (例: Asia/Tokyo)", EN: "time zone (e.g. Asia/Tokyo)"}},
					}},
				{Name: "unsubscribe", AdminOnly: true, Description: knowledge.Text{JA: "購読をやめる (管理者のみ)", EN: "Unsubscribe this channel (admins only)"}},
				{Name: "status", Description: knowledge.Text{JA: "購読状況", EN: "Subscription status"}},
				{Name: "preview", Description: knowledge.Text{JA: "次回のダイジェストを見る", EN: "Preview the next digest"}},
			}},
		{Name: "careerhelp", Cacheable: true, Description: knowledge.Text{JA: "コマンド一覧と例", EN: "Every command with an example"}, Examples: []string{"/careerhelp"}},
	}
}

// Umbrella is the one command that takes any other as its first word
// (/career salary go), for workspaces where the short names clash.
const Umbrella = "career"

// ParseLine splits a typed line into a command and its arguments:
// "/salary go" and "salary go" give ("salary", "go"), and the umbrella
// "/career salary go" gives the same. The command is lower-cased and
// normalised; args are trimmed but otherwise as typed.
func ParseLine(line string) (command, args string) {
	line = strings.TrimSpace(line)
	line = strings.TrimPrefix(line, "/")
	line = strings.TrimPrefix(line, "／")
	cmd, rest, _ := strings.Cut(line, " ")
	cmd = knowledge.Normalize(cmd)
	rest = strings.TrimSpace(rest)
	if cmd == Umbrella {
		if rest == "" {
			return "careerhelp", ""
		}
		// A plain question (/career 40代の年収) is asked of /ask, whose
		// engine routes it by what it asks.
		if first, _, _ := strings.Cut(rest, " "); !commandNames()[knowledge.Normalize(strings.TrimPrefix(first, "/"))] {
			return "ask", rest
		}
		return ParseLine(rest)
	}
	return cmd, rest
}

// commandNames is the set of command names ParseLine recognises after the
// umbrella: every command of Commands and help.
var commandNames = sync.OnceValue(func() map[string]bool {
	out := map[string]bool{"help": true, Umbrella: true}
	for _, c := range Commands() {
		out[c.Name] = true
	}
	return out
})
