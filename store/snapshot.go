package store

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"careerbot/knowledge"
)

// Snapshot is the knowledge base of one version, decoded once. The curated
// data is small and changes only through Sync, so reads answer from the
// decoded snapshot instead of decoding JSON bodies on every command. A Sync
// in this process is seen at once; one in another process (`careerbot kb
// import` while the bot runs) within versionCheckEvery, when a read next
// asks SQLite for the current version.
type Snapshot struct {
	version  int
	hash     string // the version's content hash: a restored backup may reuse a number
	data     *knowledge.Data
	salaries map[string][]knowledge.SalaryFigure // by topic id
	listings map[string][]knowledge.Listing
	skills   map[string][]knowledge.SkillMap
	paths    map[string]knowledge.CareerPath
	search   *searchIndex
}

// versionCheckEvery bounds how stale a snapshot can be when another
// process changes the knowledge base.
const versionCheckEvery = time.Second

type snapshotCache struct {
	mu      sync.Mutex // held while checking the version or rebuilding
	snap    atomic.Pointer[Snapshot]
	checked atomic.Int64 // monotonic nanoseconds (since epoch below) of the last version check; 0 = check now
}

// epoch makes a monotonic clock for snapshotCache.checked.
var epoch = time.Now()

func (c *snapshotCache) invalidate() { c.checked.Store(0) }

// current returns the snapshot of the knowledge base's current version,
// rebuilding it from SQLite when another version has been applied.
func (s *Store) current(ctx context.Context) (*Snapshot, error) {
	fresh := func() bool {
		at := s.cache.checked.Load()
		return at != 0 && time.Since(epoch).Nanoseconds()-at < int64(versionCheckEvery)
	}
	if snap := s.cache.snap.Load(); snap != nil && fresh() {
		return snap, nil
	}
	s.cache.mu.Lock()
	defer s.cache.mu.Unlock()
	if snap := s.cache.snap.Load(); snap != nil && fresh() {
		return snap, nil
	}
	return s.reloadLocked(ctx)
}

// reloadLocked reads the current version and rebuilds the snapshot when it
// is not the one in hand. The caller holds s.cache.mu.
func (s *Store) reloadLocked(ctx context.Context) (*Snapshot, error) {
	version, hash, err := s.head(ctx)
	if err != nil {
		return nil, err
	}
	checkedAt := max(time.Since(epoch).Nanoseconds(), 1)
	if snap := s.cache.snap.Load(); snap != nil && snap.version == version && snap.hash == hash {
		s.cache.checked.Store(checkedAt)
		return snap, nil
	}
	d, err := s.Export(ctx)
	if err != nil {
		return nil, err
	}
	rows, err := s.loadSearchRows(ctx)
	if err != nil {
		return nil, err
	}
	snap := NewSnapshot(version, hash, d, rows)
	s.cache.snap.Store(snap)
	s.cache.checked.Store(checkedAt)
	return snap, nil
}

// SearchRows are the search index tables (kb_fact's texts, kb_gram and
// kb_gram_idf) as a store read them.
type SearchRows struct {
	Facts []knowledge.Hit // in kind, then curated, order; Score unset
	Grams [][2]string     // gram, fact id
	IDF   map[string]float64
}

// NewSnapshot decodes one knowledge version for reads. Both stores (this
// one and store/postgres) build their snapshots here, so that they answer
// alike.
func NewSnapshot(version int, hash string, d *knowledge.Data, rows SearchRows) *Snapshot {
	snap := &Snapshot{version: version, hash: hash, data: d,
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
	ix := &searchIndex{facts: rows.Facts, postings: map[string][]int32{}, idf: map[string]float64{}, maxIDF: 1}
	byID := make(map[string]int32, len(rows.Facts))
	for i, h := range rows.Facts {
		byID[h.ID] = int32(i)
	}
	for _, g := range rows.Grams {
		if i, ok := byID[g[1]]; ok {
			ix.postings[g[0]] = append(ix.postings[g[0]], i)
		}
	}
	for g, w := range rows.IDF {
		ix.idf[g] = w
		ix.maxIDF = max(ix.maxIDF, w)
	}
	snap.search = ix
	return snap
}

// Version is the snapshot's knowledge version number.
func (s *Snapshot) Version() int { return s.version }

// Hash is the snapshot's content hash.
func (s *Snapshot) Hash() string { return s.hash }

// pick returns all (topicID "") or the topic's entries.
func pick[T any](all []T, byTopic map[string][]T, topicID string) []T {
	if topicID == "" {
		return all
	}
	return byTopic[topicID]
}

// searchIndex is kb_gram and kb_gram_idf in memory: token → facts, and
// each token's weight.
type searchIndex struct {
	facts    []knowledge.Hit // in kind, then curated, order
	postings map[string][]int32
	idf      map[string]float64
	maxIDF   float64
}

func (s *Store) loadSearchRows(ctx context.Context) (SearchRows, error) {
	rows := SearchRows{IDF: map[string]float64{}}
	fail := func(err error) (SearchRows, error) {
		return SearchRows{}, fmt.Errorf("reading the search index: %w", err)
	}
	r, err := s.db.QueryContext(ctx, `SELECT id, kind, title_ja, title_en, text_ja, text_en FROM kb_fact ORDER BY kind, ord`)
	if err != nil {
		return fail(err)
	}
	for r.Next() {
		var h knowledge.Hit
		var kind string
		if err := r.Scan(&h.ID, &kind, &h.Title.JA, &h.Title.EN, &h.Text.JA, &h.Text.EN); err != nil {
			r.Close()
			return fail(err)
		}
		h.Kind = knowledge.FactKind(kind)
		rows.Facts = append(rows.Facts, h)
	}
	r.Close()
	r, err = s.db.QueryContext(ctx, `SELECT gram, fact_id FROM kb_gram`)
	if err != nil {
		return fail(err)
	}
	for r.Next() {
		var g [2]string
		if err := r.Scan(&g[0], &g[1]); err != nil {
			r.Close()
			return fail(err)
		}
		rows.Grams = append(rows.Grams, g)
	}
	r.Close()
	r, err = s.db.QueryContext(ctx, `SELECT gram, idf FROM kb_gram_idf`)
	if err != nil {
		return fail(err)
	}
	defer r.Close()
	for r.Next() {
		var g string
		var w float64
		if err := r.Scan(&g, &w); err != nil {
			return fail(err)
		}
		rows.IDF[g] = w
	}
	if err := r.Err(); err != nil {
		return fail(err)
	}
	return rows, nil
}

// stopwords are English words too common to help a search.
var stopwords = map[string]bool{"a": true, "an": true, "the": true, "to": true, "of": true, "in": true, "on": true, "for": true, "and": true, "or": true,
	"is": true, "are": true, "do": true, "does": true, "how": true, "what": true, "which": true, "i": true, "my": true, "me": true, "can": true, "should": true, "with": true, "as": true, "be": true, "become": true}

// maxQueryGrams bounds the work one search can ask for.
const maxQueryGrams = 48

// minSearchScore is the share of a query's weight a fact must match: the
// tokens it shares with the query, weighted by rarity, over the weight of
// all the query's tokens (a token the knowledge base never uses weighs the
// most, so nonsense finds nothing).
const minSearchScore = 0.45

// scorePool holds find's score slices.
var scorePool = sync.Pool{New: func() any { return new([]float64) }}

func (ix *searchIndex) find(query string, limit int) []knowledge.Hit {
	var words []string
	for _, w := range strings.Fields(knowledge.FoldText(query)) {
		if !stopwords[w] {
			words = append(words, w)
		}
	}
	grams := knowledge.Grams(strings.Join(words, " "))
	if len(grams) == 0 || limit <= 0 {
		return nil
	}
	if len(grams) > maxQueryGrams {
		grams = grams[:maxQueryGrams]
	}
	var total float64
	// Scores in a slice over the facts, from a pool: a map grown on every
	// search was most of its cost. Only the facts touched are reset.
	sp := scorePool.Get().(*[]float64)
	if len(*sp) < len(ix.facts) {
		*sp = make([]float64, len(ix.facts))
	}
	score := (*sp)[:len(ix.facts)]
	var touched []int32
	defer func() {
		for _, f := range touched {
			score[f] = 0
		}
		scorePool.Put(sp)
	}()
	for _, g := range grams {
		w, ok := ix.idf[g]
		if !ok {
			w = ix.maxIDF
		}
		total += w
		if w <= 0 {
			continue // log(n/n): a gram every fact has adds nothing
		}
		for _, f := range ix.postings[g] {
			if score[f] == 0 {
				touched = append(touched, f)
			}
			score[f] += w
		}
	}
	if total <= 0 {
		return nil
	}
	var found []int32
	for _, f := range touched {
		if sc := score[f]; sc >= total*minSearchScore && sc > 0 {
			found = append(found, f)
		}
	}
	sort.Slice(found, func(i, j int) bool {
		if score[found[i]] != score[found[j]] {
			return score[found[i]] > score[found[j]]
		}
		return found[i] < found[j]
	})
	if len(found) > limit {
		found = found[:limit]
	}
	out := make([]knowledge.Hit, len(found))
	for i, f := range found {
		out[i] = ix.facts[f]
		out[i].Score = score[f] / total
	}
	return out
}
