package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"careerbot/knowledge"
	"careerbot/store"
)

const installColumns = `enterprise_id, team_id, is_enterprise_install, team_name, app_id, bot_user_id, scopes,
	bot_token_sealed, refresh_token_sealed, expires_at, installed_by, installed_at, updated_at`

func scanInstallation(r pgx.Row) (knowledge.SlackInstallation, error) {
	var in knowledge.SlackInstallation
	var expires, installed, updated string
	err := r.Scan(&in.EnterpriseID, &in.TeamID, &in.IsEnterpriseInstall, &in.TeamName, &in.AppID, &in.BotUserID, &in.Scopes,
		&in.SealedBotToken, &in.SealedRefreshToken, &expires, &in.InstalledBy, &installed, &updated)
	in.ExpiresAt, in.InstalledAt, in.UpdatedAt = parseTS(expires), parseTS(installed), parseTS(updated)
	return in, err
}

// SaveSlackInstallation creates or replaces the installation of its
// workspace (or organisation); see store.Store.SaveSlackInstallation.
func (s *Store) SaveSlackInstallation(ctx context.Context, in knowledge.SlackInstallation) error {
	now := s.now()
	in, err := in.ForStore(now)
	if err != nil {
		return err
	}
	_, err = s.pool.Exec(ctx, `INSERT INTO slack_installation (`+installColumns+`)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
		ON CONFLICT (enterprise_id, team_id) DO UPDATE SET is_enterprise_install = excluded.is_enterprise_install,
			team_name = excluded.team_name, app_id = excluded.app_id, bot_user_id = excluded.bot_user_id, scopes = excluded.scopes,
			bot_token_sealed = excluded.bot_token_sealed, refresh_token_sealed = excluded.refresh_token_sealed,
			expires_at = excluded.expires_at, installed_by = excluded.installed_by, installed_at = excluded.installed_at,
			updated_at = excluded.updated_at`,
		in.EnterpriseID, in.TeamID, in.IsEnterpriseInstall, in.TeamName, in.AppID, in.BotUserID, in.Scopes,
		in.SealedBotToken, in.SealedRefreshToken, ts(in.ExpiresAt), in.InstalledBy, ts(in.InstalledAt), ts(now))
	if err != nil {
		return fmt.Errorf("saving the Slack installation of %s: %w", installName(in.EnterpriseID, in.TeamID), err)
	}
	return nil
}

// SlackInstallation finds the installation that serves a workspace: its
// own, else its organisation's org-wide one; see
// store.Store.SlackInstallation. ok is false when none.
func (s *Store) SlackInstallation(ctx context.Context, enterpriseID, teamID string) (in knowledge.SlackInstallation, ok bool, err error) {
	in, err = scanInstallation(s.pool.QueryRow(ctx, `SELECT `+installColumns+` FROM (
			SELECT 0 AS pref, `+installColumns+` FROM slack_installation WHERE $1 != '' AND team_id = $1
			UNION ALL
			SELECT 1 AS pref, `+installColumns+` FROM slack_installation WHERE team_id = '' AND enterprise_id != ''
				AND enterprise_id = COALESCE(NULLIF($2, ''), (SELECT enterprise_id FROM slack_team_enterprise WHERE team_id = $1))
		) found ORDER BY pref LIMIT 1`, teamID, enterpriseID))
	if errors.Is(err, pgx.ErrNoRows) {
		return knowledge.SlackInstallation{}, false, nil
	}
	if err != nil {
		return knowledge.SlackInstallation{}, false, fmt.Errorf("reading the Slack installation of %s: %w", installName(enterpriseID, teamID), err)
	}
	return in, true, nil
}

// DeleteSlackInstallation removes a workspace's installation (teamID set)
// or an organisation's org-wide one (teamID ""), with its tokens. ok is
// false when there was none.
func (s *Store) DeleteSlackInstallation(ctx context.Context, enterpriseID, teamID string) (ok bool, err error) {
	var n int64
	switch {
	case teamID != "":
		tag, e := s.pool.Exec(ctx, `DELETE FROM slack_installation WHERE team_id = $1`, teamID)
		n, err = tag.RowsAffected(), e
	case enterpriseID != "":
		tag, e := s.pool.Exec(ctx, `DELETE FROM slack_installation WHERE team_id = '' AND enterprise_id = $1`, enterpriseID)
		n, err = tag.RowsAffected(), e
	default:
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("deleting the Slack installation of %s: %w", installName(enterpriseID, teamID), err)
	}
	return n > 0, nil
}

// RememberSlackTeam records that a workspace belongs to an organisation.
func (s *Store) RememberSlackTeam(ctx context.Context, teamID, enterpriseID string) error {
	if teamID == "" || enterpriseID == "" {
		return nil
	}
	if _, err := s.pool.Exec(ctx, `INSERT INTO slack_team_enterprise (team_id, enterprise_id) VALUES ($1, $2)
		ON CONFLICT (team_id) DO UPDATE SET enterprise_id = excluded.enterprise_id`, teamID, enterpriseID); err != nil {
		return fmt.Errorf("remembering the organisation of Slack workspace %s: %w", teamID, err)
	}
	return nil
}

// ExpiringSlackInstallations lists the installations whose token expires
// before the given time (rotating tokens only), soonest first.
func (s *Store) ExpiringSlackInstallations(ctx context.Context, before time.Time) ([]knowledge.SlackInstallation, error) {
	rows, err := s.pool.Query(ctx, `SELECT `+installColumns+` FROM slack_installation
		WHERE expires_at != '' AND expires_at < $1 ORDER BY expires_at`, ts(before))
	if err != nil {
		return nil, fmt.Errorf("listing expiring Slack installations: %w", err)
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (knowledge.SlackInstallation, error) { return scanInstallation(r) })
	if err != nil {
		return nil, fmt.Errorf("listing expiring Slack installations: %w", err)
	}
	return out, nil
}

func installName(enterpriseID, teamID string) string { return store.InstallName(enterpriseID, teamID) }
