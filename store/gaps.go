package store

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"sync"
	"time"
)

// GapRetention is how long unanswered questions are kept.
const GapRetention = 90 * 24 * time.Hour

const dayLayout = "2006-01-02"

// GapCount is a number of unanswered questions of one command and
// normalised text on one day.
type GapCount struct {
	Command string
	Key     string // the normalised text, which counts variants as one
	Text    string // a readable form
	Day     time.Time
	Count   int
}

// GapSummary is one line of the gaps listing: a question and how often it
// went unanswered since a day.
type GapSummary struct {
	Command  string
	Text     string // as last asked
	Count    int
	LastSeen time.Time // UTC day
}

// AddGaps adds counts and deletes those older than GapRetention, in one
// transaction.
func (s *Store) AddGaps(ctx context.Context, counts []GapCount) error {
	err := s.tx(ctx, func(tx *sql.Tx) error {
		stmt, err := tx.PrepareContext(ctx, `INSERT INTO kb_gap (command, key, text, day, count) VALUES (?, ?, ?, ?, ?)
			ON CONFLICT (command, key, day) DO UPDATE SET count = count + excluded.count, text = excluded.text`)
		if err != nil {
			return err
		}
		defer stmt.Close()
		for _, c := range counts {
			if _, err := stmt.ExecContext(ctx, c.Command, c.Key, c.Text, c.Day.UTC().Format(dayLayout), c.Count); err != nil {
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

// PruneGaps deletes counts older than GapRetention.
func (s *Store) PruneGaps(ctx context.Context) error {
	if err := s.tx(ctx, func(tx *sql.Tx) error { return s.pruneGaps(ctx, tx) }); err != nil {
		return fmt.Errorf("deleting old unanswered questions: %w", err)
	}
	return nil
}

func (s *Store) pruneGaps(ctx context.Context, tx *sql.Tx) error {
	cutoff := s.now().UTC().Add(-GapRetention).Format(dayLayout)
	_, err := tx.ExecContext(ctx, `DELETE FROM kb_gap WHERE day < ?`, cutoff)
	return err
}

// Gaps lists the unanswered questions seen on or after the day of since,
// most frequent first (then the most recent, then by command and text).
func (s *Store) Gaps(ctx context.Context, since time.Time) ([]GapSummary, error) {
	// With a single max() aggregate, SQLite takes the bare column text from
	// the row holding it: the text as last asked.
	rows, err := s.db.QueryContext(ctx, `SELECT command, text, SUM(count) AS n, MAX(day) AS last
		FROM kb_gap WHERE day >= ? GROUP BY command, key
		ORDER BY n DESC, last DESC, command, key`, since.UTC().Format(dayLayout))
	if err != nil {
		return nil, fmt.Errorf("reading unanswered questions: %w", err)
	}
	defer rows.Close()
	var out []GapSummary
	for rows.Next() {
		var g GapSummary
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

// GapLogOptions tune a GapLog. The zero value is fine.
type GapLogOptions struct {
	// Interval between writes; a minute when zero.
	Interval time.Duration
	// MaxPending bounds the distinct questions held between writes; 10,000
	// when zero. Beyond it new questions are dropped and counted.
	MaxPending int
	Logger     *slog.Logger
}

// GapLog counts unanswered questions in memory and writes them to the store
// in the background, so that answering never waits on the disk. It
// implements handlers.GapRecorder.
type GapLog struct {
	w    GapWriter
	now  func() time.Time
	opts GapLogOptions
	log  *slog.Logger

	mu      sync.Mutex
	pending map[gapKey]*GapCount
	dropped int
	closed  bool

	stop chan struct{}
	done chan struct{}
}

type gapKey struct{ command, key, day string }

// GapWriter is what a GapLog writes to: either store.
type GapWriter interface {
	AddGaps(ctx context.Context, counts []GapCount) error
}

// NewGapLog starts a GapLog writing to s. Close it (before s) to write what
// it holds.
func (s *Store) NewGapLog(opts GapLogOptions) *GapLog { return NewGapLog(s, s.now, opts) }

// NewGapLog starts a GapLog writing to w, dating questions by now (time.Now
// when nil). Close it (before w) to write what it holds.
func NewGapLog(w GapWriter, now func() time.Time, opts GapLogOptions) *GapLog {
	if now == nil {
		now = time.Now
	}
	if opts.Interval <= 0 {
		opts.Interval = time.Minute
	}
	if opts.MaxPending <= 0 {
		opts.MaxPending = 10000
	}
	g := &GapLog{w: w, now: now, opts: opts, log: opts.Logger, pending: map[gapKey]*GapCount{}, stop: make(chan struct{}), done: make(chan struct{})}
	if g.log == nil {
		g.log = slog.Default()
	}
	go g.loop()
	return g
}

// RecordGap counts one unanswered question. It only takes a lock and
// touches a map: no disk, no waiting.
func (g *GapLog) RecordGap(command, key, text string) {
	day := g.now().UTC().Format(dayLayout)
	k := gapKey{command, key, day}
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.closed {
		g.dropped++
		return
	}
	if c, ok := g.pending[k]; ok {
		c.Count++
		c.Text = text
		return
	}
	if len(g.pending) >= g.opts.MaxPending {
		g.dropped++
		return
	}
	d, _ := time.Parse(dayLayout, day)
	g.pending[k] = &GapCount{Command: command, Key: key, Text: text, Day: d, Count: 1}
}

func (g *GapLog) loop() {
	defer close(g.done)
	t := time.NewTicker(g.opts.Interval)
	defer t.Stop()
	for {
		select {
		case <-t.C:
			g.flush()
		case <-g.stop:
			return
		}
	}
}

// Flush writes what is held now. A failed write is logged and its counts
// are lost: they are statistics, not worth holding the process up for.
func (g *GapLog) Flush(ctx context.Context) error {
	g.mu.Lock()
	batch := make([]GapCount, 0, len(g.pending))
	for _, c := range g.pending {
		batch = append(batch, *c)
	}
	clear(g.pending)
	dropped := g.dropped
	g.dropped = 0
	g.mu.Unlock()
	if dropped > 0 {
		g.log.Warn("unanswered questions not counted: too many between writes", "dropped", dropped)
	}
	if len(batch) == 0 {
		return nil
	}
	if err := g.w.AddGaps(ctx, batch); err != nil {
		g.log.Warn("unanswered questions not recorded", "questions", len(batch), "err", err)
		return err
	}
	return nil
}

func (g *GapLog) flush() {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	g.Flush(ctx)
}

// Close stops the background writes and writes what is held.
func (g *GapLog) Close() error {
	g.mu.Lock()
	if g.closed {
		g.mu.Unlock()
		return nil
	}
	g.closed = true
	g.mu.Unlock()
	close(g.stop)
	<-g.done
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	return g.Flush(ctx)
}
