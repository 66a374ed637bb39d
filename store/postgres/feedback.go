package postgres

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"careerbot/knowledge"
	"careerbot/store"
)

// RecordVote counts one vote on today's (UTC) row of its answer and deletes
// votes older than store.VoteRetention; see store.Store.RecordVote.
func (s *Store) RecordVote(ctx context.Context, v knowledge.Vote) error {
	r, err := store.NewVoteRow(v, s.now())
	if err != nil {
		return err
	}
	err = s.tx(ctx, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `INSERT INTO answer_vote (platform, command, key, args, kb_version, vote, day, count)
			VALUES ($1, $2, $3, $4, $5, $6, $7, 1)
			ON CONFLICT (platform, command, key, kb_version, vote, day) DO UPDATE SET count = answer_vote.count + 1, args = excluded.args`,
			r.Platform, r.Command, r.Key, r.Args, r.KBVersion, r.Vote, r.Day); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, `DELETE FROM answer_vote WHERE day < $1`, r.PruneBefore)
		return err
	})
	if err != nil {
		return fmt.Errorf("recording a vote: %w", err)
	}
	return nil
}

// Votes lists the answers voted on since the day of since, those with the
// most 👎 first; see store.Store.Votes.
func (s *Store) Votes(ctx context.Context, since time.Time) ([]store.VoteSummary, error) {
	rows, err := s.pool.Query(ctx, `SELECT platform, command, MAX(args COLLATE "C"), kb_version,
			SUM(CASE WHEN vote > 0 THEN count ELSE 0 END)::int AS up,
			SUM(CASE WHEN vote < 0 THEN count ELSE 0 END)::int AS down,
			MAX(day) AS last
		FROM answer_vote WHERE day >= $1 GROUP BY platform, command, key, kb_version
		ORDER BY down DESC, up ASC, last DESC, command COLLATE "C", key COLLATE "C"`, since.UTC().Format(dayLayout))
	if err != nil {
		return nil, fmt.Errorf("reading votes on answers: %w", err)
	}
	defer rows.Close()
	var out []store.VoteSummary
	for rows.Next() {
		var v store.VoteSummary
		var platform, day string
		if err := rows.Scan(&platform, &v.Command, &v.Args, &v.KBVersion, &v.Up, &v.Down, &day); err != nil {
			return nil, fmt.Errorf("reading votes on answers: %w", err)
		}
		v.Platform = knowledge.Platform(strings.TrimSpace(platform))
		if v.LastSeen, err = time.Parse(dayLayout, day); err != nil {
			return nil, fmt.Errorf("reading votes on answers: day %q: %w", day, err)
		}
		out = append(out, v)
	}
	return out, rows.Err()
}
