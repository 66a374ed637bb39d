package store

import (
	"context"
	"fmt"
	"math"
	"strings"
	"time"

	"careerbot/knowledge"
)

// This file holds what store/postgres shares with the SQLite store, so
// that the two write the same rows and answer alike.

// FactRow is one fact as both stores write it: its record, JSON body and
// the hash that tells a changed fact from an unchanged one.
type FactRow struct {
	Record knowledge.FactRecord
	Body   string
	Hash   string
}

// HashData encodes data's facts and hashes the whole, as Sync does.
func HashData(data *knowledge.Data) (rows []FactRow, whole string, err error) {
	in, whole, err := hashData(data)
	if err != nil {
		return nil, "", err
	}
	rows = make([]FactRow, len(in))
	for i, r := range in {
		rows[i] = FactRow{Record: r.rec, Body: string(r.body), Hash: r.hash}
	}
	return rows, whole, nil
}

// SearchGrams are the search index rows of facts: each distinct (gram,
// fact) pair and each gram's weight, ln(N / df), as Sync computes them.
func SearchGrams(rows []FactRow) (grams [][2]string, idf map[string]float64) {
	df := map[string]int{}
	seen := map[[2]string]bool{}
	for _, row := range rows {
		for _, g := range knowledge.Grams(row.Record.Search) {
			df[g]++
			k := [2]string{g, row.Record.ID}
			if !seen[k] {
				seen[k] = true
				grams = append(grams, k)
			}
		}
	}
	idf = make(map[string]float64, len(df))
	for g, n := range df {
		idf[g] = math.Log(float64(len(rows)) / float64(n))
	}
	return grams, idf
}

// JSON encodes a curated value (plain fields only) as both stores keep it.
func JSON(v any) string { return mustJSON(v) }

// SnapshotReads answers knowledge.KB's reads from the snapshot Current
// returns; store/postgres embeds it.
type SnapshotReads struct {
	Current func(ctx context.Context) (*Snapshot, error)
}

// Topics lists every topic in curated order.
func (r SnapshotReads) Topics(ctx context.Context) ([]knowledge.Topic, error) {
	snap, err := r.Current(ctx)
	if err != nil {
		return nil, err
	}
	return snap.data.Topics, nil
}

// Sources lists every cited source.
func (r SnapshotReads) Sources(ctx context.Context) ([]knowledge.Source, error) {
	snap, err := r.Current(ctx)
	if err != nil {
		return nil, err
	}
	return snap.data.Sources, nil
}

// Articles lists the seed articles.
func (r SnapshotReads) Articles(ctx context.Context) ([]knowledge.Article, error) {
	snap, err := r.Current(ctx)
	if err != nil {
		return nil, err
	}
	return snap.data.Articles, nil
}

// Salaries lists salary figures answering topicID ("" for all).
func (r SnapshotReads) Salaries(ctx context.Context, topicID string) ([]knowledge.SalaryFigure, error) {
	snap, err := r.Current(ctx)
	if err != nil {
		return nil, err
	}
	return pick(snap.data.Salaries, snap.salaries, topicID), nil
}

// Listings lists example listings about topicID ("" for all).
func (r SnapshotReads) Listings(ctx context.Context, topicID string) ([]knowledge.Listing, error) {
	snap, err := r.Current(ctx)
	if err != nil {
		return nil, err
	}
	return pick(snap.data.Listings, snap.listings, topicID), nil
}

// Paths lists every career path.
func (r SnapshotReads) Paths(ctx context.Context) ([]knowledge.CareerPath, error) {
	snap, err := r.Current(ctx)
	if err != nil {
		return nil, err
	}
	return snap.data.Paths, nil
}

// Path returns one career path, or an ENOTFOUND error.
func (r SnapshotReads) Path(ctx context.Context, id string) (knowledge.CareerPath, error) {
	snap, err := r.Current(ctx)
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
func (r SnapshotReads) SkillMaps(ctx context.Context, topicID string) ([]knowledge.SkillMap, error) {
	snap, err := r.Current(ctx)
	if err != nil {
		return nil, err
	}
	return pick(snap.data.Skills, snap.skills, topicID), nil
}

// Trends lists every market trend.
func (r SnapshotReads) Trends(ctx context.Context) ([]knowledge.Trend, error) {
	snap, err := r.Current(ctx)
	if err != nil {
		return nil, err
	}
	return snap.data.Trends, nil
}

// Actions lists every strategy and action item.
func (r SnapshotReads) Actions(ctx context.Context) ([]knowledge.Action, error) {
	snap, err := r.Current(ctx)
	if err != nil {
		return nil, err
	}
	return snap.data.Actions, nil
}

// Search finds facts whose text shares the query's rarer tokens, best first.
func (r SnapshotReads) Search(ctx context.Context, query string, limit int) ([]knowledge.Hit, error) {
	snap, err := r.Current(ctx)
	if err != nil {
		return nil, err
	}
	return snap.search.find(query, limit), nil
}

// The helpers below are the SQLite store's encodings, exported so that the
// PostgreSQL store writes and reads the same text (timestamps sort as
// text in both) and words its errors alike.

// TS is a time as both stores keep it: fixed-width UTC text, "" for zero.
func TS(t time.Time) string { return ts(t) }

// ParseTS reads TS's text back; "" is the zero time.
func ParseTS(s string) time.Time { return parseTS(s) }

// DayLayout is how both stores write a UTC day.
const DayLayout = dayLayout

// InstallName names an installation in errors: its workspace or its
// organisation.
func InstallName(enterpriseID, teamID string) string { return installName(enterpriseID, teamID) }

// VoteRow is a vote as both stores count it: the command normalised, the
// arguments bounded and folded into the key, +1 or -1, today's UTC day,
// and the day before which votes are deleted.
type VoteRow struct {
	Platform, Command, Key, Args string
	KBVersion                    int64
	Vote                         int
	Day, PruneBefore             string
}

// NewVoteRow checks a vote and makes its row at now.
func NewVoteRow(v knowledge.Vote, now time.Time) (VoteRow, error) {
	// The adapters pass the reply's command and arguments, already
	// cleaned by handlers; this only bounds them.
	cmd := knowledge.Normalize(clipRunes(v.Command, 40))
	args := strings.TrimSpace(clipRunes(v.Args, 500))
	if cmd == "" {
		return VoteRow{}, fmt.Errorf("recording a vote: the answer names no command")
	}
	vote := -1
	if v.Up {
		vote = 1
	}
	now = now.UTC()
	return VoteRow{Platform: string(v.Platform), Command: cmd, Key: knowledge.FoldText(args), Args: args, KBVersion: v.KBVersion,
		Vote: vote, Day: now.Format(dayLayout), PruneBefore: now.Add(-VoteRetention).Format(dayLayout)}, nil
}
