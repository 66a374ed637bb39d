package slackbot

import (
	"context"
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"sync"
	"time"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"

	"careerbot/bot/internal/flood"
	"careerbot/bot/internal/seen"
	"careerbot/handlers"
	"careerbot/knowledge"
)

// Bounds of the Events API handling.
const (
	// eventTTL is how long an event id is remembered: Slack retries a
	// failed delivery three times within about five minutes.
	eventTTL = 10 * time.Minute
	maxSeen  = 10_000
	// A person may ask floodBurst questions at once, then one more every
	// floodEvery; past that they get one notice, then silence.
	floodBurst = 5
	floodEvery = 20 * time.Second
	maxFlood   = 10_000
	// eventWork bounds the work an event starts after it was acknowledged.
	eventWork = time.Minute
	// A person's vote on one answer counts once a voteMemory (presses
	// again, or toggling, do not add up); this is held in memory only.
	voteMemory = 24 * time.Hour
	maxVoters  = 100_000
)

// VoteRecorder keeps the 👍/👎 on answers (store.Store implements it).
type VoteRecorder interface {
	RecordVote(ctx context.Context, v knowledge.Vote) error
}

// SubscriptionLister lists digest subscriptions, for the App Home of
// workspace admins (store.Store implements it).
type SubscriptionLister interface {
	Subscriptions(ctx context.Context) ([]knowledge.Subscription, error)
}

// extras is the state of mentions, DMs, the App Home, forms and votes.
type extras struct {
	seen  *ttlCache[struct{}] // event ids already handled
	flood *flood.Limiter
	voted *seen.Set // person and answer of the votes counted today
	// events counts events received over HTTP and still being handled.
	events sync.WaitGroup
}

func newExtras() *extras {
	return &extras{seen: newCache[struct{}](maxSeen, eventTTL), flood: flood.New(floodBurst, floodEvery, maxFlood),
		voted: seen.New(voteMemory, maxVoters)}
}

// clientFor is the Web API client for a workspace (client.go: the one
// token, or the workspace's install); nil when there is none, logged.
func (b *Bot) clientFor(ctx context.Context, teamID string) *slack.Client {
	c, err := b.client(ctx, teamID, "")
	if err != nil {
		b.log.Warn("no Slack token for this workspace", "team", teamID, "err", err)
		return nil
	}
	return c
}

// firstTime records key and reports whether it was new: one lock around
// the check and the record, so two concurrent retries of one event cannot
// both pass.
func (c *ttlCache[V]) firstTime(key string, val V, now time.Time) bool {
	c.mu.Lock()
	e, ok := c.entries[key]
	c.mu.Unlock()
	if ok && now.Before(e.expires) {
		return false
	}
	c.put(key, val, now, 0)
	return true
}

// eventID reads the outer event id of an Events API callback ("" when
// there is none).
func eventID(ev slackevents.EventsAPIEvent) string {
	if cb, ok := ev.Data.(*slackevents.EventsAPICallbackEvent); ok {
		return cb.EventID
	}
	return ""
}

// botUserID is careerbot's own user id in the workspace, from the event's
// authorizations ("" when Slack did not say).
func botUserID(ev slackevents.EventsAPIEvent) string {
	if cb, ok := ev.Data.(*slackevents.EventsAPICallbackEvent); ok {
		for _, a := range cb.Authorizations {
			if a.IsBot && a.UserID != "" {
				return a.UserID
			}
		}
	}
	return ""
}

// onEventsAPI handles one acknowledged Events API callback, once per event
// id however often Slack retries it. It runs after the ack, so it may take
// its time.
func (b *Bot) onEventsAPI(ctx context.Context, ev slackevents.EventsAPIEvent) {
	if id := eventID(ev); id != "" && !b.ext.seen.firstTime(id, struct{}{}, b.cfg.Clock()) {
		b.log.Debug("event already handled; ignoring a retry", "event_id", id)
		return
	}
	self := botUserID(ev)
	switch in := ev.InnerEvent.Data.(type) {
	case *slackevents.AppMentionEvent:
		// A mention in a DM also arrives as message.im, answered there.
		if in.BotID != "" || in.User == "" || in.User == self || strings.HasPrefix(in.Channel, "D") {
			return
		}
		thread := firstNonEmpty(in.ThreadTimeStamp, in.TimeStamp)
		b.answerMessage(ctx, chatMessage{team: ev.TeamID, channel: in.Channel, user: in.User, text: in.Text, thread: thread})
	case *slackevents.MessageEvent:
		// Only new messages people write in a DM with careerbot: no bot
		// (careerbot's own answers included), no edits, joins or other
		// subtypes, so an answer never triggers another.
		if in.ChannelType != "im" || in.SubType != "" || in.BotID != "" || in.User == "" || in.User == self {
			return
		}
		b.answerMessage(ctx, chatMessage{team: ev.TeamID, channel: in.Channel, user: in.User, text: in.Text, thread: in.ThreadTimeStamp, dm: true})
	case *slackevents.AppHomeOpenedEvent:
		if in.Tab != "home" || in.User == "" {
			return
		}
		if err := b.publishHome(ctx, ev.TeamID, in.User); err != nil {
			b.log.Warn("could not publish the App Home", "user", in.User, "err", err)
		}
	case *slackevents.AppUninstalledEvent, *slackevents.TokensRevokedEvent:
		b.log.Info("app uninstalled or tokens revoked", "team", ev.TeamID, "event", ev.InnerEvent.Type)
		b.handleLifecycleEvent(ctx, ev)
	}
}

// chatMessage is a question written to careerbot: a mention in a channel
// (answered in its thread) or a DM (answered in the DM).
type chatMessage struct {
	team, channel, user, text string
	thread                    string // thread_ts to answer in; "" for the DM itself
	dm                        bool
}

var (
	// <@U123>, <@U123|name>, <!here>, <#C123|general>: mentions and
	// channel links say nothing careerbot can answer.
	slackMention = regexp.MustCompile(`<[@!#][^>]*>`)
	// <https://example.com|label> keeps its label; a bare link its URL.
	slackLink = regexp.MustCompile(`<([^>|]+)(?:\|([^>]*))?>`)
)

// slackEntities undoes the three escapes Slack applies to message text.
var slackEntities = strings.NewReplacer("&lt;", "<", "&gt;", ">", "&amp;", "&")

// questionText is what a person asked, without the mention syntax.
func questionText(text string) string {
	text = slackMention.ReplaceAllString(text, " ")
	text = slackLink.ReplaceAllStringFunc(text, func(m string) string {
		sub := slackLink.FindStringSubmatch(m)
		return firstNonEmpty(sub[2], sub[1])
	})
	return strings.Join(strings.Fields(slackEntities.Replace(text)), " ")
}

// messageRequest is the request a question in chat asks: a plain question
// goes through /ask's understanding, an empty mention asks for help.
func messageRequest(m chatMessage, u userInfo) handlers.Request {
	q := questionText(m.text)
	cmd, args := "ask", q
	if q == "" {
		cmd = "careerhelp"
	} else if c, a := handlers.ParseLine(q); strings.HasPrefix(q, "/") && c != "" {
		cmd, args = c, a // "@careerbot /salary go" runs the command named
	}
	return handlers.Request{
		Command: cmd, Args: args, Locale: u.locale, Platform: knowledge.Slack,
		Workspace: m.team, Channel: m.channel, User: m.user, UserName: u.name, IsAdmin: u.isAdmin,
	}
}

// answerMessage answers a mention or DM with a post in the thread or DM,
// unless the asker is flooding careerbot.
func (b *Bot) answerMessage(ctx context.Context, m chatMessage) {
	client := b.clientFor(ctx, m.team)
	if client == nil {
		b.log.Warn("a mention or DM needs SLACK_BOT_TOKEN to be answered")
		return
	}
	u := b.lookupUser(ctx, m.team, m.user, "")
	var msg message
	switch b.ext.flood.Take(m.team+"/"+m.user, b.cfg.Clock()) {
	case flood.Ignore:
		return
	case flood.Notice:
		msg = message{Text: floodText(u.locale)}
	default:
		req := messageRequest(m, u)
		if req.Command == "digest" {
			// Subscriptions belong to a channel and its admins: /digest.
			req = handlers.Request{Command: "careerhelp", Locale: u.locale, Platform: knowledge.Slack}
		}
		msg = b.answerInChat(ctx, req)
	}
	opts := []slack.MsgOption{slack.MsgOptionText(msg.Text, false)}
	if len(msg.Blocks) > 0 {
		opts = append(opts, slack.MsgOptionBlocks(msg.Blocks...))
	}
	if m.thread != "" {
		opts = append(opts, slack.MsgOptionTS(m.thread))
	}
	err := b.retry(ctx, "chat.postMessage", func() error {
		_, _, err := client.PostMessageContext(ctx, m.channel, opts...)
		return err
	})
	if err != nil {
		b.log.Warn("could not answer a mention or DM", "channel", m.channel, "dm", m.dm, "err", err)
	}
}

// answerInChat renders the answer to a question asked in chat: public (it
// is in the asker's thread or DM), with More, suggestions and votes, from
// the answer cache when it holds it.
func (b *Bot) answerInChat(ctx context.Context, req handlers.Request) message {
	k, cacheable := b.answers.Key(ctx, req)
	k.Variant = "thread"
	a, _ := b.answers.Fill(ctx, k, cacheable, func() (answer, handlers.Reply) {
		reply := b.engine.Handle(ctx, req)
		if reply.Locale == "" {
			reply.Locale = req.Locale
		}
		reply.Visibility = handlers.Public
		b.log.Debug("chat question", "command", reply.Command, "args", reply.Args, "user", req.User, "status", string(reply.Status))
		msg := render(reply, renderOptions{More: true, Try: true, Feedback: b.feedbackValue(ctx, reply)})
		return answer{msg: msg}, reply
	})
	a.msg.ResponseType = ""
	return a.msg
}

func floodText(l knowledge.Locale) string {
	if l == knowledge.EN {
		return "You're asking faster than I can answer. I'll be quiet for a moment; ask again in a minute."
	}
	return "質問が続いたため、しばらく応答を控えます。1 分ほどしてからもう一度どうぞ。"
}

// feedbackValue is what the vote buttons under reply carry: the answer's
// identity with the knowledge version it came from ("" for no buttons,
// e.g. for errors, or when votes are not kept).
func (b *Bot) feedbackValue(ctx context.Context, reply handlers.Reply) string {
	if b.cfg.Votes == nil {
		return ""
	}
	version := ""
	if v, ok := b.engine.(interface {
		KnowledgeVersion(context.Context) (string, error)
	}); ok {
		version, _ = v.KnowledgeVersion(ctx)
	}
	return handlers.FeedbackValue(version, reply)
}

// recordVote stores a 👍/👎 pressed under an answer; the value names the
// answer, nobody's id is kept. It tells the voter privately that it
// counted.
func (b *Bot) recordVote(ctx context.Context, cb slack.InteractionCallback, value string) error {
	up, rest, ok := strings.Cut(value, "|")
	if !ok || b.cfg.Votes == nil {
		return fmt.Errorf("a vote button without a vote (%q)", value)
	}
	v, ok := handlers.ParseFeedback(knowledge.Slack, rest, up == "up")
	if !ok {
		return fmt.Errorf("a vote button naming no answer (%q)", value)
	}
	if !b.ext.voted.First(cb.Team.ID+"/"+cb.User.ID+"/"+rest, b.cfg.Clock()) {
		return nil // this person's vote on this answer already counted
	}
	if err := b.cfg.Votes.RecordVote(ctx, v); err != nil {
		return err
	}
	b.log.Debug("vote", "command", v.Command, "up", v.Up)
	return nil
}

// decodeEvent parses an Events API body; the request was verified before.
func decodeEvent(body []byte) (slackevents.EventsAPIEvent, error) {
	return slackevents.ParseEvent(json.RawMessage(body), slackevents.OptionNoVerifyToken())
}

// WaitEvents waits for the events received over HTTP to be handled (they
// are answered after the 200): call it at shutdown, after the server
// stopped taking requests.
func (b *Bot) WaitEvents() { b.ext.events.Wait() }
