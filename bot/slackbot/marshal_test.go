package slackbot

import (
	"bytes"
	"context"
	"encoding/json"
	"reflect"
	"testing"

	"github.com/slack-go/slack"

	"careerbot/handlers"
	"careerbot/handlers/handlerstest"
	"careerbot/knowledge"
)

// marshalMessage writes exactly what json.Marshal writes, for every answer
// of the handlers' question table in both locales, compact and full, with
// and without the byte budget, and for a reply with every field filled.
func TestMarshalMessage(t *testing.T) {
	router := realRouter(t)
	var replies []handlers.Reply
	for _, q := range handlerstest.Questions() {
		cmd, args := handlers.ParseLine(q.Line)
		for _, full := range []bool{false, true} {
			replies = append(replies, router.Handle(context.Background(), handlers.Request{Command: cmd, Args: args, Locale: q.Locale, Platform: "slack", Full: full}))
		}
	}
	replies = append(replies, handlerstest.Filled())
	opts := []renderOptions{{}, {Share: true, More: true, MaxBytes: ackBudget}, {Share: true, MaxBytes: 4000},
		{Share: true, More: true, Try: true, Feedback: "v1", MaxBytes: ackBudget}}
	n := 0
	for _, r := range replies {
		for _, opt := range opts {
			msg := render(r, opt)
			want, err := json.Marshal(msg)
			if err != nil {
				t.Fatal(err)
			}
			got, err := marshalMessage(msg)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, want) {
				t.Fatalf("%q: marshalMessage differs from json.Marshal:\n%s\n%s", r.Title, got, want)
			}
			for _, b := range msg.Blocks {
				if costOf(b) != len(mustMarshal(t, b)) {
					t.Fatalf("%q: costOf(%T) is not its JSON length", r.Title, b)
				}
			}
			n++
		}
	}
	var empty message
	if got, _ := marshalMessage(empty); string(got) != `{"text":"","blocks":null}` {
		t.Errorf("an empty message: %s", got)
	}
	// Block shapes and fields render never makes: nil and empty cases, the
	// optional fields appendBlock writes, and those it leaves to
	// encoding/json.
	yes, no := true, false
	txt := &slack.TextBlockObject{Type: slack.MarkdownType, Text: "a <b> & \u2028 \"c\"", Emoji: &yes, Verbatim: true}
	btn := func(f func(*slack.ButtonBlockElement)) *slack.ButtonBlockElement {
		b := slack.NewButtonBlockElement("act", "v", slack.NewTextBlockObject(slack.PlainTextType, "押す", false, false))
		f(b)
		return b
	}
	odd := []slack.Block{&slack.ActionBlock{Type: slack.MBTAction}, slack.NewActionBlock("a"),
		&slack.ActionBlock{Type: slack.MBTAction, Elements: &slack.BlockElements{}}, (*slack.ActionBlock)(nil), (*slack.ContextBlock)(nil),
		&slack.ContextActionsBlock{Type: slack.MBTContextActions}, (*slack.ContextActionsBlock)(nil),
		&slack.HeaderBlock{Type: slack.MBTHeader, Text: txt, BlockID: "h", Level: 2}, &slack.HeaderBlock{Type: slack.MBTHeader}, (*slack.HeaderBlock)(nil),
		&slack.SectionBlock{Type: slack.MBTSection, BlockID: "s", Fields: []*slack.TextBlockObject{txt, nil, {Type: "plain_text", Emoji: &no}}, Expand: true},
		&slack.SectionBlock{Type: slack.MBTSection, Text: txt, Accessory: slack.NewAccessory(btn(func(*slack.ButtonBlockElement) {}))},
		&slack.SectionBlock{Type: slack.MBTSection, Fields: []*slack.TextBlockObject{}}, (*slack.SectionBlock)(nil),
		&slack.ContextBlock{Type: slack.MBTContext, ContextElements: slack.ContextElements{Elements: []slack.MixedElement{txt, slack.NewImageBlockElement("https://x/i.png", "alt")}}},
		&slack.ContextBlock{Type: slack.MBTContext, ContextElements: slack.ContextElements{Elements: []slack.MixedElement{}}},
		&slack.ContextBlock{Type: slack.MBTContext, ContextElements: slack.ContextElements{Elements: []slack.MixedElement{(*slack.TextBlockObject)(nil)}}},
		slack.NewActionBlock("b", btn(func(b *slack.ButtonBlockElement) {
			b.URL, b.Style, b.AccessibilityLabel = "https://x", slack.StylePrimary, "label"
		}),
			btn(func(b *slack.ButtonBlockElement) {
				b.Type, b.Text, b.AgentPrompt, b.AgentPromptDisplay = "", nil, "p", "d"
			})),
		slack.NewActionBlock("c", btn(func(b *slack.ButtonBlockElement) { b.Confirm = slack.NewConfirmationBlockObject(txt, txt, txt, txt) })),
		slack.NewActionBlock("d", btn(func(b *slack.ButtonBlockElement) { b.VisibleToUserIDs = []string{"U1"} })),
		slack.NewActionBlock("e", (*slack.ButtonBlockElement)(nil)),
		slack.NewActionBlock("f", slack.NewOverflowBlockElement("o")),
		slack.NewContextActionsBlock("g", &slack.FeedbackButtonsBlockElement{Type: "feedback_buttons", PositiveButton: &slack.FeedbackButton{Text: txt, Value: "up", AccessibilityLabel: "good"}}),
		slack.NewContextActionsBlock("h", (*slack.FeedbackButtonsBlockElement)(nil)),
		slack.NewDividerBlock(),
	}
	for i := range odd {
		for _, m := range []message{{Blocks: odd[i : i+1]}, {ResponseType: "in_channel", Text: "t", Blocks: odd[:i+1]}} {
			want, _ := json.Marshal(m)
			if got, err := marshalMessage(m); err != nil || !bytes.Equal(got, want) {
				t.Errorf("odd block %d: %s, %v; want %s", i, got, err, want)
			}
		}
	}
	t.Logf("%d messages compared", n)
}

func mustMarshal(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestBlockJSONFields fails when slack-go changes a struct that appendBlock
// writes by hand: a new field would otherwise be dropped from the JSON.
func TestBlockJSONFields(t *testing.T) {
	for _, c := range []struct {
		v    any
		want []string
	}{
		{slack.HeaderBlock{}, []string{`Type json:"type"`, `Text json:"text,omitempty"`, `BlockID json:"block_id,omitempty"`, `Level json:"level,omitempty"`}},
		{slack.SectionBlock{}, []string{`Type json:"type"`, `Text json:"text,omitempty"`, `BlockID json:"block_id,omitempty"`, `Fields json:"fields,omitempty"`, `Accessory json:"accessory,omitempty"`, `Expand json:"expand,omitempty"`}},
		{slack.ContextBlock{}, []string{`Type json:"type"`, `BlockID json:"block_id,omitempty"`, `ContextElements json:"elements"`}},
		{slack.ContextElements{}, []string{`Elements `}},
		{slack.ActionBlock{}, []string{`Type json:"type"`, `BlockID json:"block_id,omitempty"`, `Elements json:"elements"`}},
		{slack.ContextActionsBlock{}, []string{`Type json:"type"`, `BlockID json:"block_id,omitempty"`, `Elements json:"elements"`}},
		{slack.BlockElements{}, []string{`ElementSet json:"elements,omitempty"`}},
		{slack.TextBlockObject{}, []string{`Type json:"type"`, `Text json:"text"`, `Emoji json:"emoji,omitempty"`, `Verbatim json:"verbatim,omitempty"`}},
		{slack.ButtonBlockElement{}, []string{`Type json:"type,omitempty"`, `Text json:"text"`, `ActionID json:"action_id,omitempty"`, `URL json:"url,omitempty"`,
			`Value json:"value,omitempty"`, `Confirm json:"confirm,omitempty"`, `Style json:"style,omitempty"`, `AccessibilityLabel json:"accessibility_label,omitempty"`,
			`AgentPrompt json:"agent_prompt,omitempty"`, `AgentPromptDisplay json:"agent_prompt_display,omitempty"`, `VisibleToUserIDs json:"visible_to_user_ids,omitempty"`}},
		{slack.FeedbackButtonsBlockElement{}, []string{`Type json:"type"`, `ActionID json:"action_id,omitempty"`, `PositiveButton json:"positive_button"`, `NegativeButton json:"negative_button"`}},
		{slack.FeedbackButton{}, []string{`Text json:"text"`, `Value json:"value"`, `AccessibilityLabel json:"accessibility_label,omitempty"`}},
	} {
		var got []string
		for f := range reflect.TypeOf(c.v).Fields() {
			got = append(got, f.Name+" "+string(f.Tag))
		}
		if !reflect.DeepEqual(got, c.want) {
			t.Errorf("%T has fields\n%q\nappendBlock writes\n%q", c.v, got, c.want)
		}
	}
}

// BenchmarkMarshalMessage: the /salary go answer a workspace gets (Share,
// More, suggestions and vote buttons), written by encoding/json and by
// marshalMessage.
func BenchmarkMarshalMessage(b *testing.B) {
	r := realRouterB(b).Handle(context.Background(), handlers.Request{Command: "salary", Args: "go", Locale: knowledge.JA, Platform: "slack"})
	msg := render(r, renderOptions{Share: true, More: true, Try: true, Feedback: "v1", MaxBytes: ackBudget})
	raw, err := marshalMessage(msg)
	if err != nil {
		b.Fatal(err)
	}
	b.Run("encoding/json", func(b *testing.B) {
		b.SetBytes(int64(len(raw)))
		b.ReportAllocs()
		for b.Loop() {
			if _, err := json.Marshal(msg); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("marshalMessage", func(b *testing.B) {
		b.SetBytes(int64(len(raw)))
		b.ReportAllocs()
		for b.Loop() {
			if _, err := marshalMessage(msg); err != nil {
				b.Fatal(err)
			}
		}
	})
}
