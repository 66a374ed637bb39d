package handlers

import (
	"context"

	"careerbot/knowledge"
)

// route answers a plain question (/ask, /career) through the command its
// words ask for, with the topics it names: 年収, salary, earn → /salary
// (/compare when two topics are compared); なるには, how to become → /path;
// KPI, 指標 → /kpi; スキル, skills → /skills; 案件, jobs → /jobs; 動向,
// trend, market → /market. ok is false when the question asks none of
// these of a topic the command can use, or the command found nothing to
// show: /ask then falls back to full-text search.
func (r *Router) route(ctx context.Context, v view, req Request) (Reply, bool, error) {
	return r.routeAs(ctx, v, req, v.q.Intent)
}

// routeByTopic answers a question that says nothing of what it asks and
// that full-text search found nothing for (おすすめの資格は？) with the
// command that answers its first topic's kind, as a plain /salary, /path or
// /skills would.
func (r *Router) routeByTopic(ctx context.Context, v view, req Request) (Reply, bool, error) {
	if len(v.q.Mentions) == 0 || len(v.q.Mentions[0].Readings) == 0 {
		return Reply{}, false, nil
	}
	intent := knowledge.IntentPay
	switch v.q.Mentions[0].Readings[0].Kind {
	case knowledge.TopicPath:
		intent = knowledge.IntentPath
	case knowledge.TopicSkill:
		intent = knowledge.IntentSkills
	}
	return r.routeAs(ctx, v, req, intent)
}

func (r *Router) routeAs(ctx context.Context, v view, req Request, intent knowledge.Intent) (Reply, bool, error) {
	q := v.q
	q.Intent = intent
	pay := q.TopicsOf(salaryTopicKinds...)
	paths := q.TopicsOf(knowledge.TopicPath)
	var cmd string
	var fn command
	var topics []knowledge.Topic
	switch {
	case (q.Intent == knowledge.IntentCompare || q.Compare && q.Intent == knowledge.IntentPay) && len(pay) >= 2:
		cmd, fn, topics = "compare", r.compare, pay
	case q.Intent == knowledge.IntentPay && len(pay) > 0:
		cmd, fn, topics = "salary", r.salary, pay
	case q.Intent == knowledge.IntentPath && len(paths) > 0:
		cmd, fn, topics = "path", r.path, paths[:1]
	case q.Intent == knowledge.IntentKPI && len(paths) > 0:
		cmd, fn, topics = "kpi", r.kpi, paths[:1]
	case q.Intent == knowledge.IntentSkills && (len(q.TopicsOf(skillTopicKinds...)) > 0 || q.Level != 0):
		cmd, fn, topics = "skills", r.skills, q.TopicsOf(skillTopicKinds...)
	case q.Intent == knowledge.IntentJobs && (len(q.Topics) > 0 || len(q.Money) > 0):
		cmd, fn, topics = "jobs", r.jobs, q.Topics
	case q.Intent == knowledge.IntentMarket && len(q.Topics) > 0:
		cmd, fn, topics = "market", r.market, q.Topics
	default:
		return Reply{}, false, nil
	}
	rep, err := fn(ctx, v, req)
	if err != nil {
		return Reply{}, false, err
	}
	if !rep.OK() && len(rep.Fields) == 0 {
		return Reply{}, false, nil
	}
	line := echoCommand(cmd, topics)
	if cmd == "skills" && q.Level != 0 {
		line += " level " + itoa(q.Level)
	}
	if cmd == "jobs" && len(q.Money) > 0 {
		line += " " + v.moneyText()
	}
	rep.Suggestions = append([]Suggestion{{Label: line, Command: line}}, rep.Suggestions...)
	return rep, true, nil
}
