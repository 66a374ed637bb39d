// Command trimspec writes the part of Discord's OpenAPI spec that the
// discordbot tests validate against: the named component schemas and every
// schema they reference, so the tests run in a clone of the repository alone.
//
// Run from the repository root, with the full spec beside it (see
// ../README.md for where the spec comes from):
//
//	go run ./bot/discordbot/testdata/trimspec ../shared/specs/discord-openapi.json > bot/discordbot/testdata/discord-openapi.trimmed.json
//
// To validate against another schema in a test, add it to roots and run it again.
package main

import (
	"encoding/json"
	"fmt"
	"os"
	"strings"
)

// roots are the schemas the tests name (and a few the adapter may send).
var roots = []string{
	"ApplicationCommandCreateRequest",
	"ApplicationCommandUpdateRequest",
	"ApplicationCommandStringOption",
	"ApplicationCommandAutocompleteCallbackRequest",
	"CreateMessageInteractionCallbackRequest",
	"UpdateMessageInteractionCallbackRequest",
	"PongInteractionCallbackRequest",
	"IncomingWebhookUpdateRequestPartial",
	"MessageCreateRequest",
	"MessageAllowedMentionsRequest",
	"RichEmbed",
	"ModalInteractionCallbackRequest",
}

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: trimspec PATH/discord-openapi.json > discord-openapi.trimmed.json")
		os.Exit(2)
	}
	raw, err := os.ReadFile(os.Args[1])
	if err != nil {
		fmt.Fprintln(os.Stderr, "trimspec:", err)
		os.Exit(1)
	}
	var doc struct {
		OpenAPI    string         `json:"openapi"`
		Info       map[string]any `json:"info"`
		Components struct {
			Schemas map[string]any `json:"schemas"`
		} `json:"components"`
	}
	if err := json.Unmarshal(raw, &doc); err != nil {
		fmt.Fprintln(os.Stderr, "trimspec:", err)
		os.Exit(1)
	}
	keep := map[string]any{}
	todo := append([]string(nil), roots...)
	for len(todo) > 0 {
		name := todo[len(todo)-1]
		todo = todo[:len(todo)-1]
		if _, done := keep[name]; done {
			continue
		}
		s, ok := doc.Components.Schemas[name]
		if !ok {
			fmt.Fprintf(os.Stderr, "trimspec: schema %s is not in the spec\n", name)
			os.Exit(1)
		}
		keep[name] = s
		todo = append(todo, refs(s)...)
	}
	out := map[string]any{
		"openapi":    doc.OpenAPI,
		"info":       doc.Info,
		"components": map[string]any{"schemas": keep},
	}
	b, err := json.MarshalIndent(out, "", " ")
	if err != nil {
		fmt.Fprintln(os.Stderr, "trimspec:", err)
		os.Exit(1)
	}
	os.Stdout.Write(append(b, '\n'))
	fmt.Fprintf(os.Stderr, "trimspec: %d schemas kept of %d\n", len(keep), len(doc.Components.Schemas))
}

// refs lists the component schemas v refers to.
func refs(v any) []string {
	var out []string
	switch t := v.(type) {
	case map[string]any:
		for k, x := range t {
			if s, ok := x.(string); ok && k == "$ref" {
				if n, ok := strings.CutPrefix(s, "#/components/schemas/"); ok {
					out = append(out, n)
				}
				continue
			}
			out = append(out, refs(x)...)
		}
	case []any:
		for _, x := range t {
			out = append(out, refs(x)...)
		}
	}
	return out
}
