package slackbot

import (
	"time"

	"careerbot/bot/answercache"
	"careerbot/handlers"
)

// Observer hears what the operations endpoint reports (bot/ops implements
// it), so that this package needs no metrics library. Config.Observer nil:
// nobody listens.
type Observer interface {
	// Command: one slash command answered, its outcome ("ok" or the
	// reply's status) and how long the answer took.
	Command(platform, command, outcome string, took time.Duration)
	// Connection: the Socket Mode connection went up or down.
	Connection(name string, up bool)
	// Retry: a Web API call is made again after a rate limit.
	Retry(platform string)
}

// SocketConnection is the name Socket Mode reports its state under.
const SocketConnection = "slack socket mode"

type noObserver struct{}

func (noObserver) Command(string, string, string, time.Duration) {}
func (noObserver) Connection(string, bool)                       {}
func (noObserver) Retry(string)                                  {}

// outcome names a reply's status for metrics.
func outcome(r handlers.Reply) string {
	if r.Status == handlers.StatusOK {
		return "ok"
	}
	return string(r.Status)
}

// CacheStats returns the answer cache's counters (zero when it is off).
func (b *Bot) CacheStats() answercache.Stats { return b.answers.Stats() }
