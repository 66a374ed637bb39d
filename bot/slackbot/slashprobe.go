package slackbot

import (
	"careerbot/handlers"
	"cmp"
	"context"
	"encoding/json"
	"time"

	"github.com/slack-go/slack"
)

// probeTimeout bounds the answer's trip through response_url.
const probeTimeout = 10 * time.Second

// slashAck returns the body acknowledging a slash command, and what to do
// once that is sent (nil: nothing). Slack tells the app nothing when it cannot show an
// ack (the Socket Mode ack or the HTTP response body), so an answer with
// chart or table blocks to a workspace not yet known to show them is
// acked empty and sent through the command's response_url instead, where
// a refusal comes back and the answer goes again without those blocks.
// This needs the verdict to be kept (a StateStore): otherwise, and where
// the response_url is not Slack's, the answer is the ack, as before.
func (b *Bot) slashAck(sc slack.SlashCommand, a answer) (body []byte, after func()) {
	if !b.plain.persistent() || !hasNewBlocks(a.msg) || b.plain.accepts(sc.TeamID) || !b.responseURLOK(sc.ResponseURL) {
		return a.raw, nil
	}
	return nil, func() { b.probeBlocks(sc, a) }
}

// probeBlocks posts a to the command's response_url. If Slack refuses it
// (a response_url answers HTTP 400 with the error as text, which slack-go
// reports by status only; or invalid_blocks in JSON), the answer is
// rendered again without the new blocks and posted; when that goes
// through, the workspace is remembered as refusing them. Any other
// failure also gets the plain answer, so the asker is not left without
// one, but marks nothing.
func (b *Bot) probeBlocks(sc slack.SlashCommand, a answer) {
	ctx, cancel := context.WithTimeout(context.Background(), probeTimeout)
	defer cancel()
	typ := cmp.Or(a.msg.ResponseType, slack.ResponseTypeEphemeral)
	err := b.viaResponseURL(ctx, sc.ResponseURL, typ, a.msg)
	if err == nil {
		b.plain.accept(sc.TeamID)
		return
	}
	code := slackErrorCode(err)
	u := b.lookupUser(ctx, sc.TeamID, sc.UserID, sc.UserName)
	req := slashRequest(sc, u)
	reply := b.engine.Handle(ctx, req)
	if reply.Locale == "" {
		reply.Locale = u.locale
	}
	plain := render(reply, renderOptions{Share: b.hasTokens(), More: true, Try: true, NoNewBlocks: true, Feedback: b.feedbackValue(ctx, reply)})
	if perr := b.viaResponseURL(ctx, sc.ResponseURL, cmp.Or(plain.ResponseType, typ), plain); perr != nil {
		b.log.Warn("could not answer a slash command through its response_url", "command", req.Command, "team", sc.TeamID, "err", err, "plain_err", perr)
		return
	}
	if code == "invalid_blocks" || code == "http_400" {
		b.plain.mark(sc.TeamID)
		b.log.Info("Slack refused chart blocks in a slash command's answer; answering this workspace without them", "team", sc.TeamID, "error", code)
	}
}

// plainAfterRefusal answers a button press again without the new blocks
// when its response_url refused the charted answer (as probeBlocks does
// for a slash command), and remembers the refusal once the plain answer
// went through. It reports whether it answered.
func (b *Bot) plainAfterRefusal(ctx context.Context, cb slack.InteractionCallback, reply handlers.Reply, opt renderOptions, msg message, err error) bool {
	if code := slackErrorCode(err); !hasNewBlocks(msg) || (code != "invalid_blocks" && code != "http_400") {
		return false
	}
	opt.NoNewBlocks = true
	if perr := b.viaResponseURL(ctx, cb.ResponseURL, slack.ResponseTypeEphemeral, render(reply, opt)); perr != nil {
		return false
	}
	b.plain.mark(cb.Team.ID)
	b.log.Info("Slack refused chart blocks in a button's answer; answering this workspace without them", "team", cb.Team.ID)
	return true
}

// ackBody is a Socket Mode ack's payload: none for an empty body.
func ackBody(body []byte) any {
	if len(body) == 0 {
		return nil
	}
	return json.RawMessage(body)
}
