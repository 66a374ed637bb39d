// Package discordbot is careerbot's Discord adapter: slash commands with
// typed options and autocomplete, answered either over the gateway (bot
// token) or on a signed HTTP interactions endpoint (public key only), with
// replies rendered as embeds inside every Discord limit. It also posts the
// weekly digest (delivery.Poster). Discord types never leave this package.
package discordbot

import (
	"context"
	"crypto/ed25519"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/bwmarrin/discordgo"

	"careerbot/bot/answercache"
	"careerbot/handlers"
	"careerbot/knowledge"
)

// Config configures a Bot. Token and AppID are needed for the gateway,
// command sync and posting; PublicKey alone is enough for the HTTP
// interactions endpoint.
type Config struct {
	Token         string // bot token, without the "Bot " prefix
	AppID         string // application id (snowflake)
	GuildID       string // register commands to this guild only (development)
	PublicKey     string // hex Ed25519 public key from the developer portal
	DefaultLocale knowledge.Locale
	Clock         func() time.Time // for the signature window; time.Now when nil
	Logger        *slog.Logger
	HTTPClient    *http.Client // REST client; tests point it at a fake
	// AnswerCache keeps rendered answers to cacheable commands for the
	// next asker of the same question (bot/answercache: keyed by the
	// knowledge version, so an import shows at once). Size 0, the zero
	// value, turns it off; on, the engine must name its knowledge version
	// (answercache.Versioner, as handlers.Router does).
	AnswerCache answercache.Options
	// Observer hears commands, gateway connections and retries (bot/ops);
	// nil: nobody.
	Observer Observer
	// APIURL replaces DefaultAPIURL (DISCORD_API_URL): a REST proxy that
	// keeps the rate limits for every replica. Empty: Discord's own.
	APIURL string
	// ShardCount > 0 runs only gateway shard ShardID of ShardCount
	// (DISCORD_SHARD_ID/DISCORD_SHARD_COUNT); 0 runs every shard Discord
	// recommends (GET /gateway/bot) in this process.
	ShardID, ShardCount int
	// Votes keeps the 👍/👎 under answers; nil shows no vote buttons.
	Votes VoteRecorder
}

// Engine is the part of handlers.Router the adapter calls.
type Engine interface {
	Handle(ctx context.Context, req handlers.Request) handlers.Reply
	Share(ctx context.Context, req handlers.Request, value string) handlers.Reply
	Complete(ctx context.Context, command, option, partial string, locale knowledge.Locale) []handlers.Choice
}

// StateStore keeps small values across restarts (the command-definitions
// hash). The store package implements it.
type StateStore interface {
	GetState(ctx context.Context, key string) (string, bool, error)
	SetState(ctx context.Context, key, value string) error
}

// rest is the part of discordgo's REST client the adapter uses, so that the
// SDK stays behind a narrow seam.
type rest interface {
	InteractionRespond(i *discordgo.Interaction, resp *discordgo.InteractionResponse, opts ...discordgo.RequestOption) error
	InteractionResponseEdit(i *discordgo.Interaction, edit *discordgo.WebhookEdit, opts ...discordgo.RequestOption) (*discordgo.Message, error)
	InteractionResponseDelete(i *discordgo.Interaction, opts ...discordgo.RequestOption) error
	FollowupMessageCreate(i *discordgo.Interaction, wait bool, data *discordgo.WebhookParams, opts ...discordgo.RequestOption) (*discordgo.Message, error)
	ChannelMessageSendComplex(channelID string, data *discordgo.MessageSend, opts ...discordgo.RequestOption) (*discordgo.Message, error)
	ChannelMessages(channelID string, limit int, beforeID, afterID, aroundID string, opts ...discordgo.RequestOption) ([]*discordgo.Message, error)
	ApplicationCommandBulkOverwrite(appID, guildID string, cmds []*discordgo.ApplicationCommand, opts ...discordgo.RequestOption) ([]*discordgo.ApplicationCommand, error)
	RequestWithBucketID(method, urlStr string, data interface{}, bucketID string, opts ...discordgo.RequestOption) ([]byte, error)
	RequestRaw(method, urlStr, contentType string, body []byte, bucketID string, sequence int, opts ...discordgo.RequestOption) ([]byte, error)
}

// Bot is the Discord adapter. It is safe for concurrent use.
type Bot struct {
	cfg     Config
	engine  Engine
	state   StateStore
	log     *slog.Logger
	now     func() time.Time
	pub     ed25519.PublicKey
	session *discordgo.Session // REST (and gateway when a token is set)
	api     rest
	shares  *shareStore
	answers *answercache.Answers[cachedAnswer] // nil when off
	cmds    []*discordgo.ApplicationCommand
	specs   map[string]handlers.CommandSpec
	ext     *extras // mention.go: mentions, DMs, votes

	// deferAfter is how long an answer may take before the interaction is
	// deferred (type 5) and followed up: Discord allows 3 s for the first
	// response. Tests shorten it.
	deferAfter time.Duration
	// maxBody bounds the HTTP interactions request body.
	maxBody int64

	shardMu sync.Mutex
	shards  []shard // planned by PlanShards or RunGateway
	// identifyGap is how long shards wait for each other's identify
	// (Discord: max_concurrency per 5 s). Tests shorten it.
	identifyGap time.Duration
}

// New checks cfg and builds a Bot. Nothing touches the network until
// RunGateway, Sync, Post or an HTTP request.
func New(cfg Config, engine Engine, state StateStore) (*Bot, error) {
	if engine == nil {
		return nil, errors.New("discord: an engine is required")
	}
	if cfg.Token == "" && cfg.PublicKey == "" {
		return nil, errors.New("discord: set DISCORD_BOT_TOKEN (gateway) or DISCORD_PUBLIC_KEY (HTTP interactions)")
	}
	if cfg.DefaultLocale == "" {
		cfg.DefaultLocale = knowledge.JA
	} else if l, ok := knowledge.ParseLocale(string(cfg.DefaultLocale)); ok {
		cfg.DefaultLocale = l
	} else {
		return nil, fmt.Errorf("discord: default locale %q is neither ja nor en", cfg.DefaultLocale)
	}
	b := &Bot{
		cfg:         cfg,
		engine:      engine,
		state:       state,
		log:         cfg.Logger,
		now:         cfg.Clock,
		shares:      newShareStore(shareTTL, shareMax),
		deferAfter:  2 * time.Second,
		identifyGap: 5 * time.Second,
		maxBody:     1 << 20,
		ext:         newExtras(),
	}
	if b.log == nil {
		b.log = slog.Default()
	}
	b.log = b.log.With("platform", "discord")
	if b.cfg.Observer == nil {
		b.cfg.Observer = noObserver{}
	}
	if cfg.ShardCount < 0 || cfg.ShardID < 0 || (cfg.ShardCount > 0 && cfg.ShardID >= cfg.ShardCount) || (cfg.ShardCount == 0 && cfg.ShardID != 0) {
		return nil, fmt.Errorf("discord: shard %d of %d: use 0 ≤ DISCORD_SHARD_ID < DISCORD_SHARD_COUNT", cfg.ShardID, cfg.ShardCount)
	}
	if cfg.APIURL != "" {
		c, err := withAPIURL(cfg.HTTPClient, cfg.APIURL)
		if err != nil {
			return nil, err
		}
		b.cfg.HTTPClient = c
	}
	if cfg.AnswerCache.Size > 0 {
		versions, ok := engine.(answercache.Versioner)
		if !ok {
			return nil, errors.New("discord: the answer cache needs an engine that names its knowledge version (handlers.Router does)")
		}
		b.answers = answercache.NewAnswers[cachedAnswer](versions, cfg.AnswerCache, b.log)
	}
	if b.now == nil {
		b.now = time.Now
	}
	if cfg.PublicKey != "" {
		key, err := hex.DecodeString(strings.TrimSpace(cfg.PublicKey))
		if err != nil || len(key) != ed25519.PublicKeySize {
			return nil, fmt.Errorf("discord: DISCORD_PUBLIC_KEY must be %d hex-encoded bytes (the application's public key in the developer portal)", ed25519.PublicKeySize)
		}
		b.pub = ed25519.PublicKey(key)
	}
	specs := handlers.Commands()
	b.specs = specsByName(specs)
	cmds, err := buildCommands(specs)
	if err != nil {
		return nil, fmt.Errorf("discord: building command definitions: %w", err)
	}
	b.cmds = cmds

	// A session without a token still answers interactions: follow-ups and
	// edits of the original response are authorised by the interaction
	// token, not by the bot token.
	token := ""
	if cfg.Token != "" {
		token = "Bot " + strings.TrimPrefix(cfg.Token, "Bot ")
	}
	s, err := b.newSession(token)
	if err != nil {
		return nil, err
	}
	// discordgo waits out a 429 and sends the request again; count it.
	s.AddHandler(func(_ *discordgo.Session, _ *discordgo.RateLimit) { b.cfg.Observer.Retry("discord") })
	b.session = s
	b.api = s
	return b, nil
}

// newSession is a discordgo session as the adapter uses it: REST through
// the configured client, gateway with the guilds intent only.
func (b *Bot) newSession(token string) (*discordgo.Session, error) {
	s, err := discordgo.New(token)
	if err != nil {
		return nil, fmt.Errorf("discord: creating session: %w", err)
	}
	if b.cfg.HTTPClient != nil {
		s.Client = b.cfg.HTTPClient
	}
	// Guild and DM messages bring mentions of the bot and DMs, whose text
	// arrives without the privileged Message Content intent.
	s.Identify.Intents = discordgo.IntentsGuilds | discordgo.IntentsGuildMessages | discordgo.IntentsDirectMessages
	s.ShouldReconnectOnError = true
	s.ShouldRetryOnRateLimit = true
	s.StateEnabled = false
	s.LogLevel = discordgo.LogError
	return s, nil
}

// Platform implements delivery.Poster.
func (b *Bot) Platform() knowledge.Platform { return knowledge.Discord }

func (b *Bot) needToken(what string) error {
	if b.cfg.Token == "" {
		return fmt.Errorf("discord: %s needs DISCORD_BOT_TOKEN", what)
	}
	return nil
}
