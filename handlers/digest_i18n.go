package handlers

import (
	"careerbot/knowledge"
)

// digestMessages holds the fixed strings of /digest and of the digest
// itself, in both locales. Kept apart from messages so the digest can change
// without touching the other commands' text.
var digestMessages = map[string]knowledge.Text{
	"usage":             {JA: "使い方: /digest subscribe [曜日] [HH:MM] [タイムゾーン] | unsubscribe | status | preview", EN: "Usage: /digest subscribe [weekday] [HH:MM] [timezone] | unsubscribe | status | preview"},
	"unknown_sub":       {JA: "「%s」という /digest のサブコマンドはありません。", EN: "/digest has no subcommand %q."},
	"forbidden_discord": {JA: "購読の開始・解除は「サーバー管理」権限を持つメンバーだけができます。権限のあるメンバーに依頼してください。", EN: "Only members with the Manage Server permission can subscribe or unsubscribe this channel. Please ask one of them."},
	"forbidden_slack":   {JA: "購読の開始・解除はワークスペースの管理者・オーナー、または SLACK_ADMIN_USER_IDS に登録されたユーザーだけができます。", EN: "Only workspace admins and owners, or the users listed in SLACK_ADMIN_USER_IDS, can subscribe or unsubscribe this channel."},
	"digest_chat_only":  {JA: "購読できるのは Slack と Discord のチャンネルです。ここでは /digest preview で次回の内容を確認できます。", EN: "Only Slack and Discord channels can subscribe. Here, /digest preview shows the next digest."},
	"forbidden_other":   {JA: "購読の開始・解除は管理者だけができます。", EN: "Only admins can subscribe or unsubscribe this channel."},
	"no_channel":        {JA: "チャンネルが分からないため、ダイジェストを設定できません。", EN: "The digest needs a channel, and this request has none."},
	"bad_weekday_time":  {JA: "「%s」は曜日・時刻・タイムゾーンのどれとしても読めません。曜日は mon〜sun / 月〜日、時刻は HH:MM (例: 09:00)、タイムゾーンは IANA 名 (例: Asia/Tokyo) で指定してください。", EN: "%q is not a weekday, a time or a time zone. Use mon…sun (or 月…日) for the weekday, HH:MM (e.g. 09:00) for the time and an IANA name (e.g. Asia/Tokyo) for the time zone."},
	"bad_time":          {JA: "「%s」は時刻として正しくありません。00:00〜23:59 の HH:MM で指定してください (例: 09:00)。", EN: "%q is not a valid time. Use HH:MM between 00:00 and 23:59 (e.g. 09:00)."},
	"bad_tz":            {JA: "「%s」はタイムゾーンとして認識できません。IANA 名で指定してください (例: Asia/Tokyo, America/New_York, UTC)。大文字・小文字も区別されます。", EN: "%q is not a known time zone. Use an IANA name such as Asia/Tokyo, America/New_York or UTC (it is case-sensitive)."},
	"dup_arg":           {JA: "%s が2回指定されています。", EN: "The %s was given twice."},
	"arg_weekday":       {JA: "曜日", EN: "weekday"},
	"arg_time":          {JA: "時刻", EN: "time"},
	"arg_tz":            {JA: "タイムゾーン", EN: "time zone"},
	"subscribed_title":  {JA: "週刊ダイジェストを購読しました", EN: "Weekly digest subscribed"},
	"subscribed_p":      {JA: "このチャンネルに週刊キャリアダイジェストを投稿します。/digest preview で次回の内容を、/digest status で状況を確認できます。", EN: "This channel will get the weekly career digest. /digest preview shows the next one and /digest status shows where it stands."},
	"unsubscribed":      {JA: "このチャンネルの週刊ダイジェストの購読を解除しました。", EN: "This channel is no longer subscribed to the weekly digest."},
	"not_subscribed":    {JA: "このチャンネルは週刊ダイジェストを購読していません。", EN: "This channel is not subscribed to the weekly digest."},
	"how_subscribe":     {JA: "管理者が /digest subscribe を実行すると購読できます (既定: %s)。", EN: "An admin can subscribe it with /digest subscribe (default: %s)."},
	"status_title":      {JA: "週刊ダイジェストの状況", EN: "Weekly digest status"},
	"f_schedule":        {JA: "スケジュール", EN: "Schedule"},
	"f_timezone":        {JA: "タイムゾーン", EN: "Time zone"},
	"f_next":            {JA: "次回", EN: "Next run"},
	"f_last":            {JA: "前回の配信", EN: "Last delivery"},
	"f_paused":          {JA: "停止中", EN: "Paused"},
	"f_locale":          {JA: "言語", EN: "Language"},
	"f_by":              {JA: "購読した人", EN: "Subscribed by"},
	"paused_p":          {JA: "配信を停止しています: %s。ボットをチャンネルに戻すなど原因を解消したうえで、管理者が /digest subscribe を再実行するか、運用者が careerbot digest send-now を実行すると再開します。", EN: "Delivery is paused: %s. Once the cause is fixed (e.g. the bot is back in the channel), an admin can run /digest subscribe again or an operator can run careerbot digest send-now to resume."},
	"last_none":         {JA: "まだありません", EN: "none yet"},
	"state_sent":        {JA: "投稿済み", EN: "posted"},
	"state_intent":      {JA: "配信中・再試行待ち", EN: "in progress or awaiting retry"},
	"state_failed":      {JA: "失敗", EN: "failed"},
	"state_skipped":     {JA: "スキップ (停止中に予定時刻を過ぎたため)", EN: "skipped (missed while the bot was down)"},
	"attempts":          {JA: "試行%d回", EN: "%d attempts"},
	"sched_weekly":      {JA: "毎週%s %02d:%02d", EN: "%ss at %02d:%02d"},
	"sched_daily":       {JA: "毎日 %02d:%02d", EN: "every day at %02d:%02d"},
	"sched_cron":        {JA: "cron: %s", EN: "cron: %s"},
	"sched_default":     {JA: "%s (%s)", EN: "%s (%s)"},
	"locale_ja":         {JA: "日本語", EN: "Japanese"},
	"locale_en":         {JA: "英語", EN: "English"},
	"unavailable":       {JA: "ダイジェストを作成できませんでした。時間をおいて再度お試しください。", EN: "The digest could not be put together. Please try again later."},

	// The digest itself.
	"title":        {JA: "週刊キャリアダイジェスト・%sの週", EN: "Weekly career digest · week of %s"},
	"intro":        {JA: "ナレッジベースから毎週ひとつずつ。元の記事の多くは日付のない解説記事で、今週のニュースではありません。", EN: "One story a week from careerbot's knowledge base. Its articles are mostly undated explainers, not this week's news."},
	"h_week":       {JA: "今週の数字", EN: "Figure of the week"},
	"h_added":      {JA: "新しく加わった数字", EN: "New figure"},
	"h_changed":    {JA: "更新された数字", EN: "Updated figure"},
	"market":       {JA: "市場動向 (記事の記述として)", EN: "Market (as the article states it)"},
	"career_path":  {JA: "キャリアパス", EN: "Career path"},
	"career_skill": {JA: "スキルマップ", EN: "Skill map"},
	"kpi":          {JA: "KPI: %s", EN: "KPI: %s"},
	"action":       {JA: "今週のアクション", EN: "One action for this week"},
	"action_from":  {JA: "(記事の「%s」より)", EN: "(from the article's “%s”)"},
	"whats_new":    {JA: "前回のダイジェスト以降の更新", EN: "Changed since your last digest"},
	"more_changes": {JA: "ほか%d件", EN: "and %d more"},
	"ch_added":     {JA: "追加", EN: "added"},
	"ch_changed":   {JA: "更新", EN: "changed"},
	"ch_removed":   {JA: "削除", EN: "removed"},
	"kind_salary":  {JA: "年収・単価", EN: "salary"},
	"kind_listing": {JA: "案件例", EN: "listing"},
	"kind_path":    {JA: "キャリアパス", EN: "career path"},
	"kind_skill":   {JA: "スキル", EN: "skills"},
	"kind_trend":   {JA: "市場動向", EN: "market trend"},
	"kind_action":  {JA: "アクション", EN: "action"},
	// Button labels: short, they open the full answer privately.
	"more_pay":    {JA: "詳しく: %sの年収", EN: "More: %s pay"},
	"more_market": {JA: "詳しく: 市場動向", EN: "More: market trends"},
	"more":        {JA: "詳しく: %s", EN: "More: %s"},
	"more_skills": {JA: "詳しく: スキルマップ", EN: "More: skill map"},
	"more_action": {JA: "詳しく: このアクション", EN: "More: this action"},
	"more_change": {JA: "詳しく: 更新された内容", EN: "More: what changed"},
}

// dtr formats digest message key in l.
func dtr(l knowledge.Locale, key string, args ...any) string {
	return format(digestMessages, l, key, args...)
}

var weekdayNames = [7]knowledge.Text{
	{JA: "日曜", EN: "Sunday"}, {JA: "月曜", EN: "Monday"}, {JA: "火曜", EN: "Tuesday"}, {JA: "水曜", EN: "Wednesday"},
	{JA: "木曜", EN: "Thursday"}, {JA: "金曜", EN: "Friday"}, {JA: "土曜", EN: "Saturday"},
}
