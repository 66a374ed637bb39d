package knowledge

import (
	"errors"
	"time"
)

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

// ForStore checks an installation before a store saves it and returns it as
// stored: an organisation-wide install is keyed by its organisation alone,
// and one never installed before is installed now. Both stores use it, so
// they refuse and key installations alike.
func (in SlackInstallation) ForStore(now time.Time) (SlackInstallation, error) {
	if in.TeamID == "" && in.EnterpriseID == "" {
		return in, errors.New("saving a Slack installation: it names neither a workspace nor an organisation")
	}
	if len(in.SealedBotToken) == 0 {
		return in, errors.New("saving a Slack installation: no bot token")
	}
	if in.IsEnterpriseInstall {
		in.TeamID = ""
	}
	if in.InstalledAt.IsZero() {
		in.InstalledAt = now
	}
	return in, nil
}
