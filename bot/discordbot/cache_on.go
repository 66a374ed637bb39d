//go:build !discordbot_nocache

package discordbot

import "time"

// answerTTL is how long a rendered knowledge answer is reused.
const answerTTL = time.Minute
