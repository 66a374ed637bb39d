package slackbot

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/slack-go/slack"

	"careerbot/bot/delivery"
	"careerbot/handlers"
	"careerbot/knowledge"
)

// digestEventType names careerbot's message metadata, which carries the
// digest marker so that FindPost can tell whether a digest went out.
const digestEventType = "careerbot_digest"

var _ delivery.Poster[handlers.Reply] = (*Bot)(nil)

// Platform implements delivery.Poster.
func (b *Bot) Platform() knowledge.Platform { return knowledge.Slack }

// Post implements delivery.Poster: it posts reply publicly in channel,
// with the marker in the message metadata.
func (b *Bot) Post(ctx context.Context, channel string, reply handlers.Reply, marker string) (string, error) {
	api, team, err := b.posterClient(ctx)
	if err != nil {
		return "", err
	}
	reply.Visibility = handlers.Public
	var ts string
	// The digest's parts open their full answers privately (Try buttons).
	err = b.sendCharted(team, reply, renderOptions{Try: true}, func(msg message) error {
		return b.retry(ctx, "chat.postMessage", func() (err error) {
			_, ts, err = api.PostMessageContext(ctx, channel,
				slack.MsgOptionText(msg.Text, false),
				slack.MsgOptionBlocks(msg.Blocks...),
				slack.MsgOptionMetadata(slack.SlackMetadata{
					EventType:    digestEventType,
					EventPayload: map[string]any{"marker": marker},
				}))
			return err
		})
	})
	if err != nil {
		return "", classify(fmt.Errorf("slack: posting to %s: %w", channel, err))
	}
	return ts, nil
}

// FindPost implements delivery.Poster: it looks through the channel's
// history since the given time for a message carrying marker.
func (b *Bot) FindPost(ctx context.Context, channel, marker string, since time.Time) (string, bool, error) {
	api, _, err := b.posterClient(ctx)
	if err != nil {
		return "", false, err
	}
	params := &slack.GetConversationHistoryParameters{
		ChannelID:          channel,
		Oldest:             fmt.Sprintf("%d.%06d", since.Unix(), since.Nanosecond()/1000),
		Limit:              200,
		IncludeAllMetadata: true,
	}
	// A digest is found within a few pages; a busier channel than that
	// would mean the period is long past.
	for page := 0; page < 10; page++ {
		var resp *slack.GetConversationHistoryResponse
		err := b.retry(ctx, "conversations.history", func() (err error) {
			resp, err = api.GetConversationHistoryContext(ctx, params)
			return err
		})
		if err != nil {
			return "", false, classify(fmt.Errorf("slack: reading the history of %s: %w", channel, err))
		}
		for _, m := range resp.Messages {
			if m.Metadata.EventType == digestEventType {
				if got, _ := m.Metadata.EventPayload["marker"].(string); got == marker {
					return m.Timestamp, true, nil
				}
			}
		}
		if !resp.HasMore || resp.ResponseMetaData.NextCursor == "" {
			break
		}
		params.Cursor = resp.ResponseMetaData.NextCursor
	}
	return "", false, nil
}

// posterClient is the client for the subscription's workspace, which the
// scheduler puts in ctx (delivery.WithWorkspace), and that workspace's id
// ("" with one token: it names the only workspace).
func (b *Bot) posterClient(ctx context.Context) (*slack.Client, string, error) {
	if !b.hasTokens() {
		return nil, "", delivery.Permanent(errors.New("slack: digests need SLACK_BOT_TOKEN or Add to Slack (SLACK_CLIENT_ID)"))
	}
	team := ""
	if b.installs != nil {
		if team = delivery.Workspace(ctx); team == "" {
			return nil, "", delivery.Permanent(errors.New("slack: the subscription names no workspace, so there is no token to post with"))
		}
	}
	api, err := b.client(ctx, team, "")
	if errors.Is(err, errNotInstalled) {
		return nil, "", delivery.Permanent(fmt.Errorf("slack: workspace %s: %w", team, err))
	}
	if err != nil {
		return nil, "", delivery.Transient(fmt.Errorf("slack: the token of workspace %s: %w", team, err), 0)
	}
	return api, team, nil
}

// permanentCodes are Slack errors that retrying will not cure: the
// channel is gone, the bot is not in it, or the token lacks access.
var permanentCodes = map[string]bool{
	"channel_not_found": true,
	"not_in_channel":    true,
	"is_archived":       true,
	"account_inactive":  true,
	"invalid_auth":      true,
	"missing_scope":     true,
	"not_authed":        true,
	"token_revoked":     true,
	"restricted_action": true,
}

// classify wraps a Web API error for the digest scheduler.
func classify(err error) error {
	var rl *slack.RateLimitedError
	if errors.As(err, &rl) {
		return delivery.Transient(err, rl.RetryAfter)
	}
	var se slack.SlackErrorResponse
	if errors.As(err, &se) && permanentCodes[se.Err] {
		return delivery.Permanent(err)
	}
	// 5xx, network errors, timeouts and anything unknown: try again later.
	return delivery.Transient(err, 0)
}
