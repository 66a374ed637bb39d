package slackbot

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"sync"
	"time"

	"github.com/slack-go/slack"

	"careerbot/knowledge"
)

// InstallationStore keeps the workspaces careerbot was added to through
// "Add to Slack", with their tokens sealed. store.Store implements it.
type InstallationStore interface {
	SaveSlackInstallation(ctx context.Context, in knowledge.SlackInstallation) error
	// SlackInstallation finds the installation serving a workspace: its own,
	// else its organisation's org-wide one (enterpriseID may be "" once
	// RememberSlackTeam has recorded the workspace's organisation).
	SlackInstallation(ctx context.Context, enterpriseID, teamID string) (knowledge.SlackInstallation, bool, error)
	DeleteSlackInstallation(ctx context.Context, enterpriseID, teamID string) (bool, error)
	RememberSlackTeam(ctx context.Context, teamID, enterpriseID string) error
	ExpiringSlackInstallations(ctx context.Context, before time.Time) ([]knowledge.SlackInstallation, error)
}

// OAuthConfig turns on "Add to Slack": careerbot may be installed in many
// workspaces, each with its own bot token. ClientID empty means off.
type OAuthConfig struct {
	ClientID     string // SLACK_CLIENT_ID
	ClientSecret string // SLACK_CLIENT_SECRET
	// EncryptionKey seals tokens at rest and signs the install state
	// (SLACK_TOKEN_ENCRYPTION_KEY, 32 bytes in base64). Required.
	EncryptionKey string
	// Scopes are the bot scopes asked for; nil means DefaultScopes.
	Scopes []string
	// RedirectURL is the public https://…/slack/oauth_redirect; "" lets
	// Slack use the one in the app's settings.
	RedirectURL string
	Store       InstallationStore
	// RefreshMargin: a rotating token is refreshed when it expires within
	// this; 0 means 10 minutes.
	RefreshMargin time.Duration
}

// DefaultScopes are the bot scopes of deploy/slack-manifest.yaml.
var DefaultScopes = []string{"commands", "chat:write", "chat:write.public", "users:read", "channels:history", "groups:history"}

// errNotInstalled says careerbot has no token for a workspace.
var errNotInstalled = errors.New("careerbot is not installed in this Slack workspace (install it at /slack/install)")

// installs hands out each workspace's bot token, refreshing rotating
// tokens before they expire.
type installs struct {
	cfg    OAuthConfig
	store  InstallationStore
	seal   *sealer
	apiURL string
	http   *http.Client
	clock  func() time.Time
	log    *slog.Logger

	mu    sync.Mutex
	locks map[string]*sync.Mutex // one refresh per installation at a time
	teams sync.Map               // team id → organisation id already remembered
}

func newInstalls(cfg OAuthConfig, apiURL string, hc *http.Client, clock func() time.Time, log *slog.Logger) (*installs, error) {
	if cfg.ClientSecret == "" {
		return nil, errors.New("slackbot: SLACK_CLIENT_ID is set but SLACK_CLIENT_SECRET is not (Basic Information → App Credentials)")
	}
	if cfg.Store == nil {
		return nil, errors.New("slackbot: OAuth mode needs a store for the installations")
	}
	key, err := ParseEncryptionKey(cfg.EncryptionKey)
	if err != nil {
		return nil, fmt.Errorf("slackbot: %w", err)
	}
	s, err := newSealer(key)
	if err != nil {
		return nil, fmt.Errorf("slackbot: SLACK_TOKEN_ENCRYPTION_KEY: %w", err)
	}
	if len(cfg.Scopes) == 0 {
		cfg.Scopes = DefaultScopes
	}
	if cfg.RefreshMargin <= 0 {
		cfg.RefreshMargin = 10 * time.Minute
	}
	if apiURL == "" {
		apiURL = slack.APIURL
	}
	if hc == nil {
		hc = &http.Client{Timeout: 30 * time.Second}
	}
	return &installs{cfg: cfg, store: cfg.Store, seal: s, apiURL: apiURL, http: hc, clock: clock, log: log, locks: map[string]*sync.Mutex{}}, nil
}

// sealKey is the additional data a token is sealed with: the row it
// belongs to.
func sealKey(in knowledge.SlackInstallation) string {
	if in.IsEnterpriseInstall {
		return "slack:" + in.EnterpriseID + "/"
	}
	return "slack:" + in.EnterpriseID + "/" + in.TeamID
}

// remember records a workspace's organisation once per process, so that
// a later lookup by workspace alone (a digest) finds an org-wide install.
func (s *installs) remember(ctx context.Context, teamID, enterpriseID string) {
	if teamID == "" || enterpriseID == "" {
		return
	}
	if prev, ok := s.teams.Load(teamID); ok && prev == enterpriseID {
		return
	}
	if err := s.store.RememberSlackTeam(ctx, teamID, enterpriseID); err != nil {
		s.log.Warn("could not remember a workspace's organisation", "team", teamID, "err", err)
		return
	}
	s.teams.Store(teamID, enterpriseID)
}

// token returns the bot token serving a workspace, refreshed first when
// it rotates and expires within the margin.
func (s *installs) token(ctx context.Context, enterpriseID, teamID string) (string, error) {
	in, ok, err := s.store.SlackInstallation(ctx, enterpriseID, teamID)
	if err != nil {
		return "", err
	}
	if !ok {
		return "", errNotInstalled
	}
	if s.due(in) {
		return s.refresh(ctx, in)
	}
	return s.seal.open(in.SealedBotToken, sealKey(in))
}

func (s *installs) due(in knowledge.SlackInstallation) bool {
	return !in.ExpiresAt.IsZero() && len(in.SealedRefreshToken) > 0 && in.ExpiresAt.Sub(s.clock()) < s.cfg.RefreshMargin
}

func (s *installs) lock(key string) *sync.Mutex {
	s.mu.Lock()
	defer s.mu.Unlock()
	m, ok := s.locks[key]
	if !ok {
		m = &sync.Mutex{}
		s.locks[key] = m
	}
	return m
}

// refresh exchanges the refresh token for a new bot token (Slack rotates
// both) and stores them. One refresh per installation runs at a time; who
// waited for it reads the result instead of refreshing again, since the old
// refresh token no longer works.
func (s *installs) refresh(ctx context.Context, in knowledge.SlackInstallation) (string, error) {
	key := sealKey(in)
	m := s.lock(key)
	m.Lock()
	defer m.Unlock()
	// Read again under the lock: another caller may have refreshed it.
	cur, ok, err := s.store.SlackInstallation(ctx, in.EnterpriseID, in.TeamID)
	if err != nil {
		return "", err
	}
	if !ok {
		return "", errNotInstalled
	}
	if !s.due(cur) {
		return s.seal.open(cur.SealedBotToken, sealKey(cur))
	}
	refreshToken, err := s.seal.open(cur.SealedRefreshToken, key)
	if err != nil {
		return "", err
	}
	resp, err := slack.RefreshOAuthV2TokenContext(ctx, s.http, s.cfg.ClientID, s.cfg.ClientSecret, refreshToken, slack.OAuthOptionAPIURL(s.apiURL))
	if err != nil {
		old, oerr := s.seal.open(cur.SealedBotToken, key)
		if oerr == nil && cur.ExpiresAt.After(s.clock()) {
			// Not expired yet: answer with the old token, try again next time.
			s.log.Warn("could not refresh a Slack token; using the current one until it expires", "installation", key, "expires_at", cur.ExpiresAt, "err", err)
			return old, nil
		}
		return "", fmt.Errorf("refreshing the Slack token of %s: %w", key, err)
	}
	if resp.AccessToken == "" {
		return "", fmt.Errorf("refreshing the Slack token of %s: Slack returned no token", key)
	}
	cur.SealedBotToken = s.seal.seal(resp.AccessToken, key)
	if resp.RefreshToken != "" {
		cur.SealedRefreshToken = s.seal.seal(resp.RefreshToken, key)
	}
	cur.ExpiresAt = time.Time{}
	if resp.ExpiresIn > 0 {
		cur.ExpiresAt = s.clock().Add(time.Duration(resp.ExpiresIn) * time.Second)
	}
	if err := s.store.SaveSlackInstallation(ctx, cur); err != nil {
		return "", err
	}
	s.log.Info("refreshed a Slack token", "installation", key, "expires_at", cur.ExpiresAt)
	return resp.AccessToken, nil
}

// save stores what oauth.v2.access returned for an install.
func (s *installs) save(ctx context.Context, resp *slack.OAuthV2Response) (knowledge.SlackInstallation, error) {
	if resp.AccessToken == "" || resp.TokenType != "" && resp.TokenType != "bot" {
		return knowledge.SlackInstallation{}, errors.New("Slack returned no bot token: does the app have a bot user with scopes?")
	}
	in := knowledge.SlackInstallation{
		EnterpriseID:        resp.Enterprise.ID,
		TeamID:              resp.Team.ID,
		IsEnterpriseInstall: resp.IsEnterpriseInstall,
		TeamName:            firstNonEmpty(resp.Team.Name, resp.Enterprise.Name),
		AppID:               resp.AppID,
		BotUserID:           resp.BotUserID,
		Scopes:              resp.Scope,
		InstalledBy:         resp.AuthedUser.ID,
		InstalledAt:         s.clock(),
	}
	if in.IsEnterpriseInstall {
		in.TeamID = ""
	}
	if in.TeamID == "" && in.EnterpriseID == "" {
		return in, errors.New("Slack named neither the workspace nor the organisation")
	}
	key := sealKey(in)
	in.SealedBotToken = s.seal.seal(resp.AccessToken, key)
	in.SealedRefreshToken = s.seal.seal(resp.RefreshToken, key)
	if resp.ExpiresIn > 0 {
		in.ExpiresAt = s.clock().Add(time.Duration(resp.ExpiresIn) * time.Second)
	}
	if err := s.store.SaveSlackInstallation(ctx, in); err != nil {
		return in, err
	}
	return in, nil
}

// refreshDue refreshes every token that expires within the margin, so
// that requests seldom wait for a refresh.
func (s *installs) refreshDue(ctx context.Context) {
	due, err := s.store.ExpiringSlackInstallations(ctx, s.clock().Add(s.cfg.RefreshMargin))
	if err != nil {
		s.log.Warn("could not list the Slack tokens to refresh", "err", err)
		return
	}
	for _, in := range due {
		if len(in.SealedRefreshToken) == 0 {
			continue
		}
		if _, err := s.refresh(ctx, in); err != nil {
			s.log.Warn("could not refresh a Slack token", "installation", sealKey(in), "err", err)
		}
	}
}

// RunTokenRefresh refreshes rotating tokens ahead of their expiry, once a
// minute, until ctx ends. Without OAuth it returns at once.
func (b *Bot) RunTokenRefresh(ctx context.Context) error {
	if b.installs == nil {
		return nil
	}
	t := time.NewTicker(time.Minute)
	defer t.Stop()
	for {
		b.installs.refreshDue(ctx)
		select {
		case <-ctx.Done():
			return nil
		case <-t.C:
		}
	}
}
