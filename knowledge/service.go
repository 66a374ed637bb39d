package knowledge

import (
	"context"
	"time"
)

// FactKind names the lists a fact can belong to.
type FactKind string

// Fact kinds.
const (
	FactSalary  FactKind = "salary"
	FactListing FactKind = "listing"
	FactPath    FactKind = "path"
	FactSkill   FactKind = "skill"
	FactTrend   FactKind = "trend"
	FactAction  FactKind = "action"
)

// Hit is one full-text search result.
type Hit struct {
	Kind  FactKind
	ID    string
	Title Text
	Text  Text // the fact's main text, for a snippet
	Score float64
}

// Version is one applied state of the knowledge base.
type Version struct {
	Number    int
	Hash      string
	AppliedAt time.Time
	Origin    string // "embedded" or the imported path
	Added     int
	Changed   int
	Removed   int
}

// Change is one fact added, changed or removed by a version.
type Change struct {
	Version int
	Kind    FactKind
	FactID  string
	Change  string // added, changed, removed
	Title   Text
}

// KB is what the command engine asks of the knowledge base. The store
// implements it on SQLite. Lookups by topic take a topic id; "" means all.
// Returned slices may be shared between callers: do not modify them.
type KB interface {
	Topics(ctx context.Context) ([]Topic, error)
	Sources(ctx context.Context) ([]Source, error)
	Articles(ctx context.Context) ([]Article, error)
	Salaries(ctx context.Context, topicID string) ([]SalaryFigure, error)
	Listings(ctx context.Context, topicID string) ([]Listing, error)
	Paths(ctx context.Context) ([]CareerPath, error)
	Path(ctx context.Context, id string) (CareerPath, error)
	SkillMaps(ctx context.Context, topicID string) ([]SkillMap, error)
	Trends(ctx context.Context) ([]Trend, error)
	Actions(ctx context.Context) ([]Action, error)
	Search(ctx context.Context, query string, limit int) ([]Hit, error)
	Version(ctx context.Context) (Version, error)
	Changes(ctx context.Context, afterVersion int) ([]Change, error)
}
