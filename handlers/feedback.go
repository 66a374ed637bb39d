package handlers

import (
	"strconv"
	"strings"

	"careerbot/knowledge"
)

// feedbackPrefix marks a vote button's value (and versions its format).
const feedbackPrefix = "fb1:"

// FeedbackValue is what a 👍/👎 button under rep carries: the answer's
// knowledge version, command and arguments, so that a vote names the
// answer without any state kept between the answer and the press (a
// cached answer carries the same value as a fresh one, since the cache is
// keyed by the same version). version is the name Router.KnowledgeVersion
// gives ("12-9f86d081884c"); only its number is kept. It is "" for replies
// that are not answers: errors and gaps are counted by the gaps log.
func FeedbackValue(version string, rep Reply) string {
	if !rep.OK() || rep.Command == "" || rep.Command == "digest" {
		return ""
	}
	n, _, _ := strings.Cut(version, "-")
	if _, err := strconv.ParseInt(n, 10, 64); err != nil {
		n = "0"
	}
	return feedbackPrefix + n + ":" + strings.TrimSpace(rep.Command+" "+rep.Args)
}

// ParseFeedback reads a FeedbackValue back into the vote it stands for
// (up or down), on platform.
func ParseFeedback(platform knowledge.Platform, value string, up bool) (knowledge.Vote, bool) {
	rest, ok := strings.CutPrefix(value, feedbackPrefix)
	if !ok {
		return knowledge.Vote{}, false
	}
	n, line, ok := strings.Cut(rest, ":")
	version, err := strconv.ParseInt(n, 10, 64)
	if !ok || err != nil || version < 0 {
		return knowledge.Vote{}, false
	}
	cmd, args := ParseLine(line)
	if cmd == "" {
		return knowledge.Vote{}, false
	}
	return knowledge.Vote{Platform: platform, Command: cmd, Args: Clean(args, MaxArgRunes), KBVersion: version, Up: up}, true
}
