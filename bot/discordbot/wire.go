package discordbot

import (
	"encoding/json"

	"github.com/bwmarrin/discordgo"
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

// encodeResponse is json.Marshal(resp), byte for byte, in one pass.
//
// discordgo's components implement MarshalJSON (to add their "type"), so
// encoding/json marshals each row and each button separately and then
// validates and copies the result, the buttons twice: a third of the
// encoding of an answer. Rows of buttons, all the bot sends with an answer,
// are encoded here through plain structs of the same shape; anything else
// goes through json.Marshal.
func encodeResponse(resp *discordgo.InteractionResponse) ([]byte, error) {
	if resp == nil || resp.Data == nil {
		return json.Marshal(resp)
	}
	rows, ok := plainRows(resp.Data.Components)
	if !ok {
		return json.Marshal(resp)
	}
	d := resp.Data
	return json.Marshal(respJSON{Type: resp.Type, Data: &respDataJSON{
		TTS: d.TTS, Content: d.Content, Components: rows, Embeds: d.Embeds,
		AllowedMentions: d.AllowedMentions, Files: d.Files, Attachments: d.Attachments,
		Poll: d.Poll, Flags: d.Flags, Choices: d.Choices, CustomID: d.CustomID, Title: d.Title,
	}})
}

// plainRows is cs as plain structs, or false when cs holds anything but
// rows of buttons.
func plainRows(cs []discordgo.MessageComponent) ([]rowJSON, bool) {
	if cs == nil {
		return nil, true
	}
	rows := make([]rowJSON, len(cs))
	for i, c := range cs {
		row, ok := c.(discordgo.ActionsRow)
		if !ok {
			return nil, false
		}
		rows[i] = rowJSON{ID: row.ID, Type: row.Type()}
		if row.Components == nil {
			continue
		}
		rows[i].Components = make([]buttonJSON, len(row.Components))
		for j, bc := range row.Components {
			btn, ok := bc.(discordgo.Button)
			if !ok {
				return nil, false
			}
			if btn.Style == 0 { // as Button.MarshalJSON does
				btn.Style = discordgo.PrimaryButton
			}
			rows[i].Components[j] = buttonJSON{plainButton: plainButton(btn), Type: btn.Type()}
		}
	}
	return rows, true
}

// The wire types below have the fields, order and tags of discordgo's
// (InteractionResponse, InteractionResponseData, and the anonymous structs
// of ActionsRow's and Button's MarshalJSON); TestWireTypesMatchDiscordgo
// holds them to it.
type respJSON struct {
	Type discordgo.InteractionResponseType `json:"type,omitempty"`
	Data *respDataJSON                     `json:"data,omitempty"`
}

type respDataJSON struct {
	TTS             bool                                        `json:"tts"`
	Content         string                                      `json:"content"`
	Components      []rowJSON                                   `json:"components"`
	Embeds          []*discordgo.MessageEmbed                   `json:"embeds"`
	AllowedMentions *discordgo.MessageAllowedMentions           `json:"allowed_mentions,omitempty"`
	Files           []*discordgo.File                           `json:"-"`
	Attachments     *[]*discordgo.MessageAttachment             `json:"attachments,omitempty"`
	Poll            *discordgo.Poll                             `json:"poll,omitempty"`
	Flags           discordgo.MessageFlags                      `json:"flags,omitempty"`
	Choices         []*discordgo.ApplicationCommandOptionChoice `json:"choices,omitempty"`
	CustomID        string                                      `json:"custom_id,omitempty"`
	Title           string                                      `json:"title,omitempty"`
}

type rowJSON struct {
	Components []buttonJSON            `json:"components"`
	ID         int                     `json:"id,omitempty"`
	Type       discordgo.ComponentType `json:"type"`
}

// plainButton is discordgo.Button without its MarshalJSON.
type plainButton discordgo.Button

type buttonJSON struct {
	plainButton
	Type discordgo.ComponentType `json:"type"`
}
