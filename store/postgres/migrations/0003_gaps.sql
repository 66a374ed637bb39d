-- Questions the knowledge base had no answer for, counted per command,
-- normalised text and UTC day; nothing says who asked or where.
CREATE TABLE kb_gap (
	command TEXT NOT NULL,
	key     TEXT NOT NULL,
	text    TEXT NOT NULL,
	day     TEXT NOT NULL,
	count   INTEGER NOT NULL,
	PRIMARY KEY (command, key, day)
);
CREATE INDEX kb_gap_day ON kb_gap (day);
