package discordbot

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/bwmarrin/discordgo"

	"careerbot/handlers"
	"careerbot/handlers/handlerstest"
)

// TestDecodeInteractionMatchesDiscordgo holds the one-pass decoder to
// discordgo's own: the same Interaction, or an error when it gives one, for
// every shape the bot receives, the documented examples and malformed data.
func TestDecodeInteractionMatchesDiscordgo(t *testing.T) {
	type tc struct {
		name   string
		body   string
		common bool // must take the one-pass path
	}
	var cases []tc
	add := func(name string, v any, common bool) {
		cases = append(cases, tc{name, string(mustJSON(t, v)), common})
	}
	files, _ := filepath.Glob("testdata/fixtures/*.json")
	if len(files) == 0 {
		t.Fatal("no fixtures")
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var wrapped struct { // a fixture with provenance keeps the request under "body"
			Body json.RawMessage `json:"body"`
		}
		if json.Unmarshal(b, &wrapped) == nil && wrapped.Body != nil {
			b = wrapped.Body
		}
		cases = append(cases, tc{filepath.Base(f), string(b), true})
	}
	for _, c := range handlers.Commands() {
		examples := append([]string(nil), c.Examples...)
		for _, sub := range c.Subcommands {
			examples = append(examples, sub.Examples...)
		}
		for _, ex := range examples {
			add(ex, commandInteraction(t, ex, "ja", "8"), true)
		}
	}
	add("autocomplete", autocompleteInteraction("1", "t", "ru"), true)
	add("button", buttonInteraction("2", "t", "more:abc"), true)
	sel := buttonInteraction("3", "t", "pick")
	sel["data"] = map[string]any{"custom_id": "pick", "component_type": 3, "values": []any{"go", "rails"}}
	add("select menu", sel, true)
	add("ping", map[string]any{"type": 1, "id": "4", "application_id": "app1", "token": "t", "version": 1}, true)
	nullData := slashInteraction("5", "t", "ja", "go")
	nullData["data"] = nil
	add("null data", nullData, true)
	dm := slashInteraction("6", "t", "en-US", "go")
	delete(dm, "member")
	dm["user"] = map[string]any{"id": "53908232506183680", "username": "mason"}
	add("direct message", dm, true)

	// Rare shapes go to discordgo's decoder.
	add("modal submit", map[string]any{"type": 5, "id": "7", "token": "t", "member": member("0"),
		"data": map[string]any{"custom_id": "digest-form", "components": []any{
			map[string]any{"type": 1, "components": []any{
				map[string]any{"type": 4, "custom_id": "time", "value": "09:00"}}}}}}, false)
	resolved := slashInteraction("8", "t", "ja", "go")
	resolved["data"].(map[string]any)["resolved"] = map[string]any{
		"users": map[string]any{"53908232506183680": map[string]any{"id": "53908232506183680", "username": "mason"}}}
	add("resolved users", resolved, false)
	resolvedPress := buttonInteraction("9", "t", "pick")
	resolvedPress["data"] = map[string]any{"custom_id": "pick", "component_type": 5, "values": []any{"1"},
		"resolved": map[string]any{"users": map[string]any{"1": map[string]any{"id": "1", "username": "a"}}}}
	add("resolved press", resolvedPress, false)
	add("unknown type", map[string]any{"type": 42, "id": "10", "data": map[string]any{"x": 1}}, false)

	// Malformed: both must fail, or both give the same result.
	bad := slashInteraction("11", "t", "ja", "go")
	bad["data"].(map[string]any)["options"] = "go"
	add("options not a list", bad, false)
	badPress := buttonInteraction("12", "t", "more:abc")
	badPress["data"].(map[string]any)["options"] = "ignored by a press"
	add("command field on a press", badPress, false)
	cases = append(cases,
		tc{"not json", `{"type":2,`, false},
		tc{"data a number", `{"type":2,"id":"13","data":5}`, false},
		tc{"type a string", `{"type":"2","id":"14"}`, false})

	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var want, got discordgo.Interaction
			wantErr := json.Unmarshal([]byte(c.body), &want)
			gotErr := decodeInteraction([]byte(c.body), &got)
			if (wantErr == nil) != (gotErr == nil) {
				t.Fatalf("discordgo: %v, one pass: %v", wantErr, gotErr)
			}
			if wantErr == nil && !reflect.DeepEqual(want, got) {
				t.Errorf("decoded differently:\ndiscordgo %+v\none pass  %+v", want, got)
			}
			var w interactionJSON
			fast := json.Unmarshal([]byte(c.body), &w) == nil && !w.Data.rare(w.Type)
			if c.common && !fast {
				t.Errorf("a common shape went to discordgo's decoder")
			}
		})
	}
}

func BenchmarkDecodeInteraction(b *testing.B) {
	body, err := os.ReadFile("testdata/fixtures/discord-docs-example-slash-interaction.json")
	if err != nil {
		b.Fatal(err)
	}
	b.Run("discordgo", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			var i discordgo.Interaction
			if err := json.Unmarshal(body, &i); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("one-pass", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			var i discordgo.Interaction
			if err := decodeInteraction(body, &i); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// TestEncodeResponse holds encodeResponse to json.Marshal, byte for byte, on
// every rendered answer to the realistic questions (both locales, compact
// and full, with and without buttons), the every-field reply, and the
// shapes it hands to json.Marshal.
func TestEncodeResponse(t *testing.T) {
	router, _ := realRouter(t)
	var replies []handlers.Reply
	for _, q := range handlerstest.Questions() {
		cmd, args := handlers.ParseLine(q.Line)
		for _, full := range []bool{false, true} {
			replies = append(replies, router.Handle(context.Background(), handlers.Request{Command: cmd, Args: args, Locale: q.Locale, Platform: "discord", Full: full}))
		}
	}
	replies = append(replies, handlerstest.Filled())
	id := func(v string) string { return "x:" + v }
	buttons := renderOpts{shareID: id, moreID: id, tryID: id, voteID: func(up bool, r handlers.Reply) string { return fmt.Sprint("v:", up) }}
	var resps []*discordgo.InteractionResponse
	for _, r := range replies {
		for _, opts := range []renderOpts{{noImages: true}, buttons} {
			resps = append(resps, messageResponse(render(r, opts)))
		}
	}
	modal := &discordgo.InteractionResponse{Type: discordgo.InteractionResponseModal, Data: &discordgo.InteractionResponseData{
		CustomID: "form", Title: "t", Components: []discordgo.MessageComponent{discordgo.ActionsRow{Components: []discordgo.MessageComponent{
			discordgo.TextInput{CustomID: "time", Label: "Time", Style: discordgo.TextInputShort}}}}}}
	styleless := &discordgo.InteractionResponse{Type: discordgo.InteractionResponseChannelMessageWithSource, Data: &discordgo.InteractionResponseData{
		Components: []discordgo.MessageComponent{discordgo.ActionsRow{ID: 7}, discordgo.ActionsRow{Components: []discordgo.MessageComponent{
			discordgo.Button{Label: "<b>&", CustomID: "a", Emoji: &discordgo.ComponentEmoji{Name: "👍"}}}}}}}
	resps = append(resps, nil, &discordgo.InteractionResponse{Type: discordgo.InteractionResponsePong}, modal, styleless,
		&discordgo.InteractionResponse{Type: discordgo.InteractionResponseChannelMessageWithSource, Data: &discordgo.InteractionResponseData{Components: []discordgo.MessageComponent{}}})
	rowsOfButtons := 0
	for _, resp := range resps {
		want, err := json.Marshal(resp)
		if err != nil {
			t.Fatal(err)
		}
		got, err := encodeResponse(resp)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Fatalf("encodeResponse differs from json.Marshal:\n%s\n%s", got, want)
		}
		if resp != nil && resp.Data != nil && len(resp.Data.Components) > 0 {
			if _, ok := plainRows(resp.Data.Components); ok {
				rowsOfButtons++
			}
		}
	}
	if rowsOfButtons < len(replies) { // the buttons variant of every reply, at least
		t.Errorf("only %d responses went through the plain rows", rowsOfButtons)
	}
	t.Logf("%d responses compared, %d with rows of buttons", len(resps), rowsOfButtons)
}

// TestWireTypesMatchDiscordgo fails when a discordgo upgrade changes the
// fields encodeResponse copies (a new field would otherwise be dropped).
func TestWireTypesMatchDiscordgo(t *testing.T) {
	for _, c := range []struct{ ours, theirs reflect.Type }{
		{reflect.TypeFor[respJSON](), reflect.TypeFor[discordgo.InteractionResponse]()},
		{reflect.TypeFor[respDataJSON](), reflect.TypeFor[discordgo.InteractionResponseData]()},
		{reflect.TypeFor[rowJSON](), reflect.TypeFor[struct {
			discordgo.ActionsRow
			Type discordgo.ComponentType `json:"type"`
		}]()},
	} {
		ours, theirs := fieldList(c.ours), fieldList(c.theirs)
		if !reflect.DeepEqual(ours, theirs) {
			t.Errorf("%v has fields\n%v\nbut %v has\n%v", c.ours, ours, c.theirs, theirs)
		}
	}
}

// fieldList is a struct's fields as "Name tag", embedded structs flattened.
func fieldList(t reflect.Type) []string {
	var out []string
	for f := range t.Fields() {
		if f.Anonymous && f.Type.Kind() == reflect.Struct {
			out = append(out, fieldList(f.Type)...)
			continue
		}
		out = append(out, f.Name+" "+string(f.Tag))
	}
	return out
}
