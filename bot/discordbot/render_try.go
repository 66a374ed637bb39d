package discordbot

import (
	"github.com/bwmarrin/discordgo"

	"careerbot/bot/internal/chattext"
	"careerbot/handlers"
	"careerbot/knowledge"
)

// maxTryButtons bounds the suggestions shown as buttons (two rows).
const maxTryButtons = 10

// tryButtons are the reply's suggestions as buttons, five a row in at most
// rows rows, that run the suggested command for whoever presses,
// privately; the "Try" field still lists them as text.
func tryButtons(sugs []handlers.Suggestion, opts renderOpts, l knowledge.Locale, rows int) []discordgo.MessageComponent {
	if opts.tryID == nil {
		return nil
	}
	var btns []discordgo.MessageComponent
	seen := map[string]bool{} // custom_ids must be unique in a message
	for _, sg := range sugs {
		if len(btns) == min(maxTryButtons, 5*rows) {
			break
		}
		cmd := oneLine(sg.Command)
		if cmd == "" {
			continue
		}
		id := opts.tryID(handlers.ActionValue(l, cmd))
		if id == "" || seen[id] || ulen(id) > limitCustomID {
			continue
		}
		seen[id] = true
		text := chattext.Cut(oneLine(sg.Label), limitLabel)
		if text == "" {
			text = chattext.Cut(cmd, limitLabel)
		}
		btns = append(btns, discordgo.Button{Label: text, Style: discordgo.SecondaryButton, CustomID: id})
	}
	var out []discordgo.MessageComponent
	for i := 0; i < len(btns); i += 5 {
		out = append(out, discordgo.ActionsRow{Components: btns[i:min(i+5, len(btns))]})
	}
	return out
}
