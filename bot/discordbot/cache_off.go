//go:build discordbot_nocache

package discordbot

// answerTTL of zero turns the answer cache off: every interaction asks the
// engine, for measuring that path (go build -tags discordbot_nocache).
const answerTTL = 0
