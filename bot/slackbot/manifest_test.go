package slackbot

import (
	"encoding/json"
	"os"
	"slices"
	"sort"
	"strings"
	"testing"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"

	"careerbot/handlers"
)

type manifest struct {
	Features struct {
		BotUser struct {
			DisplayName string `yaml:"display_name"`
		} `yaml:"bot_user"`
		SlashCommands []struct {
			Command      string `yaml:"command"`
			Description  string `yaml:"description"`
			UsageHint    string `yaml:"usage_hint"`
			ShouldEscape bool   `yaml:"should_escape"`
		} `yaml:"slash_commands"`
	} `yaml:"features"`
	OAuth struct {
		Scopes struct {
			Bot []string `yaml:"bot"`
		} `yaml:"scopes"`
	} `yaml:"oauth_config"`
	Settings struct {
		Events struct {
			BotEvents []string `yaml:"bot_events"`
		} `yaml:"event_subscriptions"`
		Interactivity struct {
			IsEnabled bool `yaml:"is_enabled"`
		} `yaml:"interactivity"`
		SocketMode bool `yaml:"socket_mode_enabled"`
	} `yaml:"settings"`
}

// TestManifestMatchesCommands: the app manifest declares exactly the
// engine's commands plus the umbrella, with their descriptions and usage.
func TestManifestMatchesCommands(t *testing.T) {
	raw, err := os.ReadFile("../../deploy/slack-manifest.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var m manifest
	if err := yaml.Unmarshal(raw, &m); err != nil {
		t.Fatal(err)
	}
	got := map[string]int{}
	for i, c := range m.Features.SlashCommands {
		got[c.Command] = i
		if c.Description == "" || utf8.RuneCountInString(c.Description) > 100 {
			t.Errorf("%s: description %q (want 1..100 characters)", c.Command, c.Description)
		}
	}
	var want []string
	for _, spec := range handlers.Commands() {
		name := "/" + spec.Name
		want = append(want, name)
		i, ok := got[name]
		if !ok {
			t.Errorf("manifest lacks %s", name)
			continue
		}
		c := m.Features.SlashCommands[i]
		if !strings.HasPrefix(c.Description, spec.Description.EN) {
			t.Errorf("%s: description %q does not start with %q", name, c.Description, spec.Description.EN)
		}
		if c.UsageHint != spec.Usage {
			t.Errorf("%s: usage_hint %q, want %q", name, c.UsageHint, spec.Usage)
		}
	}
	want = append(want, "/"+handlers.Umbrella)
	names := make([]string, 0, len(got))
	for n := range got {
		names = append(names, n)
	}
	sort.Strings(names)
	sort.Strings(want)
	if !slices.Equal(names, want) {
		t.Errorf("manifest commands %v, want %v", names, want)
	}
	if i, ok := got["/"+handlers.Umbrella]; ok {
		hint := m.Features.SlashCommands[i].UsageHint
		for _, spec := range handlers.Commands() {
			if !strings.Contains(hint, spec.Name) {
				t.Errorf("/%s usage hint does not mention %s", handlers.Umbrella, spec.Name)
			}
		}
	}
	for _, e := range []string{"app_mention", "message.im", "app_home_opened", "app_uninstalled", "tokens_revoked"} {
		if !slices.Contains(m.Settings.Events.BotEvents, e) {
			t.Errorf("manifest does not subscribe to %s", e)
		}
	}
	for _, s := range []string{"commands", "chat:write", "users:read", "channels:history", "groups:history", "app_mentions:read", "im:history", "im:write"} {
		if !slices.Contains(m.OAuth.Scopes.Bot, s) {
			t.Errorf("manifest lacks scope %s", s)
		}
	}
	if !m.Settings.SocketMode || !m.Settings.Interactivity.IsEnabled {
		t.Error("Socket Mode and interactivity must be on")
	}
}

// TestSpecSnapshot: testdata/slack-web-params.json is what Slack's Web API
// OpenAPI spec declares. The spec is 1.2 MB and not committed, so the test
// re-derives the snapshot only when SLACK_WEB_OPENAPI names a copy of it
// (the tests themselves never depend on a file outside the repository).
func TestSpecSnapshot(t *testing.T) {
	path := os.Getenv("SLACK_WEB_OPENAPI")
	if path == "" {
		t.Skip("set SLACK_WEB_OPENAPI to a copy of slack-web-openapi.json to re-check the committed snapshot")
	}
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("SLACK_WEB_OPENAPI: %v", err)
	}
	var spec struct {
		Paths map[string]map[string]struct {
			Parameters []struct {
				Name string `json:"name"`
			} `json:"parameters"`
		} `json:"paths"`
	}
	if err := json.Unmarshal(raw, &spec); err != nil {
		t.Fatal(err)
	}
	for method, want := range loadDeclaredParams(t) {
		var got []string
		for _, op := range spec.Paths["/"+method] {
			for _, p := range op.Parameters {
				if !slices.Contains(got, p.Name) {
					got = append(got, p.Name)
				}
			}
		}
		sort.Strings(got)
		if !slices.Equal(got, want) {
			t.Errorf("%s: spec declares %v, snapshot has %v", method, got, want)
		}
	}
	if _, ok := spec.Paths["/apps.connections.open"]; ok {
		t.Log("the spec now has apps.connections.open: check its parameters in the fake too")
	}
}
