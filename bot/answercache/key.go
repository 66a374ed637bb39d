package answercache

import (
	"strings"
	"sync"
	"unicode/utf8"

	"careerbot/handlers"
	"careerbot/knowledge"
)

// Key names one answer: everything a cacheable command's answer depends
// on. Two requests with equal keys get the same rendered answer; changing
// any one field is a different answer.
type Key struct {
	// Version is the knowledge version the answer was computed from
	// (handlers.Router.KnowledgeVersion): an import changes it, so old
	// answers are never hit again and age out of the LRU.
	Version  string
	Platform knowledge.Platform
	Command  string // the real command, umbrella and case resolved
	Args     string // as the handlers read and repeat them (handlers.Clean): see keyFor
	Locale   knowledge.Locale
	Full     bool // the whole answer (More button) rather than the chat-sized one
	// Variant names a rendering the adapter chose for reasons outside the
	// request (Slack: "plain" for a workspace that refused chart blocks).
	Variant string
}

// specs indexes handlers.Commands by name once: Commands builds the whole
// list on every call.
var specs = sync.OnceValue(func() map[string]handlers.CommandSpec {
	m := map[string]handlers.CommandSpec{}
	for _, c := range handlers.Commands() {
		m[c.Name] = c
	}
	return m
})

// KeyFor returns the key of req's answer under knowledge version version,
// and whether the answer may be cached at all. That is the command's
// CommandSpec.Cacheable flag (a subcommand's only if its parent's is set
// too); /career salary go resolves to salary. A request whose locale is not
// one careerbot speaks, or whose arguments the router would refuse as too
// long, is not cached: its answer depends on things the key does not hold.
func KeyFor(version string, req handlers.Request) (Key, bool) {
	return keyFor(specs(), version, req)
}

func keyFor(specs map[string]handlers.CommandSpec, version string, req handlers.Request) (Key, bool) {
	loc, ok := knowledge.ParseLocale(string(req.Locale))
	if !ok || len(req.Args) > 4*handlers.MaxArgRunes || utf8.RuneCountInString(req.Args) > handlers.MaxArgRunes {
		return Key{}, false
	}
	// As handlers.Router.Handle reads the command.
	cmd, args := normCommand(req.Command), req.Args
	if cmd == handlers.Umbrella {
		cmd, args = handlers.ParseLine(cmd + " " + args)
	}
	spec, ok := specs[cmd]
	if !ok || !spec.Cacheable {
		return Key{}, false
	}
	if len(spec.Subcommands) > 0 {
		first, _, _ := strings.Cut(foldArgs(args), " ")
		sub, ok := subcommand(spec, first)
		if !ok || !sub.Cacheable {
			return Key{}, false
		}
	}
	// The arguments as the handlers read and repeat them: invisible
	// characters dropped and white space collapsed, but case and width
	// kept. Several answers repeat what was typed (/ask's title, /jobs'
	// keywords, a typo's "did you mean"), and an answer computed for
	// "ＧＯ エンジニア" must not be shown to whoever typed "go エンジニア".
	args = handlers.Clean(args, handlers.MaxArgRunes)
	return Key{Version: version, Platform: req.Platform, Command: cmd, Args: args, Locale: loc, Full: req.Full}, true
}

func subcommand(spec handlers.CommandSpec, name string) (handlers.CommandSpec, bool) {
	for _, s := range spec.Subcommands {
		if s.Name == name {
			return s, true
		}
	}
	return handlers.CommandSpec{}, false
}

// normCommand reads a command name as handlers.Router.Handle does; names
// already in lower-case ASCII (nearly all) skip the Unicode work.
func normCommand(s string) string {
	for i := 0; i < len(s); i++ {
		if s[i] < 'a' || s[i] > 'z' {
			return knowledge.Normalize(handlers.Clean(s, 40))
		}
	}
	return s
}

// foldArgs is knowledge.FoldText of the cleaned arguments: NFKC, case
// folding and runs of space collapsed, so "GO", "ｇｏ" and " go " are one
// word (for finding a subcommand). Printable ASCII, for which NFKC changes
// nothing and folding is lower-casing, takes a shortcut that gives the
// same result.
func foldArgs(s string) string {
	for i := 0; i < len(s); i++ {
		if s[i] < ' ' || s[i] > '~' {
			return knowledge.FoldText(handlers.Clean(s, handlers.MaxArgRunes))
		}
	}
	return strings.Join(strings.Fields(strings.ToLower(s)), " ")
}
