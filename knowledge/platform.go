package knowledge

// Platform names a surface careerbot answers on. Subscriptions, delivery
// and the answer cache key on it, so it is a type rather than a bare string.
type Platform string

// Platforms.
const (
	Slack   Platform = "slack"
	Discord Platform = "discord"
	Console Platform = "console"
)

// Chat reports whether p is a chat platform that can hold a subscription.
func (p Platform) Chat() bool { return p == Slack || p == Discord }
