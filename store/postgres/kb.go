package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"

	"careerbot/knowledge"
	"careerbot/store"
)

var _ knowledge.KB = (*Store)(nil)

// head returns the newest applied version's number and content hash; an
// empty database is version 0.
func (s *Store) head(ctx context.Context) (int, string, error) {
	var n int
	var h string
	err := s.pool.QueryRow(ctx, `SELECT version, hash FROM kb_version ORDER BY version DESC LIMIT 1`).Scan(&n, &h)
	if errors.Is(err, pgx.ErrNoRows) {
		return 0, "", nil
	}
	if err != nil {
		return 0, "", fmt.Errorf("reading the knowledge version from %s: %w", s.where, err)
	}
	return n, h, nil
}

// current returns the snapshot of the current knowledge version. The
// version is read again when a notification said it changed or the
// once-a-second poll found it changed (both rebuild the snapshot in the
// background), so an import by any replica is seen within a second and a
// command does not wait on the database meanwhile. Without them
// (Options.NoListen) a command reads the version when the last read is a
// second old.
func (s *Store) current(ctx context.Context) (*store.Snapshot, error) {
	fresh := func() bool {
		at := s.checked.Load()
		return at != 0 && (s.watched || monotonic()-at < int64(versionCheckEvery))
	}
	if snap := s.snap.Load(); snap != nil && fresh() {
		return snap, nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if snap := s.snap.Load(); snap != nil && fresh() {
		return snap, nil
	}
	gen := s.gen.Load()
	at := monotonic()
	version, hash, err := s.head(ctx)
	if err != nil {
		return nil, err
	}
	snap := s.snap.Load()
	if snap == nil || snap.Version() != version || snap.Hash() != hash {
		d, err := s.Export(ctx)
		if err != nil {
			return nil, err
		}
		rows, err := s.searchRows(ctx)
		if err != nil {
			return nil, err
		}
		snap = store.NewSnapshot(version, hash, d, rows)
		s.snap.Store(snap)
	}
	// A notification that arrived during the read may be about a later
	// version: then the next call reads again.
	if s.gen.Load() == gen {
		s.checked.Store(at)
	}
	return snap, nil
}

// KnowledgeVersion names the knowledge version the next answer comes from
// ("12-9f86d081884c": the number and a prefix of the content hash). An
// answer computed after this call is never older than the version it
// returns. It costs no database read while the version is known to be
// current: a replica learns of an import by NOTIFY at once, or by its poll
// within a second.
func (s *Store) KnowledgeVersion(ctx context.Context) (string, error) {
	snap, err := s.current(ctx)
	if err != nil {
		return "", err
	}
	return strconv.Itoa(snap.Version()) + "-" + snap.Hash()[:min(len(snap.Hash()), 12)], nil
}

// Sync makes the database hold exactly data; see store.Store.Sync. Imports
// are serialised by an advisory lock and announced to every replica.
func (s *Store) Sync(ctx context.Context, data *knowledge.Data, origin string) (v knowledge.Version, changed bool, err error) {
	rows, whole, err := store.HashData(data)
	if err != nil {
		return v, false, err
	}
	err = s.tx(ctx, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, s.lockKey("sync")); err != nil {
			return err
		}
		cur, err := version(ctx, tx)
		if err != nil {
			return err
		}
		if cur.Number > 0 && cur.Hash == whole {
			v = cur
			return nil
		}
		changed = true
		type old struct{ kind, hash, ja, en string }
		olds := map[string]old{}
		r, err := tx.Query(ctx, `SELECT id, kind, hash, title_ja, title_en FROM kb_fact`)
		if err != nil {
			return err
		}
		for r.Next() {
			var id string
			var o old
			if err := r.Scan(&id, &o.kind, &o.hash, &o.ja, &o.en); err != nil {
				r.Close()
				return err
			}
			olds[id] = o
		}
		r.Close()
		if err := r.Err(); err != nil {
			return err
		}
		// TRUNCATE, not DELETE: it leaves no dead rows for the foreign-key
		// checks of the next import to scan. Readers of these tables (a
		// replica rebuilding its snapshot) wait for the commit.
		if _, err := tx.Exec(ctx, `TRUNCATE kb_gram_idf, kb_gram, kb_fact_topic, kb_fact, kb_topic, kb_source, kb_article`); err != nil {
			return err
		}
		if err := insertData(ctx, tx, data, rows); err != nil {
			return err
		}
		v = knowledge.Version{Number: cur.Number + 1, Hash: whole, AppliedAt: s.now().UTC().Truncate(time.Second), Origin: origin}
		var changes [][]any
		seen := map[string]bool{}
		for _, row := range rows {
			rec := row.Record
			seen[rec.ID] = true
			o, ok := olds[rec.ID]
			switch {
			case !ok:
				v.Added++
				changes = append(changes, []any{v.Number, rec.ID, string(rec.Kind), "added", rec.Title.JA, rec.Title.EN})
			case o.hash != row.Hash:
				v.Changed++
				changes = append(changes, []any{v.Number, rec.ID, string(rec.Kind), "changed", rec.Title.JA, rec.Title.EN})
			}
		}
		for id, o := range olds {
			if !seen[id] {
				v.Removed++
				changes = append(changes, []any{v.Number, id, o.kind, "removed", o.ja, o.en})
			}
		}
		if _, err := tx.Exec(ctx, `INSERT INTO kb_version (version, hash, applied_at, origin, added, changed, removed) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
			v.Number, v.Hash, v.AppliedAt.Format(time.RFC3339), v.Origin, v.Added, v.Changed, v.Removed); err != nil {
			return err
		}
		if _, err := tx.CopyFrom(ctx, pgx.Identifier{"kb_change"}, []string{"version", "fact_id", "kind", "change", "title_ja", "title_en"}, pgx.CopyFromRows(changes)); err != nil {
			return err
		}
		// Delivered at commit, to every replica listening.
		_, err = tx.Exec(ctx, `SELECT pg_notify($1, current_schema())`, notifyChannel)
		return err
	})
	s.invalidate()
	if err != nil {
		return knowledge.Version{}, false, fmt.Errorf("applying the knowledge data to %s: %w", s.where, err)
	}
	return v, changed, nil
}

func insertData(ctx context.Context, tx pgx.Tx, data *knowledge.Data, rows []store.FactRow) error {
	copyRows := func(table string, cols []string, rs [][]any) error {
		if _, err := tx.CopyFrom(ctx, pgx.Identifier{table}, cols, pgx.CopyFromRows(rs)); err != nil {
			return fmt.Errorf("writing %s: %w", table, err)
		}
		return nil
	}
	var rs [][]any
	for i, a := range data.Articles {
		rs = append(rs, []any{a.ID, i, store.JSON(a)})
	}
	if err := copyRows("kb_article", []string{"id", "ord", "body"}, rs); err != nil {
		return err
	}
	rs = rs[:0]
	for i, src := range data.Sources {
		rs = append(rs, []any{src.ID, i, store.JSON(src)})
	}
	if err := copyRows("kb_source", []string{"id", "ord", "body"}, rs); err != nil {
		return err
	}
	rs = rs[:0]
	for i, t := range data.Topics {
		rs = append(rs, []any{string(t.Kind), t.ID, i, store.JSON(t)})
	}
	if err := copyRows("kb_topic", []string{"kind", "id", "ord", "body"}, rs); err != nil {
		return err
	}
	rs = rs[:0]
	var topics [][]any
	seenTopic := map[[2]string]bool{}
	for i, row := range rows {
		r := row.Record
		rs = append(rs, []any{r.ID, string(r.Kind), i, r.Title.JA, r.Title.EN, r.Text.JA, r.Text.EN, row.Body, row.Hash})
		for _, t := range r.Topics {
			if k := [2]string{t, r.ID}; !seenTopic[k] {
				seenTopic[k] = true
				topics = append(topics, []any{t, r.ID})
			}
		}
	}
	if err := copyRows("kb_fact", []string{"id", "kind", "ord", "title_ja", "title_en", "text_ja", "text_en", "body", "hash"}, rs); err != nil {
		return err
	}
	if err := copyRows("kb_fact_topic", []string{"topic_id", "fact_id"}, topics); err != nil {
		return err
	}
	grams, idf := store.SearchGrams(rows)
	rs = make([][]any, len(grams))
	for i, g := range grams {
		rs[i] = []any{g[0], g[1]}
	}
	if err := copyRows("kb_gram", []string{"gram", "fact_id"}, rs); err != nil {
		return err
	}
	rs = rs[:0]
	for g, w := range idf {
		rs = append(rs, []any{g, w})
	}
	return copyRows("kb_gram_idf", []string{"gram", "idf"}, rs)
}

type queryer interface {
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
}

func version(ctx context.Context, q queryer) (knowledge.Version, error) {
	var v knowledge.Version
	var at string
	err := q.QueryRow(ctx, `SELECT version, hash, applied_at, origin, added, changed, removed FROM kb_version ORDER BY version DESC LIMIT 1`).
		Scan(&v.Number, &v.Hash, &at, &v.Origin, &v.Added, &v.Changed, &v.Removed)
	if errors.Is(err, pgx.ErrNoRows) {
		return knowledge.Version{}, nil
	}
	if err != nil {
		return v, fmt.Errorf("reading the knowledge version: %w", err)
	}
	v.AppliedAt, _ = time.Parse(time.RFC3339, at)
	return v, nil
}

// Version returns the knowledge base's current version (Number 0 when it
// has never been loaded).
func (s *Store) Version(ctx context.Context) (knowledge.Version, error) {
	return version(ctx, s.pool)
}

// Changes lists the facts added, changed or removed by versions after the
// given one, oldest first.
func (s *Store) Changes(ctx context.Context, after int) ([]knowledge.Change, error) {
	rows, err := s.pool.Query(ctx, `SELECT version, kind, fact_id, change, title_ja, title_en FROM kb_change WHERE version > $1 ORDER BY version, kind, fact_id`, after)
	if err != nil {
		return nil, fmt.Errorf("reading knowledge changes: %w", err)
	}
	defer rows.Close()
	var out []knowledge.Change
	for rows.Next() {
		var c knowledge.Change
		var kind string
		if err := rows.Scan(&c.Version, &kind, &c.FactID, &c.Change, &c.Title.JA, &c.Title.EN); err != nil {
			return nil, fmt.Errorf("reading knowledge changes: %w", err)
		}
		c.Kind = knowledge.FactKind(kind)
		out = append(out, c)
	}
	return out, rows.Err()
}

func queryJSON[T any](ctx context.Context, s *Store, what, query string, args ...any) ([]T, error) {
	rows, err := s.pool.Query(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", what, err)
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		var body []byte
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
	return queryJSON[T](ctx, s, string(kind), `SELECT body FROM kb_fact WHERE kind = $1 ORDER BY ord`, string(kind))
}

// Export reads the whole knowledge base back into Data, in curated order.
func (s *Store) Export(ctx context.Context) (*knowledge.Data, error) {
	var d knowledge.Data
	var err error
	if d.Articles, err = queryJSON[knowledge.Article](ctx, s, "articles", `SELECT body FROM kb_article ORDER BY ord`); err != nil {
		return nil, err
	}
	if d.Sources, err = queryJSON[knowledge.Source](ctx, s, "sources", `SELECT body FROM kb_source ORDER BY ord`); err != nil {
		return nil, err
	}
	if d.Topics, err = queryJSON[knowledge.Topic](ctx, s, "topics", `SELECT body FROM kb_topic ORDER BY ord`); err != nil {
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

// searchRows reads the search index tables. Facts come in kind, then
// curated, order, as in SQLite (COLLATE "C": byte order, as SQLite sorts).
func (s *Store) searchRows(ctx context.Context) (store.SearchRows, error) {
	out := store.SearchRows{IDF: map[string]float64{}}
	fail := func(err error) (store.SearchRows, error) {
		return store.SearchRows{}, fmt.Errorf("reading the search index: %w", err)
	}
	rows, err := s.pool.Query(ctx, `SELECT id, kind, title_ja, title_en, text_ja, text_en FROM kb_fact ORDER BY kind COLLATE "C", ord`)
	if err != nil {
		return fail(err)
	}
	for rows.Next() {
		var h knowledge.Hit
		var kind string
		if err := rows.Scan(&h.ID, &kind, &h.Title.JA, &h.Title.EN, &h.Text.JA, &h.Text.EN); err != nil {
			rows.Close()
			return fail(err)
		}
		h.Kind = knowledge.FactKind(kind)
		out.Facts = append(out.Facts, h)
	}
	rows.Close()
	if rows.Err() != nil {
		return fail(rows.Err())
	}
	rows, err = s.pool.Query(ctx, `SELECT gram, fact_id FROM kb_gram`)
	if err != nil {
		return fail(err)
	}
	for rows.Next() {
		var g [2]string
		if err := rows.Scan(&g[0], &g[1]); err != nil {
			rows.Close()
			return fail(err)
		}
		out.Grams = append(out.Grams, g)
	}
	rows.Close()
	if rows.Err() != nil {
		return fail(rows.Err())
	}
	rows, err = s.pool.Query(ctx, `SELECT gram, idf FROM kb_gram_idf`)
	if err != nil {
		return fail(err)
	}
	defer rows.Close()
	for rows.Next() {
		var g string
		var w float64
		if err := rows.Scan(&g, &w); err != nil {
			return fail(err)
		}
		out.IDF[g] = w
	}
	if rows.Err() != nil {
		return fail(rows.Err())
	}
	return out, nil
}

// embeddedHashKey is the SQLite store's: which embedded data was last applied.
const embeddedHashKey = "kb.embedded_hash"

// SyncEmbedded applies the data shipped in the binary when it differs from
// what was last applied from a binary, and otherwise leaves the database
// alone, including any data imported since; see store.Store.SyncEmbedded.
func (s *Store) SyncEmbedded(ctx context.Context, data *knowledge.Data) (v knowledge.Version, changed bool, err error) {
	_, whole, err := store.HashData(data)
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
