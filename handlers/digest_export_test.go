package handlers

import (
	"context"
	"time"

	"careerbot/knowledge"
	"careerbot/schedule"
)

// Hooks for the digest's external tests.

// DigestMaxChars is the digest's length limit.
const DigestMaxChars = digestMaxChars

// ReplyLength is the composer's own measure of a reply's length.
var ReplyLength = replyLength

// Story names the facts the digest of period features (headline, market,
// career, action), whatever the locale.
func (d *Digest) Story(ctx context.Context, period time.Time, since, upto int) (string, error) {
	st, err := d.chooseStory(ctx, schedule.WeekIndex(period), since, upto)
	return st.String(), err
}

// Sentences exposes the digest's sentence splitter.
var Sentences = sentences

// Locales the digest is written in.
var DigestLocales = []knowledge.Locale{knowledge.JA, knowledge.EN}
