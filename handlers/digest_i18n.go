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
	"title":          {JA: "週刊キャリアダイジェスト・%sの週", EN: "Weekly career digest · week of %s"},
	"intro":          {JA: "careerbot のナレッジベースを毎週少しずつ紹介します。元になった記事はほとんどが日付のない解説記事で、今週のニュースではありません。背景知識として読んでください。", EN: "A weekly walk through careerbot's knowledge base. The articles it was curated from are mostly undated explainers, not this week's news: read this as background."},
	"sp_salary":      {JA: "年収・単価: %s", EN: "Salaries: %s"},
	"sp_salary_v":    {JA: "表の数字は出典どおりの単位・種類で示しています (月額を年収に換算したり、範囲を平均にしたりはしません)。", EN: "The figures in the table keep the units and kinds their sources give (monthly fees are never annualised, ranges never averaged)."},
	"grp_language":   {JA: "言語別", EN: "by language"},
	"grp_age":        {JA: "年代別", EN: "by age band"},
	"grp_employment": {JA: "雇用形態別", EN: "by employment type"},
	"grp_overall":    {JA: "全体の目安", EN: "headline figures"},
	"sp_path":        {JA: "キャリアパス: %s", EN: "Career path: %s"},
	"sp_skill":       {JA: "スキルマップ: %s", EN: "Skill map: %s"},
	"sp_trend":       {JA: "市場動向 (記事の記述として)", EN: "Market trend (as the article states it)"},
	"sp_listings":    {JA: "案件例 (日付なし・現在募集中とは限りません)", EN: "Example listings (undated, not necessarily open)"},
	"whats_new":      {JA: "前回のダイジェスト以降のナレッジベースの更新", EN: "Changed in the knowledge base since your last digest"},
	"nothing_new":    {JA: "前回のダイジェスト以降、ナレッジベースに変更はありません。", EN: "Nothing has changed in the knowledge base since your last digest."},
	"more":           {JA: "ほか%d件", EN: "and %d more"},
	"ch_added":       {JA: "追加", EN: "added"},
	"ch_changed":     {JA: "更新", EN: "changed"},
	"ch_removed":     {JA: "削除", EN: "removed"},
	"action":         {JA: "今週のアクション", EN: "One action for this week"},
	"action_from":    {JA: "出典の記事の項目: %s", EN: "From the article's list: %s"},
	"kind_salary":    {JA: "年収・単価", EN: "salary"},
	"kind_listing":   {JA: "案件例", EN: "listing"},
	"kind_path":      {JA: "キャリアパス", EN: "career path"},
	"kind_skill":     {JA: "スキル", EN: "skills"},
	"kind_trend":     {JA: "市場動向", EN: "market trend"},
	"kind_action":    {JA: "アクション", EN: "action"},
}

// dtr formats digest message key in l.
func dtr(l knowledge.Locale, key string, args ...any) string {
	return format(digestMessages, l, key, args...)
}

var weekdayNames = [7]knowledge.Text{
	{JA: "日曜", EN: "Sunday"}, {JA: "月曜", EN: "Monday"}, {JA: "火曜", EN: "Tuesday"}, {JA: "水曜", EN: "Wednesday"},
	{JA: "木曜", EN: "Thursday"}, {JA: "金曜", EN: "Friday"}, {JA: "土曜", EN: "Saturday"},
}
