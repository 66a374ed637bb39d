package handlers

import (
	"careerbot/knowledge"
)

// GapRecorder hears the questions the knowledge base had no answer for, so
// curators learn what people ask about. It is called on the request path,
// after the reply is made, and must return at once (count in memory, write
// later). It is given the command, the normalised text (which counts
// variants as one) and a readable form: never who asked or where.
type GapRecorder interface {
	RecordGap(command, key, text string)
}

// maxGapRunes bounds the text a gap is recorded with.
const maxGapRunes = 200

// recordGap tells the recorder about a reply that found nothing. A failing
// recorder is logged and never changes the reply.
func (r *Router) recordGap(cmd, args string, rep Reply) {
	if r.opts.Gaps == nil || !isGap(cmd, rep) {
		return
	}
	text := knowledge.FoldText(Clean(args, maxGapRunes))
	key := knowledge.Normalize(text)
	if key == "" {
		return
	}
	defer func() {
		if p := recover(); p != nil {
			r.log.Error("recording an unanswered question failed", "command", cmd, "panic", p)
		}
	}()
	r.opts.Gaps.RecordGap(cmd, key, text)
}

// isGap reports whether a reply to a knowledge command found nothing: "not
// in the knowledge base", or an /ask whose search found no fact (only
// suggestions of other commands).
func isGap(cmd string, rep Reply) bool {
	if cmd == "digest" || cmd == "help" || cmd == "careerhelp" {
		return false
	}
	if rep.Status == StatusNotFound {
		return true
	}
	return cmd == "ask" && rep.OK() && len(rep.Fields) == 0 && rep.Table == nil && len(rep.Paragraphs) == 0
}
