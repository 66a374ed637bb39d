package knowledge_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	"careerbot/knowledge"
)

// benchQueries are the phrasings the parse benchmark cycles through: short
// commands, full questions in both languages, typos, full-width input,
// refinements and noise (the longest about 60 characters).
var benchQueries = []string{
	"go freelance",
	"フロントエンド派遣",
	"backend 30s",
	"rails vs go salary",
	"40代のバックエンドエンジニアの年収は？",
	"フロントエンドの派遣の時給は？",
	"how much does a go engineer earn",
	"go level1",
	"80万円以上",
	"jobs over 800k",
	"golag",
	"ＧＯ　フリーランス",
	"テックリードになるには",
	"what skills does a backend engineer need to become a tech lead in their 30s",
	"フリーランスのgoエンジニアで月単価80万以上の案件を教えてください",
	"100万以上 50万以下",
	"google engineer salary 2024",
	"goとrailsの年収比較",
	"@everyone <!channel> '; DROP TABLE facts; --",
	"派遣のフロントエンドエンジニアの時給はどのくらいですか",
}

// BenchmarkParseQuery times each parse and reports the median and 99th
// percentile besides the mean:
//
//	go test ./knowledge/ -run '^$' -bench ParseQuery -benchmem
func BenchmarkParseQuery(b *testing.B) {
	p := knowledge.NewQueryParser(curatedMatcher(b), knowledge.QueryOptions{MaxLevel: 3})
	for _, q := range benchQueries {
		p.Parse(q) // warm the scratch pool
	}
	durs := make([]time.Duration, 0, b.N)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		start := time.Now()
		q := p.Parse(benchQueries[i%len(benchQueries)])
		durs = append(durs, time.Since(start))
		_ = q
	}
	b.StopTimer()
	slices.Sort(durs)
	if len(durs) > 0 {
		b.ReportMetric(float64(durs[len(durs)/2].Nanoseconds()), "p50-ns")
		b.ReportMetric(float64(durs[len(durs)*99/100].Nanoseconds()), "p99-ns")
	}
}

// BenchmarkNewQueryParser: the index is built once per Matcher.
func BenchmarkNewQueryParser(b *testing.B) {
	m := curatedMatcher(b)
	b.ReportAllocs()
	for b.Loop() {
		knowledge.NewQueryParser(m, knowledge.QueryOptions{})
	}
}

// BenchmarkParseQueryLong: 5,000 characters of mixed text, of which the
// parser reads the first MaxQueryRunes.
func BenchmarkParseQueryLong(b *testing.B) {
	p := knowledge.NewQueryParser(curatedMatcher(b), knowledge.QueryOptions{MaxLevel: 3})
	long := strings.Repeat("goとrailsの年収 over 800k zzqx ", 200)[:5000]
	b.ReportAllocs()
	for b.Loop() {
		p.Parse(long)
	}
}
