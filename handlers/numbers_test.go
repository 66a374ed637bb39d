package handlers_test

import (
	"testing"

	"careerbot/knowledge"
)

// TestEveryNumberIsAnswerable walks the numbers the three articles state
// (INVENTORY.md, appendix A, checked against the articles) and asks for
// each the way a user would. Page metadata and advertising numbers are left
// out on purpose; TestNothingFictionalIsShown checks they never appear.
func TestEveryNumberIsAnswerable(t *testing.T) {
	tests := []struct {
		line string
		want string
	}{
		{"/salary go", "957万円/年"},
		{"/salary rails", "995万円/年"},
		{"/salary node", "921万円/年"},
		{"/salary", "約500万円/年"},
		{"/salary", "約574万円/年"},
		{"/salary", "400〜500万円/年"},
		{"/salary 20s", "408万円/年"},
		{"/salary 30s", "586万円/年"},
		{"/salary 40s", "693万円/年"},
		{"/salary 50s", "712万円/年"},
		{"/salary 60s", "582万円/年"},
		{"/salary freelance", "60〜80万円/月"},
		{"/salary part-time", "1,200〜2,200円/時"},
		{"/salary freelance", "700〜1,000万円/年"},
		{"/salary dispatch", "2,200円/時"},
		{"/salary part-time", "1,200円/時"},
		{"/salary", "518万円/年"},
		{"/salary", "1,198円/時"},
		{"/salary", "523万円/年"},
		{"/salary", "1,301円/時"},
		{"/salary dispatch", "1,900円/時"},
		{"/salary part-time", "1,300円/時"},
		{"/salary freelance", "80〜90万円/月"},
		{"/salary backend", "1,000万円/年"},
		{"/jobs", "600,000円/月"},
		{"/jobs", "3年以上"},
		{"/jobs", "900,000円/月"},
		{"/jobs", "1,000,000円/月"},
		{"/jobs", "700,000円/月"},
		{"/jobs", "1,200,000円/月"},
		{"/market --full", "2020年比"},
		{"/market --full", "約6倍以上"},
		{"/market --full", "約30%"},
		{"/market --full", "2024"},
		{"/market --full", "2025"},
		{"/skills go", "レベル3"},
		{"/skills", "5つのスキル"},
		{"/ask 年収を決定づける項目", "4つ"},
		{"/ask 高年収獲得の鍵", "3点"},
		{"/ask 明日からできる", "半年後・1年後"},
		{"/ask ロードマップ", "3年以内"},
		{"/path beginner", "最初の3年"},
		{"/kpi fullstack", "最低1つ"},
		{"/ask 半年に一度", "半年に一度"},
		{"/path specialist", "◯"},
	}
	for _, tc := range tests {
		t.Run(tc.line+" "+tc.want, func(t *testing.T) {
			_, text := ask(t, tc.line, knowledge.JA)
			mustContain(t, text, tc.want)
		})
	}
}
