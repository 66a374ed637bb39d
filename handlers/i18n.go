package handlers

import (
	"fmt"

	"careerbot/knowledge"
)

// messages holds every fixed string of the replies, in both locales.
var messages = map[string]knowledge.Text{
	"share":              {JA: "チャンネルに共有", EN: "Share in channel"},
	"unknown_command":    {JA: "「%s」というコマンドはありません。", EN: "There is no command %q."},
	"see_help":           {JA: "/careerhelp でコマンド一覧を表示します。", EN: "/careerhelp lists every command."},
	"too_long":           {JA: "入力が長すぎます (%d文字)。%d文字以内で入力してください。", EN: "That input is too long (%d characters). Please keep it under %d characters."},
	"not_in_kb":          {JA: "「%s」はナレッジベースにありません。", EN: "%q is not in the knowledge base."},
	"did_you_mean":       {JA: "近いトピック: %s", EN: "Closest topics: %s"},
	"known_topics":       {JA: "調べられるトピック: %s", EN: "Topics you can ask about: %s"},
	"known_topics_more":  {JA: "調べられるトピック: %s ほか%d件 (一覧は /careerhelp)", EN: "Topics you can ask about: %s and %d more (all in /careerhelp)"},
	"no_figure":          {JA: "ナレッジベースには「%s」の年収・単価の数字がありません。記事で言及はありますが数字は示されていないため、他の言語の数字で代用することもしません。", EN: "The knowledge base has no salary figure for %s. The articles mention it without a number, and careerbot will not borrow another topic's figure."},
	"salary_title":       {JA: "年収・単価: %s", EN: "Salary: %s"},
	"salary_overview":    {JA: "年収・単価の概要", EN: "Salary overview"},
	"salary_overview_p":  {JA: "全体の平均と代表的な数字です。言語・年代・雇用形態・職種を指定すると詳しく表示します (例: /salary go, /salary 40s)。", EN: "Overall averages and headline figures. Add a language, age band, employment type or role for details (e.g. /salary go, /salary 40s)."},
	"units_note":         {JA: "単位はそのまま表示しています (年収は万円/年、月額は万円/月 または 円/月、時給は円/時)。月額を年収に換算したり、範囲を平均にしたりはしません。", EN: "Each figure keeps the period the source gives it: a year, a month or an hour. Monthly fees are never turned into annual pay, and ranges are never averaged."},
	"compare_title":      {JA: "比較: %s", EN: "Compare: %s"},
	"compare_usage":      {JA: "比べるトピックを2つ以上指定してください (例: /compare go rails node, /compare 30s 40s 50s)。", EN: "Name two or more topics to compare (e.g. /compare go rails node, /compare 30s 40s 50s)."},
	"compare_too_many":   {JA: "一度に比べられるのは%d個までです。", EN: "At most %d topics can be compared at once."},
	"compare_mismatch":   {JA: "これらは同じ種類の数字ではないため (単位・種類・雇用形態が異なる)、横に並べず個別に表示します。", EN: "These are not the same kind of figure (unit, kind or employment type differ), so they are shown separately rather than side by side."},
	"compare_missing":    {JA: "数字がないトピック: %s", EN: "No figure for: %s"},
	"col_topic":          {JA: "トピック", EN: "Topic"},
	"col_item":           {JA: "項目", EN: "Item"},
	"col_figure":         {JA: "数値", EN: "Figure"},
	"col_kind":           {JA: "種類", EN: "Kind"},
	"col_year":           {JA: "年", EN: "Year"},
	"col_source":         {JA: "出典", EN: "Source"},
	"year_unknown":       {JA: "不明", EN: "n/a"},
	"paths_title":        {JA: "キャリアパス", EN: "Career paths"},
	"paths_p":            {JA: "/path <名前> で詳細 (向いている人・スキル・KPI・次の一歩) を表示します。", EN: "Use /path <name> for who it suits, skills, KPIs and next steps."},
	"suited_for":         {JA: "向いている人", EN: "Suits"},
	"skills":             {JA: "必要なスキル", EN: "Skills"},
	"kpis":               {JA: "KPI", EN: "KPIs"},
	"next_steps":         {JA: "次の一歩", EN: "Next steps"},
	"related":            {JA: "関連する数字", EN: "Related figures"},
	"kpi_title":          {JA: "KPI: %s", EN: "KPIs: %s"},
	"kpi_all_title":      {JA: "キャリアパス別のKPI", EN: "KPIs by career path"},
	"kpi_none":           {JA: "記事はこのキャリアパスのKPIを示していません。", EN: "The articles state no KPI for this path."},
	"skills_title":       {JA: "スキル: %s", EN: "Skills: %s"},
	"skills_all_title":   {JA: "スキルマップ", EN: "Skill maps"},
	"skills_all_p":       {JA: "/skills <トピック> で詳細を表示します (例: /skills go, /skills cloud)。", EN: "Use /skills <topic> for details (e.g. /skills go, /skills cloud)."},
	"no_skills":          {JA: "ナレッジベースには「%s」のスキルマップがありません。", EN: "The knowledge base has no skill map for %s."},
	"market_title":       {JA: "市場動向", EN: "Market trends"},
	"market_p":           {JA: "記事が引用する調査に基づく記述です。出典はURLやレポート名が示されておらず検証できないため、「記事によると」として扱ってください。", EN: "Statements as the articles give them, with the surveys they cite. The articles give no URL or report title, so read these as \"according to the article\", not verified statistics."},
	"claim":              {JA: "記事の主張 (根拠の記載なし)", EN: "Claim without evidence"},
	"anecdote":           {JA: "事例 (企業名・出典の記載なし)", EN: "Unnamed example, not a statistic"},
	"no_source":          {JA: "出典の記載なし", EN: "no source cited"},
	"no_source_in":       {JA: "出典の記載なし・%s", EN: "no source cited; from %s"},
	"col_note":           {JA: "注記", EN: "Note"},
	"jobs_title":         {JA: "案件例", EN: "Example listings"},
	"jobs_title_kw":      {JA: "案件例: %s", EN: "Example listings: %s"},
	"jobs_note":          {JA: "40代からのフリーランスエンジニア向けエージェントSEESが自社サイトで紹介した案件例です。掲載日がなく、現在募集中とは限りません。", EN: "Examples that SEES, an agency for freelance engineers aged 40 and over, published on its own site. They are undated and not necessarily open."},
	"jobs_none":          {JA: "「%s」に該当する案件例はありません。ナレッジベースの案件例は%d件です。", EN: "No example listing matches %q. The knowledge base has %d example listings."},
	"fee":                {JA: "報酬", EN: "Fee"},
	"contract":           {JA: "契約形態", EN: "Contract"},
	"position":           {JA: "ポジション", EN: "Position"},
	"duration":           {JA: "期間", EN: "Duration"},
	"work":               {JA: "作業内容", EN: "Work"},
	"req_skills":         {JA: "求めるスキル", EN: "Required skills"},
	"ask_usage":          {JA: "質問やキーワードを入力してください (例: /ask 年収1000万円)。", EN: "Type a question or keywords (e.g. /ask how to reach ¥10M a year)."},
	"ask_title":          {JA: "検索結果: %s", EN: "Search: %s"},
	"ask_none":           {JA: "「%s」に一致する情報はナレッジベースにありません。", EN: "Nothing in the knowledge base matches %q."},
	"help_title":         {JA: "careerbot のコマンド", EN: "careerbot commands"},
	"help_p":             {JA: "日本のソフトウェアエンジニアの年収・キャリアについて、3本の記事から整理したナレッジベースで答えます。数字には単位・種類・年・出典を付けています。/career <コマンド> でも使えます。", EN: "Answers about Japanese software engineers' pay and careers from a knowledge base curated from three articles. Every figure shows its unit, kind, year and source. Also works as /career <command>."},
	"digest_unavailable": {JA: "ダイジェストはこの環境では使えません。", EN: "The digest is not available here."},
	"internal":           {JA: "内部エラーが発生しました。時間をおいて再度お試しください。", EN: "Something went wrong on our side. Please try again later."},
	"shared_by":          {JA: "%s さんが共有", EN: "Shared by %s"},
	"share_invalid":      {JA: "共有できない回答です。もう一度コマンドを実行してください。", EN: "That answer cannot be shared. Please run the command again."},
	"note":               {JA: "注記", EN: "Note"},
	"example_listing":    {JA: "案件例", EN: "example listing"},
}

// tr formats message key in l.
func tr(l knowledge.Locale, key string, args ...any) string {
	return format(messages, l, key, args...)
}

// format looks key up in a message table and fills in args; an unknown key
// shows as itself, so a missing translation is visible, not blank.
func format(table map[string]knowledge.Text, l knowledge.Locale, key string, args ...any) string {
	m, ok := table[key]
	if !ok {
		return key
	}
	if len(args) == 0 {
		return m.In(l)
	}
	return fmt.Sprintf(m.In(l), args...)
}
