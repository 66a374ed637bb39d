package main

import (
	"errors"
	"fmt"
	"log/slog"
	"os"
	"strings"
	"time"

	"github.com/joho/godotenv"

	"careerbot/knowledge"
)

// config is every setting careerbot reads, from the environment or .env.
// .env.example lists them all.
type config struct {
	SlackBotToken      string
	SlackAppToken      string
	SlackSigningSecret string
	SlackAdminUserIDs  []string

	DiscordBotToken  string
	DiscordAppID     string
	DiscordGuildID   string
	DiscordPublicKey string

	DatabasePath   string
	DefaultLocale  knowledge.Locale
	DigestSchedule string
	DigestTimezone string
	DigestGrace    time.Duration
	HTTPAddr       string
	LogLevel       slog.Level
	// AnswerCacheTTL is how long the adapters reuse a rendered knowledge
	// answer; negative turns the cache off (ANSWER_CACHE_TTL=0).
	AnswerCacheTTL time.Duration
}

// loadConfig reads .env (if present; real environment variables win) and
// then the environment.
func loadConfig(getenv func(string) string, dotenv string) (config, error) {
	if dotenv != "" {
		if err := godotenv.Load(dotenv); err != nil && !errors.Is(err, os.ErrNotExist) {
			return config{}, fmt.Errorf("reading %s: %w", dotenv, err)
		}
	}
	c := config{
		SlackBotToken:      strings.TrimSpace(getenv("SLACK_BOT_TOKEN")),
		SlackAppToken:      strings.TrimSpace(getenv("SLACK_APP_TOKEN")),
		SlackSigningSecret: strings.TrimSpace(getenv("SLACK_SIGNING_SECRET")),
		DiscordBotToken:    strings.TrimSpace(getenv("DISCORD_BOT_TOKEN")),
		DiscordAppID:       strings.TrimSpace(getenv("DISCORD_APP_ID")),
		DiscordGuildID:     strings.TrimSpace(getenv("DISCORD_GUILD_ID")),
		DiscordPublicKey:   strings.TrimSpace(getenv("DISCORD_PUBLIC_KEY")),
		DatabasePath:       orDefault(getenv("DATABASE_PATH"), "careerbot.db"),
		DigestSchedule:     orDefault(getenv("DIGEST_SCHEDULE"), "0 9 * * 1"),
		DigestTimezone:     orDefault(getenv("DIGEST_TIMEZONE"), "Asia/Tokyo"),
		HTTPAddr:           orDefault(getenv("HTTP_ADDR"), ":8080"),
	}
	for _, id := range strings.Split(getenv("SLACK_ADMIN_USER_IDS"), ",") {
		if id = strings.TrimSpace(id); id != "" {
			c.SlackAdminUserIDs = append(c.SlackAdminUserIDs, id)
		}
	}
	loc := orDefault(getenv("DEFAULT_LOCALE"), "ja")
	l, ok := knowledge.ParseLocale(loc)
	if !ok {
		return c, fmt.Errorf("DEFAULT_LOCALE=%q: use ja or en", loc)
	}
	c.DefaultLocale = l
	grace := orDefault(getenv("DIGEST_GRACE"), "24h")
	d, err := time.ParseDuration(grace)
	if err != nil || d < 0 {
		return c, fmt.Errorf("DIGEST_GRACE=%q: use a duration such as 24h", grace)
	}
	c.DigestGrace = d
	ttl := orDefault(getenv("ANSWER_CACHE_TTL"), "1m")
	if c.AnswerCacheTTL, err = time.ParseDuration(ttl); err != nil || c.AnswerCacheTTL < 0 {
		return c, fmt.Errorf("ANSWER_CACHE_TTL=%q: use a duration such as 1m, or 0 to turn the answer cache off", ttl)
	}
	if c.AnswerCacheTTL == 0 {
		c.AnswerCacheTTL = -1
	}
	if _, err := time.LoadLocation(c.DigestTimezone); err != nil {
		return c, fmt.Errorf("DIGEST_TIMEZONE=%q is not a time zone (e.g. Asia/Tokyo): %w", c.DigestTimezone, err)
	}
	if err := c.LogLevel.UnmarshalText([]byte(orDefault(getenv("LOG_LEVEL"), "info"))); err != nil {
		return c, fmt.Errorf("LOG_LEVEL=%q: use debug, info, warn or error", getenv("LOG_LEVEL"))
	}
	return c, nil
}

func orDefault(v, def string) string {
	if v = strings.TrimSpace(v); v == "" {
		return def
	}
	return v
}

// slackSocket reports whether Slack Socket Mode is configured.
func (c config) slackSocket() bool { return c.SlackAppToken != "" && c.SlackBotToken != "" }

// slackHTTP reports whether Slack's signed HTTP endpoint is configured.
func (c config) slackHTTP() bool { return c.SlackSigningSecret != "" }

// discordGateway reports whether the Discord gateway is configured.
func (c config) discordGateway() bool { return c.DiscordBotToken != "" && c.DiscordAppID != "" }

// discordHTTP reports whether Discord's HTTP interactions endpoint is configured.
func (c config) discordHTTP() bool { return c.DiscordPublicKey != "" }

// LogValue keeps secrets out of logs: it says which are set, never what they are.
func (c config) LogValue() slog.Value {
	set := func(s string) bool { return s != "" }
	return slog.GroupValue(
		slog.Bool("slack_bot_token", set(c.SlackBotToken)),
		slog.Bool("slack_app_token", set(c.SlackAppToken)),
		slog.Bool("slack_signing_secret", set(c.SlackSigningSecret)),
		slog.Bool("discord_bot_token", set(c.DiscordBotToken)),
		slog.Bool("discord_public_key", set(c.DiscordPublicKey)),
		slog.String("discord_app_id", c.DiscordAppID),
		slog.String("discord_guild_id", c.DiscordGuildID),
		slog.String("database_path", c.DatabasePath),
		slog.String("default_locale", string(c.DefaultLocale)),
		slog.String("digest_schedule", c.DigestSchedule),
		slog.String("digest_timezone", c.DigestTimezone),
		slog.String("http_addr", c.HTTPAddr),
	)
}
