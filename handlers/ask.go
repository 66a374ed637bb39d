package handlers

import (
	"context"
	"unicode/utf8"

	"careerbot/knowledge"
)

// commandFor maps a fact kind to the command that shows it in full.
var commandFor = map[knowledge.FactKind]string{
	knowledge.FactSalary: "/salary", knowledge.FactListing: "/jobs", knowledge.FactPath: "/path",
	knowledge.FactSkill: "/skills", knowledge.FactTrend: "/market", knowledge.FactAction: "/ask",
}

func (r *Router) ask(ctx context.Context, req Request) (Reply, error) {
	l := req.Locale
	if req.Args == "" {
		return errorReply(l, StatusInvalid, tr(l, "ask_usage")), nil
	}
	hits, err := r.kb.Search(ctx, req.Args, 6)
	if err != nil {
		return Reply{}, err
	}
	rep := Reply{Title: tr(l, "ask_title", Clean(req.Args, maxEcho))}
	// Topics named in the question point straight at the command that
	// answers them best.
	for _, t := range r.ix().matcher.Mentions(req.Args) {
		for _, c := range topicCommands[t.Kind] {
			rep.Suggestions = append(rep.Suggestions, Suggestion{Label: c + " " + t.Name.In(l), Command: c + " " + t.ID})
		}
	}
	if len(hits) == 0 && len(rep.Suggestions) == 0 {
		rep.Status = StatusNotFound
		rep.Paragraphs = []string{tr(l, "ask_none", Clean(req.Args, maxEcho)), tr(l, "see_help")}
		for _, c := range []string{"/salary", "/path", "/skills", "/market", "/jobs"} {
			rep.Suggestions = append(rep.Suggestions, Suggestion{Label: c, Command: c})
		}
		return rep, nil
	}
	actions := map[string]knowledge.Action{}
	if acts, err := r.kb.Actions(ctx); err == nil {
		for _, a := range acts {
			actions[a.ID] = a
		}
	}
	for _, h := range hits {
		text := h.Text.In(l)
		// Action items have no command of their own: show them whole.
		if a, ok := actions[h.ID]; ok && h.Kind == knowledge.FactAction {
			text = bullets(a.Items, l)
		}
		if text == h.Title.In(l) || text == "" {
			text = "—"
		}
		rep.Fields = append(rep.Fields, Field{Label: truncate(h.Title.In(l), 200), Value: truncate(text, 1000)})
	}
	seen := map[string]bool{}
	for _, s := range rep.Suggestions {
		seen[s.Command] = true
	}
	for _, h := range hits {
		if c := commandFor[h.Kind]; c != "" && c != "/ask" && !seen[c] {
			seen[c] = true
			rep.Suggestions = append(rep.Suggestions, Suggestion{Label: c, Command: c})
		}
	}
	return rep, nil
}

// topicCommands are the commands that answer each kind of topic.
var topicCommands = map[knowledge.TopicKind][]string{
	knowledge.TopicLanguage: {"/salary", "/skills"}, knowledge.TopicAge: {"/salary"}, knowledge.TopicEmployment: {"/salary"},
	knowledge.TopicRole: {"/salary"}, knowledge.TopicPath: {"/path", "/kpi"}, knowledge.TopicSkill: {"/skills"},
}

func truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n-1]) + "…"
}
