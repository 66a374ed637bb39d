package slackbot

import (
	"context"

	"github.com/slack-go/slack/slackevents"
)

// handleLifecycleEvent deletes a workspace's tokens when careerbot is
// uninstalled from it (app_uninstalled) or its bot token is revoked
// (tokens_revoked naming bot users). It reports whether ev was one of
// these; it does nothing without OAuth (one token, from the settings).
func (b *Bot) handleLifecycleEvent(ctx context.Context, ev slackevents.EventsAPIEvent) bool {
	if ev.Type != slackevents.CallbackEvent {
		return false
	}
	switch inner := ev.InnerEvent.Data.(type) {
	case *slackevents.AppUninstalledEvent:
	case *slackevents.TokensRevokedEvent:
		if len(inner.Tokens.Bot) == 0 {
			return true // user tokens only: careerbot keeps none
		}
	default:
		return false
	}
	if b.installs == nil {
		b.log.Warn("Slack says careerbot was uninstalled or its token revoked; SLACK_BOT_TOKEN no longer works", "event", ev.InnerEvent.Type, "team", ev.TeamID)
		return true
	}
	enterprise, team := ev.EnterpriseID, ev.TeamID
	if cb, ok := ev.Data.(*slackevents.EventsAPICallbackEvent); ok {
		for _, a := range cb.Authorizations {
			if a.IsEnterpriseInstall {
				// An org-wide install: the organisation's row, not a workspace's.
				enterprise, team = firstNonEmpty(a.EnterpriseID, enterprise), ""
			}
		}
	}
	deleted, err := b.installs.store.DeleteSlackInstallation(ctx, enterprise, team)
	if err != nil {
		b.log.Error("could not delete the tokens of an uninstalled workspace", "event", ev.InnerEvent.Type, "team", team, "enterprise", enterprise, "err", err)
		return true
	}
	b.log.Info("deleted the tokens of a workspace", "event", ev.InnerEvent.Type, "team", team, "enterprise", enterprise, "deleted", deleted)
	return true
}
