package main

import (
	"fmt"
	"log/slog"
	"strconv"
	"strings"
	"time"

	"careerbot/knowledge"
	"careerbot/schedule"
)

// config is every setting careerbot reads, from the environment or .env.
// .env.example lists them all.
type config struct {
	SlackBotToken      string
	SlackAppToken      string
	SlackSigningSecret string
	SlackAdminUserIDs  []string
	slackOAuthConfig

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
	// AnswerCacheSize is how many rendered answers Slack and Discord each
	// keep for the next asker of the same question (ANSWER_CACHE_SIZE;
	// 0 turns the cache off). An import changes the knowledge version in
	// the key, so no answer outlives the knowledge it was made from.
	AnswerCacheSize int
	// AnswerCacheMaxAge, when set, also bounds how long an answer is
	// reused (ANSWER_CACHE_MAX_AGE; 0, the default, means no bound).
	AnswerCacheMaxAge time.Duration
	// RecordGaps counts questions the knowledge base has no answer for
	// (KB_GAPS=on, the default), for careerbot kb gaps.
	RecordGaps bool

	// OpsAddr serves /healthz, /readyz and /metrics (OPS_ADDR; empty, the
	// default, serves nothing).
	OpsAddr string
	// LogJSON writes logs as JSON lines (LOG_FORMAT=json) for log shippers.
	LogJSON bool
	// DiscordAPIURL replaces https://discord.com/api/ (DISCORD_API_URL).
	DiscordAPIURL string
	// DiscordShardID/DiscordShardCount pin this process to one gateway
	// shard; a count of 0 (unset) runs every recommended shard here.
	DiscordShardID, DiscordShardCount int

	// retiredTTL says ANSWER_CACHE_TTL is set: run warns that it is no
	// longer read (ANSWER_CACHE_SIZE=0 is what turns the cache off now).
	retiredTTL bool

	// digestErr is why DIGEST_SCHEDULE or DIGEST_TIMEZONE cannot be used:
	// run and digest refuse to start, console and ask warn and answer.
	digestErr error
}

// loadConfig reads .env (if present) and the environment; a variable set
// (and not empty) in the environment wins over the same one in .env.
//
// Errors name the setting and where it was set, never its value: a value
// may be a token pasted into the wrong line. The digest settings are checked
// here but reported through digestErr, since only run and digest need them.
func loadConfig(getenv func(string) string, dotenvPath string) (config, error) {
	file, err := readDotenv(dotenvPath)
	if err != nil {
		return config{}, err
	}
	get := func(k string) string {
		if v := getenv(k); strings.TrimSpace(v) != "" {
			return v
		}
		return file.vals[k]
	}
	bad := func(k, format string, a ...any) error {
		return fmt.Errorf("%s %s: %s", k, file.where(k, strings.TrimSpace(getenv(k)) != ""), fmt.Sprintf(format, a...))
	}
	c := config{
		SlackBotToken:      strings.TrimSpace(get("SLACK_BOT_TOKEN")),
		SlackAppToken:      strings.TrimSpace(get("SLACK_APP_TOKEN")),
		SlackSigningSecret: strings.TrimSpace(get("SLACK_SIGNING_SECRET")),
		DiscordBotToken:    strings.TrimSpace(get("DISCORD_BOT_TOKEN")),
		DiscordAppID:       strings.TrimSpace(get("DISCORD_APP_ID")),
		DiscordGuildID:     strings.TrimSpace(get("DISCORD_GUILD_ID")),
		DiscordPublicKey:   strings.TrimSpace(get("DISCORD_PUBLIC_KEY")),
		DatabasePath:       orDefault(get("DATABASE_PATH"), "careerbot.db"),
		DigestSchedule:     orDefault(get("DIGEST_SCHEDULE"), "0 9 * * 1"),
		DigestTimezone:     orDefault(get("DIGEST_TIMEZONE"), "Asia/Tokyo"),
		HTTPAddr:           orDefault(get("HTTP_ADDR"), ":8080"),
	}
	for _, sec := range []struct {
		key string
		dst *string
	}{
		{"SLACK_BOT_TOKEN", &c.SlackBotToken}, {"SLACK_APP_TOKEN", &c.SlackAppToken}, {"SLACK_SIGNING_SECRET", &c.SlackSigningSecret},
		{"DISCORD_BOT_TOKEN", &c.DiscordBotToken}, {"DISCORD_PUBLIC_KEY", &c.DiscordPublicKey},
	} {
		if *sec.dst, err = readSecret(get, sec.key); err != nil {
			return c, err
		}
	}
	if err := loadOps(&c, get, bad); err != nil {
		return c, err
	}
	if c.slackOAuthConfig, err = loadSlackOAuth(get, bad); err != nil {
		return c, err
	}
	for _, id := range strings.Split(get("SLACK_ADMIN_USER_IDS"), ",") {
		if id = strings.TrimSpace(id); id != "" {
			c.SlackAdminUserIDs = append(c.SlackAdminUserIDs, id)
		}
	}
	l, ok := knowledge.ParseLocale(orDefault(get("DEFAULT_LOCALE"), "ja"))
	if !ok {
		return c, bad("DEFAULT_LOCALE", "use ja or en")
	}
	c.DefaultLocale = l
	d, err := time.ParseDuration(orDefault(get("DIGEST_GRACE"), "24h"))
	if err != nil || d < 0 {
		return c, bad("DIGEST_GRACE", "use a duration such as 24h")
	}
	c.DigestGrace = d
	if c.AnswerCacheSize, err = strconv.Atoi(orDefault(get("ANSWER_CACHE_SIZE"), "1024")); err != nil || c.AnswerCacheSize < 0 || c.AnswerCacheSize > 1_000_000 {
		return c, bad("ANSWER_CACHE_SIZE", "use a number of answers such as 1024, or 0 to turn the answer cache off")
	}
	if c.AnswerCacheMaxAge, err = time.ParseDuration(orDefault(get("ANSWER_CACHE_MAX_AGE"), "0s")); err != nil || c.AnswerCacheMaxAge < 0 {
		return c, bad("ANSWER_CACHE_MAX_AGE", "use a duration such as 1h, or 0 for no bound (an import already renews every answer)")
	}
	c.retiredTTL = get("ANSWER_CACHE_TTL") != ""
	switch strings.ToLower(orDefault(get("KB_GAPS"), "on")) {
	case "on", "true", "1":
		c.RecordGaps = true
	case "off", "false", "0":
	default:
		return c, bad("KB_GAPS", "use on or off")
	}
	if err := c.LogLevel.UnmarshalText([]byte(orDefault(get("LOG_LEVEL"), "info"))); err != nil {
		return c, bad("LOG_LEVEL", "use debug, info, warn or error")
	}
	if _, err := time.LoadLocation(c.DigestTimezone); err != nil || c.DigestTimezone == "Local" {
		c.digestErr = bad("DIGEST_TIMEZONE", "not a time zone of the tz database, e.g. Asia/Tokyo")
	} else if _, err := schedule.Parse(c.DigestSchedule, c.DigestTimezone); err != nil {
		c.digestErr = bad("DIGEST_SCHEDULE", "not a cron schedule of five fields (minute hour day-of-month month day-of-week), e.g. 0 9 * * 1")
	}
	return c, nil
}

// configError is a setting that is wrong: the process exits 2.
func configError(err error) error { return &exitError{2, err} }

func orDefault(v, def string) string {
	if v = strings.TrimSpace(v); v == "" {
		return def
	}
	return v
}

// slackSocket reports whether Slack Socket Mode is configured.
func (c config) slackSocket() bool {
	return c.SlackAppToken != "" && (c.SlackBotToken != "" || c.slackOAuth())
}

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
		slog.Bool("slack_oauth", c.slackOAuth()),
		slog.Bool("slack_token_encryption_key", set(c.SlackTokenKey)),
		slog.String("slack_api_url", c.SlackAPIURL),
		slog.Bool("discord_bot_token", set(c.DiscordBotToken)),
		slog.Bool("discord_public_key", set(c.DiscordPublicKey)),
		slog.String("discord_app_id", c.DiscordAppID),
		slog.String("discord_guild_id", c.DiscordGuildID),
		slog.String("database_path", c.DatabasePath),
		slog.String("default_locale", string(c.DefaultLocale)),
		slog.String("digest_schedule", c.DigestSchedule),
		slog.String("digest_timezone", c.DigestTimezone),
		slog.String("http_addr", c.HTTPAddr),
		slog.Bool("kb_gaps", c.RecordGaps),
		slog.Int("answer_cache_size", c.AnswerCacheSize),
		slog.Duration("answer_cache_max_age", c.AnswerCacheMaxAge),
		slog.String("ops_addr", c.OpsAddr),
		slog.String("discord_api_url", c.DiscordAPIURL),
		slog.Int("discord_shard_id", c.DiscordShardID),
		slog.Int("discord_shard_count", c.DiscordShardCount),
	)
}
