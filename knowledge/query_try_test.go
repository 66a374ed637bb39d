package knowledge_test

import (
	"bufio"
	"fmt"
	"os"
	"testing"

	"careerbot/knowledge"
)

func TestTryQuery(t *testing.T) {
	f := os.Getenv("QF")
	if f == "" {
		t.Skip()
	}
	p := knowledge.NewQueryParser(curatedMatcher(t), knowledge.QueryOptions{MaxLevel: 3})
	r, _ := os.Open(f)
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		s := sc.Text()
		fmt.Printf("{%q, %q},\n", s, p.Parse(s).String())
	}
}
