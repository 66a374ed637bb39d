package discordbot

import (
	"context"
	"strings"

	"github.com/bwmarrin/discordgo"

	"careerbot/handlers"
	"careerbot/knowledge"
)

// digestFormID is the custom_id of the /digest subscribe modal; its text
// inputs are named after the handlers.Form* field keys.
const digestFormID = "digest_subscribe"

// formEngine is the part of handlers.Router behind the subscribe form.
type formEngine interface {
	DigestFormDefaults() (handlers.DigestForm, bool)
	SubmitDigestForm(ctx context.Context, req handlers.Request, f handlers.DigestForm) (handlers.Reply, map[string]string)
}

// digestForm answers "/digest subscribe" with no options by an admin with
// a modal (response type 9) prefilled with the defaults; ok is false for
// anything else, which is answered as typed.
func (b *Bot) digestForm(req handlers.Request) (*discordgo.InteractionResponse, bool) {
	fe, isForms := b.engine.(formEngine)
	if !isForms || req.Command != "digest" || strings.TrimSpace(req.Args) != "subscribe" || !req.IsAdmin || req.Channel == "" {
		return nil, false
	}
	def, ok := fe.DigestFormDefaults()
	if !ok {
		return nil, false
	}
	l := req.Locale
	input := func(id, en, ja, value, placeholder string, max int) discordgo.MessageComponent {
		return discordgo.ActionsRow{Components: []discordgo.MessageComponent{discordgo.TextInput{
			CustomID: id, Label: tr(l, en, ja), Style: discordgo.TextInputShort, Value: value,
			Placeholder: placeholder, Required: false, MaxLength: max,
		}}}
	}
	return &discordgo.InteractionResponse{Type: discordgo.InteractionResponseModal, Data: &discordgo.InteractionResponseData{
		CustomID: digestFormID,
		Title:    tr(l, "Weekly digest for this channel", "このチャンネルの週次ダイジェスト"),
		Components: []discordgo.MessageComponent{
			input(handlers.FormWeekday, "Weekday (mon…sun)", "曜日 (mon〜sun / 月〜日)", def.Weekday, "mon", 16),
			input(handlers.FormTime, "Time (HH:MM)", "時刻 (HH:MM)", def.Time, "09:00", 8),
			input(handlers.FormTimezone, "Time zone (IANA name)", "タイムゾーン (IANA 名)", def.Timezone, "Asia/Tokyo", 64),
		},
	}}, true
}

// formSubmitted checks a submitted subscribe modal and subscribes the
// channel it was opened in. A modal cannot show errors beside its fields
// on Discord, so field errors come back as a private message that names
// each field.
func (b *Bot) formSubmitted(ctx context.Context, i *discordgo.Interaction) *discordgo.InteractionResponse {
	req := toRequest(i, b.cfg.DefaultLocale, b.specs)
	data := i.ModalSubmitData()
	fe, ok := b.engine.(formEngine)
	if data.CustomID != digestFormID || !ok {
		return notice(tr(req.Locale, "careerbot does not handle this form.", "このフォームには対応していません。"))
	}
	f := handlers.DigestForm{Channel: i.ChannelID}
	for _, row := range data.Components {
		ar, ok := row.(*discordgo.ActionsRow)
		if !ok {
			continue
		}
		for _, c := range ar.Components {
			in, ok := c.(*discordgo.TextInput)
			if !ok {
				continue
			}
			switch in.CustomID {
			case handlers.FormWeekday:
				f.Weekday = in.Value
			case handlers.FormTime:
				f.Time = in.Value
			case handlers.FormTimezone:
				f.Timezone = in.Value
			}
		}
	}
	reply, errs := fe.SubmitDigestForm(ctx, req, f)
	if len(errs) > 0 {
		return notice(fieldErrorsText(errs, req.Locale))
	}
	return messageResponse(render(reply, renderOpts{tryID: b.tryID, locale: req.Locale}))
}

// fieldErrorsText lists field errors in the form's order, each after its
// field's name.
func fieldErrorsText(errs map[string]string, l knowledge.Locale) string {
	names := []struct{ key, en, ja string }{
		{handlers.FormChannel, "Channel", "チャンネル"},
		{handlers.FormWeekday, "Weekday", "曜日"},
		{handlers.FormTime, "Time", "時刻"},
		{handlers.FormTimezone, "Time zone", "タイムゾーン"},
	}
	lines := []string{tr(l, "Nothing was subscribed. Please fix:", "購読していません。次の項目を直してください:")}
	for _, n := range names {
		if e := errs[n.key]; e != "" {
			lines = append(lines, "• "+tr(l, n.en, n.ja)+": "+e)
		}
	}
	return strings.Join(lines, "\n")
}
