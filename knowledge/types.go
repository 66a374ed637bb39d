// Package knowledge holds careerbot's domain: the curated career and salary
// facts with their units, kinds, sources and caveats; the loader and
// validator of the YAML data files (embedded as Curated); topic aliases and
// matching; figure wording (FormatFigure, KindLabel); and the interfaces the
// store implements for the knowledge base (KB) and digest subscriptions. It
// imports no other careerbot package.
package knowledge

import (
	"fmt"
	"strings"
)

// Locale is the language an answer is written in.
type Locale string

// The locales careerbot answers in.
const (
	JA Locale = "ja"
	EN Locale = "en"
)

// ParseLocale maps a platform locale ("ja", "ja-JP", "en-US", "en_GB") to a
// supported Locale. ok is false when the locale is neither Japanese nor English.
func ParseLocale(s string) (l Locale, ok bool) {
	s = strings.ToLower(strings.TrimSpace(s))
	switch {
	case s == "ja" || strings.HasPrefix(s, "ja-") || strings.HasPrefix(s, "ja_"):
		return JA, true
	case s == "en" || strings.HasPrefix(s, "en-") || strings.HasPrefix(s, "en_"):
		return EN, true
	}
	return "", false
}

// Text is a fact's wording in both languages. Every curated text has both.
type Text struct {
	JA string `yaml:"ja" json:"ja"`
	EN string `yaml:"en" json:"en"`
}

// In returns the text in l, falling back to the other language when empty.
func (t Text) In(l Locale) string {
	if l == EN {
		if t.EN != "" {
			return t.EN
		}
		return t.JA
	}
	if t.JA != "" {
		return t.JA
	}
	return t.EN
}

// IsZero reports whether both languages are empty.
func (t Text) IsZero() bool { return t.JA == "" && t.EN == "" }

// Unit is what a figure counts. Units are never converted into one another:
// a monthly fee is not an annual salary.
type Unit string

// Units used by the curated figures.
const (
	UnitManYenYear  Unit = "man_yen_year"  // annual, in 万円 (¥10,000)
	UnitManYenMonth Unit = "man_yen_month" // monthly, in 万円
	UnitYenMonth    Unit = "yen_month"     // monthly fee, in 円
	UnitYenHour     Unit = "yen_hour"      // hourly wage, in 円
	UnitMultiple    Unit = "multiple"      // a growth multiple (×)
	UnitPercent     Unit = "percent"
)

// Kind says what sort of number a figure is.
type Kind string

// Figure kinds.
const (
	KindAverage      Kind = "average"       // an average reported by the source
	KindRange        Kind = "range"         // a range as the source gives it (not an average)
	KindTypicalBand  Kind = "typical_band"  // the most common band among listings or postings
	KindManyListings Kind = "many_listings" // a band many listings are at, not said to be the most common
	KindListing      Kind = "listing"       // the fee of one example listing
	KindTarget       Kind = "target"        // an aspiration the article states, not a statistic
	KindEstimate     Kind = "estimate"      // the article's own rounded estimate
	KindChange       Kind = "change"        // a growth multiple or percentage
)

var validUnits = map[Unit]bool{UnitManYenYear: true, UnitManYenMonth: true, UnitYenMonth: true, UnitYenHour: true, UnitMultiple: true, UnitPercent: true}
var validKinds = map[Kind]bool{KindAverage: true, KindRange: true, KindTypicalBand: true, KindManyListings: true, KindListing: true, KindTarget: true, KindEstimate: true, KindChange: true}

// IsBand reports whether figures of kind k are min–max spans.
func (k Kind) IsBand() bool {
	return k == KindRange || k == KindTypicalBand || k == KindManyListings
}

// Figure is one number (or range) with its unit and kind.
type Figure struct {
	Value  float64 `yaml:"value,omitempty" json:"value,omitempty"`
	Min    float64 `yaml:"min,omitempty" json:"min,omitempty"`
	Max    float64 `yaml:"max,omitempty" json:"max,omitempty"`
	Unit   Unit    `yaml:"unit" json:"unit"`
	Kind   Kind    `yaml:"kind" json:"kind"`
	Approx bool    `yaml:"approx,omitempty" json:"approx,omitempty"`   // 約 / ほど
	OrMore bool    `yaml:"or_more,omitempty" json:"or_more,omitempty"` // 以上
}

// IsRange reports whether the figure is a min–max span.
func (f Figure) IsRange() bool { return f.Min != 0 || f.Max != 0 }

// Validate checks that the figure is well formed.
func (f Figure) Validate() error {
	if !validUnits[f.Unit] {
		return fmt.Errorf("unknown unit %q (want one of man_yen_year, man_yen_month, yen_month, yen_hour, multiple, percent)", f.Unit)
	}
	if !validKinds[f.Kind] {
		return fmt.Errorf("unknown kind %q (want one of average, range, typical_band, many_listings, listing, target, estimate, change)", f.Kind)
	}
	if f.IsRange() {
		if f.Value != 0 {
			return fmt.Errorf("a figure has either value or min/max, not both")
		}
		if !(f.Min > 0 && f.Max > f.Min) {
			return fmt.Errorf("range needs 0 < min < max, got %v–%v", f.Min, f.Max)
		}
		if !f.Kind.IsBand() {
			return fmt.Errorf("a min/max figure must have kind range, typical_band or many_listings, not %q", f.Kind)
		}
		return nil
	}
	if f.Value <= 0 {
		return fmt.Errorf("figure needs a positive value or a min/max range")
	}
	if f.Kind.IsBand() {
		return fmt.Errorf("kind %q needs min and max, not a single value", f.Kind)
	}
	return nil
}

// Article is one of the seed articles a fact came from.
type Article struct {
	ID    string `yaml:"id" json:"id"`
	File  string `yaml:"file" json:"file"`
	Title Text   `yaml:"title" json:"title"`
	// Name is how a reply refers to the article when a fact cites no
	// source of its own: "the SEES salary page".
	Name      Text   `yaml:"name" json:"name"`
	Publisher Text   `yaml:"publisher" json:"publisher"`
	Date      string `yaml:"date,omitempty" json:"date,omitempty"` // as given; empty when the article gives none
	Nature    Text   `yaml:"nature" json:"nature"`
}

// Source is what an article cites for a fact, named as the article names it.
// Sources carry no URL: the seeds' URLs are placeholders or advertising.
type Source struct {
	ID   string `yaml:"id" json:"id"`
	Name Text   `yaml:"name" json:"name"`
	// Short names the source in a few words (at most 20 characters) for a
	// first line, a table cell or a chart caption; Name is always cited too.
	Short Text   `yaml:"short" json:"short"`
	Type  string `yaml:"type" json:"type"` // government, job_board, press_release, agency, survey, media, article
	Year  int    `yaml:"year,omitempty" json:"year,omitempty"`
	Note  Text   `yaml:"note,omitempty" json:"note,omitempty"`
}

// Provenance is where a fact came from, and the caveats that go with it.
type Provenance struct {
	Source  string `yaml:"source,omitempty" json:"source,omitempty"` // Source.ID; empty when the article cites nothing
	Article string `yaml:"article" json:"article"`                   // Article.ID
	Year    int    `yaml:"year,omitempty" json:"year,omitempty"`     // year of the figure or statement; 0 when unstated
	// Note is the caveat shown with the fact, written for the reader.
	Note Text `yaml:"note,omitempty" json:"note,omitempty"`
	// ShortNote is the caveat in a few words, kept beside the figure where
	// space is tight ("a target, not a statistic"). The validator requires
	// it where a caveat changes what a figure means.
	ShortNote Text `yaml:"short_note,omitempty" json:"short_note,omitempty"`
	// CuratorNote is for whoever edits the data ("do not confuse with the
	// 30s' 586"). It is kept with the fact but never shown in a reply.
	CuratorNote string `yaml:"curator_note,omitempty" json:"curator_note,omitempty"`
	Claim       bool   `yaml:"claim,omitempty" json:"claim,omitempty"` // the article asserts it without evidence: shown as a claim
}

// DigestFlag lets curators keep a fact out of the weekly digest's rotation
// (digest: false) while it still answers questions: a figure that only a
// page title gives, say, is true but too obscure to stand alone as the
// week's headline. Absent means the digest may feature the fact. Salary
// figures, paths, skill maps, trends and actions have it; listings do not,
// as the digest features none.
type DigestFlag struct {
	Digest *bool `yaml:"digest,omitempty" json:"digest,omitempty"`
}

// InDigest reports whether the weekly digest may feature the fact.
func (f DigestFlag) InDigest() bool { return f.Digest == nil || *f.Digest }

// Dimension is what a salary figure is broken down by.
type Dimension string

// Salary dimensions.
const (
	DimLanguage   Dimension = "language"
	DimAge        Dimension = "age"
	DimEmployment Dimension = "employment"
	DimOverall    Dimension = "overall"
)

// SalaryFigure is one pay figure: by language or framework, age band,
// employment type, or an overall average.
type SalaryFigure struct {
	ID         string    `yaml:"id" json:"id"`
	Topics     []string  `yaml:"topics" json:"topics"`
	Dimension  Dimension `yaml:"dimension" json:"dimension"`
	Role       string    `yaml:"role,omitempty" json:"role,omitempty"`             // backend, frontend, se; empty for all
	Employment string    `yaml:"employment,omitempty" json:"employment,omitempty"` // freelance, employee, dispatch, part_time
	Label      Text      `yaml:"label" json:"label"`
	Figure     Figure    `yaml:"figure" json:"figure"`
	Provenance `yaml:",inline" json:"provenance"`
	DigestFlag `yaml:",inline"`
}

// Listing is an example freelance listing, as its agency published it.
type Listing struct {
	ID         string   `yaml:"id" json:"id"`
	Topics     []string `yaml:"topics,omitempty" json:"topics,omitempty"`
	WorkType   Text     `yaml:"work_type" json:"work_type"`
	Summary    Text     `yaml:"summary" json:"summary"`
	Fee        Figure   `yaml:"fee" json:"fee"`
	Contract   Text     `yaml:"contract" json:"contract"`
	Position   Text     `yaml:"position" json:"position"`
	Duration   Text     `yaml:"duration" json:"duration"`
	Work       Text     `yaml:"work" json:"work"`
	Skills     Text     `yaml:"skills" json:"skills"`
	Provenance `yaml:",inline" json:"provenance"`
}

// KPI is a measurable goal an article proposes.
type KPI struct {
	Text       Text `yaml:"text" json:"text"`
	Provenance `yaml:",inline" json:"provenance"`
}

// CareerPath is a route a backend engineer can take.
type CareerPath struct {
	ID         string   `yaml:"id" json:"id"` // also its topic id
	Name       Text     `yaml:"name" json:"name"`
	Summary    Text     `yaml:"summary" json:"summary"`
	SuitedFor  Text     `yaml:"suited_for" json:"suited_for"`
	Skills     []Text   `yaml:"skills" json:"skills"`
	KPIs       []KPI    `yaml:"kpis,omitempty" json:"kpis,omitempty"`
	NextSteps  []Text   `yaml:"next_steps,omitempty" json:"next_steps,omitempty"`
	Related    []string `yaml:"related,omitempty" json:"related,omitempty"` // ids of salary figures and listings
	Provenance `yaml:",inline" json:"provenance"`
	DigestFlag `yaml:",inline"`
}

// SkillGroup is a level or area within a skill map.
type SkillGroup struct {
	Name  Text   `yaml:"name" json:"name"`
	Items []Text `yaml:"items" json:"items"`
}

// SkillMap is a structured list of skills: the Go levels, the five skills that
// raise pay, the must-haves per area.
type SkillMap struct {
	ID         string       `yaml:"id" json:"id"`
	Topics     []string     `yaml:"topics" json:"topics"`
	Title      Text         `yaml:"title" json:"title"`
	Summary    Text         `yaml:"summary,omitempty" json:"summary,omitempty"`
	Groups     []SkillGroup `yaml:"groups" json:"groups"`
	KPIs       []KPI        `yaml:"kpis,omitempty" json:"kpis,omitempty"`
	Provenance `yaml:",inline" json:"provenance"`
	DigestFlag `yaml:",inline"`
}

// Trend is a market statement, with the survey it cites where there is one.
type Trend struct {
	ID         string   `yaml:"id" json:"id"`
	Topics     []string `yaml:"topics,omitempty" json:"topics,omitempty"`
	Text       Text     `yaml:"text" json:"text"`
	Figure     *Figure  `yaml:"figure,omitempty" json:"figure,omitempty"`
	Anecdote   bool     `yaml:"anecdote,omitempty" json:"anecdote,omitempty"` // an unnamed example, not a statistic
	Provenance `yaml:",inline" json:"provenance"`
	DigestFlag `yaml:",inline"`
}

// Action is a strategy or action item from the articles.
type Action struct {
	ID         string   `yaml:"id" json:"id"`
	Topics     []string `yaml:"topics,omitempty" json:"topics,omitempty"`
	Title      Text     `yaml:"title" json:"title"`
	Items      []Text   `yaml:"items" json:"items"`
	Provenance `yaml:",inline" json:"provenance"`
	DigestFlag `yaml:",inline"`
}

// TopicKind groups topics by what commands accept them.
type TopicKind string

// Topic kinds.
const (
	TopicLanguage   TopicKind = "language" // languages and frameworks
	TopicAge        TopicKind = "age"
	TopicEmployment TopicKind = "employment"
	TopicRole       TopicKind = "role"
	TopicPath       TopicKind = "path"
	TopicSkill      TopicKind = "skill" // skill areas: cloud, db, api, ...
)

// Topic is something a user can ask about, with the names they may use.
type Topic struct {
	ID      string    `yaml:"id" json:"id"`
	Kind    TopicKind `yaml:"kind" json:"kind"`
	Name    Text      `yaml:"name" json:"name"`
	Aliases []string  `yaml:"aliases" json:"aliases"`
	Order   int       `yaml:"-" json:"order"`
}

// Data is the whole curated knowledge base as loaded from the data files.
type Data struct {
	Articles []Article      `yaml:"articles" json:"articles"`
	Sources  []Source       `yaml:"sources" json:"sources"`
	Topics   []Topic        `yaml:"topics" json:"topics"`
	Salaries []SalaryFigure `yaml:"salaries" json:"salaries"`
	Listings []Listing      `yaml:"listings" json:"listings"`
	Paths    []CareerPath   `yaml:"paths" json:"paths"`
	Skills   []SkillMap     `yaml:"skills" json:"skills"`
	Trends   []Trend        `yaml:"trends" json:"trends"`
	Actions  []Action       `yaml:"actions" json:"actions"`
}
