-- Votes on answers (the 👍/👎 under each answer), counted per answer
-- (platform, command, normalised arguments, knowledge version), vote and
-- UTC day; see store/migrations. Nothing here says who voted or where.
CREATE TABLE answer_vote (
	platform   TEXT NOT NULL,
	command    TEXT NOT NULL,
	key        TEXT NOT NULL,
	args       TEXT NOT NULL,
	kb_version BIGINT NOT NULL,
	vote       INTEGER NOT NULL CHECK (vote IN (-1, 1)),
	day        TEXT NOT NULL,
	count      INTEGER NOT NULL,
	PRIMARY KEY (platform, command, key, kb_version, vote, day)
);
CREATE INDEX answer_vote_day ON answer_vote (day);
