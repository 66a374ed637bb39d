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
	"careerbot/knowledge"
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
	every := &discordgo.InteractionResponse{Type: discordgo.InteractionResponseChannelMessageWithSource, Data: &discordgo.InteractionResponseData{
		TTS: true, Content: "<@1> & \u2028 \"x\"",
		Components: []discordgo.MessageComponent{discordgo.ActionsRow{ID: 3, Components: []discordgo.MessageComponent{
			discordgo.Button{Label: "a", Style: discordgo.LinkButton, Disabled: true, URL: "https://x/?a=1&b=<2>", SKUID: "s", ID: 9,
				Emoji: &discordgo.ComponentEmoji{Name: "e", ID: "1", Animated: true}},
			discordgo.Button{Label: "b", Emoji: &discordgo.ComponentEmoji{}}}}, discordgo.ActionsRow{}},
		Embeds: []*discordgo.MessageEmbed{nil, {}, {URL: "https://x", Type: discordgo.EmbedTypeRich, Title: "t", Description: "d\n", Timestamp: "2026-12-02T00:00:00Z", Color: -1,
			Footer: &discordgo.MessageEmbedFooter{Text: "f", IconURL: "i", ProxyIconURL: "p"},
			Image:  &discordgo.MessageEmbedImage{URL: "attachment://chart.png"}, Thumbnail: &discordgo.MessageEmbedThumbnail{URL: "u"},
			Video: &discordgo.MessageEmbedVideo{URL: "v"}, Provider: &discordgo.MessageEmbedProvider{Name: "p"}, Author: &discordgo.MessageEmbedAuthor{Name: "a"},
			Fields: []*discordgo.MessageEmbedField{{Name: "n", Value: "v", Inline: true}, nil, {}}},
			{Footer: &discordgo.MessageEmbedFooter{}, Fields: []*discordgo.MessageEmbedField{}}},
		AllowedMentions: &discordgo.MessageAllowedMentions{Roles: []string{"1"}, Users: []string{"2"}, RepliedUser: true},
		Attachments:     &[]*discordgo.MessageAttachment{{ID: "0", Filename: "chart.png"}},
		Poll:            &discordgo.Poll{Question: discordgo.PollMedia{Text: "q"}},
		Flags:           discordgo.MessageFlagsEphemeral, Choices: []*discordgo.ApplicationCommandOptionChoice{{Name: "go", Value: "go"}},
		CustomID: "c", Title: "t",
	}}
	emptyMentions := &discordgo.InteractionResponse{Data: &discordgo.InteractionResponseData{AllowedMentions: &discordgo.MessageAllowedMentions{Parse: []discordgo.AllowedMentionType{}}}}
	resps = append(resps, nil, &discordgo.InteractionResponse{Type: discordgo.InteractionResponsePong}, modal, styleless, every, emptyMentions,
		&discordgo.InteractionResponse{Type: discordgo.InteractionResponseChannelMessageWithSource, Data: &discordgo.InteractionResponseData{Components: []discordgo.MessageComponent{}}})
	withRows := 0
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
			if rowsOfButtons(resp.Data.Components) {
				withRows++
			}
		}
	}
	if withRows < len(replies) { // the buttons variant of every reply, at least
		t.Errorf("only %d responses went through the plain rows", withRows)
	}
	t.Logf("%d responses compared, %d with rows of buttons", len(resps), withRows)
}

// TestWireFields fails when a discordgo upgrade changes a struct that
// encodeResponse writes by hand: a new field would otherwise be dropped.
func TestWireFields(t *testing.T) {
	for _, c := range []struct {
		v    any
		want []string
	}{
		{discordgo.InteractionResponse{}, []string{`Type json:"type,omitempty"`, `Data json:"data,omitempty"`}},
		{discordgo.InteractionResponseData{}, []string{`TTS json:"tts"`, `Content json:"content"`, `Components json:"components"`, `Embeds json:"embeds"`,
			`AllowedMentions json:"allowed_mentions,omitempty"`, `Files json:"-"`, `Attachments json:"attachments,omitempty"`, `Poll json:"poll,omitempty"`,
			`Flags json:"flags,omitempty"`, `Choices json:"choices,omitempty"`, `CustomID json:"custom_id,omitempty"`, `Title json:"title,omitempty"`}},
		{discordgo.MessageEmbed{}, []string{`URL json:"url,omitempty"`, `Type json:"type,omitempty"`, `Title json:"title,omitempty"`, `Description json:"description,omitempty"`,
			`Timestamp json:"timestamp,omitempty"`, `Color json:"color,omitempty"`, `Footer json:"footer,omitempty"`, `Image json:"image,omitempty"`,
			`Thumbnail json:"thumbnail,omitempty"`, `Video json:"video,omitempty"`, `Provider json:"provider,omitempty"`, `Author json:"author,omitempty"`, `Fields json:"fields,omitempty"`}},
		{discordgo.MessageEmbedFooter{}, []string{`Text json:"text,omitempty"`, `IconURL json:"icon_url,omitempty"`, `ProxyIconURL json:"proxy_icon_url,omitempty"`}},
		{discordgo.MessageEmbedField{}, []string{`Name json:"name"`, `Value json:"value"`, `Inline json:"inline,omitempty"`}},
		{discordgo.MessageAllowedMentions{}, []string{`Parse json:"parse"`, `Roles json:"roles,omitempty"`, `Users json:"users,omitempty"`, `RepliedUser json:"replied_user"`}},
		{discordgo.ActionsRow{}, []string{`Components json:"components"`, `ID json:"id,omitempty"`}},
		{discordgo.Button{}, []string{`Label json:"label"`, `Style json:"style"`, `Disabled json:"disabled"`, `Emoji json:"emoji,omitempty"`,
			`URL json:"url,omitempty"`, `CustomID json:"custom_id,omitempty"`, `SKUID json:"sku_id,omitempty"`, `ID json:"id,omitempty"`}},
		{discordgo.ComponentEmoji{}, []string{`Name json:"name,omitempty"`, `ID json:"id,omitempty"`, `Animated json:"animated,omitempty"`}},
	} {
		var got []string
		for f := range reflect.TypeOf(c.v).Fields() {
			got = append(got, f.Name+" "+string(f.Tag))
		}
		if !reflect.DeepEqual(got, c.want) {
			t.Errorf("%T has fields\n%q\nencodeResponse writes\n%q", c.v, got, c.want)
		}
	}
}

// BenchmarkEncodeResponse: the /salary go answer a server gets (Share,
// More, suggestions and vote buttons), written by encoding/json and by
// encodeResponse.
func BenchmarkEncodeResponse(b *testing.B) {
	router, _ := realRouter(b)
	r := router.Handle(context.Background(), handlers.Request{Command: "salary", Args: "go", Locale: knowledge.JA, Platform: "discord"})
	id := func(v string) string { return "x:" + v }
	resp := messageResponse(render(r, renderOpts{shareID: id, moreID: id, tryID: id, voteID: func(bool, handlers.Reply) string { return "v" }}))
	raw, err := encodeResponse(resp)
	if err != nil {
		b.Fatal(err)
	}
	b.Run("encoding/json", func(b *testing.B) {
		b.SetBytes(int64(len(raw)))
		b.ReportAllocs()
		for b.Loop() {
			if _, err := json.Marshal(resp); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("encodeResponse", func(b *testing.B) {
		b.SetBytes(int64(len(raw)))
		b.ReportAllocs()
		for b.Loop() {
			if _, err := encodeResponse(resp); err != nil {
				b.Fatal(err)
			}
		}
	})
}
