package slackbot

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/slack-go/slack"

	"careerbot/handlers"
	"careerbot/knowledge"
)

const (
	// digestFormID is the callback_id of the /digest subscribe modal; its
	// input blocks are named after the handlers.Form* field keys, so field
	// errors map onto them as they are.
	digestFormID = "careerbot_digest_subscribe"
	formActionID = "value"
)

// formEngine is the part of handlers.Router behind the subscribe form.
type formEngine interface {
	DigestFormDefaults() (handlers.DigestForm, bool)
	SubmitDigestForm(ctx context.Context, req handlers.Request, f handlers.DigestForm) (handlers.Reply, map[string]string)
}

// slashAnswer answers a slash command; "/digest subscribe" with no
// arguments opens the subscribe form instead and is answered with nothing
// (an empty answer, raw nil). When the form cannot be opened, the command
// runs as typed (subscribing with the defaults, as before forms).
func (b *Bot) slashAnswer(ctx context.Context, sc slack.SlashCommand) answer {
	if wantsDigestForm(sc) && sc.TriggerID != "" {
		if fe, ok := b.engine.(formEngine); ok && b.clientFor(ctx, sc.TeamID) != nil {
			u := b.lookupUser(ctx, sc.TeamID, sc.UserID, sc.UserName)
			if def, ok := fe.DigestFormDefaults(); ok && u.isAdmin {
				def.Channel = sc.ChannelID
				err := b.openDigestForm(ctx, sc.TeamID, sc.TriggerID, def, u.locale)
				if err == nil {
					return answer{}
				}
				b.log.Warn("could not open the subscribe form; subscribing as typed", "err", err)
			}
		}
	}
	return b.answer(ctx, sc)
}

// wantsDigestForm: "/digest subscribe" (or "/career digest subscribe")
// with nothing after it.
func wantsDigestForm(sc slack.SlashCommand) bool {
	name := strings.TrimPrefix(strings.TrimSpace(sc.Command), "/")
	cmd, args := handlers.ParseLine(name + " " + sc.Text)
	if cmd != "digest" {
		return false
	}
	switch knowledge.Normalize(strings.TrimSpace(args)) {
	case "subscribe", "購読", "登録":
		return true
	}
	return false
}

func (b *Bot) openDigestForm(ctx context.Context, team, trigger string, def handlers.DigestForm, l knowledge.Locale) error {
	view := digestFormView(def, l)
	return b.retry(ctx, "views.open", func() error {
		_, err := b.clientFor(ctx, team).OpenViewContext(ctx, trigger, view)
		return err
	})
}

// digestFormView is the subscribe modal: channel (the current one
// chosen), weekday, time and time zone, prefilled with the defaults.
func digestFormView(def handlers.DigestForm, l knowledge.Locale) slack.ModalViewRequest {
	channel := slack.NewOptionsSelectBlockElement(slack.OptTypeConversations, nil, formActionID)
	channel.InitialConversation = def.Channel
	channel.Filter = &slack.SelectBlockElementFilter{Include: []string{"public", "private"}, ExcludeBotUsers: true}

	var days []*slack.OptionBlockObject
	var initial *slack.OptionBlockObject
	for d := time.Sunday; d <= time.Saturday; d++ {
		wd := (d + 1) % 7 // Monday first
		value := strings.ToLower(wd.String()[:3])
		label := wd.String()
		if l != knowledge.EN {
			label = [7]string{"日曜日", "月曜日", "火曜日", "水曜日", "木曜日", "金曜日", "土曜日"}[wd]
		}
		o := slack.NewOptionBlockObject(value, plain(label), nil)
		days = append(days, o)
		if value == def.Weekday {
			initial = o
		}
	}
	weekday := slack.NewOptionsSelectBlockElement(slack.OptTypeStatic, nil, formActionID, days...)
	weekday.InitialOption = initial

	clock := slack.NewTimePickerBlockElement(formActionID)
	clock.InitialTime = def.Time

	tz := slack.NewPlainTextInputBlockElement(plain("Asia/Tokyo"), formActionID)
	tz.InitialValue = def.Timezone
	tz.MaxLength = 64

	input := func(id, en, ja string, el slack.BlockElement) slack.Block {
		return slack.NewInputBlock(id, plain(tr(l, en, ja)), nil, el)
	}
	return slack.ModalViewRequest{
		Type:       slack.VTModal,
		CallbackID: digestFormID,
		Title:      plain(tr(l, "Weekly digest", "週次ダイジェスト")),
		Submit:     plain(tr(l, "Subscribe", "購読する")),
		Close:      plain(tr(l, "Cancel", "キャンセル")),
		Blocks: slack.Blocks{BlockSet: []slack.Block{
			input(handlers.FormChannel, "Channel", "チャンネル", channel),
			input(handlers.FormWeekday, "Weekday", "曜日", weekday),
			input(handlers.FormTime, "Time", "時刻", clock),
			input(handlers.FormTimezone, "Time zone (IANA name)", "タイムゾーン (IANA 名)", tz),
		}},
	}
}

// formValues reads the submitted fields of the subscribe modal.
func formValues(v slack.View) handlers.DigestForm {
	get := func(block string) slack.BlockAction {
		return v.State.Values[block][formActionID]
	}
	if v.State == nil {
		return handlers.DigestForm{}
	}
	return handlers.DigestForm{
		Channel:  firstNonEmpty(get(handlers.FormChannel).SelectedConversation, get(handlers.FormChannel).SelectedChannel),
		Weekday:  get(handlers.FormWeekday).SelectedOption.Value,
		Time:     get(handlers.FormTime).SelectedTime,
		Timezone: get(handlers.FormTimezone).Value,
	}
}

// onViewSubmission answers a submitted modal within Slack's 3 s: field
// errors keep the modal open (response_action errors); nil closes it.
// After success the confirmation is posted in the channel.
func (b *Bot) onViewSubmission(ctx context.Context, cb slack.InteractionCallback) *slack.ViewSubmissionResponse {
	if cb.View.CallbackID != digestFormID {
		return nil
	}
	fe, ok := b.engine.(formEngine)
	if !ok {
		return nil
	}
	req := b.pressRequest(ctx, cb)
	f := formValues(cb.View)
	reply, errs := fe.SubmitDigestForm(ctx, req, f)
	if len(errs) > 0 {
		return slack.NewErrorsViewSubmissionResponse(errs)
	}
	if !reply.OK() {
		// Refused as a whole (not an admin of that channel, …): say so
		// on the channel, which is what the refusal is about.
		text := strings.Join(reply.Paragraphs, " ")
		return slack.NewErrorsViewSubmissionResponse(map[string]string{handlers.FormChannel: firstNonEmpty(text, handlers.StatusLabel(req.Locale, reply.Status))})
	}
	go b.postFormResult(context.WithoutCancel(ctx), cb.Team.ID, f.Channel, cb.User.ID, reply)
	return nil
}

// postFormResult posts the subscribe confirmation in the channel, or to
// the person in the app's DM when careerbot may not post there.
func (b *Bot) postFormResult(ctx context.Context, team, channel, user string, reply handlers.Reply) {
	ctx, cancel := context.WithTimeout(ctx, eventWork)
	defer cancel()
	client := b.clientFor(ctx, team)
	if client == nil {
		return
	}
	msg := render(reply, renderOptions{Try: true})
	post := func(to string) error {
		return b.retry(ctx, "chat.postMessage", func() error {
			_, _, err := client.PostMessageContext(ctx, to, slack.MsgOptionText(msg.Text, false), slack.MsgOptionBlocks(msg.Blocks...))
			return err
		})
	}
	if err := post(channel); err != nil {
		b.log.Info("could not post the subscription in its channel; telling the subscriber", "channel", channel, "err", err)
		if err := post(user); err != nil {
			b.log.Warn("could not confirm a subscription", "err", fmt.Errorf("posting to the subscriber: %w", err))
		}
	}
}
