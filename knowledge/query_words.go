package knowledge

// The query vocabulary besides topic names: what is asked (intents), the
// words that join or refine topics, and filler that carries no meaning for
// the knowledge base. Entries are matched after the same folding as topic
// names (full-width and case folded, separators optional where written);
// Latin entries only as whole words. A word that is also a topic name is a
// topic: topics win.

type wordKind uint8

const (
	wFiller   wordKind = iota + 1 // carries nothing: never shown
	wParticle                     // one kana: filler next to understood words, part of a word otherwise
	wSuffix                       // engineer, エンジニア: filler when a topic is named, ignored otherwise
	wIntent                       // says what is asked
	wCompare                      // vs, 比較
	wAnd                          // と, and, or: a comparison between two topics of one kind
	wOp                           // over, under: bounds the amount that follows
	wLevel                        // level, レベル without a number: skills
	wBetween                      // between A and B: a range of amounts
)

type word struct {
	kind   wordKind
	intent Intent
	weak   bool        // intent: only when nothing stronger is said (いくら, how much); op: filler when no amount follows (from)
	per    Period      // 月収 says a month, 時給 an hour
	op     ThresholdOp // wOp
}

type wordList struct {
	w     word
	words []string
}

var queryWords = []wordList{
	{word{kind: wIntent, intent: IntentPay}, []string{
		"案件単価", "給料", "給与", "単価", "報酬", "収入", "稼げる", "稼げ", "稼ぐ", "賃金", "相場", "ギャラ",
		"salary", "salaries", "earn", "earns", "earning", "earnings", "pay", "pays", "paid", "wage", "wages",
		"income", "rate", "rates", "compensation", "comp", "make money", "get paid", "money"}},
	{word{kind: wIntent, intent: IntentPay, per: PerYear}, []string{"年収", "年俸", "annual", "annually", "yearly", "annual salary", "annual income"}},
	{word{kind: wIntent, intent: IntentPay, per: PerMonth}, []string{"月収", "月給", "月額", "月単価", "monthly", "monthly fee", "monthly rate"}},
	{word{kind: wIntent, intent: IntentPay, per: PerHour}, []string{"時給", "hourly", "hourly wage", "hourly rate"}},
	{word{kind: wIntent, intent: IntentPay, weak: true, per: PerMonth}, []string{"per month", "a month", "monthly pay", "月あたり", "月に"}},
	{word{kind: wIntent, intent: IntentPay, weak: true, per: PerYear}, []string{"per year", "a year", "per annum", "年間"}},
	{word{kind: wIntent, intent: IntentPay, weak: true, per: PerHour}, []string{"per hour", "an hour", "1時間あたり"}},
	{word{kind: wIntent, intent: IntentPay, weak: true}, []string{"いくら", "how much", "howmuch", "もらえる", "もらえますか", "make", "makes"}},
	{word{kind: wCompare}, []string{"vs", "versus", "比較", "比べ", "比べて", "比べると", "比較して", "compare", "compared", "comparison", "違い", "difference", "対"}},
	{word{kind: wIntent, intent: IntentPath}, []string{
		"なるには", "なる方法", "なるため", "なるためには", "なりたい", "なれる", "なれますか", "目指す", "目指し", "目指したい",
		"キャリアパス", "キャリア", "キャリアアップ", "進路", "ロードマップ",
		"career path", "career paths", "career", "careers", "how to become", "become", "becoming", "path", "paths", "roadmap"}},
	{word{kind: wIntent, intent: IntentKPI}, []string{"kpi", "kpis", "指標", "目標", "okr", "okrs", "metric", "metrics", "goal", "goals"}},
	{word{kind: wIntent, intent: IntentSkills}, []string{
		"スキル", "スキルマップ", "技術", "技術力", "必要なスキル", "身につける", "学ぶべき",
		"skill", "skills", "skill map", "skillset", "skill set", "tech stack", "what to learn"}},
	{word{kind: wIntent, intent: IntentJobs}, []string{
		"案件", "求人", "仕事", "募集", "案件例", "求人情報",
		"job", "jobs", "listing", "listings", "job listings", "openings", "opening", "gig", "gigs", "vacancies", "positions"}},
	{word{kind: wIntent, intent: IntentMarket}, []string{
		"動向", "トレンド", "市場", "需要", "将来性", "人気", "市場価値", "今後", "market value",
		"trend", "trends", "market", "markets", "demand", "outlook", "future", "popularity", "popular"}},
	{word{kind: wLevel}, []string{"level", "levels", "lv", "lvl", "レベル", "レベル別"}},
	{word{kind: wAnd}, []string{"と", "and", "or", "&", "や"}},
	{word{kind: wOp, op: AtLeast}, []string{"over", "above", "more than", "at least", "min", "minimum", "最低", "最低でも"}},
	{word{kind: wOp, op: AtLeast, weak: true}, []string{"from", "starting at"}},
	{word{kind: wBetween}, []string{"between"}},
	{word{kind: wOp, op: AtMost}, []string{"under", "below", "less than", "at most", "max", "maximum", "up to", "最高", "最大"}},
	{word{kind: wOp, op: About}, []string{"around", "about", "approximately", "roughly", "約", "およそ", "大体", "だいたい"}},
	{word{kind: wSuffix}, []string{
		"engineer", "engineers", "developer", "developers", "dev", "devs", "programmer", "programmers", "worker", "workers", "staff",
		"エンジニア", "開発者", "プログラマー", "プログラマ", "職"}},
	{word{kind: wParticle}, []string{"の", "は", "が", "を", "に", "で", "も", "へ", "か", "ね", "よ", "な", "て", "って"}},
	{word{kind: wFiller}, []string{
		// Japanese question endings and filler.
		"です", "ですか", "でしょうか", "ますか", "ください", "下さい", "教えて", "教えてください", "知りたい",
		"くらい", "ぐらい", "どのくらい", "どれくらい", "どのぐらい", "どれぐらい", "どう", "どうですか", "どんな", "何", "なに",
		"とは", "について", "における", "場合", "平均", "平均的", "一般的", "一般的な", "実際", "現在", "最近", "日本", "国内",
		"ある", "あります", "ありますか", "したい", "する", "して", "したら", "すれば", "いい", "良い", "おすすめ", "向け",
		"人", "方", "場合は", "なら", "ですね", "かな", "でも", "だけ", "など", "ほしい", "欲しい", "見たい", "一覧",
		"から", "まで", "より", "には", "では", "として", "とか", "だと", "ための",
		// English stop words.
		"what", "what's", "whats", "is", "are", "was", "were", "be", "the", "a", "an", "how", "much", "many",
		"does", "do", "did", "can", "could", "should", "would", "will", "i", "i'm", "im", "me", "my", "you", "your",
		"we", "our", "they", "their", "for", "of", "in", "on", "at", "to", "as", "with", "by", "into", "if",
		"please", "tell", "show", "give", "list", "get", "gets", "know", "want", "need", "needed", "needs", "typical", "typically",
		"average", "avg", "usually", "generally", "now", "currently", "today", "japan", "japanese", "there", "any", "some",
		"info", "information", "someone", "somebody", "people", "person", "who", "this", "that", "these", "those",
		"role", "roles", "position", "work", "working", "as a", "like", "kind", "type", "types", "good", "best",
		"expected", "expect", "どっち", "どちら", "which", "better", "higher", "should i", "see", "more", "all", "it", "its", "it's", "than", "etc"}},
}
