package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"math"
	"time"

	"careerbot/knowledge"
)

var _ knowledge.KB = (*Store)(nil)

type factRow struct {
	rec  knowledge.FactRecord
	body []byte
	hash string
}

// Sync makes the database hold exactly data. When data is what the database
// already holds (same content hash) nothing is written and changed is false.
// Otherwise everything is replaced in one transaction and a new version is
// recorded with the facts it added, changed and removed.
func (s *Store) Sync(ctx context.Context, data *knowledge.Data, origin string) (v knowledge.Version, changed bool, err error) {
	rows, whole, err := hashData(data)
	if err != nil {
		return v, false, err
	}
	cur, err := s.Version(ctx)
	if err != nil {
		return v, false, err
	}
	if cur.Number > 0 && cur.Hash == whole {
		return cur, false, nil
	}
	err = s.tx(ctx, func(tx *sql.Tx) error {
		old := map[string]string{}
		oldRows := map[string][3]string{}
		r, err := tx.QueryContext(ctx, `SELECT id, kind, hash, title_ja, title_en FROM kb_fact`)
		if err != nil {
			return err
		}
		for r.Next() {
			var id, kind, h, ja, en string
			if err := r.Scan(&id, &kind, &h, &ja, &en); err != nil {
				r.Close()
				return err
			}
			old[id] = h
			oldRows[id] = [3]string{kind, ja, en}
		}
		r.Close()
		for _, t := range []string{"kb_gram_idf", "kb_gram", "kb_fact_topic", "kb_fact", "kb_topic", "kb_source", "kb_article"} {
			if _, err := tx.ExecContext(ctx, "DELETE FROM "+t); err != nil {
				return err
			}
		}
		if err := insertData(ctx, tx, data, rows); err != nil {
			return err
		}
		v = knowledge.Version{Number: cur.Number + 1, Hash: whole, AppliedAt: s.now().UTC().Truncate(time.Second), Origin: origin}
		type change struct {
			id, kind, what, ja, en string
		}
		var changes []change
		seen := map[string]bool{}
		for _, row := range rows {
			seen[row.rec.ID] = true
			h, ok := old[row.rec.ID]
			switch {
			case !ok:
				v.Added++
				changes = append(changes, change{row.rec.ID, string(row.rec.Kind), "added", row.rec.Title.JA, row.rec.Title.EN})
			case h != row.hash:
				v.Changed++
				changes = append(changes, change{row.rec.ID, string(row.rec.Kind), "changed", row.rec.Title.JA, row.rec.Title.EN})
			}
		}
		for id, o := range oldRows {
			if !seen[id] {
				v.Removed++
				changes = append(changes, change{id, o[0], "removed", o[1], o[2]})
			}
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO kb_version (version, hash, applied_at, origin, added, changed, removed) VALUES (?, ?, ?, ?, ?, ?, ?)`,
			v.Number, v.Hash, v.AppliedAt.Format(time.RFC3339), v.Origin, v.Added, v.Changed, v.Removed); err != nil {
			return err
		}
		for _, c := range changes {
			if _, err := tx.ExecContext(ctx, `INSERT INTO kb_change (version, fact_id, kind, change, title_ja, title_en) VALUES (?, ?, ?, ?, ?, ?)`,
				v.Number, c.id, c.kind, c.what, c.ja, c.en); err != nil {
				return err
			}
		}
		return nil
	})
	s.cache.invalidate()
	if err != nil {
		return knowledge.Version{}, false, fmt.Errorf("applying the knowledge data: %w", err)
	}
	return v, true, nil
}

func hashData(data *knowledge.Data) ([]factRow, string, error) {
	h := sha256.New()
	for _, part := range []any{data.Articles, data.Sources, data.Topics} {
		b, err := json.Marshal(part)
		if err != nil {
			return nil, "", err
		}
		h.Write(b)
	}
	var rows []factRow
	for _, rec := range data.Facts() {
		body, err := json.Marshal(rec.Value)
		if err != nil {
			return nil, "", fmt.Errorf("encoding fact %s: %w", rec.ID, err)
		}
		fh := sha256.Sum256(body)
		row := factRow{rec: rec, body: body, hash: hex.EncodeToString(fh[:])}
		rows = append(rows, row)
		fmt.Fprintf(h, "%s|%s|%s\n", rec.Kind, rec.ID, row.hash)
	}
	return rows, hex.EncodeToString(h.Sum(nil)), nil
}

func insertData(ctx context.Context, tx *sql.Tx, data *knowledge.Data, rows []factRow) error {
	ins := func(query string, args ...any) error {
		_, err := tx.ExecContext(ctx, query, args...)
		return err
	}
	for i, a := range data.Articles {
		if err := ins(`INSERT INTO kb_article (id, ord, body) VALUES (?, ?, ?)`, a.ID, i, mustJSON(a)); err != nil {
			return err
		}
	}
	for i, src := range data.Sources {
		if err := ins(`INSERT INTO kb_source (id, ord, body) VALUES (?, ?, ?)`, src.ID, i, mustJSON(src)); err != nil {
			return err
		}
	}
	for i, t := range data.Topics {
		if err := ins(`INSERT INTO kb_topic (kind, id, ord, body) VALUES (?, ?, ?, ?)`, t.Kind, t.ID, i, mustJSON(t)); err != nil {
			return err
		}
	}
	factStmt, err := tx.PrepareContext(ctx, `INSERT INTO kb_fact (id, kind, ord, title_ja, title_en, text_ja, text_en, body, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`)
	if err != nil {
		return err
	}
	defer factStmt.Close()
	topicStmt, err := tx.PrepareContext(ctx, `INSERT OR IGNORE INTO kb_fact_topic (topic_id, fact_id) VALUES (?, ?)`)
	if err != nil {
		return err
	}
	defer topicStmt.Close()
	gramStmt, err := tx.PrepareContext(ctx, `INSERT OR IGNORE INTO kb_gram (gram, fact_id) VALUES (?, ?)`)
	if err != nil {
		return err
	}
	defer gramStmt.Close()
	df := map[string]int{}
	for i, row := range rows {
		r := row.rec
		if _, err := factStmt.ExecContext(ctx, r.ID, string(r.Kind), i, r.Title.JA, r.Title.EN, r.Text.JA, r.Text.EN, string(row.body), row.hash); err != nil {
			return fmt.Errorf("fact %s: %w", r.ID, err)
		}
		for _, t := range r.Topics {
			if _, err := topicStmt.ExecContext(ctx, t, r.ID); err != nil {
				return fmt.Errorf("fact %s topic %s: %w", r.ID, t, err)
			}
		}
		for _, g := range knowledge.Grams(r.Search) {
			df[g]++
			if _, err := gramStmt.ExecContext(ctx, g, r.ID); err != nil {
				return fmt.Errorf("fact %s: %w", r.ID, err)
			}
		}
	}
	// idf = ln(N / df): a gram in every fact weighs 0, a gram in one fact most.
	idfStmt, err := tx.PrepareContext(ctx, `INSERT INTO kb_gram_idf (gram, idf) VALUES (?, ?)`)
	if err != nil {
		return err
	}
	defer idfStmt.Close()
	for g, n := range df {
		if _, err := idfStmt.ExecContext(ctx, g, math.Log(float64(len(rows))/float64(n))); err != nil {
			return fmt.Errorf("weighting search gram %q: %w", g, err)
		}
	}
	return nil
}

func mustJSON(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err) // only curated structs of plain fields are encoded
	}
	return string(b)
}

// Version returns the knowledge base's current version (Number 0 when it
// has never been loaded).
func (s *Store) Version(ctx context.Context) (knowledge.Version, error) {
	var v knowledge.Version
	var at string
	err := s.db.QueryRowContext(ctx, `SELECT version, hash, applied_at, origin, added, changed, removed FROM kb_version ORDER BY version DESC LIMIT 1`).
		Scan(&v.Number, &v.Hash, &at, &v.Origin, &v.Added, &v.Changed, &v.Removed)
	if err == sql.ErrNoRows {
		return knowledge.Version{}, nil
	}
	if err != nil {
		return v, fmt.Errorf("reading the knowledge version: %w", err)
	}
	v.AppliedAt, _ = time.Parse(time.RFC3339, at)
	return v, nil
}

// Changes lists the facts added, changed or removed by versions after the
// given one, oldest first.
func (s *Store) Changes(ctx context.Context, after int) ([]knowledge.Change, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT version, kind, fact_id, change, title_ja, title_en FROM kb_change WHERE version > ? ORDER BY version, kind, fact_id`, after)
	if err != nil {
		return nil, fmt.Errorf("reading knowledge changes: %w", err)
	}
	defer rows.Close()
	var out []knowledge.Change
	for rows.Next() {
		var c knowledge.Change
		var kind string
		if err := rows.Scan(&c.Version, &kind, &c.FactID, &c.Change, &c.Title.JA, &c.Title.EN); err != nil {
			return nil, err
		}
		c.Kind = knowledge.FactKind(kind)
		out = append(out, c)
	}
	return out, rows.Err()
}

func queryJSON[T any](ctx context.Context, db *sql.DB, what, query string, args ...any) ([]T, error) {
	rows, err := db.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", what, err)
	}
	defer rows.Close()
	var out []T
	var body []byte
	for rows.Next() {
		if err := rows.Scan(&body); err != nil {
			return nil, fmt.Errorf("reading %s: %w", what, err)
		}
		var v T
		if err := json.Unmarshal(body, &v); err != nil {
			return nil, fmt.Errorf("decoding %s: %w", what, err)
		}
		out = append(out, v)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("reading %s: %w", what, err)
	}
	return out, nil
}

func allFacts[T any](ctx context.Context, s *Store, kind knowledge.FactKind) ([]T, error) {
	return queryJSON[T](ctx, s.db, string(kind), `SELECT body FROM kb_fact WHERE kind = ? ORDER BY ord`, string(kind))
}

// Topics lists every topic in curated order.
func (s *Store) Topics(ctx context.Context) ([]knowledge.Topic, error) {
	snap, err := s.current(ctx)
	if err != nil {
		return nil, err
	}
	return snap.data.Topics, nil
}

// Sources lists every cited source.
func (s *Store) Sources(ctx context.Context) ([]knowledge.Source, error) {
	snap, err := s.current(ctx)
	if err != nil {
		return nil, err
	}
	return snap.data.Sources, nil
}

// Articles lists the seed articles.
func (s *Store) Articles(ctx context.Context) ([]knowledge.Article, error) {
	snap, err := s.current(ctx)
	if err != nil {
		return nil, err
	}
	return snap.data.Articles, nil
}

// Salaries lists salary figures answering topicID ("" for all).
func (s *Store) Salaries(ctx context.Context, topicID string) ([]knowledge.SalaryFigure, error) {
	snap, err := s.current(ctx)
	if err != nil {
		return nil, err
	}
	return pick(snap.data.Salaries, snap.salaries, topicID), nil
}

// Listings lists example listings about topicID ("" for all).
func (s *Store) Listings(ctx context.Context, topicID string) ([]knowledge.Listing, error) {
	snap, err := s.current(ctx)
	if err != nil {
		return nil, err
	}
	return pick(snap.data.Listings, snap.listings, topicID), nil
}

// Paths lists every career path.
func (s *Store) Paths(ctx context.Context) ([]knowledge.CareerPath, error) {
	snap, err := s.current(ctx)
	if err != nil {
		return nil, err
	}
	return snap.data.Paths, nil
}

// Path returns one career path, or an ENOTFOUND error.
func (s *Store) Path(ctx context.Context, id string) (knowledge.CareerPath, error) {
	snap, err := s.current(ctx)
	if err != nil {
		return knowledge.CareerPath{}, err
	}
	p, ok := snap.paths[id]
	if !ok {
		return knowledge.CareerPath{}, knowledge.Errorf(knowledge.ENOTFOUND, "no career path %q in the knowledge base", id)
	}
	return p, nil
}

// SkillMaps lists skill maps about topicID ("" for all).
func (s *Store) SkillMaps(ctx context.Context, topicID string) ([]knowledge.SkillMap, error) {
	snap, err := s.current(ctx)
	if err != nil {
		return nil, err
	}
	return pick(snap.data.Skills, snap.skills, topicID), nil
}

// Trends lists every market trend.
func (s *Store) Trends(ctx context.Context) ([]knowledge.Trend, error) {
	snap, err := s.current(ctx)
	if err != nil {
		return nil, err
	}
	return snap.data.Trends, nil
}

// Actions lists every strategy and action item.
func (s *Store) Actions(ctx context.Context) ([]knowledge.Action, error) {
	snap, err := s.current(ctx)
	if err != nil {
		return nil, err
	}
	return snap.data.Actions, nil
}

// Search finds facts whose text shares the query's rarer tokens, best
// first. It works for Japanese (no spaces) and English alike. The index is
// the kb_gram and kb_gram_idf tables, read into the per-version snapshot.
func (s *Store) Search(ctx context.Context, query string, limit int) ([]knowledge.Hit, error) {
	snap, err := s.current(ctx)
	if err != nil {
		return nil, err
	}
	return snap.search.find(query, limit), nil
}

// Export reads the whole knowledge base back from SQLite into Data, in
// curated order.
func (s *Store) Export(ctx context.Context) (*knowledge.Data, error) {
	var d knowledge.Data
	var err error
	if d.Articles, err = queryJSON[knowledge.Article](ctx, s.db, "articles", `SELECT body FROM kb_article ORDER BY ord`); err != nil {
		return nil, err
	}
	if d.Sources, err = queryJSON[knowledge.Source](ctx, s.db, "sources", `SELECT body FROM kb_source ORDER BY ord`); err != nil {
		return nil, err
	}
	if d.Topics, err = queryJSON[knowledge.Topic](ctx, s.db, "topics", `SELECT body FROM kb_topic ORDER BY ord`); err != nil {
		return nil, err
	}
	for i := range d.Topics {
		d.Topics[i].Order = i
	}
	if d.Salaries, err = allFacts[knowledge.SalaryFigure](ctx, s, knowledge.FactSalary); err != nil {
		return nil, err
	}
	if d.Listings, err = allFacts[knowledge.Listing](ctx, s, knowledge.FactListing); err != nil {
		return nil, err
	}
	if d.Paths, err = allFacts[knowledge.CareerPath](ctx, s, knowledge.FactPath); err != nil {
		return nil, err
	}
	if d.Skills, err = allFacts[knowledge.SkillMap](ctx, s, knowledge.FactSkill); err != nil {
		return nil, err
	}
	if d.Trends, err = allFacts[knowledge.Trend](ctx, s, knowledge.FactTrend); err != nil {
		return nil, err
	}
	if d.Actions, err = allFacts[knowledge.Action](ctx, s, knowledge.FactAction); err != nil {
		return nil, err
	}
	return &d, nil
}

// embeddedHashKey remembers which embedded data was last applied, so that a
// curator's `kb import` survives restarts until a new binary ships new data.
const embeddedHashKey = "kb.embedded_hash"

// SyncEmbedded applies the data shipped in the binary when it differs from
// what this binary (or an older one) last applied, and otherwise leaves the
// database alone, including any data imported since.
func (s *Store) SyncEmbedded(ctx context.Context, data *knowledge.Data) (v knowledge.Version, changed bool, err error) {
	_, whole, err := hashData(data)
	if err != nil {
		return v, false, err
	}
	last, ok, err := s.GetState(ctx, embeddedHashKey)
	if err != nil {
		return v, false, err
	}
	cur, err := s.Version(ctx)
	if err != nil {
		return v, false, err
	}
	if ok && last == whole && cur.Number > 0 {
		return cur, false, nil
	}
	if v, changed, err = s.Sync(ctx, data, "embedded"); err != nil {
		return v, false, err
	}
	return v, changed, s.SetState(ctx, embeddedHashKey, whole)
}
