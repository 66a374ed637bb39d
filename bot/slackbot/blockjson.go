package slackbot

import (
	"encoding/json"
	"strconv"

	"github.com/slack-go/slack"

	"careerbot/bot/internal/jsontext"
)

// The blocks of an answer are written here, byte for byte as encoding/json
// writes them (TestMarshalMessage compares the two on every rendered
// answer). encoding/json walks each block by reflection and decodes every
// Japanese character to check it; that was a fifth of an uncached Slack
// answer. The block shapes render makes (header, section, context, actions
// and context actions with text objects and buttons) are written directly;
// any other block, or a field render never sets, goes to encoding/json.
// TestBlockJSONFields fails when a slack-go upgrade changes these structs.

// appendBlock appends b's JSON to dst.
func appendBlock(dst []byte, b slack.Block) ([]byte, error) {
	switch b := b.(type) {
	case *slack.HeaderBlock:
		if b != nil {
			dst = appendTextBlockHead(dst, b.Type, b.Text, b.BlockID)
			if b.Level != 0 {
				dst = append(dst, `,"level":`...)
				dst = strconv.AppendInt(dst, int64(b.Level), 10)
			}
			return append(dst, '}'), nil
		}
	case *slack.SectionBlock:
		if b != nil && b.Accessory == nil {
			dst = appendTextBlockHead(dst, b.Type, b.Text, b.BlockID)
			if len(b.Fields) > 0 {
				dst = append(dst, `,"fields":[`...)
				for i, f := range b.Fields {
					if i > 0 {
						dst = append(dst, ',')
					}
					dst = appendText(dst, f)
				}
				dst = append(dst, ']')
			}
			if b.Expand {
				dst = append(dst, `,"expand":true`...)
			}
			return append(dst, '}'), nil
		}
	case *slack.ContextBlock:
		if b != nil && allTexts(b.ContextElements.Elements) {
			dst = appendBlockHead(dst, b.Type, b.BlockID)
			if b.ContextElements.Elements == nil {
				return append(dst, `null}`...), nil
			}
			dst = append(dst, '[')
			for i, e := range b.ContextElements.Elements {
				if i > 0 {
					dst = append(dst, ',')
				}
				dst = appendText(dst, e.(*slack.TextBlockObject))
			}
			return append(dst, "]}"...), nil
		}
	case *slack.ActionBlock:
		if b != nil {
			if out, ok := appendElementsBlock(dst, b.Type, b.BlockID, b.Elements); ok {
				return out, nil
			}
		}
	case *slack.ContextActionsBlock:
		if b != nil {
			if out, ok := appendElementsBlock(dst, b.Type, b.BlockID, b.Elements); ok {
				return out, nil
			}
		}
	}
	raw, err := json.Marshal(jsonView(b))
	return append(dst, raw...), err
}

// contextJSON is slack.ContextBlock's JSON, its element list a plain slice:
// encoding/json compacts whatever a MarshalJSON returns, a second pass.
type contextJSON struct {
	Type     slack.MessageBlockType `json:"type"`
	BlockID  string                 `json:"block_id,omitempty"`
	Elements []slack.MixedElement   `json:"elements"`
}

// jsonView is what encoding/json should marshal for b: the same JSON,
// with no MarshalJSON on the way where that can be avoided.
func jsonView(b slack.Block) any {
	switch b := b.(type) {
	case *slack.ContextBlock:
		if b != nil {
			return contextJSON{Type: b.Type, BlockID: b.BlockID, Elements: b.ContextElements.Elements}
		}
	case *slack.ActionBlock:
		if b != nil {
			return elementsJSON(b.Type, b.BlockID, b.Elements)
		}
	case *slack.ContextActionsBlock:
		if b != nil {
			return elementsJSON(b.Type, b.BlockID, b.Elements)
		}
	}
	return b
}

// elementsJSON is the JSON of slack.ActionBlock and slack.ContextActionsBlock
// (the same fields), the element list a plain slice.
func elementsJSON(t slack.MessageBlockType, id string, es *slack.BlockElements) actionJSON {
	a := actionJSON{Type: t, BlockID: id}
	if es != nil {
		a.Elements = es.ElementSet
	}
	return a
}

// actionJSON is the JSON of a block of elements (elementsJSON).
type actionJSON struct {
	Type     slack.MessageBlockType `json:"type"`
	BlockID  string                 `json:"block_id,omitempty"`
	Elements []slack.BlockElement   `json:"elements"`
}

// appendTextBlockHead appends `{"type":…,"text":…,"block_id":…` of a
// header or section block (the two share their first fields).
func appendTextBlockHead(dst []byte, t slack.MessageBlockType, text *slack.TextBlockObject, id string) []byte {
	dst = append(dst, `{"type":`...)
	dst = jsontext.AppendString(dst, string(t))
	if text != nil {
		dst = append(dst, `,"text":`...)
		dst = appendText(dst, text)
	}
	if id != "" {
		dst = append(dst, `,"block_id":`...)
		dst = jsontext.AppendString(dst, id)
	}
	return dst
}

// appendBlockHead appends `{"type":…,"block_id":…,"elements":`.
func appendBlockHead(dst []byte, t slack.MessageBlockType, id string) []byte {
	dst = append(dst, `{"type":`...)
	dst = jsontext.AppendString(dst, string(t))
	if id != "" {
		dst = append(dst, `,"block_id":`...)
		dst = jsontext.AppendString(dst, id)
	}
	return append(dst, `,"elements":`...)
}

func allTexts(es []slack.MixedElement) bool {
	for _, e := range es {
		if t, ok := e.(*slack.TextBlockObject); !ok || t == nil {
			return false
		}
	}
	return true
}

// appendElementsBlock writes an actions or context actions block whose
// elements are all buttons or feedback buttons; ok is false otherwise.
func appendElementsBlock(dst []byte, t slack.MessageBlockType, id string, es *slack.BlockElements) ([]byte, bool) {
	if es == nil || es.ElementSet == nil {
		return dst, false // rare: encoding/json writes them
	}
	for _, e := range es.ElementSet {
		switch e := e.(type) {
		case *slack.ButtonBlockElement:
			if e == nil || e.Confirm != nil || e.VisibleToUserIDs != nil {
				return dst, false
			}
		case *slack.FeedbackButtonsBlockElement:
			if e == nil {
				return dst, false
			}
		default:
			return dst, false
		}
	}
	dst = appendBlockHead(dst, t, id)
	dst = append(dst, '[')
	for i, e := range es.ElementSet {
		if i > 0 {
			dst = append(dst, ',')
		}
		switch e := e.(type) {
		case *slack.ButtonBlockElement:
			dst = appendButton(dst, e)
		case *slack.FeedbackButtonsBlockElement:
			dst = appendFeedbackButtons(dst, e)
		}
	}
	return append(dst, "]}"...), true
}

func appendButton(dst []byte, e *slack.ButtonBlockElement) []byte {
	dst = append(dst, '{')
	if e.Type != "" {
		dst = append(dst, `"type":`...)
		dst = jsontext.AppendString(dst, string(e.Type))
		dst = append(dst, ',')
	}
	dst = append(dst, `"text":`...)
	dst = appendText(dst, e.Text)
	for _, f := range [...]struct{ key, v string }{
		{`,"action_id":`, e.ActionID}, {`,"url":`, e.URL}, {`,"value":`, e.Value}, {`,"style":`, string(e.Style)},
		{`,"accessibility_label":`, e.AccessibilityLabel}, {`,"agent_prompt":`, e.AgentPrompt},
		{`,"agent_prompt_display":`, e.AgentPromptDisplay},
	} {
		if f.v != "" {
			dst = append(dst, f.key...)
			dst = jsontext.AppendString(dst, f.v)
		}
	}
	return append(dst, '}')
}

func appendFeedbackButtons(dst []byte, e *slack.FeedbackButtonsBlockElement) []byte {
	dst = append(dst, `{"type":`...)
	dst = jsontext.AppendString(dst, string(e.Type))
	if e.ActionID != "" {
		dst = append(dst, `,"action_id":`...)
		dst = jsontext.AppendString(dst, e.ActionID)
	}
	dst = append(dst, `,"positive_button":`...)
	dst = appendFeedbackButton(dst, e.PositiveButton)
	dst = append(dst, `,"negative_button":`...)
	dst = appendFeedbackButton(dst, e.NegativeButton)
	return append(dst, '}')
}

func appendFeedbackButton(dst []byte, b *slack.FeedbackButton) []byte {
	if b == nil {
		return append(dst, "null"...)
	}
	dst = append(dst, `{"text":`...)
	dst = appendText(dst, b.Text)
	dst = append(dst, `,"value":`...)
	dst = jsontext.AppendString(dst, b.Value)
	if b.AccessibilityLabel != "" {
		dst = append(dst, `,"accessibility_label":`...)
		dst = jsontext.AppendString(dst, b.AccessibilityLabel)
	}
	return append(dst, '}')
}

// appendText appends a text object (null for nil, as encoding/json does).
func appendText(dst []byte, t *slack.TextBlockObject) []byte {
	if t == nil {
		return append(dst, "null"...)
	}
	dst = append(dst, `{"type":`...)
	dst = jsontext.AppendString(dst, t.Type)
	dst = append(dst, `,"text":`...)
	dst = jsontext.AppendString(dst, t.Text)
	if t.Emoji != nil {
		dst = append(dst, `,"emoji":`...)
		dst = strconv.AppendBool(dst, *t.Emoji)
	}
	if t.Verbatim {
		dst = append(dst, `,"verbatim":true`...)
	}
	return append(dst, '}')
}
