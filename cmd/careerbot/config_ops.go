package main

import (
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"

	"careerbot/bot/discordbot"
)

// readSecret returns the secret setting key, from the environment or .env
// (through get, as loadConfig reads settings), or from the file named by
// key_FILE: Docker and Kubernetes mount secrets as files. Setting both is
// an error naming both; surrounding whitespace (the file's trailing
// newline) is trimmed. Errors never carry the value. Any secret setting
// can use it, e.g. readSecret(get, "SLACK_CLIENT_SECRET").
func readSecret(get func(string) string, key string) (string, error) {
	direct := strings.TrimSpace(get(key))
	path := strings.TrimSpace(get(key + "_FILE"))
	if path == "" {
		return direct, nil
	}
	if direct != "" {
		return "", fmt.Errorf("%s and %s_FILE are both set: keep one", key, key)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		// The path is not secret; the error says which file and why.
		var pe *os.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		return "", fmt.Errorf("%s_FILE: cannot read %s: %v", key, path, err)
	}
	v := strings.TrimSpace(string(b))
	if v == "" {
		return "", fmt.Errorf("%s_FILE: %s is empty", key, path)
	}
	return v, nil
}

// loadOps reads the operations settings: OPS_ADDR, LOG_FORMAT,
// DISCORD_API_URL and the Discord shard settings.
func loadOps(c *config, get func(string) string, bad func(k, format string, a ...any) error) error {
	c.OpsAddr = strings.TrimSpace(get("OPS_ADDR"))
	switch strings.ToLower(orDefault(get("LOG_FORMAT"), "text")) {
	case "text":
	case "json":
		c.LogJSON = true
	default:
		return bad("LOG_FORMAT", "use text or json")
	}
	if raw := strings.TrimSpace(get("DISCORD_API_URL")); raw != "" {
		u, err := discordbot.CheckAPIURL(raw)
		if err != nil {
			return bad("DISCORD_API_URL", "%v", err)
		}
		c.DiscordAPIURL = u
	}
	id, count := strings.TrimSpace(get("DISCORD_SHARD_ID")), strings.TrimSpace(get("DISCORD_SHARD_COUNT"))
	switch {
	case id == "" && count == "":
		return nil
	case id == "":
		return bad("DISCORD_SHARD_ID", "set it together with DISCORD_SHARD_COUNT (or neither, to run every recommended shard in this process)")
	case count == "":
		return bad("DISCORD_SHARD_COUNT", "set it together with DISCORD_SHARD_ID (or neither, to run every recommended shard in this process)")
	}
	n, err := strconv.Atoi(count)
	if err != nil || n < 1 || n > 100_000 {
		return bad("DISCORD_SHARD_COUNT", "use the number of shards, 1 or more")
	}
	i, err := strconv.Atoi(id)
	if err != nil || i < 0 || i >= n {
		return bad("DISCORD_SHARD_ID", "use a shard number from 0 to DISCORD_SHARD_COUNT-1")
	}
	c.DiscordShardID, c.DiscordShardCount = i, n
	return nil
}
