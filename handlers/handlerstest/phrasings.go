package handlerstest

import "careerbot/knowledge"

// Phrasing is a question as people type it, with what its answer must and
// must not contain (as the console renders it). The expectations are the
// curated figures (knowledge/data/*.yaml): a combination the data tags
// answers with its own figure, any other says it has none and shows each
// topic's figures labelled, never one topic's number under another's.
type Phrasing struct {
	Line    string
	Locale  knowledge.Locale
	Must    []string
	MustNot []string
}

func ja(line string, must []string, not ...string) Phrasing {
	return Phrasing{Line: line, Locale: knowledge.JA, Must: must, MustNot: not}
}

func en(line string, must []string, not ...string) Phrasing {
	return Phrasing{Line: line, Locale: knowledge.EN, Must: must, MustNot: not}
}

func s(xs ...string) []string { return xs }

// Words that mark the answers.
const (
	comboNoneJA = "組み合わせの数字はありません"
	comboNoneEN = "give no figure for"
	noFigJA     = "数字がありません"
	noFigEN     = "no salary figure"
	notInKBJA   = "ナレッジベースにありません"
	notInKBEN   = "not in the knowledge base"
)

// phrasings: at least 150 realistic asks, both languages, typos, full-width
// and mixed scripts, combined topics, levels, thresholds and plain questions.
var phrasings = []Phrasing{
	// Combined topics the data tags together.
	ja("/salary フロントエンド 派遣", s("約1,900円/時"), "2,200円/時", comboNoneJA),
	ja("/salary フロントエンド派遣", s("約1,900円/時"), "2,200円/時"),
	en("/salary frontend dispatch", s("about ¥1,900 an hour"), "¥2,200 an hour ·"),
	en("/salary frontend dispatched", s("¥1,900 an hour ·"), "¥2,200 an hour ·"),
	en("/salary front-end temp", s("¥1,900 an hour ·"), "¥2,200 an hour ·"),
	ja("/salary ＦＲＯＮＴＥＮＤ　派遣", s("1,900円/時"), "2,200円/時"),
	ja("/salary go freelance", s("957万円/年", "平均"), "995万円/年", "921万円/年", comboNoneJA),
	ja("/salary Go言語 フリーランス", s("957万円/年"), "995万円/年", "921万円/年"),
	ja("/salary go言語フリーランス", s("957万円/年"), "995万円/年"),
	en("/salary golang freelancer", s("¥9.57M a year"), "¥9.95M a year ·", "¥9.21M a year ·"),
	en("/salary GO FREELANCE", s("¥9.57M a year"), "¥9.95M a year ·"),
	ja("/salary ｇｏ　ﾌﾘｰﾗﾝｽ", s("957万円/年"), "995万円/年"),
	ja("/salary 40代 バックエンド", s("693万円/年", "厚生労働省"), "586万円/年", "712万円/年", comboNoneJA),
	ja("/salary 40代のバックエンド", s("693万円/年"), "586万円/年", "712万円/年"),
	en("/salary backend 40s", s("¥6.93M a year"), "¥5.86M a year", "¥7.12M a year"),
	en("/salary backend 30s", s("¥5.86M a year"), "¥6.93M a year", "¥4.08M a year"),
	ja("/salary バックエンド 30代", s("586万円/年"), "693万円/年", "408万円/年"),
	ja("/salary 30歳代 サーバーサイド", s("586万円/年"), "693万円/年"),
	en("/salary backend in their 50s", s("¥7.12M a year"), "¥6.93M a year"),
	en("/salary twenties backend", s("¥4.08M a year"), "¥5.86M a year"),
	ja("/salary 60代 バックエンド", s("582万円/年"), "712万円/年"),
	ja("/salary 正社員 バックエンド", s("500万円/年", "正社員"), "700〜1,000万円/年", "2,200円/時", comboNoneJA),
	en("/salary backend full-time employee", s("¥5M a year"), "¥7M–¥10M a year", "¥2,200 an hour ·"),
	en("/salary backend employee", s("¥5M a year"), "¥2,200 an hour ·"),
	ja("/salary バックエンド 派遣", s("2,200円/時"), "1,900円/時"),
	en("/salary backend dispatch", s("¥2,200 an hour ·"), "¥1,900 an hour ·"),
	ja("/salary バックエンド アルバイト", s("1,200円/時"), "1,300円/時"),
	en("/salary frontend part-time", s("¥1,300 an hour"), "¥1,200 an hour ·"),
	ja("/salary フロントエンド アルバイト", s("1,300円/時"), "1,900円/時"),
	ja("/salary フロントエンド 正社員", s("500万円/年"), "2,200円/時"),
	en("/salary frontend freelance", s("¥7M–¥10M a year", "range (not an average)"), "¥2,200 an hour ·", "¥1,900 an hour ·"),
	ja("/salary フリーランス バックエンド", s("700〜1,000万円/年", "60〜80万円/月", "80〜90万円/月"), "1,900円/時", "720", "960"),
	ja("/salary バックエンド フリーランス 月収", s("60〜80万円/月"), "720万円", "960万円"),
	en("/salary se 40s", s("¥6.93M a year"), "¥5.86M a year"),
	// Combinations the data does not tag: said plainly, each topic labelled.
	ja("/salary go 40代", s(comboNoneJA, "Go言語 — ", "40代 — ", "957万円/年", "693万円/年"), "Go言語 — 40代"),
	en("/salary go 50s", s(comboNoneEN, "Go — ", "50s — ", "¥9.57M", "¥7.12M")),
	ja("/salary rails 30代", s(comboNoneJA, "995万円/年", "586万円/年")),
	en("/salary go employee", s(comboNoneEN, "Go — ")),
	ja("/salary go 派遣", s(comboNoneJA, "Go言語 — ", "派遣社員 — ")),
	ja("/salary java フリーランス", s(comboNoneJA, "数字がないトピック: Java")),
	en("/salary python backend", s(comboNoneEN, "No figure for: Python")),
	en("/salary node 40s", s(comboNoneEN, "¥9.21M", "¥6.93M")),
	ja("/salary 20代 派遣", s(comboNoneJA, "408万円/年")),
	en("/salary react freelance", s(comboNoneEN)),
	// Single topics.
	ja("/salary go", s("957万円/年", "INSTANTROOM"), "995万円/年"),
	en("/salary golang", s("¥9.57M a year"), "¥9.95M a year ·"),
	ja("/salary Ｇｏ言語", s("957万円/年")),
	ja("/salary rails", s("995万円/年"), "957万円/年"),
	en("/salary ruby on rails", s("¥9.95M a year ·"), "¥9.57M a year"),
	en("/salary node.js", s("¥9.21M a year ·")),
	ja("/salary 30代", s("586万円/年")),
	en("/salary forties", s("¥6.93M a year")),
	ja("/salary 派遣", s("2,200円/時", "1,900円/時")),
	en("/salary freelance", s("¥7M–¥10M a year", "range")),
	ja("/salary 業務委託", s("700〜1,000万円/年")),
	en("/salary frontend", s("¥5M a year", "¥1,900 an hour ·")),
	ja("/salary", s("約500万円/年", "518万円/年")),
	// Typos.
	ja("/salary golag", s("957万円/年", "「golag」を「Go言語」と読みました")),
	en("/salary golag freelance", s("¥9.57M a year", `read "golag" as Go`)),
	en("/salary backedn 30s", s("¥5.86M a year", "backedn")),
	en("/salary fronted dispatch", s("¥1,900 an hour ·")),
	en("/salary rials", s("¥9.95M a year ·")),
	// No figure: what the articles say, with source, marked.
	ja("/salary java", s(noFigJA, "記事の記述 (数字なし)", "doda"), "957万円/年", "995万円/年", "921万円/年"),
	en("/salary java", s(noFigEN, "What the articles say (no figure)", "doda"), "¥9.57M a year", "¥9.95M a year ·"),
	en("/salary python", s(noFigEN), "¥"),
	ja("/salary php", s(noFigJA), "957万円/年", "995万円/年"),
	en("/salary laravel", s(noFigEN), "¥"),
	ja("/salary ジャバ", s(noFigJA, "doda")),
	// Unknown topics and ignored words.
	ja("/salary cobol", s(notInKBJA, "/salary go")),
	en("/salary cobol", s(notInKBEN)),
	ja("/salary go ほげ", s("957万円/年", "無視した語: ほげ")),
	en("/salary go banana", s("¥9.57M a year", "ignored: banana")),
	en("/salary techlead", s("This command does not answer Tech lead / engineering manager; try /path techlead"), "not in the knowledge base"),
	ja("/path 40代", s("「40代」はこのコマンドでは答えられません", "/salary 40s")),
	en("/skills freelance", s("/path freelance")),
	// Levels.
	ja("/skills go level1", s("レベル1:基礎", "Go言語の基本文法"), "並行処理", "分散システムアーキテクチャ"),
	ja("/skills go レベル2", s("レベル2:応用", "並行処理"), "Go言語の基本文法", "分散システムアーキテクチャ"),
	en("/skills go level 3", s("Level 3: Expert", "Distributed-system"), "Go basic syntax"),
	en("/skills go lv3", s("Level 3: Expert"), "Level 1: Basics"),
	en("/skills golang Lv.2", s("Level 2: Applied"), "Level 3: Expert"),
	ja("/skills ｇｏ　ﾚﾍﾞﾙ１", s("レベル1"), "レベル3:専門家"),
	ja("/skills レベル2", s("レベル2:応用"), "レベル1:基礎"),
	en("/skills level 1", s("Level 1: Basics"), "Level 2: Applied"),
	en("/skills go level 9", s("levels run from 1 to 3"), "Level 1: Basics"),
	ja("/skills go レベル0", s("レベルは1〜3です")),
	en("/skills cloud level 2", s("Level 2: Applied")),
	en("/salary go level 3", s("¥9.57M", "level 3 is not used by this command")),
	// Skills by topic.
	ja("/skills go", s("レベル1", "レベル2", "レベル3")),
	en("/skills cloud", s("Cloud")),
	ja("/skills java", s("Java")),
	en("/skills backend frontend", s("Role comparison")),
	ja("/skills knitting", s(notInKBJA)),
	// Thresholds on listings.
	ja("/jobs 80万円以上", s("900,000円/月", "1,000,000円/月", "1,200,000円/月"), "600,000円/月", "700,000円/月"),
	ja("/jobs 80万以上", s("900,000円/月"), "600,000円/月"),
	en("/jobs over 800k", s("¥900k a month", "¥1M a month", "¥1.2M a month"), "¥600k", "¥700k"),
	en("/jobs >=90万", s("¥900k a month"), "¥600k", "¥700k"),
	ja("/jobs 100万以上", s("1,000,000円/月", "1,200,000円/月"), "900,000円/月", "600,000円/月"),
	ja("/jobs 70万以下", s("600,000円/月", "700,000円/月"), "900,000円/月", "1,200,000円/月"),
	en("/jobs under 700k", s("¥600k a month", "¥700k a month"), "¥900k", "¥1.2M"),
	ja("/jobs 80〜100万円", s("900,000円/月", "1,000,000円/月"), "1,200,000円/月", "600,000円/月"),
	ja("/jobs ８０万円以上", s("900,000円/月"), "600,000円/月"),
	en("/jobs ¥900k+", s("¥900k a month", "¥1.2M a month"), "¥600k"),
	ja("/jobs クラウド 80万以上", s("1,000,000円/月"), "900,000円/月", "600,000円/月"),
	en("/jobs PMO over 1M", s("¥1.2M a month"), "¥700k"),
	ja("/jobs java 80万以上", s("該当する案件例はありません"), "600,000円/月"),
	ja("/jobs 200万以上", s("該当する案件例はありません")),
	// Keywords and topics on listings.
	ja("/jobs java", s("600,000円/月"), "900,000円/月"),
	en("/jobs aws", s("¥1M a month"), "¥600k"),
	ja("/jobs PMO", s("700,000円/月", "1,200,000円/月"), "600,000円/月"),
	en("/jobs COMPANY", s("¥900k a month"), "¥600k"),
	ja("/jobs go", s("該当する案件例はありません"), "600,000円/月"),
	en("/jobs", s("¥600k a month", "¥1.2M a month")),
	// Market.
	en("/market go", s("Go engineer market is booming", "doda"), "Indeed Japan"),
	ja("/market go", s("Goエンジニア"), "Indeed Japan"),
	en("/market ai", s("World Economic Forum")),
	ja("/market クラウド", s("クラウド")),
	en("/market", s("The 5 statements most worth reading", "about 6×")),
	ja("/market", s("読む価値の高い5件", "Indeed Japan")),
	en("/market freelance go", s("Go")),
	en("/market cobol", s(notInKBEN)),
	en("/market react", s("no market statement about React")),
	// Compare.
	ja("/compare go rails node", s("957万円/年", "995万円/年", "921万円/年", "PR TIMES")),
	en("/compare go rails node", s("Node.js       | ¥9.21M a year | average | 2025 | PR TIMES", "Ruby on Rails | ¥9.95M a year")),
	en("/compare rails vs go", s("¥9.95M", "¥9.57M"), "¥9.21M a year ·"),
	ja("/compare goとrails", s("957万円/年", "995万円/年"), "921万円/年"),
	ja("/compare 30代 40代 50代", s("586万円/年", "693万円/年", "712万円/年")),
	en("/compare 30s, 40s vs 50s", s("¥5.86M", "¥6.93M", "¥7.12M")),
	ja("/compare 正社員 フリーランス", s("正社員")),
	en("/compare go cobol", s(notInKBEN)),
	en("/salary rails vs go", s("¥9.95M", "¥9.57M")),
	ja("/compare go rails フリーランス", s("Go言語 / Ruby on Rails (フリーランス)", "957万円/年", "995万円/年"), "700〜1,000万円/年 ·"),
	en("/compare 30s 40s backend", s("¥5.86M", "¥6.93M")),
	ja("/compare go フリーランス", s("比べる他のトピックの数字でもある"), "フリーランス | 957万円/年"),
	ja("/salary go vs rails", s("957万円/年", "995万円/年")),
	// Plain questions.
	ja("/ask 40代のバックエンドエンジニアの年収", s("693万円/年"), "586万円/年", "712万円/年"),
	ja("/ask 40代のバックエンドエンジニアの年収は？", s("693万円/年"), "586万円/年"),
	en("/ask what is the salary of a backend engineer in their 40s", s("¥6.93M a year"), "¥5.86M a year"),
	ja("/ask フロントエンドの派遣の時給は？", s("1,900円"), "2,200円/時"),
	en("/ask How much do frontend engineers earn as dispatched workers?", s("¥1,900 an hour ·"), "¥2,200 an hour ·"),
	en("/ask rails vs go salary", s("¥9.95M", "¥9.57M")),
	ja("/ask RailsとGoの年収比較", s("995万円/年", "957万円/年")),
	en("/ask how much does a go engineer earn", s("¥9.57M a year")),
	ja("/ask Go言語フリーランスの年収はいくら？", s("957万円/年")),
	en("/ask how much do freelance go developers make", s("¥9.57M a year")),
	ja("/ask 30代の給料", s("586万円/年")),
	en("/ask 50s wage", s("¥7.12M a year")),
	ja("/ask 正社員のバックエンドの給与", s("500万円/年"), "2,200円/時"),
	ja("/ask javaの年収", s(noFigJA, "doda"), "957万円/年"),
	ja("/ask テックリードになるには", s("/path techlead", "テックリード")),
	en("/ask how to become a tech lead", s("/path techlead", "Tech lead")),
	ja("/ask フルスタックエンジニアになりたい", s("フルスタック")),
	ja("/ask pmのKPI", s("KPI")),
	en("/ask techlead kpis", s("KPIs")),
	ja("/ask goのレベル3のスキル", s("レベル3:専門家"), "レベル1:基礎"),
	en("/ask skills for go level1", s("Level 1: Basics"), "Level 3: Expert"),
	ja("/ask 80万円以上の案件", s("900,000円/月"), "600,000円/月"),
	en("/ask jobs over 800k", s("¥900k a month"), "¥600k"),
	ja("/ask javaの案件", s("600,000円/月")),
	ja("/ask goの動向", s("Goエンジニア")),
	en("/ask go market trend", s("Go engineer market")),
	ja("/ask 年収1000万円", s("1,000万円")),
	ja("/ask 40代 転職", s("40")),
	en("/ask PR TIMES", s("PR TIMES")),
	ja("/career 40代の年収", s("693万円/年")),
	ja("/ask 未経験からエンジニアになるには", s("最初の3年"), "無視した語"),
	ja("/ask おすすめの資格は？", s("スキル: 認定資格")),
	ja("/ask フリーランスの月収", s("60〜80万円/月")),
	ja("/salary バックエンド 時給", s("2,200円/時")),
	en("/ask how much can a freelancer earn per month", s("¥600k–¥800k a month"), "ignored"),
	ja("/ask Goエンジニアの将来性は？", s("doda"), "Indeed Japan"),
	ja("/ask 30代 フリーランス 年収", s(comboNoneJA, "586万円/年", "700〜1,000万円/年")),
	en("/ask what skills do I need for go level 2", s("Level 2: Applied"), "Level 1: Basics"),
	en("/career how much does a rails engineer earn", s("¥9.95M a year ·")),
	ja("/career salary go", s("957万円/年")),
	en("/career frontend dispatch hourly wage", s("¥1,900 an hour ·")),
	// Paths and KPIs.
	ja("/path テックリード", s("テックリード")),
	en("/path tech lead", s("Tech lead")),
	en("/path teklead", s("Tech lead", `read "teklead"`)),
	ja("/path フリーランス", s("957万円/年")),
	ja("/kpi フルスタック", s("自走できる技術スタックの数")),
	en("/kpi fullstack", s("KPIs")),
	en("/path astronaut", s(notInKBEN)),
	en("/path techlead pm", s("Tech lead", "Other paths named (shown one at a time): Project manager", "/path pm")),
	ja("/salary 年収700万以上", s("712万円/年", "995万円/年"), "408万円/年", "586万円/年", "2,200円/時"),
	en("/salary go over 9 million yen", s("¥9.57M a year")),
	ja("/salary 50代 1000万以上", s("1000万以上を満たす数字はありません"), "712万円/年"),
	// Contradictions and odd input: a clear answer, no invented number.
	en("/jobs -5万円以上", s("is not a usable amount")),
	ja("/jobs 100万以上 50万以下", s("両方満たす金額はありません"), "600,000円/月", "1,200,000円/月"),
	en("/salary 15歳", s("no age band")),
	en("/salary @everyone <!channel>", s(notInKBEN), "@everyone", "<!channel>"),
	ja("/salary あああああ", s(notInKBJA)),
	en("/skills go level 3 level 2", s("two levels asked")),
}

// Phrasings returns the table.
func Phrasings() []Phrasing { return phrasings }
