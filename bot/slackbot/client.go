package slackbot

import (
	"context"
	"errors"
	"slices"

	"github.com/slack-go/slack"

	"careerbot/knowledge"
)

// newClients makes the Web API clients New's settings call for.
func (b *Bot) newClients(cfg Config, opts []slack.Option) error {
	b.apiOpts = opts
	// More and suggestion buttons answer through the interaction's
	// response_url, which needs no token: they work in HTTP mode without one.
	b.hook = slack.New("", opts...)
	if cfg.AppToken != "" {
		b.socket = slack.New(cfg.BotToken, append(slices.Clone(opts), slack.OptionAppLevelToken(cfg.AppToken))...)
	}
	if cfg.BotToken != "" {
		b.single = slack.New(cfg.BotToken, opts...)
	}
	if cfg.OAuth.ClientID != "" {
		in, err := newInstalls(cfg.OAuth, cfg.APIURL, cfg.HTTPClient, cfg.Clock, b.log)
		if err != nil {
			return err
		}
		b.installs = in
	}
	return nil
}

// client returns the Web API client holding the bot token of a workspace
// (teamID; enterpriseID when known): the one token in single-workspace
// mode, that workspace's installation with OAuth. Every Web API call
// that needs a token goes through it.
func (b *Bot) client(ctx context.Context, teamID, enterpriseID string) (*slack.Client, error) {
	if b.single != nil {
		return b.single, nil
	}
	if b.installs == nil {
		return nil, errNoToken
	}
	b.installs.remember(ctx, teamID, enterpriseID)
	tok, err := b.installs.token(ctx, enterpriseID, teamID)
	if err != nil {
		return nil, err
	}
	return slack.New(tok, b.apiOpts...), nil
}

// errNoToken: neither SLACK_BOT_TOKEN nor OAuth is set (HTTP mode alone).
var errNoToken = errors.New("this needs a bot token: SLACK_BOT_TOKEN, or Add to Slack (SLACK_CLIENT_ID)")

// hasTokens reports whether the bot can call the Web API at all (Share
// buttons, digests, language lookup).
func (b *Bot) hasTokens() bool { return b.single != nil || b.installs != nil }

// rememberWorkspace notes a request's organisation (OAuth, Enterprise
// Grid), so that calls that know only the workspace find its install.
func (b *Bot) rememberWorkspace(ctx context.Context, teamID, enterpriseID string) {
	if b.installs != nil {
		b.installs.remember(ctx, teamID, enterpriseID)
	}
}

func notInstalledText(loc knowledge.Locale) string {
	if loc == knowledge.EN {
		return "careerbot is not installed in this workspace any more. Ask an admin to add it again (Add to Slack)."
	}
	return "このワークスペースには careerbot がインストールされていません。管理者に再インストール (Add to Slack) を依頼してください。"
}
