-- Weekly digest subscriptions, one per channel. Unsubscribing keeps the row
-- (active = 0) so that its delivery log survives a re-subscribe and a period
-- already posted is never posted again.
CREATE TABLE digest_subscription (
	id            INTEGER PRIMARY KEY,
	platform      TEXT NOT NULL,
	workspace     TEXT NOT NULL DEFAULT '',
	channel       TEXT NOT NULL,
	schedule      TEXT NOT NULL,
	timezone      TEXT NOT NULL,
	locale        TEXT NOT NULL,
	subscribed_by TEXT NOT NULL DEFAULT '',
	subscribed_at TEXT NOT NULL,
	paused_reason TEXT NOT NULL DEFAULT '',
	paused_at     TEXT NOT NULL DEFAULT '',
	kb_version    INTEGER NOT NULL DEFAULT 0,
	active        INTEGER NOT NULL DEFAULT 1,
	UNIQUE (platform, channel)
);

-- One row per subscription and period: the intent is written before the
-- post, the result after, so a restart knows what may already have gone out.
CREATE TABLE digest_delivery (
	id              INTEGER PRIMARY KEY,
	subscription_id INTEGER NOT NULL REFERENCES digest_subscription (id) ON DELETE CASCADE,
	period          TEXT NOT NULL,
	scheduled_at    TEXT NOT NULL,
	state           TEXT NOT NULL CHECK (state IN ('intent', 'sent', 'failed', 'skipped')),
	marker          TEXT NOT NULL,
	message_id      TEXT NOT NULL DEFAULT '',
	attempts        INTEGER NOT NULL DEFAULT 0,
	-- 1 while an attempt may have reached the platform (claimed, then no
	-- answer or an ambiguous error): the next attempt must look first.
	maybe_posted    INTEGER NOT NULL DEFAULT 0,
	last_error      TEXT NOT NULL DEFAULT '',
	since_version   INTEGER NOT NULL DEFAULT 0,
	kb_version      INTEGER NOT NULL DEFAULT 0,
	next_attempt_at TEXT NOT NULL DEFAULT '',
	lease_owner     TEXT NOT NULL DEFAULT '',
	lease_until     TEXT NOT NULL DEFAULT '',
	created_at      TEXT NOT NULL,
	updated_at      TEXT NOT NULL,
	UNIQUE (subscription_id, period)
);
CREATE INDEX digest_delivery_open ON digest_delivery (state) WHERE state = 'intent';
CREATE INDEX digest_delivery_latest ON digest_delivery (subscription_id, scheduled_at);
