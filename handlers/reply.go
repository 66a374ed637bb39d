// Package handlers is careerbot's platform-neutral command engine: a Request
// goes in, a Reply comes out, and each adapter in bot/ renders the Reply
// natively. Router.Handle resolves the request's locale and the knowledge
// version's topic index once, as a view (view.go) that every command words
// its facts through, so a figure shows its kind, source, flags and caveats
// whichever command found it. Commands() describes the commands for help,
// Slack and Discord; the Digest service answers /digest and composes the
// weekly digest. Of careerbot's packages it imports knowledge only: no chat
// platform, no SQL.
package handlers

import (
	"careerbot/knowledge"
)

// Request is one command as asked by a person, whatever the platform.
type Request struct {
	Command   string           // command name without the slash: "salary"
	Args      string           // the argument text as typed
	Locale    knowledge.Locale // the asker's locale; empty means the default
	Platform  knowledge.Platform
	Workspace string // Slack team id or Discord guild id
	Channel   string
	User      string
	UserName  string
	IsAdmin   bool // may manage the channel's digest subscription
	// Full asks for the whole answer rather than the chat-sized one (the
	// More button, careerbot ask --full).
	Full bool
}

// Visibility says who sees a reply.
type Visibility int

// Visibilities.
const (
	Private Visibility = iota // only the asker (Slack ephemeral, Discord flag 64)
	Public                    // everyone in the channel
)

// Status classifies a reply so adapters and scripts can react to failures.
type Status string

// Statuses, matching knowledge's error codes where there is one.
const (
	StatusOK        Status = ""
	StatusNotFound  Status = knowledge.ENOTFOUND
	StatusInvalid   Status = knowledge.EINVALID
	StatusForbidden Status = knowledge.EFORBIDDEN
	StatusInternal  Status = knowledge.EINTERNAL
)

// Reply says what to show, not how: each adapter renders it natively and
// within its platform's limits. Text in a Reply is plain text (no markup);
// anything that came from a user has already been cleaned by Clean.
type Reply struct {
	Title      string
	Paragraphs []string // the answer's text, shown first
	Fields     []Field
	Table      *Table
	// Charts picture figures already in Fields or Table (chart.go); at
	// most two, each of one unit and one kind.
	Charts []Chart
	// Notes are caveats about the figures above (what a number really
	// measures, conflicts between sources). Adapters show them after the
	// fields and table, before the sources, in smaller type where they can.
	Notes       []string
	Sources     []Citation
	Suggestions []Suggestion
	Actions     []Action
	Visibility  Visibility
	Status      Status
	// Command and Args repeat the request (cleaned) so that a share action
	// can re-run it and adapters can log it.
	Command string
	Args    string
	Locale  knowledge.Locale
	// SharedBy is the display name of the person who shared a private
	// answer publicly; adapters show it as plain text, never as a mention.
	SharedBy string
}

// Field is a labelled value.
type Field struct {
	Label string
	Value string
	// Note is a short caveat that changes what Value means ("listings
	// survey: offered rates"). Renderers keep it beside the value, so it is
	// never separated from the figure it qualifies.
	Note   string
	Inline bool
}

// Table is a small table: a header row and rows of the same width.
type Table struct {
	Columns []string
	Rows    [][]string
}

// Citation names a source as the article cites it.
type Citation struct {
	Name string
	// Short names the source in a few words ("PR TIMES", "厚生労働省"),
	// as first lines, table cells and chart captions carry it.
	Short string
	Year  int    // 0 when unstated
	Note  string // caveat, may be empty
}

// Suggestion is another command the asker may want: a known topic, or the
// closest match to an unknown one.
type Suggestion struct {
	Label   string // what to show: "Go"
	Command string // what to run: "/salary go"
}

// ActionKind is what a button does.
type ActionKind string

// Action kinds.
const (
	ActionShare ActionKind = "share" // post this answer publicly in the channel
	ActionMore  ActionKind = "more"  // show the whole answer, privately, to the person who pressed
)

// Action is a button under a reply.
type Action struct {
	Kind  ActionKind
	Label string
	Value string // opaque to adapters: passed back to Router.Action
}

// OK reports whether the reply is an answer rather than an error.
func (r Reply) OK() bool { return r.Status == StatusOK }
