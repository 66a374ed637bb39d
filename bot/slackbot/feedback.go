package slackbot

import (
	"unicode/utf8"

	"github.com/slack-go/slack"

	"careerbot/handlers"
	"careerbot/knowledge"
)

const (
	// voteActionID is the action_id of the 👍/👎 feedback_buttons element;
	// each button's value is "up|" or "down|" and the answer's identity.
	voteActionID = "careerbot_vote"
	voteBlockID  = "careerbot_votes"
	// actionVote is a press of a vote button (not a handlers action).
	actionVote handlers.ActionKind = "vote"
)

// feedbackBlock is the context_actions block with 👍/👎 for an answer
// whose identity is value, or nil when there is none (or it is too long
// for a button).
func feedbackBlock(value string, loc knowledge.Locale) slack.Block {
	if value == "" || utf8.RuneCountInString(value)+len("down|") > maxButtonValue {
		return nil
	}
	good, bad := "Helpful", "Not helpful"
	if loc != knowledge.EN {
		good, bad = "役に立った", "役に立たなかった"
	}
	up := slack.NewFeedbackButton(plain("👍"), "up|"+value).WithAccessibilityLabel(good)
	down := slack.NewFeedbackButton(plain("👎"), "down|"+value).WithAccessibilityLabel(bad)
	return slack.NewContextActionsBlock(voteBlockID, slack.NewFeedbackButtonsBlockElement(voteActionID, up, down))
}
