package answercache

import (
	"testing"

	"careerbot/handlers"
	"careerbot/knowledge"
)

var base = handlers.Request{Command: "salary", Args: "go", Locale: knowledge.JA, Platform: knowledge.Slack,
	Workspace: "T1", Channel: "C1", User: "U1", UserName: "ann"}

// TestKeyHoldsEveryComponent: changing any one thing the answer depends on
// misses; changing what it does not depend on (who asks, where, spaces and
// invisible characters in the arguments) hits. Case and width are part of
// the answer: several commands repeat the arguments as typed.
func TestKeyHoldsEveryComponent(t *testing.T) {
	c := New[string](Options{Size: 64})
	k0, ok := KeyFor("7-abc", base)
	if !ok {
		t.Fatal("/salary go is not cacheable")
	}
	c.Put(k0, "answer")
	with := func(f func(*handlers.Request)) handlers.Request {
		r := base
		f(&r)
		return r
	}
	tests := []struct {
		name    string
		version string
		req     handlers.Request
		hit     bool
	}{
		{"same question", "7-abc", base, true},
		{"version", "8-def", base, false},
		{"platform", "7-abc", with(func(r *handlers.Request) { r.Platform = knowledge.Discord }), false},
		{"command", "7-abc", with(func(r *handlers.Request) { r.Command = "skills" }), false},
		{"args", "7-abc", with(func(r *handlers.Request) { r.Args = "rust" }), false},
		{"locale", "7-abc", with(func(r *handlers.Request) { r.Locale = knowledge.EN }), false},
		{"full", "7-abc", with(func(r *handlers.Request) { r.Full = true }), false},
		{"another asker and channel", "7-abc", with(func(r *handlers.Request) {
			r.Workspace, r.Channel, r.User, r.UserName, r.IsAdmin = "T2", "C2", "U2", "bob", true
		}), true},
		{"upper case", "7-abc", with(func(r *handlers.Request) { r.Args = "GO" }), false},
		{"full-width", "7-abc", with(func(r *handlers.Request) { r.Args = "ＧＯ" }), false},
		{"spaces and a zero-width space", "7-abc", with(func(r *handlers.Request) { r.Args = "  go\u200b " }), true},
		{"command case", "7-abc", with(func(r *handlers.Request) { r.Command = "Salary" }), true},
		{"umbrella", "7-abc", with(func(r *handlers.Request) { r.Command, r.Args = "career", "salary go" }), true},
		{"locale spelling", "7-abc", with(func(r *handlers.Request) { r.Locale = "ja-JP" }), true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			k, ok := KeyFor(tc.version, tc.req)
			if !ok {
				t.Fatalf("%+v is not cacheable", tc.req)
			}
			if _, hit := c.Get(k); hit != tc.hit {
				t.Errorf("hit = %v, want %v (key %+v)", hit, tc.hit, k)
			}
		})
	}
}

// TestArgsSpacingMatters: collapsing runs of spaces keeps the words apart.
func TestArgsSpacingMatters(t *testing.T) {
	a, _ := KeyFor("1", handlers.Request{Command: "compare", Args: "go   rails", Locale: "en"})
	b, _ := KeyFor("1", handlers.Request{Command: "compare", Args: "go rails", Locale: "en"})
	c, _ := KeyFor("1", handlers.Request{Command: "compare", Args: "gorails", Locale: "en"})
	if a != b || a == c {
		t.Errorf("keys %+v %+v %+v", a, b, c)
	}
}

// TestNotCacheable: the CommandSpec decides; nothing is hard-coded.
func TestNotCacheable(t *testing.T) {
	for _, req := range []handlers.Request{
		{Command: "digest", Args: "status", Locale: "ja"},
		{Command: "digest", Args: "preview", Locale: "ja"},
		{Command: "career", Args: "digest preview", Locale: "ja"},
		{Command: "nosuchcommand", Locale: "ja"},
		{Command: "", Locale: "ja"},
		{Command: "salary", Args: "go", Locale: "fr"}, // the router would pick the default
		{Command: "salary", Args: "go", Locale: ""},
		{Command: "ask", Args: string(make([]rune, handlers.MaxArgRunes+1)), Locale: "ja"},
	} {
		if k, ok := KeyFor("1", req); ok {
			t.Errorf("%q %q (%s) is cacheable: %+v", req.Command, req.Args, req.Locale, k)
		}
	}
	for _, c := range handlers.Commands() {
		_, ok := KeyFor("1", handlers.Request{Command: c.Name, Locale: "en"})
		if ok != c.Cacheable && len(c.Subcommands) == 0 {
			t.Errorf("/%s: cacheable %v, spec says %v", c.Name, ok, c.Cacheable)
		}
	}
}

// TestSubcommandsResolveToTheirSpec, with a made-up command table: the
// subcommand's flag decides, and only under a cacheable parent.
func TestSubcommandsResolveToTheirSpec(t *testing.T) {
	specs := map[string]handlers.CommandSpec{
		"report": {Name: "report", Cacheable: true, Subcommands: []handlers.CommandSpec{
			{Name: "yearly", Cacheable: true}, {Name: "mine"}}},
		"admin": {Name: "admin", Subcommands: []handlers.CommandSpec{{Name: "show", Cacheable: true}}},
	}
	for _, tc := range []struct {
		cmd, args string
		want      bool
	}{
		{"report", "yearly 2024", true},
		{"report", "YEARLY", true},
		{"report", "mine", false},
		{"report", "", false},
		{"report", "unknown", false},
		{"admin", "show", false},
	} {
		if _, ok := keyFor(specs, "1", handlers.Request{Command: tc.cmd, Args: tc.args, Locale: "ja"}); ok != tc.want {
			t.Errorf("%s %s: cacheable %v, want %v", tc.cmd, tc.args, ok, tc.want)
		}
	}
}

// TestUmbrellaResolves: /career reads its first word as the real command
// (with the real table: the umbrella only knows careerbot's commands), and
// a plain question under it is /ask.
func TestUmbrellaResolves(t *testing.T) {
	for _, tc := range []struct {
		args, cmd string
		want      bool
	}{
		{"salary go", "salary", true},
		{"digest status", "", false},
		{"40代の年収", "ask", true},
	} {
		k, ok := KeyFor("1", handlers.Request{Command: "career", Args: tc.args, Locale: "ja"})
		if ok != tc.want || (ok && k.Command != tc.cmd) {
			t.Errorf("/career %s: key %+v cacheable %v, want command %q cacheable %v", tc.args, k, ok, tc.cmd, tc.want)
		}
	}
}

func BenchmarkKeyFor(b *testing.B) {
	req := handlers.Request{Command: "compare", Args: "go rails node", Locale: "ja", Platform: knowledge.Slack}
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if _, ok := KeyFor("12-9f86d081884c", req); !ok {
			b.Fatal("not cacheable")
		}
	}
}

// TestFoldArgsShortcut: the ASCII shortcut folds as the full path does.
func TestFoldArgsShortcut(t *testing.T) {
	for _, s := range []string{"go", " Go  Rails\tnode ", "C++ / C#", "how to become a TECH lead?", "", "   ", "a~b!@", "KPI: 1,000"} {
		if got, want := foldArgs(s), knowledge.FoldText(handlers.Clean(s, handlers.MaxArgRunes)); got != want {
			t.Errorf("foldArgs(%q) = %q, FoldText says %q", s, got, want)
		}
	}
	for _, s := range []string{"salary", "Salary", "ＳＡＬＡＲＹ", "sal-ary"} {
		if got, want := normCommand(s), knowledge.Normalize(handlers.Clean(s, 40)); got != want {
			t.Errorf("normCommand(%q) = %q, want %q", s, got, want)
		}
	}
}
