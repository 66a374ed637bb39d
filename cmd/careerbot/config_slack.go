package main

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"strings"

	"careerbot/bot/slackbot"
)

// slackOAuthConfig is "Add to Slack" (many workspaces) and the Web API's
// base URL.
type slackOAuthConfig struct {
	SlackClientID     string
	SlackClientSecret string
	// SlackTokenKey is SLACK_TOKEN_ENCRYPTION_KEY, checked by run only.
	SlackTokenKey    string
	SlackScopes      []string
	SlackRedirectURL string
	// SlackAPIURL is SLACK_API_URL with a trailing slash; "" means
	// https://slack.com/api/.
	SlackAPIURL string
}

// loadSlackOAuth reads the settings of slackOAuthConfig. get reads a
// setting, bad words an error naming it. A secret may also come from a
// file named by KEY_FILE (readSecret).
func loadSlackOAuth(get func(string) string, bad func(k, format string, a ...any) error) (slackOAuthConfig, error) {
	secret := func(k string) (string, error) { return readSecret(get, k) }
	var c slackOAuthConfig
	var err error
	c.SlackClientID = strings.TrimSpace(get("SLACK_CLIENT_ID"))
	if c.SlackClientSecret, err = secret("SLACK_CLIENT_SECRET"); err != nil {
		return c, err
	}
	if c.SlackTokenKey, err = secret("SLACK_TOKEN_ENCRYPTION_KEY"); err != nil {
		return c, err
	}
	for _, s := range strings.FieldsFunc(get("SLACK_SCOPES"), func(r rune) bool { return r == ',' || r == ' ' }) {
		c.SlackScopes = append(c.SlackScopes, s)
	}
	if v := strings.TrimSpace(get("SLACK_REDIRECT_URL")); v != "" {
		u, err := url.Parse(v)
		if err != nil || u.Host == "" || !secureURL(u) {
			return c, bad("SLACK_REDIRECT_URL", "use the public https URL of /slack/oauth_redirect, e.g. https://careerbot.example.com/slack/oauth_redirect")
		}
		c.SlackRedirectURL = v
	}
	if v := strings.TrimSpace(get("SLACK_API_URL")); v != "" {
		u, err := url.Parse(v)
		if err != nil || u.Host == "" || u.RawQuery != "" || u.Fragment != "" || !secureURL(u) {
			return c, bad("SLACK_API_URL", "use an https URL such as https://slack-gov.com/api/ (http only on loopback)")
		}
		if !strings.HasSuffix(v, "/") {
			v += "/"
		}
		c.SlackAPIURL = v
	}
	return c, nil
}

// secureURL: https, or http to this machine (a local proxy, tests).
func secureURL(u *url.URL) bool {
	if u.Scheme == "https" {
		return true
	}
	if u.Scheme != "http" {
		return false
	}
	if u.Hostname() == "localhost" {
		return true
	}
	ip := net.ParseIP(u.Hostname())
	return ip != nil && ip.IsLoopback()
}

// slackOAuth reports whether "Add to Slack" is configured.
func (c config) slackOAuth() bool { return c.SlackClientID != "" }

// checkSlackOAuth is run's check of OAuth mode: it refuses to start
// without what it needs, naming the setting, never its value.
func (c config) checkSlackOAuth() error {
	if !c.slackOAuth() {
		if c.SlackClientSecret != "" {
			return errors.New("SLACK_CLIENT_SECRET is set but SLACK_CLIENT_ID is not: set both for Add to Slack")
		}
		return nil
	}
	if c.SlackClientSecret == "" {
		return errors.New("SLACK_CLIENT_SECRET: Add to Slack (SLACK_CLIENT_ID) needs the app's client secret (Basic Information → App Credentials)")
	}
	if _, err := slackbot.ParseEncryptionKey(c.SlackTokenKey); err != nil {
		return err
	}
	if c.SlackBotToken != "" {
		return errors.New("SLACK_BOT_TOKEN: set either SLACK_BOT_TOKEN (one workspace) or SLACK_CLIENT_ID (Add to Slack, many workspaces), not both; with Add to Slack, install into your own workspace at /slack/install")
	}
	if c.SlackSigningSecret == "" && c.SlackAppToken == "" {
		return errors.New("SLACK_CLIENT_ID: Add to Slack also needs SLACK_SIGNING_SECRET (HTTP mode) or SLACK_APP_TOKEN (Socket Mode) to receive commands")
	}
	return nil
}

// slackBotConfig is the Slack adapter's configuration, store aside.
func (c config) slackOAuthSettings(st slackbot.InstallationStore) slackbot.OAuthConfig {
	if !c.slackOAuth() {
		return slackbot.OAuthConfig{}
	}
	return slackbot.OAuthConfig{
		ClientID: c.SlackClientID, ClientSecret: c.SlackClientSecret, EncryptionKey: c.SlackTokenKey,
		Scopes: c.SlackScopes, RedirectURL: c.SlackRedirectURL, Store: st,
	}
}

// keygenCmd prints a new SLACK_TOKEN_ENCRYPTION_KEY.
func keygenCmd(stdout interface{ Write([]byte) (int, error) }) error {
	_, err := fmt.Fprintln(stdout, slackbot.GenerateEncryptionKey())
	return err
}
