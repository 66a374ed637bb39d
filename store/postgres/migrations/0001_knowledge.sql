-- The curated knowledge base, as in the SQLite store (store/migrations):
-- facts are JSON bodies of their knowledge types, with the columns that
-- queries filter and sort on. Timestamps are fixed-width UTC text, as
-- there, so both stores share their encoding code.
CREATE TABLE kb_article (
	id   TEXT PRIMARY KEY,
	ord  INTEGER NOT NULL,
	body TEXT NOT NULL
);

CREATE TABLE kb_source (
	id   TEXT PRIMARY KEY,
	ord  INTEGER NOT NULL,
	body TEXT NOT NULL
);

CREATE TABLE kb_topic (
	kind TEXT NOT NULL,
	id   TEXT NOT NULL,
	ord  INTEGER NOT NULL,
	body TEXT NOT NULL,
	PRIMARY KEY (kind, id)
);

CREATE TABLE kb_fact (
	id       TEXT PRIMARY KEY,
	kind     TEXT NOT NULL,
	ord      INTEGER NOT NULL,
	title_ja TEXT NOT NULL,
	title_en TEXT NOT NULL,
	text_ja  TEXT NOT NULL,
	text_en  TEXT NOT NULL,
	body     TEXT NOT NULL,
	hash     TEXT NOT NULL
);
CREATE INDEX kb_fact_kind ON kb_fact (kind, ord);

CREATE TABLE kb_fact_topic (
	topic_id TEXT NOT NULL,
	fact_id  TEXT NOT NULL REFERENCES kb_fact (id) ON DELETE CASCADE,
	PRIMARY KEY (topic_id, fact_id)
);

-- Character bigrams of every fact's folded text and their weights; read
-- into the in-memory snapshot that answers searches.
CREATE TABLE kb_gram (
	gram    TEXT NOT NULL,
	fact_id TEXT NOT NULL REFERENCES kb_fact (id) ON DELETE CASCADE,
	PRIMARY KEY (gram, fact_id)
);

CREATE TABLE kb_gram_idf (
	gram TEXT PRIMARY KEY,
	idf  DOUBLE PRECISION NOT NULL
);

CREATE TABLE kb_version (
	version    INTEGER PRIMARY KEY,
	hash       TEXT NOT NULL,
	applied_at TEXT NOT NULL,
	origin     TEXT NOT NULL,
	added      INTEGER NOT NULL,
	changed    INTEGER NOT NULL,
	removed    INTEGER NOT NULL
);

CREATE TABLE kb_change (
	version  INTEGER NOT NULL REFERENCES kb_version (version),
	fact_id  TEXT NOT NULL,
	kind     TEXT NOT NULL,
	change   TEXT NOT NULL CHECK (change IN ('added', 'changed', 'removed')),
	title_ja TEXT NOT NULL,
	title_en TEXT NOT NULL,
	PRIMARY KEY (version, fact_id)
);

-- Small values the adapters persist (e.g. the hash of the Discord command
-- definitions last registered).
CREATE TABLE state (
	key   TEXT PRIMARY KEY,
	value TEXT NOT NULL
);
