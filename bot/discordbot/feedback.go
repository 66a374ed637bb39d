package discordbot

import (
	"context"
	"strings"

	"github.com/bwmarrin/discordgo"

	"careerbot/handlers"
	"careerbot/knowledge"
)

// Custom id prefixes of the vote buttons; the value after them is a
// handlers.FeedbackValue, inline or through the shareStore when long.
const (
	voteUpPrefix   = "voteup:"
	voteDownPrefix = "votedown:"
)

// VoteRecorder keeps the 👍/👎 on answers (store.Store implements it).
type VoteRecorder interface {
	RecordVote(ctx context.Context, v knowledge.Vote) error
}

// voteButtons is a row with 👍 and 👎 under an answer, or nothing.
func voteButtons(r handlers.Reply, opts renderOpts, l knowledge.Locale) []discordgo.MessageComponent {
	if opts.voteID == nil {
		return nil
	}
	up, down := opts.voteID(true, r), opts.voteID(false, r)
	if up == "" || down == "" || ulen(up) > limitCustomID || ulen(down) > limitCustomID {
		return nil
	}
	return []discordgo.MessageComponent{discordgo.ActionsRow{Components: []discordgo.MessageComponent{
		discordgo.Button{Emoji: &discordgo.ComponentEmoji{Name: "👍"}, Label: tr(l, "Helpful", "役に立った"), Style: discordgo.SecondaryButton, CustomID: up},
		discordgo.Button{Emoji: &discordgo.ComponentEmoji{Name: "👎"}, Label: tr(l, "Not helpful", "役に立たなかった"), Style: discordgo.SecondaryButton, CustomID: down},
	}}}
}

// voteID is the custom_id of a vote button on reply ("" when votes are
// not kept or the reply is no answer). The value names the answer and
// its knowledge version, so a cached answer's buttons stay right.
func (b *Bot) voteID(up bool, reply handlers.Reply) string {
	if b.cfg.Votes == nil {
		return ""
	}
	version := ""
	if v, ok := b.engine.(interface {
		KnowledgeVersion(context.Context) (string, error)
	}); ok {
		version, _ = v.KnowledgeVersion(context.Background())
	}
	value := handlers.FeedbackValue(version, reply)
	if value == "" {
		return ""
	}
	prefix := voteDownPrefix
	if up {
		prefix = voteUpPrefix
	}
	return b.shares.idFor(prefix, value, b.now())
}

// isVote reports whether a custom_id is a vote button's.
func isVote(customID string) bool {
	return strings.HasPrefix(customID, voteUpPrefix) || strings.HasPrefix(customID, voteDownPrefix)
}

// vote stores the vote a button names, with no user, and thanks the voter
// privately.
func (b *Bot) vote(ctx context.Context, customID string, req handlers.Request) *discordgo.InteractionResponse {
	l := req.Locale
	up := strings.HasPrefix(customID, voteUpPrefix)
	prefix := voteDownPrefix
	if up {
		prefix = voteUpPrefix
	}
	value, ok := b.shares.lookupFor(prefix, customID, b.now())
	var v knowledge.Vote
	if ok {
		v, ok = handlers.ParseFeedback(knowledge.Discord, value, up)
	}
	if !ok || b.cfg.Votes == nil {
		return notice(tr(l, "This vote button has expired.", "この評価ボタンは期限切れです。"))
	}
	if !b.ext.voted.First(req.Workspace+"/"+req.User+"/"+value, b.now()) {
		return notice(tr(l, "Your vote on this answer is already counted.", "この回答への評価はすでに受け付けています。"))
	}
	if err := b.cfg.Votes.RecordVote(ctx, v); err != nil {
		b.log.Error("could not record a vote", "err", err)
		return notice(tr(l, "Your vote could not be saved. Please try again later.", "評価を保存できませんでした。しばらくしてからお試しください。"))
	}
	if up {
		return notice(tr(l, "Thanks for the feedback!", "フィードバックありがとうございます。"))
	}
	return notice(tr(l, "Thanks. Curators review answers marked unhelpful.", "ありがとうございます。役に立たなかった回答は編集者が見直します。"))
}
