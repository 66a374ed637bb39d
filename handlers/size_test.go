package handlers_test

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"

	"careerbot/bot/console"
	"careerbot/handlers"
	"careerbot/handlers/handlerstest"
	"careerbot/knowledge"
)

// askFull answers line with the whole answer, as ask does.
func askFull(t testing.TB, line string, l knowledge.Locale) handlers.Reply {
	t.Helper()
	r, _ := ask(t, line, l)
	return r
}

// askCompact answers line as a chat user sees it by default.
func askCompact(t testing.TB, line string, l knowledge.Locale) handlers.Reply {
	t.Helper()
	cmd, args := handlers.ParseLine(line)
	return testRouter.Handle(context.Background(), handlers.Request{Command: cmd, Args: args, Locale: l, Platform: "test", User: "U1", UserName: "tester", Channel: "C1"})
}

func consoleChars(r handlers.Reply) int { return utf8.RuneCountInString(console.Render(r)) }

// TestReplyLengths prints the console length of every answer to
// handlerstest.Questions, compact and full (go test ./handlers -run
// TestReplyLengths -v), and holds the compact ones to the chat-window
// sizes: at most 1,500 characters for nine in ten, none over 2,500.
func TestReplyLengths(t *testing.T) {
	var compact, full []int
	byLocale := map[knowledge.Locale][2][]int{}
	over := []string{}
	for _, q := range handlerstest.Questions() {
		c := askCompact(t, q.Line, q.Locale)
		f := askFull(t, q.Line, q.Locale)
		nc, nf := consoleChars(c), consoleChars(f)
		compact, full = append(compact, nc), append(full, nf)
		l := byLocale[q.Locale]
		byLocale[q.Locale] = [2][]int{append(l[0], nc), append(l[1], nf)}
		if nc > handlers.CompactMax {
			over = append(over, fmt.Sprintf("%s/%s: %d", q.Line, q.Locale, nc))
		}
	}
	stats := func(ns []int) (median, p90, most int) {
		s := slices.Clone(ns)
		sort.Ints(s)
		return s[len(s)/2], s[(len(s)*9+9)/10-1], s[len(s)-1]
	}
	cm, c90, cx := stats(compact)
	fm, f90, fx := stats(full)
	t.Logf("%d answers (console characters): compact median %d, p90 %d, max %d; full median %d, p90 %d, max %d",
		len(compact), cm, c90, cx, fm, f90, fx)
	for _, l := range []knowledge.Locale{knowledge.JA, knowledge.EN} {
		cm, c90, cx := stats(byLocale[l][0])
		fm, f90, fx := stats(byLocale[l][1])
		t.Logf("  %s (%d): compact median %d, p90 %d, max %d; full median %d, p90 %d, max %d", l, len(byLocale[l][0]), cm, c90, cx, fm, f90, fx)
	}
	if c90 > handlers.CompactTarget {
		t.Errorf("p90 of compact answers is %d characters, want at most %d", c90, handlers.CompactTarget)
	}
	if len(over) > 0 {
		t.Errorf("compact answers over %d characters: %q", handlers.CompactMax, over)
	}
	if fx <= cx {
		t.Errorf("the longest full answer (%d) is not longer than the longest compact one (%d): nothing was cut", fx, cx)
	}
}

// items lists a reply's items as compaction sees them: paragraphs and
// field values bullet by bullet, table rows, notes and sources.
func items(r handlers.Reply) []string {
	var out []string
	bullets := func(s string) []string {
		if !strings.HasPrefix(s, "•") {
			return []string{s}
		}
		var bs []string
		for _, l := range strings.Split(s, "\n") {
			if strings.HasPrefix(l, "•") || len(bs) == 0 {
				bs = append(bs, l)
			} else {
				bs[len(bs)-1] += "\n" + l
			}
		}
		return bs
	}
	for _, p := range r.Paragraphs {
		out = append(out, bullets(p)...)
	}
	for _, f := range r.Fields {
		out = append(out, bullets(f.Value)...)
	}
	if r.Table != nil {
		for _, row := range r.Table.Rows {
			out = append(out, strings.Join(row, "|"))
		}
	}
	out = append(out, r.Notes...)
	for _, c := range r.Sources {
		out = append(out, c.Name+" — "+c.Note)
	}
	return out
}

// TestCompactKeepsWhatMatters: for every question in both locales, the
// compact answer is the full one with whole items cut: every field kept
// keeps its note, the sources its figures name stay, More is offered
// exactly when something was cut, and the Full request gets it all.
func TestCompactKeepsWhatMatters(t *testing.T) {
	cutSome := 0
	for _, q := range handlerstest.Questions() {
		t.Run(q.Line+"/"+string(q.Locale), func(t *testing.T) {
			c := askCompact(t, q.Line, q.Locale)
			f := askFull(t, q.Line, q.Locale)
			if slices.ContainsFunc(f.Actions, func(a handlers.Action) bool { return a.Kind == handlers.ActionMore }) {
				t.Errorf("the full answer offers More")
			}
			// Every kept field is a field of the full answer, with the
			// same note, showing the first of its bullets at least.
			for _, x := range c.Fields {
				if !slices.ContainsFunc(f.Fields, func(o handlers.Field) bool {
					return o.Label == x.Label && o.Note == x.Note && strings.HasPrefix(o.Value, x.Value)
				}) {
					t.Errorf("field %q (%q, note %q) is not a field of the full answer with its note", x.Label, x.Value, x.Note)
				}
			}
			// A chart pictures the table beside it: the table keeps a
			// row for every bar (compact /compare once cut Rails and
			// Node.js from the table while the chart still drew them).
			if c.Table != nil {
				for _, ch := range c.Charts {
					for _, p := range ch.Points {
						if !slices.ContainsFunc(c.Table.Rows, func(row []string) bool { return slices.Contains(row, p.Label) }) {
							t.Errorf("chart %q draws %q but the table has no row for it", ch.Title, p.Label)
						}
					}
				}
			}
			// Every source a kept figure names stays.
			text := console.Render(c)
			for _, s := range f.Sources {
				named := strings.Contains(strings.Join(c.Paragraphs, "\n"), s.Name)
				for _, x := range c.Fields {
					named = named || strings.Contains(x.Value, s.Name)
				}
				if named && !slices.ContainsFunc(c.Sources, func(k handlers.Citation) bool { return k.Name == s.Name }) {
					t.Errorf("source %q of a kept figure was dropped:\n%s", s.Name, text)
				}
			}
			more := slices.IndexFunc(c.Actions, func(a handlers.Action) bool { return a.Kind == handlers.ActionMore })
			// What the full answer has that the compact one lacks, counted
			// as a multiset (two fields may hold the same value).
			have := map[string]int{}
			for _, it := range items(c) {
				have[it]++
			}
			var missing []string
			for _, it := range items(f) {
				if have[it] > 0 {
					have[it]--
				} else {
					missing = append(missing, it)
				}
			}
			if (more >= 0) != (len(missing) > 0) {
				t.Errorf("More offered: %v, but %d items were cut: %.300q", more >= 0, len(missing), missing)
			}
			if more >= 0 {
				cutSome++
				// The count is said in the last note (compaction) or on the
				// button itself (a command's own More, /market's top five).
				said := c.Actions[more].Label
				if len(c.Notes) > 0 {
					said = c.Notes[len(c.Notes)-1] + " " + said
				}
				// When both cut (/market's top five, then compaction), each
				// says its own share; together they cover what is missing.
				if !strings.Contains(said, fmt.Sprint(len(missing))) && !saysSum(said, len(missing)) {
					t.Errorf("neither the last note nor the button (%q) says that %d items are behind More", said, len(missing))
				}
				req, ok := handlers.ActionRequest(handlers.Request{Platform: "test"}, c.Actions[more].Value, true)
				if !ok || req.Locale != q.Locale {
					t.Fatalf("More's value %q does not re-run the question in %s", c.Actions[more].Value, q.Locale)
				}
				again := testRouter.Handle(context.Background(), req)
				if console.Render(again) != console.Render(f) {
					t.Errorf("More's value %q does not give the full answer", c.Actions[more].Value)
				}
			}
		})
	}
	if cutSome == 0 {
		t.Error("no answer was cut: the test checks nothing")
	}
	t.Logf("%d of %d answers were cut and offer More", cutSome, len(handlerstest.Questions()))
}

// TestConsoleLength: compaction counts characters exactly as the console
// shows them.
func TestConsoleLength(t *testing.T) {
	for _, q := range handlerstest.Questions() {
		for _, full := range []bool{false, true} {
			var r handlers.Reply
			if full {
				r = askFull(t, q.Line, q.Locale)
			} else {
				r = askCompact(t, q.Line, q.Locale)
			}
			if got, want := handlers.ConsoleLen(r), consoleChars(r); got != want {
				t.Errorf("%s/%s full=%v: counted %d characters, the console shows %d", q.Line, q.Locale, full, got, want)
			}
		}
	}
	f := handlerstest.Filled()
	if got, want := handlers.ConsoleLen(f), consoleChars(f); got != want {
		t.Errorf("every field filled: counted %d characters, the console shows %d", got, want)
	}
}

// BenchmarkCompact compacts the full answer to every question (go test
// ./handlers -run '^$' -bench Compact): the cost compaction adds to
// Router.Handle, per answer, reported for the worst question too.
func BenchmarkCompact(b *testing.B) {
	var fulls []handlers.Reply
	for _, q := range handlerstest.Questions() {
		fulls = append(fulls, askFull(b, q.Line, q.Locale))
	}
	b.Run("all", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			handlers.Compact(fulls[i%len(fulls)])
		}
	})
	worst := fulls[0]
	for _, f := range fulls {
		if consoleChars(f) > consoleChars(worst) {
			worst = f
		}
	}
	b.Run("longest", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			handlers.Compact(worst)
		}
	})
}

// TestSizerCountsExactly: at every step of cutting, the sizer's own count
// is what the console shows.
func TestSizerCountsExactly(t *testing.T) {
	for _, q := range handlerstest.Questions() {
		counted, shown := handlers.SizerLengths(askFull(t, q.Line, q.Locale))
		if !slices.Equal(counted, shown) {
			t.Errorf("%s/%s: the sizer counted %v, the console shows %v", q.Line, q.Locale, counted, shown)
		}
	}
}

// saysSum reports whether the numbers in s add up to n (a note and a
// button each counting their own part) without claiming more than n. A
// command's own More (/market) also changes its intro paragraph and
// sources in the full answer, which the item diff counts as missing too.
func saysSum(s string, n int) bool {
	sum := 0
	for _, f := range strings.FieldsFunc(s, func(r rune) bool { return r < '0' || r > '9' }) {
		var v int
		fmt.Sscan(f, &v)
		sum += v
	}
	return sum > 0 && sum <= n
}

// TestConcurrentAnswersMatchSerial asks every question from several
// goroutines at once and holds each answer to the one asked alone: the
// pooled sizers and the per-version memos must not leak between requests
// (run with -race to check the sharing too).
func TestConcurrentAnswersMatchSerial(t *testing.T) {
	qs := handlerstest.Questions()
	want := make([]string, len(qs))
	for i, q := range qs {
		want[i] = console.Render(askCompact(t, q.Line, q.Locale))
	}
	var wg sync.WaitGroup
	errs := make(chan string, 4*len(qs))
	for g := 0; g < 4; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for k := range qs {
				i := (k + g*len(qs)/4) % len(qs)
				if got := console.Render(askCompact(t, qs[i].Line, qs[i].Locale)); got != want[i] {
					errs <- fmt.Sprintf("%s/%s: concurrent answer differs from the serial one", qs[i].Line, qs[i].Locale)
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
}
