-- Votes on answers (the 👍/👎 under each answer), counted per answer
-- (platform, command, normalised arguments, knowledge version), vote and
-- UTC day. Nothing here says who voted or where: no user, channel or
-- workspace. Rows older than 365 days are deleted (store.VoteRetention).
CREATE TABLE answer_vote (
	platform   TEXT NOT NULL,    -- slack, discord
	command    TEXT NOT NULL,    -- without the slash: salary, ask
	key        TEXT NOT NULL,    -- knowledge.FoldText of the arguments: variants count as one
	args       TEXT NOT NULL,    -- a readable form, as last voted on that day
	kb_version INTEGER NOT NULL, -- the knowledge version the answer came from
	vote       INTEGER NOT NULL CHECK (vote IN (-1, 1)),
	day        TEXT NOT NULL,    -- YYYY-MM-DD, UTC
	count      INTEGER NOT NULL,
	PRIMARY KEY (platform, command, key, kb_version, vote, day)
) WITHOUT ROWID;
CREATE INDEX answer_vote_day ON answer_vote (day);
