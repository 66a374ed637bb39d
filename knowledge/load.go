package knowledge

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"sort"
	"strings"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
)

// Curated is the knowledge base shipped inside the binary.
//
//go:embed data
var Curated embed.FS

// CuratedDir is the directory of the data files inside Curated.
const CuratedDir = "data"

// maxShortSource is the longest Source.Short: Slack's chart series labels
// take 20 characters.
const maxShortSource = 20

// Problem is one reason a data file was refused, at the line it concerns.
type Problem struct {
	File string
	Line int
	Msg  string
}

func (p Problem) String() string {
	if p.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", p.File, p.Line, p.Msg)
	}
	return fmt.Sprintf("%s: %s", p.File, p.Msg)
}

// InvalidDataError lists every problem found in a set of data files.
type InvalidDataError struct{ Problems []Problem }

func (e *InvalidDataError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "the knowledge data has %d problem(s):", len(e.Problems))
	for _, p := range e.Problems {
		b.WriteString("\n  ")
		b.WriteString(p.String())
	}
	return b.String()
}

// location of each list item, by section and index, for error messages.
type locations map[string][]Problem

// Load reads every *.yaml file in dir of fsys, merges them into one Data and
// validates it. Invalid data returns an *Error with code EINVALID wrapping an
// *InvalidDataError that names file, line and reason for each problem.
func Load(fsys fs.FS, dir string) (*Data, error) {
	names, err := fs.Glob(fsys, path.Join(dir, "*.yaml"))
	if err != nil {
		return nil, fmt.Errorf("listing data files in %s: %w", dir, err)
	}
	if len(names) == 0 {
		return nil, &Error{Code: EINVALID, Message: fmt.Sprintf("no *.yaml data files in %s", dir)}
	}
	return LoadFiles(fsys, names...)
}

// LoadFiles is Load for a given list of files in fsys.
func LoadFiles(fsys fs.FS, names ...string) (*Data, error) {
	sort.Strings(names)
	var all Data
	locs := locations{}
	var problems []Problem
	for _, name := range names {
		raw, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, fmt.Errorf("reading %s: %w", name, err)
		}
		if p := decodeFile(name, raw, &all, locs); len(p) > 0 {
			problems = append(problems, p...)
		}
	}
	if len(problems) == 0 {
		problems = Validate(&all, locs)
	}
	if len(problems) > 0 {
		return nil, &Error{Code: EINVALID, Message: "invalid knowledge data", Err: &InvalidDataError{Problems: problems}}
	}
	for i := range all.Topics {
		all.Topics[i].Order = i
	}
	return &all, nil
}

var yamlLine = regexp.MustCompile(`line (\d+): (.*)`)

func decodeFile(name string, raw []byte, all *Data, locs locations) []Problem {
	base := path.Base(name)
	dec := yaml.NewDecoder(bytes.NewReader(raw))
	dec.KnownFields(true)
	var part Data
	if err := dec.Decode(&part); err != nil {
		var te *yaml.TypeError
		if errors.As(err, &te) {
			var out []Problem
			for _, e := range te.Errors {
				out = append(out, lineProblem(base, e))
			}
			return out
		}
		return []Problem{lineProblem(base, strings.TrimPrefix(err.Error(), "yaml: "))}
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(raw, &doc); err != nil {
		return []Problem{lineProblem(base, err.Error())}
	}
	if len(doc.Content) == 1 && doc.Content[0].Kind == yaml.MappingNode {
		m := doc.Content[0]
		for i := 0; i+1 < len(m.Content); i += 2 {
			section, seq := m.Content[i].Value, m.Content[i+1]
			for _, item := range seq.Content {
				locs[section] = append(locs[section], Problem{File: base, Line: item.Line})
			}
		}
	}
	all.Articles = append(all.Articles, part.Articles...)
	all.Sources = append(all.Sources, part.Sources...)
	all.Topics = append(all.Topics, part.Topics...)
	all.Salaries = append(all.Salaries, part.Salaries...)
	all.Listings = append(all.Listings, part.Listings...)
	all.Paths = append(all.Paths, part.Paths...)
	all.Skills = append(all.Skills, part.Skills...)
	all.Trends = append(all.Trends, part.Trends...)
	all.Actions = append(all.Actions, part.Actions...)
	return nil
}

func lineProblem(file, msg string) Problem {
	if m := yamlLine.FindStringSubmatch(msg); m != nil {
		var line int
		fmt.Sscan(m[1], &line)
		return Problem{File: file, Line: line, Msg: m[2]}
	}
	return Problem{File: file, Msg: msg}
}

// forbidden text: URLs (the seeds' URLs are placeholders or advertising) and
// the placeholder press-release path in particular.
var forbidden = regexp.MustCompile(`(?i)https?://|www\.|prtimes\.jp|miraie-group\.jp|000000000\.000000000`)

// Validate checks cross-references and content rules. locs, when not nil,
// gives each item's file and line.
func Validate(d *Data, locs locations) []Problem {
	v := validator{locs: locs}
	articles := map[string]bool{}
	for i, a := range d.Articles {
		at := v.at("articles", i, a.ID)
		v.unique(at, "article", articles, a.ID)
		v.text(at, "title", a.Title)
		v.text(at, "name", a.Name)
		v.text(at, "publisher", a.Publisher)
		v.text(at, "nature", a.Nature)
		if a.File == "" {
			v.add(at, "file is required")
		}
	}
	sources := map[string]bool{}
	for i, s := range d.Sources {
		at := v.at("sources", i, s.ID)
		v.unique(at, "source", sources, s.ID)
		v.text(at, "name", s.Name)
		v.text(at, "short", s.Short)
		for _, t := range []string{s.Short.JA, s.Short.EN} {
			if n := utf8.RuneCountInString(t); n > maxShortSource {
				v.add(at, fmt.Sprintf("short: %q is %d characters; at most %d fit a table cell or a chart caption", t, n, maxShortSource))
			}
		}
		v.optText(at, "note", s.Note)
		switch s.Type {
		case "government", "job_board", "press_release", "agency", "survey", "media", "article":
		default:
			v.add(at, fmt.Sprintf("type %q is not one of government, job_board, press_release, agency, survey, media, article", s.Type))
		}
	}
	topics := map[TopicKind]map[string]bool{}
	aliases := map[matchKey]string{}
	for i, t := range d.Topics {
		at := v.at("topics", i, t.ID)
		switch t.Kind {
		case TopicLanguage, TopicAge, TopicEmployment, TopicRole, TopicPath, TopicSkill:
		default:
			v.add(at, fmt.Sprintf("kind %q is not one of language, age, employment, role, path, skill", t.Kind))
		}
		if topics[t.Kind] == nil {
			topics[t.Kind] = map[string]bool{}
		}
		v.unique(at, "topic of kind "+string(t.Kind), topics[t.Kind], t.ID)
		v.text(at, "name", t.Name)
		for _, a := range append([]string{t.ID}, t.Aliases...) {
			k := Normalize(a)
			if k == "" {
				v.add(at, fmt.Sprintf("alias %q is empty once normalised", a))
				continue
			}
			mk := matchKey{t.Kind, k}
			if other, ok := aliases[mk]; ok && other != t.ID {
				v.add(at, fmt.Sprintf("alias %q is also an alias of %s topic %q", a, t.Kind, other))
			}
			aliases[mk] = t.ID
		}
	}
	anyTopic := func(id string) bool {
		for _, m := range topics {
			if m[id] {
				return true
			}
		}
		return false
	}
	prov := func(at string, p Provenance) {
		if !articles[p.Article] {
			v.add(at, fmt.Sprintf("article %q is not defined in articles", p.Article))
		}
		if p.Source != "" && !sources[p.Source] {
			v.add(at, fmt.Sprintf("source %q is not defined in sources", p.Source))
		}
		if p.Year != 0 && (p.Year < 1990 || p.Year > 2100) {
			v.add(at, fmt.Sprintf("year %d is not plausible", p.Year))
		}
		v.optText(at, "note", p.Note)
		v.shortNote(at, p.ShortNote)
		v.curatorNote(at, p.CuratorNote)
	}
	srcType := map[string]string{}
	for _, s := range d.Sources {
		srcType[s.ID] = s.Type
	}
	// needsShort: a caveat changes what these figures mean, so it must be
	// short enough to stay beside the figure wherever it is shown.
	needsShort := func(at string, f Figure, p Provenance) {
		if !p.ShortNote.IsZero() {
			return
		}
		switch {
		case f.Kind == KindTarget || f.Kind.IsBand() || f.Kind == KindListing || f.Kind == KindEstimate:
			v.add(at, fmt.Sprintf("short_note: a figure of kind %s needs a short_note saying what it is", f.Kind))
		case srcType[p.Source] == "agency" || srcType[p.Source] == "press_release":
			v.add(at, fmt.Sprintf("short_note: a figure from a source of type %s needs a short_note (whose listings, what they measure)", srcType[p.Source]))
		}
	}
	refTopics := func(at string, ids []string, kinds ...TopicKind) {
		for _, id := range ids {
			ok := false
			if len(kinds) == 0 {
				ok = anyTopic(id)
			}
			for _, k := range kinds {
				ok = ok || topics[k][id]
			}
			if !ok {
				v.add(at, fmt.Sprintf("topic %q is not defined in topics", id))
			}
		}
	}
	facts := map[string]bool{}
	for i, s := range d.Salaries {
		at := v.at("salaries", i, s.ID)
		v.unique(at, "fact", facts, s.ID)
		v.text(at, "label", s.Label)
		if s.Figure.Kind.IsBand() && averageWord.MatchString(s.Label.JA+" "+s.Label.EN) {
			v.add(at, fmt.Sprintf("label: a figure of kind %s is a span, not an average: its label must not say 平均 or average", s.Figure.Kind))
		}
		if err := s.Figure.Validate(); err != nil {
			v.add(at, "figure: "+err.Error())
		}
		switch s.Dimension {
		case DimLanguage, DimAge, DimEmployment, DimOverall:
		default:
			v.add(at, fmt.Sprintf("dimension %q is not one of language, age, employment, overall", s.Dimension))
		}
		if len(s.Topics) == 0 {
			v.add(at, "topics: a salary figure must answer at least one topic")
		}
		refTopics(at, s.Topics, TopicLanguage, TopicAge, TopicEmployment, TopicRole)
		prov(at, s.Provenance)
		needsShort(at, s.Figure, s.Provenance)
	}
	for i, l := range d.Listings {
		at := v.at("listings", i, l.ID)
		v.unique(at, "fact", facts, l.ID)
		for name, t := range map[string]Text{"work_type": l.WorkType, "summary": l.Summary, "contract": l.Contract, "position": l.Position, "duration": l.Duration, "work": l.Work, "skills": l.Skills} {
			v.text(at, name, t)
		}
		if err := l.Fee.Validate(); err != nil {
			v.add(at, "fee: "+err.Error())
		}
		refTopics(at, l.Topics)
		prov(at, l.Provenance)
		needsShort(at, l.Fee, l.Provenance)
	}
	for i, p := range d.Paths {
		at := v.at("paths", i, p.ID)
		v.unique(at, "fact", facts, p.ID)
		if !topics[TopicPath][p.ID] {
			v.add(at, fmt.Sprintf("path %q has no topic of kind path", p.ID))
		}
		v.text(at, "name", p.Name)
		v.text(at, "summary", p.Summary)
		v.text(at, "suited_for", p.SuitedFor)
		v.texts(at, "skills", p.Skills)
		v.texts(at, "next_steps", p.NextSteps)
		v.kpis(at, p.KPIs, prov)
		prov(at, p.Provenance)
	}
	for i, s := range d.Skills {
		at := v.at("skills", i, s.ID)
		v.unique(at, "fact", facts, s.ID)
		v.text(at, "title", s.Title)
		v.optText(at, "summary", s.Summary)
		if len(s.Groups) == 0 {
			v.add(at, "groups: a skill map needs at least one group")
		}
		for _, g := range s.Groups {
			v.text(at, "group name", g.Name)
			v.texts(at, "items", g.Items)
		}
		v.kpis(at, s.KPIs, prov)
		refTopics(at, s.Topics)
		prov(at, s.Provenance)
	}
	for i, t := range d.Trends {
		at := v.at("trends", i, t.ID)
		v.unique(at, "fact", facts, t.ID)
		v.text(at, "text", t.Text)
		if t.Figure != nil {
			if err := t.Figure.Validate(); err != nil {
				v.add(at, "figure: "+err.Error())
			}
			if t.ShortNote.IsZero() && (t.Anecdote || t.Figure.Kind == KindChange && t.Figure.Unit == UnitMultiple) {
				v.add(at, "short_note: a trend figure from an anecdote, or a multiple, needs a short_note")
			}
		}
		refTopics(at, t.Topics)
		prov(at, t.Provenance)
	}
	for i, a := range d.Actions {
		at := v.at("actions", i, a.ID)
		v.unique(at, "fact", facts, a.ID)
		v.text(at, "title", a.Title)
		if len(a.Items) == 0 {
			v.add(at, "items: an action needs at least one item")
		}
		v.texts(at, "items", a.Items)
		refTopics(at, a.Topics)
		prov(at, a.Provenance)
	}
	v.digestKept(d)
	for i, p := range d.Paths {
		for _, r := range p.Related {
			if !facts[r] {
				v.add(v.at("paths", i, p.ID), fmt.Sprintf("related %q is not a defined fact", r))
			}
		}
	}
	return v.problems
}

type validator struct {
	locs     locations
	problems []Problem
	where    map[string]Problem
}

func (v *validator) at(section string, i int, id string) string {
	key := fmt.Sprintf("%s[%d] (id %q)", section, i, id)
	if v.where == nil {
		v.where = map[string]Problem{}
	}
	p := Problem{File: section}
	if l := v.locs[section]; i < len(l) {
		p = l[i]
	}
	v.where[key] = p
	return key
}

func (v *validator) add(at, msg string) {
	p := v.where[at]
	p.Msg = at + ": " + msg
	v.problems = append(v.problems, p)
}

func (v *validator) unique(at, what string, seen map[string]bool, id string) {
	if strings.TrimSpace(id) == "" {
		v.add(at, "id is required")
		return
	}
	if seen[id] {
		v.add(at, fmt.Sprintf("%s id %q is used twice", what, id))
	}
	seen[id] = true
}

func (v *validator) text(at, field string, t Text) {
	if strings.TrimSpace(t.JA) == "" || strings.TrimSpace(t.EN) == "" {
		v.add(at, field+": both ja and en text are required")
	}
	v.optText(at, field, t)
}

func (v *validator) optText(at, field string, t Text) {
	if field != "curator_note" {
		v.readerText(at, field, t)
	}
	for _, s := range []string{t.JA, t.EN} {
		if forbidden.MatchString(s) {
			v.add(at, field+": URLs are not stored (the seeds' URLs are placeholders or advertising): "+forbidden.FindString(s))
		}
		for _, r := range s {
			if r < 0x20 && r != '\n' {
				v.add(at, fmt.Sprintf("%s: control character %U", field, r))
				break
			}
		}
	}
	if (t.JA == "") != (t.EN == "") {
		v.add(at, field+": both ja and en text are required")
	}
}

// averageWord is how a label says "average": a span (range, band) is not one.
var averageWord = regexp.MustCompile(`(?i)平均|\baverage\b`)

// Short notes stay beside a figure, so they must fit beside it.
const (
	maxShortJA = 40
	maxShortEN = 60
)

func (v *validator) shortNote(at string, t Text) {
	if t.IsZero() {
		return
	}
	v.text(at, "short_note", t)
	if n := utf8.RuneCountInString(t.JA); n > maxShortJA {
		v.add(at, fmt.Sprintf("short_note: ja is %d characters, at most %d", n, maxShortJA))
	}
	if n := utf8.RuneCountInString(t.EN); n > maxShortEN {
		v.add(at, fmt.Sprintf("short_note: en is %d characters, at most %d", n, maxShortEN))
	}
}

// curatorNote checks a note that is never shown: it must not repeat text
// that is shown, or it is not a curator note.
func (v *validator) curatorNote(at, s string) {
	if s == "" {
		return
	}
	v.optText(at, "curator_note", Text{JA: s, EN: s})
	if strings.TrimSpace(s) == "" {
		v.add(at, "curator_note: empty")
	}
}

// curatorSpeak is wording addressed to whoever edits the data, which has no
// place in a text a reader sees: it belongs in curator_note.
var curatorSpeak = regexp.MustCompile(`(?i)取り違えない|混同しない|do not confuse|not to be confused|don't confuse|curator|キュレーター`)

// Our own reading of a figure is marked as ours in both languages.
const (
	OurNoteJA = "careerbot注:"
	OurNoteEN = "careerbot's note:"
)

func (v *validator) readerText(at, field string, t Text) {
	for _, s := range []string{t.JA, t.EN} {
		if m := curatorSpeak.FindString(s); m != "" {
			v.add(at, fmt.Sprintf("%s: %q is addressed to curators, not readers: move it to curator_note", field, m))
		}
	}
	if strings.Contains(t.JA, OurNoteJA) != strings.Contains(t.EN, OurNoteEN) {
		v.add(at, fmt.Sprintf("%s: a careerbot note must be marked in both languages (%q and %q)", field, OurNoteJA, OurNoteEN))
	}
}

func (v *validator) texts(at, field string, ts []Text) {
	for _, t := range ts {
		v.text(at, field, t)
	}
}

// digestKept refuses data where digest: false leaves one of the weekly
// digest's parts with nothing to rotate through: a curator marking facts
// out should not silently empty the digest.
func (v *validator) digestKept(d *Data) {
	check := func(section, what string, flags []DigestFlag, ids []string) {
		if len(flags) == 0 {
			return
		}
		for _, f := range flags {
			if f.InDigest() {
				return
			}
		}
		v.add(v.at(section, 0, ids[0]), fmt.Sprintf("digest: every %s is marked digest: false, so the weekly digest would have none to show; keep at least one", what))
	}
	flagsOf := func(n int, get func(int) (DigestFlag, string)) ([]DigestFlag, []string) {
		fs, ids := make([]DigestFlag, n), make([]string, n)
		for i := range n {
			fs[i], ids[i] = get(i)
		}
		return fs, ids
	}
	fs, ids := flagsOf(len(d.Salaries), func(i int) (DigestFlag, string) { return d.Salaries[i].DigestFlag, d.Salaries[i].ID })
	check("salaries", "salary figure", fs, ids)
	fs, ids = flagsOf(len(d.Trends), func(i int) (DigestFlag, string) { return d.Trends[i].DigestFlag, d.Trends[i].ID })
	check("trends", "trend", fs, ids)
	fs, ids = flagsOf(len(d.Actions), func(i int) (DigestFlag, string) { return d.Actions[i].DigestFlag, d.Actions[i].ID })
	check("actions", "action", fs, ids)
	// Paths and skill maps share the digest's career part.
	fs, ids = flagsOf(len(d.Paths), func(i int) (DigestFlag, string) { return d.Paths[i].DigestFlag, d.Paths[i].ID })
	sfs, sids := flagsOf(len(d.Skills), func(i int) (DigestFlag, string) { return d.Skills[i].DigestFlag, d.Skills[i].ID })
	if len(fs) == 0 {
		check("skills", "career path and skill map", sfs, sids)
	} else {
		check("paths", "career path and skill map", append(fs, sfs...), append(ids, sids...))
	}
}

func (v *validator) kpis(at string, ks []KPI, prov func(string, Provenance)) {
	for _, k := range ks {
		v.text(at, "kpi", k.Text)
		if k.Article != "" {
			prov(at, k.Provenance)
		}
	}
}

// CuratedDigest is a hash of the embedded data files as bytes. It changes
// whenever a release ships different curated data, and lets a restart skip
// parsing and validating files it has already applied.
func CuratedDigest() (string, error) {
	names, err := fs.Glob(Curated, path.Join(CuratedDir, "*.yaml"))
	if err != nil {
		return "", err
	}
	sort.Strings(names)
	h := sha256.New()
	for _, n := range names {
		b, err := fs.ReadFile(Curated, n)
		if err != nil {
			return "", err
		}
		fmt.Fprintf(h, "%s\x00%d\x00", n, len(b))
		h.Write(b)
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}
