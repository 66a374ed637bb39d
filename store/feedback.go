package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"careerbot/knowledge"
)

// VoteRetention is how long votes on answers are kept.
const VoteRetention = 365 * 24 * time.Hour

// VoteSummary is one line of the feedback listing: an answer and its votes
// since a day.
type VoteSummary struct {
	Platform  knowledge.Platform
	Command   string
	Args      string // as last voted on
	KBVersion int64
	Up, Down  int
	LastSeen  time.Time // UTC day of the last vote
}

// RecordVote counts one vote on today's (UTC) row of its answer and deletes
// votes older than VoteRetention.
func (s *Store) RecordVote(ctx context.Context, v knowledge.Vote) error {
	r, err := NewVoteRow(v, s.now())
	if err != nil {
		return err
	}
	err = s.tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO answer_vote (platform, command, key, args, kb_version, vote, day, count)
			VALUES (?, ?, ?, ?, ?, ?, ?, 1)
			ON CONFLICT (platform, command, key, kb_version, vote, day) DO UPDATE SET count = count + 1, args = excluded.args`,
			r.Platform, r.Command, r.Key, r.Args, r.KBVersion, r.Vote, r.Day); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `DELETE FROM answer_vote WHERE day < ?`, r.PruneBefore)
		return err
	})
	if err != nil {
		return fmt.Errorf("recording a vote: %w", err)
	}
	return nil
}

// Votes lists the answers voted on since the day of since, those with the
// most 👎 first (then the fewest 👍, the most recent, command and text).
// Answers of different knowledge versions are listed apart: a correction
// makes a new version, whose votes start afresh.
func (s *Store) Votes(ctx context.Context, since time.Time) ([]VoteSummary, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT platform, command, MAX(args), kb_version,
			SUM(CASE WHEN vote > 0 THEN count ELSE 0 END) AS up,
			SUM(CASE WHEN vote < 0 THEN count ELSE 0 END) AS down,
			MAX(day) AS last
		FROM answer_vote WHERE day >= ? GROUP BY platform, command, key, kb_version
		ORDER BY down DESC, up ASC, last DESC, command, key`, since.UTC().Format(dayLayout))
	if err != nil {
		return nil, fmt.Errorf("reading votes on answers: %w", err)
	}
	defer rows.Close()
	var out []VoteSummary
	for rows.Next() {
		var v VoteSummary
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

func clipRunes(s string, n int) string {
	for i := range s {
		if n == 0 {
			return s[:i]
		}
		n--
	}
	return s
}
