package knowledge

import "time"

// SlackInstallation is careerbot installed into one Slack workspace, or
// into a whole Enterprise Grid organisation (IsEnterpriseInstall, TeamID
// empty), through "Add to Slack". The Slack adapter seals the tokens
// (AES-GCM) before the store sees them: the store keeps ciphertext only.
type SlackInstallation struct {
	EnterpriseID        string // "" outside Enterprise Grid
	TeamID              string // "" for an organisation-wide install
	IsEnterpriseInstall bool
	TeamName            string
	AppID               string
	BotUserID           string
	Scopes              string // comma-separated, as Slack grants them
	// SealedBotToken and SealedRefreshToken are encrypted; a token that
	// does not rotate has no refresh token and a zero ExpiresAt.
	SealedBotToken     []byte
	SealedRefreshToken []byte
	ExpiresAt          time.Time
	InstalledBy        string // the Slack user id who installed it
	InstalledAt        time.Time
	UpdatedAt          time.Time
}
