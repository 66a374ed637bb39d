package discordbot

import (
	"context"
	"crypto/sha256"
	"encoding/base32"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/bwmarrin/discordgo"

	"careerbot/bot/delivery"
	"careerbot/handlers"
)

// digestTag starts the footer text that marks a digest post.
const digestTag = "careerbot digest · "

// discordEpoch is the first millisecond of 2015, where snowflakes start.
const discordEpoch = 1420070400000

// findPages bounds how many pages of 100 messages FindPost reads.
const findPages = 10

// messageCreate is discordgo's MessageSend plus the nonce fields it lacks
// in v0.29.0: with enforce_nonce, Discord returns the earlier message
// instead of creating a second one when the same nonce is sent again
// within a few minutes (a retry after a lost response). Attachments
// declares the files[n] parts of a multipart post (the digest's chart),
// which MessageSend lacks too.
type messageCreate struct {
	*discordgo.MessageSend
	Nonce        string                         `json:"nonce,omitempty"`
	EnforceNonce bool                           `json:"enforce_nonce,omitempty"`
	Attachments  []*discordgo.MessageAttachment `json:"attachments,omitempty"`
}

// nonceFor derives Discord's nonce (at most 25 characters) from a marker.
func nonceFor(marker string) string {
	sum := sha256.Sum256([]byte(marker))
	return strings.ToLower(base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(sum[:]))[:25]
}

// Post sends reply publicly to channel (delivery.Poster), with the marker
// in the text's last embed's footer (a chart's embed may follow it) so
// that FindPost can recognise it, and no mentions.
func (b *Bot) Post(ctx context.Context, channel string, reply handlers.Reply, marker string) (string, error) {
	if err := b.needToken("posting the digest"); err != nil {
		return "", delivery.Transient(err, 0)
	}
	reply.Visibility = handlers.Public
	reply.Actions = nil
	// The digest's parts open their full answers privately (Try buttons);
	// its chart, if any, is a PNG attached as answers have it.
	msg := render(reply, renderOpts{footerTag: digestTag + marker, locale: b.cfg.DefaultLocale, tryID: b.tryID})
	fs, atts := files(msg.Files)
	payload := messageCreate{
		MessageSend: &discordgo.MessageSend{
			Content:         msg.Content,
			Embeds:          msg.Embeds,
			Components:      msg.Components,
			AllowedMentions: noMentions(),
		},
		Nonce:        nonceFor(marker),
		EnforceNonce: true,
	}
	if atts != nil {
		payload.Attachments = *atts
	}
	endpoint := discordgo.EndpointChannelMessages(channel)
	// Rate limits go back to the scheduler (Transient with Retry-After)
	// rather than blocking here.
	opts := []discordgo.RequestOption{discordgo.WithContext(ctx), discordgo.WithRetryOnRatelimit(false)}
	var body []byte
	var err error
	if len(fs) > 0 {
		// Same payload and nonce, sent as payload_json with files[n]
		// (discordgo's MessageSend has no nonce, so no SendComplex).
		ctype, multipart, merr := discordgo.MultipartBodyWithJSON(payload, fs)
		if merr != nil {
			return "", delivery.Permanent(fmt.Errorf("discord: building the digest for channel %s: %w", channel, merr))
		}
		body, err = b.api.RequestRaw(http.MethodPost, endpoint, ctype, multipart, endpoint, 0, opts...)
	} else {
		body, err = b.api.RequestWithBucketID(http.MethodPost, endpoint, payload, endpoint, opts...)
	}
	if err != nil {
		return "", classify(fmt.Errorf("discord: posting the digest to channel %s: %w", channel, err))
	}
	var m discordgo.Message
	if err := json.Unmarshal(body, &m); err != nil || m.ID == "" {
		return "", delivery.Transient(fmt.Errorf("discord: posting the digest to channel %s: unreadable response: %v", channel, err), 0)
	}
	return m.ID, nil
}

// FindPost looks through the channel's messages since `since` for one whose
// embed footer carries marker.
func (b *Bot) FindPost(ctx context.Context, channel, marker string, since time.Time) (string, bool, error) {
	if err := b.needToken("looking for an earlier digest"); err != nil {
		return "", false, delivery.Transient(err, 0)
	}
	want := digestTag + marker
	after := snowflakeAt(since)
	for page := 0; page < findPages; page++ {
		msgs, err := b.api.ChannelMessages(channel, 100, "", after, "",
			discordgo.WithContext(ctx), discordgo.WithRetryOnRatelimit(false))
		if err != nil {
			return "", false, classify(fmt.Errorf("discord: reading channel %s to find an earlier digest: %w", channel, err))
		}
		for _, m := range msgs {
			for _, e := range m.Embeds {
				if e.Footer != nil && strings.Contains(e.Footer.Text, want) {
					return m.ID, true, nil
				}
			}
		}
		if len(msgs) < 100 {
			break
		}
		// Discord returns the newest first; continue after the newest.
		for _, m := range msgs {
			if snowflakeLess(after, m.ID) {
				after = m.ID
			}
		}
	}
	return "", false, nil
}

// snowflakeAt is the smallest snowflake Discord could assign at t.
func snowflakeAt(t time.Time) string {
	ms := t.UnixMilli() - discordEpoch
	if ms < 0 {
		return "0"
	}
	return strconv.FormatUint(uint64(ms)<<22, 10)
}

func snowflakeLess(a, b string) bool {
	x, err1 := strconv.ParseUint(a, 10, 64)
	y, err2 := strconv.ParseUint(b, 10, 64)
	return err1 == nil && err2 == nil && x < y
}

// classify wraps a REST error for the scheduler: a channel that is gone or
// closed to the bot is permanent; rate limits, server errors and network
// trouble are worth retrying.
func classify(err error) error {
	var rl *discordgo.RateLimitError
	if errors.As(err, &rl) {
		return delivery.Transient(err, rl.RetryAfter)
	}
	var re *discordgo.RESTError
	if errors.As(err, &re) && re.Response != nil {
		code := 0
		if re.Message != nil {
			code = re.Message.Code
		}
		switch {
		case re.Response.StatusCode == http.StatusNotFound,
			re.Response.StatusCode == http.StatusForbidden,
			code == discordgo.ErrCodeUnknownChannel, code == discordgo.ErrCodeMissingAccess, code == discordgo.ErrCodeMissingPermissions:
			return delivery.Permanent(err)
		case re.Response.StatusCode == http.StatusTooManyRequests:
			return delivery.Transient(err, retryAfter(re.Response.Header))
		}
		// 5xx, and anything unexpected (a 400 would be careerbot's bug and
		// must not pause a subscription).
		return delivery.Transient(err, 0)
	}
	return delivery.Transient(err, 0)
}

// retryAfter reads Retry-After (seconds, possibly fractional).
func retryAfter(h http.Header) time.Duration {
	for _, k := range []string{"Retry-After", "X-RateLimit-Reset-After"} {
		if f, err := strconv.ParseFloat(h.Get(k), 64); err == nil && f > 0 {
			return time.Duration(f * float64(time.Second))
		}
	}
	return 0
}
