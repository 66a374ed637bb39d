package handlers_test

import (
	"context"
	"testing"
	"time"
	"unicode/utf8"

	"careerbot/bot/console"
	"careerbot/handlers"
	"careerbot/knowledge"
)

// The digest carries one chart of the spotlight's comparable figures
// where it fits: never more than one, never pushing the console text past
// the digest's limit, and never at the cost of the words (the digest
// without its chart is what it would have been).
func TestDigestSpotlightChart(t *testing.T) {
	e := newDigestEnv(t)
	tokyo, _ := time.LoadLocation("Asia/Tokyo")
	charted := 0
	for w := range 30 {
		day := time.Date(2026, 11, 30, 9, 0, 0, 0, tokyo).AddDate(0, 0, 7*w)
		for _, l := range []knowledge.Locale{knowledge.JA, knowledge.EN} {
			rep, err := e.d.ComposeRange(context.Background(), day, l, 1, 1)
			if err != nil {
				t.Fatal(err)
			}
			text := console.Render(rep)
			if n := utf8.RuneCountInString(text); n > handlers.DigestMaxChars {
				t.Errorf("%s %s: %d console characters", day.Format("2006-01-02"), l, n)
			}
			if len(rep.Charts) == 0 {
				continue
			}
			charted++
			if len(rep.Charts) != 1 {
				t.Errorf("%d charts in one digest", len(rep.Charts))
			}
			if err := rep.Charts[0].Validate(); err != nil {
				t.Error(err)
			}
			plain := rep
			plain.Charts = nil
			if handlers.ReplyLength(plain)+1 > handlers.DigestMaxChars {
				t.Errorf("the digest without its chart is already at the limit")
			}
		}
	}
	if charted == 0 {
		t.Error("no digest in 30 weeks has a chart: the test checks nothing")
	}
	t.Logf("%d of 60 digests carry a chart", charted)
}
