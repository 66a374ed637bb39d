//go:build slackbot_nocache

package slackbot

// defaultAnswerCacheTTL: this build answers every command afresh (for
// measuring the uncached path with cmd/loadbench -bin).
const defaultAnswerCacheTTL = -1
