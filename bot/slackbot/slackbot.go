// Package slackbot is careerbot's Slack adapter: slash commands and the
// Share button over Socket Mode or signed HTTP, replies rendered as Block
// Kit, and digest posting for the scheduler (delivery.Poster). Slack types
// stay inside this package.
package slackbot

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/slack-go/slack"

	"careerbot/bot/answercache"
	"careerbot/handlers"
	"careerbot/knowledge"
)

// Config is what the adapter needs. Socket Mode needs AppToken and a bot
// token; HTTP mode needs SigningSecret (and a bot token for the Share
// button, locale lookup and digests). The bot token is BotToken (one
// workspace), or each workspace's own with OAuth (many workspaces).
type Config struct {
	BotToken      string // xoxb-…
	AppToken      string // xapp-… (Socket Mode)
	SigningSecret string // HTTP mode
	// AdminUserIDs may manage digest subscriptions besides workspace
	// admins and owners.
	AdminUserIDs  []string
	DefaultLocale knowledge.Locale
	// Clock checks request timestamps; nil means time.Now.
	Clock func() time.Time
	// APIURL replaces https://slack.com/api/ (tests); it must end in "/".
	APIURL     string
	HTTPClient *http.Client
	Logger     *slog.Logger
	// AnswerCache keeps rendered answers to cacheable commands for the
	// next asker of the same question (bot/answercache: keyed by the
	// knowledge version, so an import shows at once). Size 0, the zero
	// value, turns it off; on, the engine must name its knowledge version
	// (answercache.Versioner, as handlers.Router does).
	AnswerCache answercache.Options
	// Observer hears commands, connection changes and retries (bot/ops);
	// nil: nobody.
	Observer Observer
	// OAuth, with a ClientID, installs careerbot into many workspaces
	// ("Add to Slack") instead of BotToken.
	OAuth OAuthConfig
	// Votes keeps the 👍/👎 under answers; nil shows no vote buttons.
	Votes VoteRecorder
	// Subscriptions lists digest subscriptions on admins' App Home.
	Subscriptions SubscriptionLister
	// State remembers workspaces that refuse chart blocks across restarts
	// (blockprefs.go); nil: until the process ends.
	State StateStore
}

// Engine is the part of handlers.Router the adapter uses.
type Engine interface {
	Handle(ctx context.Context, req handlers.Request) handlers.Reply
	Share(ctx context.Context, req handlers.Request, value string) handlers.Reply
}

// Bot is a Slack adapter. Its methods are safe for concurrent use.
type Bot struct {
	cfg      Config
	engine   Engine
	log      *slog.Logger
	single   *slack.Client // the one workspace's client (BotToken); nil without one
	installs *installs     // each workspace's token (OAuth); nil without OAuth
	socket   *slack.Client // carries the app-level token for Socket Mode; nil without one
	hook     *slack.Client // posts to response_urls, which need no token
	apiOpts  []slack.Option
	admins   map[string]bool
	users    *ttlCache[userInfo]
	answers  *answercache.Answers[answer] // nil when off
	plain    plainBlocks                  // workspaces that refused chart blocks
	ext      *extras                      // events.go: mentions, DMs, App Home, forms, votes

	// sleep waits for a Retry-After delay; tests record it instead.
	sleep func(ctx context.Context, d time.Duration) error
	// responseURLOK says which response_urls may be posted to; tests
	// allow their fake.
	responseURLOK func(string) bool
	// maxRetryWait is the longest Retry-After honoured in place; longer
	// delays are returned to the caller (the digest scheduler retries).
	maxRetryWait time.Duration
}

// New checks the settings and returns a Bot.
func New(cfg Config, engine Engine) (*Bot, error) {
	if engine == nil {
		return nil, errors.New("slackbot: no engine to answer commands")
	}
	oauth := cfg.OAuth.ClientID != ""
	if cfg.BotToken == "" && cfg.SigningSecret == "" && !oauth {
		return nil, errors.New("slackbot: set SLACK_BOT_TOKEN and SLACK_APP_TOKEN (Socket Mode) or SLACK_SIGNING_SECRET (HTTP mode)")
	}
	if oauth && cfg.BotToken != "" {
		return nil, errors.New("slackbot: set either SLACK_BOT_TOKEN (one workspace) or SLACK_CLIENT_ID and SLACK_CLIENT_SECRET (Add to Slack, many workspaces), not both; in OAuth mode, install into your own workspace through /slack/install")
	}
	if cfg.BotToken != "" && !strings.HasPrefix(cfg.BotToken, "xoxb-") {
		return nil, errors.New("slackbot: SLACK_BOT_TOKEN should be the bot token starting with xoxb- (OAuth & Permissions page)")
	}
	if cfg.AppToken != "" && !strings.HasPrefix(cfg.AppToken, "xapp-") {
		return nil, errors.New("slackbot: SLACK_APP_TOKEN should be an app-level token starting with xapp- with the connections:write scope (Basic Information page)")
	}
	if cfg.APIURL != "" && !strings.HasSuffix(cfg.APIURL, "/") {
		return nil, errors.New("slackbot: SLACK_API_URL must end in /")
	}
	if cfg.Clock == nil {
		cfg.Clock = time.Now
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	if cfg.Observer == nil {
		cfg.Observer = noObserver{}
	}
	if loc, ok := knowledge.ParseLocale(string(cfg.DefaultLocale)); ok {
		cfg.DefaultLocale = loc
	} else {
		cfg.DefaultLocale = knowledge.JA
	}
	b := &Bot{
		cfg:           cfg,
		engine:        engine,
		log:           cfg.Logger.With("platform", "slack"),
		admins:        map[string]bool{},
		users:         newCache[userInfo](1000, time.Hour),
		sleep:         sleepCtx,
		responseURLOK: slackResponseURL,
		maxRetryWait:  30 * time.Second,
		ext:           newExtras(),
		plain:         plainBlocks{st: cfg.State, log: cfg.Logger.With("platform", "slack")},
	}
	if cfg.AnswerCache.Size > 0 {
		versions, ok := engine.(answercache.Versioner)
		if !ok {
			return nil, errors.New("slackbot: the answer cache needs an engine that names its knowledge version (handlers.Router does)")
		}
		b.answers = answercache.NewAnswers[answer](versions, cfg.AnswerCache, b.log)
	}
	for _, id := range cfg.AdminUserIDs {
		if id = strings.TrimSpace(id); id != "" {
			b.admins[id] = true
		}
	}
	opts := []slack.Option{}
	if cfg.APIURL != "" {
		opts = append(opts, slack.OptionAPIURL(cfg.APIURL))
	}
	if cfg.HTTPClient != nil {
		opts = append(opts, slack.OptionHTTPClient(cfg.HTTPClient))
	}
	if err := b.newClients(cfg, opts); err != nil {
		return nil, err
	}
	return b, nil
}

// userInfo is what the adapter needs to know about a person.
type userInfo struct {
	locale  knowledge.Locale
	isAdmin bool
	name    string // display name, for "shared by"
}

// lookupUser asks users.info (cached) for the user's locale, admin flag
// and display name. Without a bot token, or when Slack cannot say in
// time, it falls back to the default locale and the configured admins.
func (b *Bot) lookupUser(ctx context.Context, team, user, fallbackName string) userInfo {
	info := userInfo{locale: b.cfg.DefaultLocale, isAdmin: b.admins[user], name: fallbackName}
	if !b.hasTokens() || user == "" {
		return info
	}
	key := team + "/" + user
	if u, ok := b.users.get(key, b.cfg.Clock()); ok {
		u.isAdmin = u.isAdmin || info.isAdmin
		if u.name == "" {
			u.name = fallbackName
		}
		return u
	}
	// Slash commands must be answered within 3 s; a slow lookup is not
	// worth missing that.
	ctx, cancel := context.WithTimeout(ctx, 1500*time.Millisecond)
	defer cancel()
	var su *slack.User
	api, err := b.client(ctx, team, "")
	if err == nil {
		err = b.retry(ctx, "users.info", func() (err error) {
			su, err = api.GetUserInfoContext(ctx, user, slack.GetUserInfoOptionIncludeLocale(true))
			return err
		})
	}
	if err != nil {
		b.log.Warn("users.info failed; answering in the default locale", "user", user, "err", err)
		// Remember the failure briefly so a missing scope does not cost a
		// round trip on every command.
		b.users.put(key, info, b.cfg.Clock(), 5*time.Minute)
		return info
	}
	if loc, ok := knowledge.ParseLocale(su.Locale); ok {
		info.locale = loc
	}
	info.isAdmin = info.isAdmin || su.IsAdmin || su.IsOwner || su.IsPrimaryOwner
	switch {
	case su.Profile.DisplayName != "":
		info.name = su.Profile.DisplayName
	case su.RealName != "":
		info.name = su.RealName
	case su.Name != "":
		info.name = su.Name
	}
	b.users.put(key, info, b.cfg.Clock(), 0)
	return info
}

// ttlCache is a bounded map with expiry. It holds users' locales (Slack
// rate-limits users.info); answers are in the answer cache.
type ttlCache[V any] struct {
	mu      sync.Mutex
	max     int
	ttl     time.Duration
	entries map[string]cacheEntry[V]
}

type cacheEntry[V any] struct {
	val     V
	expires time.Time
}

func newCache[V any](max int, ttl time.Duration) *ttlCache[V] {
	return &ttlCache[V]{max: max, ttl: ttl, entries: map[string]cacheEntry[V]{}}
}

func (c *ttlCache[V]) get(key string, now time.Time) (V, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.entries[key]
	if !ok || !now.Before(e.expires) {
		var zero V
		return zero, false
	}
	return e.val, true
}

// put stores val for ttl (the cache's own when ttl is 0), making room
// by dropping expired entries, or else arbitrary ones.
func (c *ttlCache[V]) put(key string, val V, now time.Time, ttl time.Duration) {
	if ttl <= 0 {
		ttl = c.ttl
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.entries[key]; !ok && len(c.entries) >= c.max {
		for k, e := range c.entries {
			if !now.Before(e.expires) {
				delete(c.entries, k)
			}
		}
		for k := range c.entries {
			if len(c.entries) < c.max {
				break
			}
			delete(c.entries, k)
		}
	}
	c.entries[key] = cacheEntry[V]{val: val, expires: now.Add(ttl)}
}

func (c *ttlCache[V]) len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.entries)
}

// slashRequest turns a slash command into a neutral request: pure, apart
// from the user facts looked up by the caller. "/career salary go" and
// "/salary go" give the same request.
func slashRequest(sc slack.SlashCommand, u userInfo) handlers.Request {
	name := strings.TrimPrefix(strings.TrimSpace(sc.Command), "/")
	cmd, args := handlers.ParseLine(name + " " + sc.Text)
	return handlers.Request{
		Command:   cmd,
		Args:      args,
		Locale:    u.locale,
		Platform:  "slack",
		Workspace: sc.TeamID,
		Channel:   sc.ChannelID,
		User:      sc.UserID,
		UserName:  sc.UserName,
		IsAdmin:   u.isAdmin,
	}
}

// answer is a rendered reply to a slash command.
type answer struct {
	msg message
	raw []byte // msg as JSON
}

// answer runs a slash command and renders the reply for an ack or an HTTP
// response, which both must stay small. A repeated question is answered
// from the answer cache, which decides what may be kept.
func (b *Bot) answer(ctx context.Context, sc slack.SlashCommand) answer {
	b.rememberWorkspace(ctx, sc.TeamID, sc.EnterpriseID)
	u := b.lookupUser(ctx, sc.TeamID, sc.UserID, sc.UserName)
	req := slashRequest(sc, u)
	k, cacheable := b.answers.Key(ctx, req)
	plain := b.plain.only(sc.TeamID)
	if plain {
		k.Variant = "plain"
	}
	start, result := time.Now(), "ok" // only ok answers are cached
	defer func() { b.cfg.Observer.Command("slack", req.Command, result, time.Since(start)) }()
	a, _ := b.answers.Fill(ctx, k, cacheable, func() (answer, handlers.Reply) {
		reply := b.engine.Handle(ctx, req)
		result = outcome(reply)
		if reply.Locale == "" {
			reply.Locale = u.locale
		}
		b.log.Debug("slash command", "command", reply.Command, "args", reply.Args, "user", req.User, "status", string(reply.Status))
		msg, raw := renderJSON(reply, renderOptions{Share: b.hasTokens(), More: true, Try: true, MaxBytes: ackBudget, NoNewBlocks: plain, Feedback: b.feedbackValue(ctx, reply)})
		return answer{msg: msg, raw: raw}, reply
	})
	return a
}

// press is a careerbot button pressed in a block_actions payload.
type press struct {
	kind  handlers.ActionKind // ActionShare, ActionMore, or "" for a suggestion
	value string
}

// pressedButton finds which of careerbot's buttons a block_actions
// payload is about: Share, More or a suggestion.
func pressedButton(cb slack.InteractionCallback) (press, bool) {
	if cb.Type != slack.InteractionTypeBlockActions {
		return press{}, false
	}
	for _, a := range cb.ActionCallback.BlockActions {
		switch {
		case a == nil:
		case a.ActionID == shareActionID:
			return press{kind: handlers.ActionShare, value: a.Value}, true
		case a.ActionID == moreActionID:
			return press{kind: handlers.ActionMore, value: a.Value}, true
		case strings.HasPrefix(a.ActionID, tryActionPrefix):
			return press{value: a.Value}, true
		case a.ActionID == voteActionID:
			return press{kind: actionVote, value: a.Value}, true
		}
	}
	return press{}, false
}

// onPress answers a button: Share posts publicly; More and a suggestion
// answer the person who pressed, privately.
func (b *Bot) onPress(ctx context.Context, cb slack.InteractionCallback, p press) error {
	switch p.kind {
	case handlers.ActionShare:
		return b.share(ctx, cb, p.value)
	case actionVote:
		return b.recordVote(ctx, cb, p.value)
	}
	if cb.View.Type == slack.VTHomeTab {
		return b.answerHomePress(ctx, cb, p.value) // home.go: in the app's DM
	}
	return b.answerPress(ctx, cb, p.value, p.kind == handlers.ActionMore)
}

// answerPress runs the command a More button (full) or a suggestion
// carries, as the person who pressed, and answers them privately: through
// the interaction's response_url (no token needed, works in any
// conversation), else chat.postEphemeral.
func (b *Bot) answerPress(ctx context.Context, cb slack.InteractionCallback, value string, full bool) error {
	base := b.pressRequest(ctx, cb)
	channel := base.Channel
	var msg message
	var reply handlers.Reply
	var opt renderOptions
	if req, ok := handlers.ActionRequest(base, value, full); ok {
		reply = b.engine.Handle(ctx, req)
		if reply.Locale == "" {
			reply.Locale = req.Locale
		}
		reply.Visibility = handlers.Private
		// Within Block Kit's limits only: a private answer posted through
		// the Web API has no ack to fit in.
		opt = renderOptions{Share: b.hasTokens(), More: true, Try: true, Feedback: b.feedbackValue(ctx, reply), NoNewBlocks: b.plain.only(cb.Team.ID)}
		msg = render(reply, opt)
	} else {
		msg = message{Text: pressFailedText(base.Locale)}
	}
	var err error
	if b.responseURLOK(cb.ResponseURL) {
		if err = b.viaResponseURL(ctx, cb.ResponseURL, slack.ResponseTypeEphemeral, msg); err == nil {
			if hasNewBlocks(msg) {
				b.plain.accept(cb.Team.ID)
			}
			return nil
		}
		if b.plainAfterRefusal(ctx, cb, reply, opt, msg, err) {
			return nil
		}
	}
	if !b.hasTokens() {
		return fmt.Errorf("answering a button privately: no usable response_url (%v) and no SLACK_BOT_TOKEN", err)
	}
	if eerr := b.postEphemeral(ctx, cb, channel, msg); eerr != nil {
		return fmt.Errorf("answering a button privately in %s: %w", channel, eerr)
	}
	return nil
}

func pressFailedText(loc knowledge.Locale) string {
	if loc == knowledge.EN {
		return "This button carries no command careerbot can run. Type the command instead."
	}
	return "このボタンからは実行できるコマンドが読み取れません。コマンドを直接入力してください。"
}

// share posts the answer behind a Share button publicly in the channel,
// attributed to the person who pressed it (by name, not by mention).
func (b *Bot) share(ctx context.Context, cb slack.InteractionCallback, value string) error {
	if !b.hasTokens() {
		return errors.New("sharing needs SLACK_BOT_TOKEN")
	}
	req := b.pressRequest(ctx, cb)
	channel := req.Channel
	reply := b.engine.Share(ctx, req, value)
	if reply.Locale == "" {
		reply.Locale = req.Locale
	}
	if reply.Visibility == handlers.Public && reply.SharedBy == "" {
		reply.SharedBy = req.UserName
	}
	if reply.Visibility != handlers.Public {
		// The engine refused (expired or invalid value): tell only the asker.
		return b.postEphemeral(ctx, cb, channel, render(reply, renderOptions{}))
	}
	// Anyone in the channel may press More on the shared answer; the whole
	// answer goes to them privately.
	var msg message
	api, err := b.client(ctx, cb.Team.ID, cb.Enterprise.ID)
	if err == nil {
		err = b.sendCharted(cb.Team.ID, reply, renderOptions{More: true, Try: true, MaxBytes: ackBudget}, func(m message) error {
			msg = m
			return b.retry(ctx, "chat.postMessage", func() error {
				_, _, err := api.PostMessageContext(ctx, channel,
					slack.MsgOptionText(msg.Text, false), slack.MsgOptionBlocks(msg.Blocks...))
				return err
			})
		})
	}
	if err != nil {
		if code := slackErrorCode(err); (code == "not_in_channel" || code == "channel_not_found") && b.responseURLOK(cb.ResponseURL) {
			// The bot may not post here (a DM between people, a private
			// channel it was not invited to), but the interaction's
			// response_url may: it posts where the button was pressed.
			rerr := b.viaResponseURL(ctx, cb.ResponseURL, slack.ResponseTypeInChannel, msg)
			if rerr == nil {
				return nil
			}
			err = fmt.Errorf("%w; through response_url: %v", err, rerr)
		}
		note := message{Text: shareFailedText(err, req.Locale)}
		eerr := b.postEphemeral(ctx, cb, channel, note)
		if eerr != nil && b.responseURLOK(cb.ResponseURL) {
			eerr = b.viaResponseURL(ctx, cb.ResponseURL, slack.ResponseTypeEphemeral, note)
		}
		if eerr != nil {
			b.log.Warn("could not tell the user that sharing failed", "err", eerr)
		}
		return fmt.Errorf("sharing in channel %s: %w", channel, err)
	}
	return nil
}

// viaResponseURL posts msg to an interaction's response_url as a new
// message (the ephemeral answer stays).
func (b *Bot) viaResponseURL(ctx context.Context, url, responseType string, msg message) error {
	opts := []slack.MsgOption{slack.MsgOptionResponseURL(url, responseType), slack.MsgOptionText(msg.Text, false)}
	if len(msg.Blocks) > 0 {
		opts = append(opts, slack.MsgOptionBlocks(msg.Blocks...))
	}
	return b.retry(ctx, "response_url", func() error {
		_, _, err := b.hook.PostMessageContext(ctx, "", opts...)
		return err
	})
}

// slackResponseURL accepts only Slack's own hooks: a response_url is where
// careerbot posts an answer, so it must not point anywhere else.
func slackResponseURL(u string) bool {
	return strings.HasPrefix(u, "https://hooks.slack.com/") || strings.HasPrefix(u, "https://hooks.slack-gov.com/")
}

// postEphemeral shows msg to whoever pressed a button, in channel, with
// their workspace's token.
func (b *Bot) postEphemeral(ctx context.Context, cb slack.InteractionCallback, channel string, msg message) error {
	api, err := b.client(ctx, cb.Team.ID, cb.Enterprise.ID)
	if err != nil {
		return err
	}
	opts := []slack.MsgOption{slack.MsgOptionText(msg.Text, false)}
	if len(msg.Blocks) > 0 {
		opts = append(opts, slack.MsgOptionBlocks(msg.Blocks...))
	}
	return b.retry(ctx, "chat.postEphemeral", func() error {
		_, err := api.PostEphemeralContext(ctx, channel, cb.User.ID, opts...)
		return err
	})
}

func shareFailedText(err error, loc knowledge.Locale) string {
	code := slackErrorCode(err)
	switch {
	case errors.Is(err, errNotInstalled):
		return notInstalledText(loc)
	case code == "not_in_channel" || code == "channel_not_found":
		if loc == knowledge.EN {
			return "I can't post in this conversation. Invite me first (/invite @careerbot), then press Share again."
		}
		return "このチャンネルには投稿できません。先に /invite @careerbot で招待してから、もう一度「共有」を押してください。"
	case loc == knowledge.EN:
		return "Sharing failed (" + escape(code) + "). Please try again later."
	default:
		return "共有できませんでした (" + escape(code) + ")。しばらくしてからお試しください。"
	}
}

// slackErrorCode is Slack's error string ("channel_not_found"), or a short
// description for errors that are not Slack's.
func slackErrorCode(err error) string {
	var se slack.SlackErrorResponse
	if errors.As(err, &se) {
		return se.Err
	}
	var rl *slack.RateLimitedError
	if errors.As(err, &rl) {
		return "ratelimited"
	}
	var sc slack.StatusCodeError
	if errors.As(err, &sc) {
		return fmt.Sprintf("http_%d", sc.Code)
	}
	return "error"
}

func firstNonEmpty(s ...string) string {
	for _, v := range s {
		if v != "" {
			return v
		}
	}
	return ""
}

// pressRequest is the request of whoever pressed a button: their
// workspace, channel, name, locale and rights.
func (b *Bot) pressRequest(ctx context.Context, cb slack.InteractionCallback) handlers.Request {
	channel := cb.Channel.ID
	if channel == "" {
		channel = cb.Container.ChannelID
	}
	b.rememberWorkspace(ctx, cb.Team.ID, cb.Enterprise.ID)
	u := b.lookupUser(ctx, cb.Team.ID, cb.User.ID, firstNonEmpty(cb.User.Name, cb.User.Username))
	return handlers.Request{
		Platform:  "slack",
		Workspace: cb.Team.ID,
		Channel:   channel,
		User:      cb.User.ID,
		UserName:  u.name,
		Locale:    u.locale,
		IsAdmin:   u.isAdmin,
	}
}
