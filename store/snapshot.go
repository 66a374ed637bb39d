package store

import (
	"context"
	"fmt"
	"sync"

	"careerbot/knowledge"
)

// snapshot is the knowledge base of one version, decoded once. The curated
// data is small and changes only through Sync, so every read checks the
// current version in SQLite (one indexed lookup) and answers from the
// decoded snapshot, instead of decoding JSON bodies on every command.
type snapshot struct {
	version  int
	data     *knowledge.Data
	salaries map[string][]knowledge.SalaryFigure // by topic id
	listings map[string][]knowledge.Listing
	skills   map[string][]knowledge.SkillMap
	paths    map[string]knowledge.CareerPath
}

type snapshotCache struct {
	mu   sync.Mutex
	snap *snapshot
}

// current returns the snapshot of the knowledge base's current version,
// rebuilding it from SQLite when another version has been applied (also by
// another process, such as `careerbot kb import`).
func (s *Store) current(ctx context.Context) (*snapshot, error) {
	var version int
	if err := s.db.QueryRowContext(ctx, `SELECT COALESCE(MAX(version), 0) FROM kb_version`).Scan(&version); err != nil {
		return nil, fmt.Errorf("reading the knowledge version: %w", err)
	}
	s.cache.mu.Lock()
	defer s.cache.mu.Unlock()
	if s.cache.snap != nil && s.cache.snap.version == version {
		return s.cache.snap, nil
	}
	d, err := s.Export(ctx)
	if err != nil {
		return nil, err
	}
	snap := &snapshot{version: version, data: d,
		salaries: map[string][]knowledge.SalaryFigure{}, listings: map[string][]knowledge.Listing{},
		skills: map[string][]knowledge.SkillMap{}, paths: map[string]knowledge.CareerPath{}}
	for _, x := range d.Salaries {
		for _, t := range x.Topics {
			snap.salaries[t] = append(snap.salaries[t], x)
		}
	}
	for _, x := range d.Listings {
		for _, t := range x.Topics {
			snap.listings[t] = append(snap.listings[t], x)
		}
	}
	for _, x := range d.Skills {
		for _, t := range x.Topics {
			snap.skills[t] = append(snap.skills[t], x)
		}
	}
	for _, p := range d.Paths {
		snap.paths[p.ID] = p
	}
	s.cache.snap = snap
	return snap, nil
}

// pick returns all (topicID "") or the topic's entries.
func pick[T any](all []T, byTopic map[string][]T, topicID string) []T {
	if topicID == "" {
		return all
	}
	return byTopic[topicID]
}
