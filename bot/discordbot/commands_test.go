package discordbot

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"careerbot/handlers"
)

func TestCommandsValidateAgainstSpec(t *testing.T) {
	b := newTestBot(t, Config{PublicKey: strings.Repeat("00", 32)}, &fakeEngine{}, nil)
	out, err := b.definitionsJSON()
	if err != nil {
		t.Fatal(err)
	}
	var items []map[string]any
	if err := json.Unmarshal(out, &items); err != nil {
		t.Fatal(err)
	}
	if len(items) != len(handlers.Commands()) {
		t.Fatalf("%d definitions for %d commands", len(items), len(handlers.Commands()))
	}
	for _, item := range items {
		name := item["name"].(string)
		t.Run(name, func(t *testing.T) {
			// Discord's docs define default_member_permissions as a string
			// ("32") and discordgo sends it so; the OpenAPI spec says
			// integer. Discord accepts both; check the rest as the spec says.
			if p, ok := item["default_member_permissions"]; ok {
				if p != "32" {
					t.Errorf("default_member_permissions = %v, want \"32\" (Manage Server)", p)
				}
				item["default_member_permissions"] = 32
			}
			mustValidate(t, "ApplicationCommandUpdateRequest", mustJSON(t, item))
			checkDefinition(t, item)
		})
	}
}

// checkDefinition checks the rules the spec does not encode: the name
// pattern and lower case, Japanese localizations everywhere, descriptions
// of 1–100 characters, required options first, choices or autocomplete but
// not both, and Discord's 4000-character total per command.
func checkDefinition(t *testing.T, cmd map[string]any) {
	t.Helper()
	total := 0
	var walk func(path string, o map[string]any, top bool)
	walk = func(path string, o map[string]any, top bool) {
		name, _ := o["name"].(string)
		desc, _ := o["description"].(string)
		total += ulen(name) + ulen(desc)
		if !validName(name) || strings.ToLower(name) != name {
			t.Errorf("%s: name %q breaks the rule", path, name)
		}
		if n := ulen(desc); n < 1 || n > 100 {
			t.Errorf("%s: description of %d characters", path, n)
		}
		nl, _ := o["name_localizations"].(map[string]any)
		dl, _ := o["description_localizations"].(map[string]any)
		jaName, _ := nl["ja"].(string)
		jaDesc, _ := dl["ja"].(string)
		if !validName(jaName) || strings.ToLower(jaName) != jaName {
			t.Errorf("%s: Japanese name %q missing or breaks the rule", path, jaName)
		}
		if n := ulen(jaDesc); n < 1 || n > 100 {
			t.Errorf("%s: Japanese description of %d characters", path, n)
		}
		if choices, _ := o["choices"].([]any); len(choices) > 0 {
			if o["autocomplete"] == true {
				t.Errorf("%s: both choices and autocomplete", path)
			}
			for _, c := range choices {
				c := c.(map[string]any)
				total += ulen(c["name"].(string)) + ulen(c["value"].(string))
				if l, _ := c["name_localizations"].(map[string]any); l["ja"] == nil {
					t.Errorf("%s: choice %v without a Japanese name", path, c["name"])
				}
			}
		}
		opts, _ := o["options"].([]any)
		seenOptional := false
		for _, x := range opts {
			sub := x.(map[string]any)
			if sub["required"] == true && seenOptional {
				t.Errorf("%s: required option %v after an optional one", path, sub["name"])
			}
			if sub["required"] != true {
				seenOptional = true
			}
			walk(path+" "+sub["name"].(string), sub, false)
		}
	}
	walk("/"+cmd["name"].(string), cmd, true)
	if total > 4000 {
		t.Errorf("command totals %d characters; Discord allows 4000", total)
	}
}

func TestCommandShapes(t *testing.T) {
	cmds, err := buildCommands(handlers.Commands())
	if err != nil {
		t.Fatal(err)
	}
	byName := map[string]int{}
	for i, c := range cmds {
		byName[c.Name] = i
	}
	digest := cmds[byName["digest"]]
	if digest.DefaultMemberPermissions == nil || *digest.DefaultMemberPermissions != 32 {
		t.Errorf("/digest must need Manage Server by default")
	}
	for _, c := range cmds {
		if c.Name != "digest" && c.DefaultMemberPermissions != nil {
			t.Errorf("/%s must be open to everyone", c.Name)
		}
	}
	if len(digest.Options) != 4 || digest.Options[0].Type != 1 || len(digest.Options[0].Options[0].Choices) != 7 {
		t.Errorf("/digest: want 4 subcommands, subscribe's weekday with 7 choices")
	}
	salary := cmds[byName["salary"]]
	if o := salary.Options[0]; !o.Autocomplete || o.Name != "topic" || len(o.Choices) != 0 {
		t.Errorf("/salary topic should autocomplete")
	}
	// Every name careerbot uses has a real Japanese translation.
	var names func([]handlers.CommandSpec)
	names = func(specs []handlers.CommandSpec) {
		for _, s := range specs {
			if _, ok := jaNames[s.Name]; !ok {
				t.Errorf("no Japanese name for command %q", s.Name)
			}
			for _, o := range s.Options {
				if _, ok := jaNames[o.Name]; !ok {
					t.Errorf("no Japanese name for option %q of %q", o.Name, s.Name)
				}
			}
			names(s.Subcommands)
		}
	}
	names(handlers.Commands())
	// A bad name is refused, not sent.
	if _, err := buildCommands([]handlers.CommandSpec{{Name: "Salary"}}); err == nil {
		t.Errorf("an upper-case name should be refused")
	}
	if _, err := buildCommands([]handlers.CommandSpec{{Name: "with space"}}); err == nil {
		t.Errorf("a name with a space should be refused")
	}
}

func TestSyncOverwritesOnlyWhenChanged(t *testing.T) {
	for _, guild := range []string{"", "290926798626357999"} {
		t.Run("guild="+guild, func(t *testing.T) {
			fake := newFakeDiscord(t)
			st := &memState{}
			b := newTestBot(t, Config{Token: "tok", AppID: "app1", GuildID: guild, HTTPClient: fake.client()}, &fakeEngine{}, st)
			ctx := context.Background()
			if err := b.Sync(ctx); err != nil {
				t.Fatal(err)
			}
			path := "/api/v9/applications/app1/commands"
			if guild != "" {
				path = "/api/v9/applications/app1/guilds/" + guild + "/commands"
			}
			put := fake.next(t, "the bulk overwrite", pathIs(http.MethodPut, path))
			want, _ := b.definitionsJSON()
			if !bytes.Equal(put.Body, want) {
				t.Errorf("the overwrite sent other bytes than CommandsJSON")
			}
			// The tokenless package function (careerbot commands) prints the same.
			if pkg, err := CommandsJSON(); err != nil || !bytes.Equal(pkg, want) {
				t.Errorf("CommandsJSON() differs from what Sync sends (%v)", err)
			}
			// Unchanged definitions: no request at all.
			if err := b.Sync(ctx); err != nil {
				t.Fatal(err)
			}
			select {
			case r := <-fake.reqs:
				t.Errorf("unchanged definitions were sent again: %s %s", r.Method, r.Path)
			default:
			}
			// Changed definitions (simulated by a different stored hash): one more overwrite.
			st.SetState(ctx, b.stateKey(), "stale")
			if err := b.Sync(ctx); err != nil {
				t.Fatal(err)
			}
			fake.next(t, "the second overwrite", pathIs(http.MethodPut, path))
			select {
			case r := <-fake.reqs:
				t.Errorf("unexpected request %s %s", r.Method, r.Path)
			default:
			}
			if v, ok, _ := st.GetState(ctx, "discord.commands.app1."+map[bool]string{true: "global", false: guild}[guild == ""]); !ok || v == "stale" {
				t.Errorf("hash not stored under the expected key: %q %v", v, ok)
			}
		})
	}
	b := newTestBot(t, Config{PublicKey: strings.Repeat("00", 32)}, &fakeEngine{}, nil)
	if err := b.Sync(context.Background()); err == nil {
		t.Errorf("Sync without a token should explain that it needs one")
	}
}

// TestValidName holds validName to Discord's published pattern, compiled
// here (only in tests: it costs a megabyte).
func TestValidName(t *testing.T) {
	rule := regexp.MustCompile(`^[-_'\p{L}\p{N}\p{Devanagari}\p{Thai}]{1,32}$`)
	for _, name := range []string{"salary", "年収", "kpi-2", "a_b", "o'k", "", "a b", "UPPER", "ไทย", "हिन्दी", "emoji😀", "a/b", strings.Repeat("a", 32), strings.Repeat("a", 33), strings.Repeat("年", 32), "\xff", "x.y", "١٢٣"} {
		if got, want := validName(name), rule.MatchString(name); got != want {
			t.Errorf("validName(%q) = %v, the pattern says %v", name, got, want)
		}
	}
}
