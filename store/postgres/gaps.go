package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"careerbot/store"
)

const dayLayout = store.DayLayout

// AddGaps adds counts and deletes those older than store.GapRetention, in
// one transaction.
func (s *Store) AddGaps(ctx context.Context, counts []store.GapCount) error {
	err := s.tx(ctx, func(tx pgx.Tx) error {
		for _, c := range counts {
			if _, err := tx.Exec(ctx, `INSERT INTO kb_gap (command, key, text, day, count) VALUES ($1, $2, $3, $4, $5)
				ON CONFLICT (command, key, day) DO UPDATE SET count = kb_gap.count + excluded.count, text = excluded.text`,
				c.Command, c.Key, c.Text, c.Day.UTC().Format(dayLayout), c.Count); err != nil {
				return err
			}
		}
		return s.pruneGaps(ctx, tx)
	})
	if err != nil {
		return fmt.Errorf("recording unanswered questions: %w", err)
	}
	return nil
}

// PruneGaps deletes counts older than store.GapRetention.
func (s *Store) PruneGaps(ctx context.Context) error {
	if err := s.tx(ctx, func(tx pgx.Tx) error { return s.pruneGaps(ctx, tx) }); err != nil {
		return fmt.Errorf("deleting old unanswered questions: %w", err)
	}
	return nil
}

func (s *Store) pruneGaps(ctx context.Context, tx pgx.Tx) error {
	_, err := tx.Exec(ctx, `DELETE FROM kb_gap WHERE day < $1`, s.now().UTC().Add(-store.GapRetention).Format(dayLayout))
	return err
}

// Gaps lists the unanswered questions seen on or after the day of since,
// most frequent first (then the most recent, then by command and text),
// each with its text as last asked.
func (s *Store) Gaps(ctx context.Context, since time.Time) ([]store.GapSummary, error) {
	rows, err := s.pool.Query(ctx, `SELECT command, (array_agg(text ORDER BY day DESC))[1], SUM(count)::int AS n, MAX(day) AS last
		FROM kb_gap WHERE day >= $1 GROUP BY command, key
		ORDER BY n DESC, last DESC, command COLLATE "C", key COLLATE "C"`, since.UTC().Format(dayLayout))
	if err != nil {
		return nil, fmt.Errorf("reading unanswered questions: %w", err)
	}
	defer rows.Close()
	var out []store.GapSummary
	for rows.Next() {
		var g store.GapSummary
		var day string
		if err := rows.Scan(&g.Command, &g.Text, &g.Count, &day); err != nil {
			return nil, fmt.Errorf("reading unanswered questions: %w", err)
		}
		if g.LastSeen, err = time.Parse(dayLayout, day); err != nil {
			return nil, fmt.Errorf("reading unanswered questions: day %q: %w", day, err)
		}
		out = append(out, g)
	}
	return out, rows.Err()
}

// NewGapLog starts a GapLog writing to s. Close it (before s) to write what
// it holds.
func (s *Store) NewGapLog(opts store.GapLogOptions) *store.GapLog {
	return store.NewGapLog(s, s.now, opts)
}
