package discordbot

import (
	"encoding/json"
	"strconv"

	"github.com/bwmarrin/discordgo"

	"careerbot/bot/internal/jsontext"
)

// decodeInteraction decodes an interaction body in one pass.
//
// discordgo's Interaction.UnmarshalJSON validates and decodes the whole body
// twice (the outer decoder hands it the raw bytes, which it decodes again)
// and the data a third time, by type. On an uncached HTTP answer that is a
// tenth of the request. Here the data of the common shapes (slash commands,
// autocomplete, buttons and select menus) is read with the rest of the body
// into one struct that has the fields of each; the rare shapes (a modal
// submission, resolved users or roles, anything this struct cannot hold)
// go to discordgo's decoder, so the result is always the one it gives.
func decodeInteraction(body []byte, i *discordgo.Interaction) error {
	var w interactionJSON
	if err := json.Unmarshal(body, &w); err != nil || w.Data.rare(w.Type) {
		return json.Unmarshal(body, i)
	}
	*i = discordgo.Interaction(w.plainInteraction)
	switch w.Type {
	case discordgo.InteractionApplicationCommand, discordgo.InteractionApplicationCommandAutocomplete:
		i.Data = discordgo.ApplicationCommandInteractionData{
			ID: w.Data.ID, Name: w.Data.Name, CommandType: w.Data.CommandType,
			Options: w.Data.Options, TargetID: w.Data.TargetID,
		}
	case discordgo.InteractionMessageComponent:
		i.Data = discordgo.MessageComponentInteractionData{
			CustomID: w.Data.CustomID, ComponentType: w.Data.ComponentType, Values: w.Data.Values,
		}
	}
	return nil
}

// plainInteraction is discordgo.Interaction without its UnmarshalJSON.
type plainInteraction discordgo.Interaction

// interactionJSON shadows the embedded Data (an interface encoding/json
// cannot fill) with a struct holding the data fields of every common shape.
type interactionJSON struct {
	plainInteraction
	Data dataJSON `json:"data"`
}

type dataJSON struct {
	// Slash commands and autocomplete (ApplicationCommandInteractionData).
	ID          string                                               `json:"id"`
	Name        string                                               `json:"name"`
	CommandType discordgo.ApplicationCommandType                     `json:"type"`
	Options     []*discordgo.ApplicationCommandInteractionDataOption `json:"options"`
	TargetID    string                                               `json:"target_id"`
	// Buttons and select menus (MessageComponentInteractionData).
	CustomID      string                  `json:"custom_id"`
	ComponentType discordgo.ComponentType `json:"component_type"`
	Values        []string                `json:"values"`
	// Present only in the rare shapes, whose types differ by interaction
	// type: their presence sends the body to discordgo's decoder.
	Resolved   json.RawMessage `json:"resolved"`
	Components json.RawMessage `json:"components"`
}

func (d *dataJSON) rare(t discordgo.InteractionType) bool {
	switch t {
	case discordgo.InteractionApplicationCommand, discordgo.InteractionApplicationCommandAutocomplete,
		discordgo.InteractionMessageComponent, discordgo.InteractionPing:
		return d.Resolved != nil || d.Components != nil
	}
	return true
}

// encodeResponse is json.Marshal(resp), byte for byte (TestEncodeResponse
// compares the two on every rendered answer).
//
// encoding/json walks an answer by reflection, decodes every Japanese
// character to check it, and marshals each component separately through
// its MarshalJSON (to add its "type") before validating and copying the
// result again: together about a tenth of an uncached answer. The shapes
// the bot sends (embeds with fields and a footer, rows of buttons) are
// written here directly; any other value goes through encoding/json.
// TestWireFields fails when a discordgo upgrade changes these structs.
func encodeResponse(resp *discordgo.InteractionResponse) ([]byte, error) {
	return jsontext.Write(func(dst []byte) ([]byte, error) { return appendResponse(dst, resp) })
}

func appendResponse(dst []byte, r *discordgo.InteractionResponse) ([]byte, error) {
	if r == nil {
		return append(dst, "null"...), nil
	}
	o := object{dst: append(dst, '{')}
	if r.Type != 0 {
		o.key("type")
		o.dst = strconv.AppendUint(o.dst, uint64(r.Type), 10)
	}
	if d := r.Data; d != nil {
		o.key("data")
		o.dst = append(o.dst, `{"tts":`...)
		o.dst = strconv.AppendBool(o.dst, d.TTS)
		o.dst = append(o.dst, `,"content":`...)
		o.dst = jsontext.AppendString(o.dst, d.Content)
		o.dst = append(o.dst, `,"components":`...)
		o.components(d.Components)
		o.dst = append(o.dst, `,"embeds":`...)
		o.embeds(d.Embeds)
		if d.AllowedMentions != nil {
			o.dst = append(o.dst, `,"allowed_mentions":`...)
			o.mentions(d.AllowedMentions)
		}
		if d.Attachments != nil {
			o.dst = append(o.dst, `,"attachments":`...)
			o.marshal(d.Attachments)
		}
		if d.Poll != nil {
			o.dst = append(o.dst, `,"poll":`...)
			o.marshal(d.Poll)
		}
		if d.Flags != 0 {
			o.dst = append(o.dst, `,"flags":`...)
			o.dst = strconv.AppendInt(o.dst, int64(d.Flags), 10)
		}
		if len(d.Choices) > 0 {
			o.dst = append(o.dst, `,"choices":`...)
			o.marshal(d.Choices)
		}
		o.dst = appendOpt(o.dst, `,"custom_id":`, d.CustomID)
		o.dst = appendOpt(o.dst, `,"title":`, d.Title)
		o.dst = append(o.dst, '}')
	}
	return append(o.dst, '}'), o.err
}

// object is JSON being written: the bytes, whether the current object has
// a member yet (for the commas), and the first error of encoding/json.
type object struct {
	dst  []byte
	more bool
	err  error
}

// key starts a member of an object opened with more == false.
func (o *object) key(k string) {
	if o.more {
		o.dst = append(o.dst, ',')
	}
	o.more = true
	o.dst = append(o.dst, '"')
	o.dst = append(o.dst, k...)
	o.dst = append(o.dst, '"', ':')
}

// str writes an omitempty string member.
func (o *object) str(k, v string) {
	if v != "" {
		o.key(k)
		o.dst = jsontext.AppendString(o.dst, v)
	}
}

// marshal writes v through encoding/json.
func (o *object) marshal(v any) {
	raw, err := json.Marshal(v)
	if err != nil && o.err == nil {
		o.err = err
	}
	o.dst = append(o.dst, raw...)
}

// open starts a nested object, returning the outer one's comma state.
func (o *object) open() bool {
	more := o.more
	o.dst, o.more = append(o.dst, '{'), false
	return more
}

func (o *object) close(more bool) {
	o.dst, o.more = append(o.dst, '}'), more
}

func appendOpt(dst []byte, key, v string) []byte {
	if v == "" {
		return dst
	}
	return jsontext.AppendString(append(dst, key...), v)
}

// jsonList writes xs as a JSON array (null when nil, as encoding/json does),
// each element by item.
func jsonList[T any](o *object, xs []T, item func(T)) {
	if xs == nil {
		o.dst = append(o.dst, "null"...)
		return
	}
	o.dst = append(o.dst, '[')
	for i, x := range xs {
		if i > 0 {
			o.dst = append(o.dst, ',')
		}
		item(x)
	}
	o.dst = append(o.dst, ']')
}

func (o *object) embeds(es []*discordgo.MessageEmbed) {
	jsonList(o, es, o.embed)
}

func (o *object) embed(e *discordgo.MessageEmbed) {
	if e == nil {
		o.dst = append(o.dst, "null"...)
		return
	}
	more := o.open()
	o.str("url", e.URL)
	o.str("type", string(e.Type))
	o.str("title", e.Title)
	o.str("description", e.Description)
	o.str("timestamp", e.Timestamp)
	if e.Color != 0 {
		o.key("color")
		o.dst = strconv.AppendInt(o.dst, int64(e.Color), 10)
	}
	if f := e.Footer; f != nil {
		o.key("footer")
		m := o.open()
		o.str("text", f.Text)
		o.str("icon_url", f.IconURL)
		o.str("proxy_icon_url", f.ProxyIconURL)
		o.close(m)
	}
	for _, v := range [...]struct {
		k   string
		v   any
		set bool
	}{{"image", e.Image, e.Image != nil}, {"thumbnail", e.Thumbnail, e.Thumbnail != nil},
		{"video", e.Video, e.Video != nil}, {"provider", e.Provider, e.Provider != nil}, {"author", e.Author, e.Author != nil}} {
		if v.set {
			o.key(v.k)
			o.marshal(v.v)
		}
	}
	if len(e.Fields) > 0 {
		o.key("fields")
		jsonList(o, e.Fields, o.field)
	}
	o.close(more)
}

func (o *object) field(f *discordgo.MessageEmbedField) {
	if f == nil {
		o.dst = append(o.dst, "null"...)
		return
	}
	o.dst = append(o.dst, `{"name":`...)
	o.dst = jsontext.AppendString(o.dst, f.Name)
	o.dst = append(o.dst, `,"value":`...)
	o.dst = jsontext.AppendString(o.dst, f.Value)
	if f.Inline {
		o.dst = append(o.dst, `,"inline":true`...)
	}
	o.dst = append(o.dst, '}')
}

func (o *object) mentions(m *discordgo.MessageAllowedMentions) {
	o.dst = append(o.dst, `{"parse":`...)
	jsonList(o, m.Parse, func(p discordgo.AllowedMentionType) { o.dst = jsontext.AppendString(o.dst, string(p)) })
	for _, l := range [...]struct {
		k  string
		vs []string
	}{{`,"roles":`, m.Roles}, {`,"users":`, m.Users}} {
		if len(l.vs) > 0 {
			o.dst = append(o.dst, l.k...)
			o.marshal(l.vs)
		}
	}
	o.dst = append(o.dst, `,"replied_user":`...)
	o.dst = strconv.AppendBool(o.dst, m.RepliedUser)
	o.dst = append(o.dst, '}')
}

// components writes rows of buttons directly, anything else through
// encoding/json (and the components' own MarshalJSON).
func (o *object) components(cs []discordgo.MessageComponent) {
	if !rowsOfButtons(cs) {
		o.marshal(cs)
		return
	}
	jsonList(o, cs, func(c discordgo.MessageComponent) {
		row := c.(discordgo.ActionsRow)
		o.dst = append(o.dst, `{"components":`...)
		jsonList(o, row.Components, func(bc discordgo.MessageComponent) { o.button(bc.(discordgo.Button)) })
		o.idAndType(row.ID, row.Type())
	})
}

// button is Button.MarshalJSON's output: the button's fields, then its type.
func (o *object) button(b discordgo.Button) {
	if b.Style == 0 { // as Button.MarshalJSON does
		b.Style = discordgo.PrimaryButton
	}
	o.dst = append(o.dst, `{"label":`...)
	o.dst = jsontext.AppendString(o.dst, b.Label)
	o.dst = append(o.dst, `,"style":`...)
	o.dst = strconv.AppendUint(o.dst, uint64(b.Style), 10)
	o.dst = append(o.dst, `,"disabled":`...)
	o.dst = strconv.AppendBool(o.dst, b.Disabled)
	if e := b.Emoji; e != nil {
		o.dst = append(o.dst, `,"emoji":`...)
		more := o.open()
		o.str("name", e.Name)
		o.str("id", e.ID)
		if e.Animated {
			o.key("animated")
			o.dst = append(o.dst, "true"...)
		}
		o.close(more)
	}
	o.dst = appendOpt(o.dst, `,"url":`, b.URL)
	o.dst = appendOpt(o.dst, `,"custom_id":`, b.CustomID)
	o.dst = appendOpt(o.dst, `,"sku_id":`, b.SKUID)
	o.idAndType(b.ID, b.Type())
}

// idAndType ends a component: its id (omitted when 0), then the "type"
// its MarshalJSON adds.
func (o *object) idAndType(id int, t discordgo.ComponentType) {
	if id != 0 {
		o.dst = append(o.dst, `,"id":`...)
		o.dst = strconv.AppendInt(o.dst, int64(id), 10)
	}
	o.dst = append(o.dst, `,"type":`...)
	o.dst = strconv.AppendUint(o.dst, uint64(t), 10)
	o.dst = append(o.dst, '}')
}

// rowsOfButtons reports whether cs holds only rows of buttons.
func rowsOfButtons(cs []discordgo.MessageComponent) bool {
	for _, c := range cs {
		row, ok := c.(discordgo.ActionsRow)
		if !ok {
			return false
		}
		for _, bc := range row.Components {
			if _, ok := bc.(discordgo.Button); !ok {
				return false
			}
		}
	}
	return true
}
