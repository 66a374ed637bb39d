-- careerbot installed into a Slack workspace (team_id set) or an Enterprise
-- Grid organisation (team_id = '', is_enterprise_install = 1) through "Add
-- to Slack". Tokens are AES-GCM ciphertext sealed by the Slack adapter with
-- SLACK_TOKEN_ENCRYPTION_KEY: this table never holds a token in clear.
CREATE TABLE slack_installation (
	enterprise_id         TEXT NOT NULL DEFAULT '',
	team_id               TEXT NOT NULL DEFAULT '',
	is_enterprise_install INTEGER NOT NULL DEFAULT 0,
	team_name             TEXT NOT NULL DEFAULT '',
	app_id                TEXT NOT NULL DEFAULT '',
	bot_user_id           TEXT NOT NULL DEFAULT '',
	scopes                TEXT NOT NULL DEFAULT '',
	bot_token_sealed      BLOB NOT NULL,
	refresh_token_sealed  BLOB,
	expires_at            TEXT NOT NULL DEFAULT '', -- '' when the token does not rotate
	installed_by          TEXT NOT NULL DEFAULT '',
	installed_at          TEXT NOT NULL,
	updated_at            TEXT NOT NULL,
	PRIMARY KEY (enterprise_id, team_id)
);
CREATE INDEX slack_installation_team ON slack_installation (team_id) WHERE team_id != '';

-- Which organisation a workspace belongs to, learnt from requests, so that a
-- digest (which knows only its workspace) finds an organisation-wide install.
CREATE TABLE slack_team_enterprise (
	team_id       TEXT PRIMARY KEY,
	enterprise_id TEXT NOT NULL
);
