package surfaces_test

import (
	"context"
	"regexp"
	"strings"
	"testing"
	"unicode"

	"careerbot/bot/console"
	"careerbot/bot/discordbot"
	"careerbot/bot/slackbot"
	"careerbot/handlers"
	"careerbot/handlers/handlerstest"
	"careerbot/store"
	"careerbot/store/storetest"
)

// number is a run of digits with the unit written next to it: 957万円,
// 1,200,000円, ¥9.57M, 30%, 6倍, 2024年, 40代.
var number = regexp.MustCompile(`[¥$]?\d+(?:[,.]\d+)*(?:\s?(?:万円|億円|円|万|%|％|倍|年|歳|代|件|社|人|時間|ヶ月|か月|カ月|M|k|×))?`)

// squash drops white space: the surfaces break lines and pack fields
// differently, which changes no number and no caveat.
func squash(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, s)
}

// caveat is one of a reply's notes, or a field's note with the value it
// qualifies.
type caveat struct {
	text string
	of   string // the field's label and value; empty for the reply's notes
}

// caveats are the reply's notes and its fields' notes.
func caveats(r handlers.Reply) []caveat {
	var out []caveat
	for _, n := range r.Notes {
		if n = strings.TrimSpace(n); n != "" {
			out = append(out, caveat{text: n})
		}
	}
	for _, f := range r.Fields {
		if n := strings.TrimSpace(f.Note); n != "" {
			// The label, then the start of the value, as the chat
			// surfaces lay a field out (the label alone also heads notes).
			out = append(out, caveat{text: n, of: squash(f.Label) + prefix(squash(f.Value), 8)})
		}
	}
	return out
}

// prefix is the first n runes of s.
func prefix(s string, n int) string { return string([]rune(s)[:min(n, len([]rune(s)))]) }

// head is the first few runes of squashed text: what survives a cut.
func head(s string) string { return prefix(s, 12) }

// unmark drops the emphasis marks the chat surfaces put around labels.
var unmark = strings.NewReplacer("*", "", "_", "")

// TestSameContentOnEverySurface asks the real engine (the curated
// knowledge base in SQLite) every question of handlerstest.Questions and
// checks that every number and every caveat the console shows also
// reaches Slack and Discord. The only difference allowed is the
// platform's own shortening, and only in a message that says it was
// shortened: then numbers may be missing, and caveats may be cut short,
// but never dropped.
func TestSameContentOnEverySurface(t *testing.T) {
	ctx := context.Background()
	st := storetest.Open(t, store.Options{})
	router, err := handlers.New(ctx, st, handlers.Options{})
	if err != nil {
		t.Fatal(err)
	}
	surfaces := []struct {
		name   string
		render func(handlers.Reply) string
	}{{"slack", slackbot.PlainText}, {"discord", discordbot.PlainText}}
	checked, withCaveats := 0, 0
	shortenedOn := map[string][]string{}
	numbers, missed := 0, map[string]int{}
	for _, q := range handlerstest.Questions() {
		t.Run(q.Line+"/"+string(q.Locale), func(t *testing.T) {
			rep := console.Ask(ctx, router, q.Line, q.Locale)
			text := console.Render(rep)
			nums := number.FindAllString(text, -1)
			cavs := caveats(rep)
			for _, c := range cavs {
				if !strings.Contains(squash(text), squash(c.text)) {
					t.Errorf("the console does not show the caveat %q:\n%s", c, text)
				}
			}
			checked++
			if len(cavs) > 0 {
				withCaveats++
			}
			for _, s := range surfaces {
				out := s.render(rep)
				flat := squash(out)
				shortened := strings.Contains(out, handlers.Label(rep.Locale, handlers.LabelShortened))
				var missing []string
				for _, n := range nums {
					if !strings.Contains(flat, squash(n)) {
						missing = append(missing, n)
					}
				}
				numbers += len(nums)
				missed[s.name] += len(missing)
				if shortened {
					shortenedOn[s.name] = append(shortenedOn[s.name], q.Line+"/"+string(q.Locale))
				}
				if len(missing) > 0 && !shortened {
					t.Errorf("%s lacks %d numbers the console shows, and does not say it was shortened: %q\n--- console:\n%s\n--- %s:\n%s",
						s.name, len(missing), missing, text, s.name, out)
				}
				for _, c := range cavs {
					text := squash(c.text)
					if strings.Contains(flat, text) {
						continue
					}
					// A shortened message may drop a figure at its end, and
					// its caveat goes with it; a figure that is shown keeps
					// its caveat, cut short at most (it starts the same way).
					if shortened && c.of != "" && !strings.Contains(unmark.Replace(flat), c.of) {
						continue
					}
					if !shortened || !strings.Contains(flat, head(text)) {
						t.Errorf("%s lacks the caveat %q:\n%s", s.name, c.text, out)
					}
				}
			}
		})
	}
	if withCaveats == 0 {
		t.Errorf("none of the %d answers has a caveat: the test checks nothing about them", checked)
	}
	t.Logf("%d answers compared, %d with caveats; %d numbers on the console per surface, of which Slack lacks %d and Discord %d, all in shortened answers; shortened on Slack: %q; on Discord: %q",
		checked, withCaveats, numbers/len(surfaces), missed["slack"], missed["discord"], shortenedOn["slack"], shortenedOn["discord"])
}
