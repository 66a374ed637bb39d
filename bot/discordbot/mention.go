package discordbot

import (
	"context"
	"regexp"
	"strings"
	"sync/atomic"
	"time"
	"unicode"

	"github.com/bwmarrin/discordgo"

	"careerbot/bot/internal/flood"
	"careerbot/bot/internal/seen"
	"careerbot/handlers"
	"careerbot/knowledge"
)

// A person may ask floodBurst questions at once, then one more every
// floodEvery; past that they get one notice, then silence.
const (
	floodBurst = 5
	floodEvery = 20 * time.Second
	maxFlood   = 10_000
)

// extras is the state of mentions and DMs.
type extras struct {
	self  atomic.Value // string: the bot's user id, from READY
	flood *flood.Limiter
	voted *seen.Set // person and answer of the votes counted today
}

// A person's vote on one answer counts once a voteMemory (pressing again
// does not add up); this is held in memory only.
const (
	voteMemory = 24 * time.Hour
	maxVoters  = 100_000
)

func newExtras() *extras {
	e := &extras{flood: flood.New(floodBurst, floodEvery, maxFlood), voted: seen.New(voteMemory, maxVoters)}
	e.self.Store("")
	return e
}

// discordMention matches user, role and channel mentions: <@123>,
// <@!123>, <@&123>, <#123>.
var discordMention = regexp.MustCompile(`<(?:@[!&]?|#)\d+>`)

// broadMentions are the mentions of everyone, which carry no question.
var broadMentions = strings.NewReplacer("@everyone", " ", "@here", " ")

// mentionQuestion is the question in a message, without mention syntax
// (and without @everyone/@here, which say nothing careerbot can answer).
func mentionQuestion(content string) string {
	content = discordMention.ReplaceAllString(content, " ")
	content = broadMentions.Replace(content)
	return strings.Join(strings.Fields(content), " ")
}

// messageLocale guesses the language of a message, which unlike an
// interaction carries no locale: Japanese script means Japanese, Latin
// letters alone English, anything else the default.
func messageLocale(q string, def knowledge.Locale) knowledge.Locale {
	latin := false
	for _, r := range q {
		switch {
		case unicode.In(r, unicode.Hiragana, unicode.Katakana, unicode.Han):
			return knowledge.JA
		case r < 0x80 && unicode.IsLetter(r):
			latin = true
		}
	}
	if latin {
		return knowledge.EN
	}
	return def
}

// onMessage answers a message that mentions the bot, or a DM, with a
// reply to it in the same channel. The bot never answers bots (itself
// included), webhooks or system messages, so an answer cannot start a
// loop, and a person who floods it is told once, then ignored a while.
func (b *Bot) onMessage(ctx context.Context, m *discordgo.Message) {
	self, _ := b.ext.self.Load().(string)
	if m == nil || m.Author == nil || m.Author.Bot || m.Author.System || m.WebhookID != "" || m.Author.ID == self || self == "" {
		return
	}
	if m.Type != discordgo.MessageTypeDefault && m.Type != discordgo.MessageTypeReply {
		return
	}
	dm := m.GuildID == ""
	mentioned := false
	for _, u := range m.Mentions {
		if u != nil && u.ID == self {
			mentioned = true
		}
	}
	if !dm && !mentioned {
		return
	}
	q := mentionQuestion(m.Content)
	l := messageLocale(q, b.cfg.DefaultLocale)
	var msg message
	switch b.ext.flood.Take(m.GuildID+"/"+m.Author.ID, b.now()) {
	case flood.Ignore:
		return
	case flood.Notice:
		msg = message{Content: markdown(tr(l, "You're asking faster than I can answer. I'll be quiet for a moment; ask again in a minute.",
			"質問が続いたため、しばらく応答を控えます。1 分ほどしてからもう一度どうぞ。"))}
	default:
		req := handlers.Request{Command: "ask", Args: q, Locale: l, Platform: knowledge.Discord,
			Workspace: m.GuildID, Channel: m.ChannelID, User: m.Author.ID, UserName: firstNonEmpty(m.Author.GlobalName, m.Author.Username)}
		if q == "" {
			req.Command = "careerhelp"
		} else if c, a := handlers.ParseLine(q); strings.HasPrefix(q, "/") && c != "" && c != "digest" {
			req.Command, req.Args = c, a // "@careerbot /salary go" runs the command named
		}
		rep := b.engine.Handle(ctx, req)
		rep.Visibility = handlers.Public
		opts := b.answerOpts(l)
		opts.shareID = nil // already public
		msg = render(rep, opts)
	}
	fs, _ := files(msg.Files)
	_, err := b.api.ChannelMessageSendComplex(m.ChannelID, &discordgo.MessageSend{
		Content: msg.Content, Embeds: msg.Embeds, Components: msg.Components, Files: fs,
		AllowedMentions: noMentions(), Reference: m.Reference(),
	}, discordgo.WithContext(ctx))
	if err != nil {
		b.log.Warn("could not answer a mention or DM", "channel", m.ChannelID, "dm", dm, "err", err)
	}
}

func firstNonEmpty(s ...string) string {
	for _, v := range s {
		if v != "" {
			return v
		}
	}
	return ""
}
