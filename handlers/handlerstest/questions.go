package handlerstest

import "careerbot/knowledge"

// Question is one line as a person types it, in the locale they use.
type Question struct {
	Line   string
	Locale knowledge.Locale
}

// questionLines are realistic questions: every line of the handlers' own
// TestCommands table, /salary of every language, age, employment and role
// topic, and the questions the issue tracker quotes. Each is asked in both
// locales by Questions.
var questionLines = []string{
	// handlers TestCommands
	"/path", "/path techlead", "/path tech-lead", "/path テックリード", "/path engineering manager", "/path em",
	"/path specialist", "/path fullstack", "/path freelance", "/path consultant", "/path pm",
	"/kpi fullstack", "/kpi", "/skills go", "/skills", "/skills cloud", "/market",
	"/jobs", "/jobs java", "/jobs PMO", "/ask 年収1000万円", "/ask テックリードになるには",
	"/ask how to become a tech lead", "/careerhelp", "/career salary go", "salary go",
	// /salary of every topic with figures (languages, ages, employment, roles)
	"/salary", "/salary go", "/salary rails", "/salary nodejs", "/salary java", "/salary python", "/salary php",
	"/salary ruby", "/salary javascript", "/salary html", "/salary css", "/salary springboot", "/salary django",
	"/salary laravel", "/salary gin", "/salary echo", "/salary react",
	"/salary 20s", "/salary 30s", "/salary 40s", "/salary 50s", "/salary 60s", "/salary sixties",
	"/salary employee", "/salary freelance", "/salary dispatch", "/salary part-time",
	"/salary backend", "/salary frontend", "/salary se",
	// comparisons, searches, the rest of the commands, and a miss
	"/compare 正社員 フリーランス", "/compare go rails node", "/compare 30s 40s 50s", "/compare backend frontend",
	"/ask 40代 転職", "/ask フロントエンドの派遣の時給", "/kpi techlead", "/skills java", "/jobs aws",
	"/digest status", "/salary cobol",
}

// Questions lists every question in both locales (Japanese first): the
// lines above, then each line of the Phrasings table not among them.
func Questions() []Question {
	lines := append([]string(nil), questionLines...)
	seen := map[string]bool{}
	for _, line := range lines {
		seen[line] = true
	}
	for _, p := range phrasings {
		if !seen[p.Line] {
			seen[p.Line] = true
			lines = append(lines, p.Line)
		}
	}
	out := make([]Question, 0, 2*len(lines))
	for _, l := range []knowledge.Locale{knowledge.JA, knowledge.EN} {
		for _, line := range lines {
			out = append(out, Question{Line: line, Locale: l})
		}
	}
	return out
}
