-- Questions the knowledge base had no answer for, counted per command,
-- normalised text and UTC day, so curators see what people ask about.
-- Nothing here says who asked or where: no user, channel or workspace.
-- Rows older than 90 days are deleted (store.GapRetention).
CREATE TABLE kb_gap (
	command TEXT NOT NULL,    -- without the slash: salary, ask
	key     TEXT NOT NULL,    -- knowledge.Normalize of the text: variants count as one
	text    TEXT NOT NULL,    -- a readable form, as last asked that day
	day     TEXT NOT NULL,    -- YYYY-MM-DD, UTC
	count   INTEGER NOT NULL,
	PRIMARY KEY (command, key, day)
) WITHOUT ROWID;
CREATE INDEX kb_gap_day ON kb_gap (day);
