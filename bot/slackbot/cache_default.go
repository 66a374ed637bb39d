//go:build !slackbot_nocache

package slackbot

import "time"

// defaultAnswerCacheTTL applies when Config.AnswerCacheTTL is 0. Build
// with -tags slackbot_nocache to measure without the cache.
const defaultAnswerCacheTTL = time.Minute
