-- careerbot installed into a Slack workspace or an Enterprise Grid
-- organisation through "Add to Slack"; see store/migrations. Tokens are
-- AES-GCM ciphertext sealed by the Slack adapter: never in clear here.
CREATE TABLE slack_installation (
	enterprise_id         TEXT NOT NULL DEFAULT '',
	team_id               TEXT NOT NULL DEFAULT '',
	is_enterprise_install BOOLEAN NOT NULL DEFAULT FALSE,
	team_name             TEXT NOT NULL DEFAULT '',
	app_id                TEXT NOT NULL DEFAULT '',
	bot_user_id           TEXT NOT NULL DEFAULT '',
	scopes                TEXT NOT NULL DEFAULT '',
	bot_token_sealed      BYTEA NOT NULL,
	refresh_token_sealed  BYTEA,
	expires_at            TEXT NOT NULL DEFAULT '', -- '' when the token does not rotate
	installed_by          TEXT NOT NULL DEFAULT '',
	installed_at          TEXT NOT NULL,
	updated_at            TEXT NOT NULL,
	PRIMARY KEY (enterprise_id, team_id)
);
CREATE INDEX slack_installation_team ON slack_installation (team_id) WHERE team_id != '';

-- Which organisation a workspace belongs to, learnt from requests.
CREATE TABLE slack_team_enterprise (
	team_id       TEXT PRIMARY KEY,
	enterprise_id TEXT NOT NULL
);
