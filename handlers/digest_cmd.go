package handlers

import (
	"context"
	"fmt"
	"strings"
	"time"

	"careerbot/knowledge"
	"careerbot/schedule"
)

// HandleDigest answers /digest: the subcommand is the first word of Args.
func (d *Digest) HandleDigest(ctx context.Context, req Request) Reply {
	l := d.locale(req.Locale)
	req.Locale = l
	words := strings.Fields(req.Args)
	sub := ""
	if len(words) > 0 {
		sub = knowledge.Normalize(words[0])
		words = words[1:]
	}
	if req.Channel == "" && sub != "" {
		return errorReply(l, StatusInvalid, dtr(l, "no_channel"))
	}
	var rep Reply
	var err error
	switch sub {
	case "subscribe", "購読", "登録":
		rep, err = d.subscribe(ctx, req, words)
	case "unsubscribe", "解除", "購読解除":
		rep, err = d.unsubscribe(ctx, req)
	case "status", "状態", "状況":
		rep, err = d.status(ctx, req)
	case "preview", "プレビュー":
		rep, err = d.preview(ctx, req)
	case "":
		return errorReply(l, StatusInvalid, dtr(l, "usage"))
	default:
		return errorReply(l, StatusInvalid, dtr(l, "unknown_sub", Clean(words0(req.Args), maxEcho)), dtr(l, "usage"))
	}
	if err != nil {
		code := knowledge.ErrorCode(err)
		if code == knowledge.EINTERNAL {
			d.log.Error("digest command failed", "args", req.Args, "platform", req.Platform, "channel", req.Channel, "err", err)
			return errorReply(l, StatusInternal, tr(l, "internal"))
		}
		return errorReply(l, Status(code), err.Error())
	}
	return rep
}

func words0(s string) string {
	f := strings.Fields(s)
	if len(f) == 0 {
		return ""
	}
	return f[0]
}

func (d *Digest) forbidden(l knowledge.Locale, platform knowledge.Platform) Reply {
	key := "forbidden_other"
	switch platform {
	case knowledge.Discord:
		key = "forbidden_discord"
	case knowledge.Slack:
		key = "forbidden_slack"
	}
	return errorReply(l, StatusForbidden, dtr(l, key))
}

// invalid is the error for a subscribe argument, worded for the asker.
func invalid(l knowledge.Locale, key string, args ...any) error {
	return knowledge.Errorf(knowledge.EINVALID, "%s", dtr(l, key, args...))
}

// parseSubscribeArgs turns "[weekday] [HH:MM] [timezone]" (any order, any
// subset) into a schedule, filling gaps from the default.
func (d *Digest) parseSubscribeArgs(l knowledge.Locale, words []string) (schedule.Schedule, error) {
	dow, hour, minute, tz := time.Weekday(-1), -1, -1, ""
	for _, w := range words {
		if wd, ok := schedule.ParseWeekday(knowledge.Normalize(w)); ok {
			if dow >= 0 {
				return schedule.Schedule{}, invalid(l, "dup_arg", dtr(l, "arg_weekday"))
			}
			dow = wd
			continue
		}
		if h, m, isClock, ok := schedule.ParseClock(knowledge.FoldText(w)); isClock {
			if !ok {
				return schedule.Schedule{}, invalid(l, "bad_time", Clean(w, maxEcho))
			}
			if hour >= 0 {
				return schedule.Schedule{}, invalid(l, "dup_arg", dtr(l, "arg_time"))
			}
			hour, minute = h, m
			continue
		}
		if strings.Contains(w, "/") || strings.EqualFold(w, "UTC") {
			if tz != "" {
				return schedule.Schedule{}, invalid(l, "dup_arg", dtr(l, "arg_tz"))
			}
			if strings.EqualFold(w, "UTC") {
				w = "UTC"
			}
			if _, err := schedule.LoadLocation(w); err != nil {
				return schedule.Schedule{}, invalid(l, "bad_tz", Clean(w, maxEcho))
			}
			tz = w
			continue
		}
		return schedule.Schedule{}, invalid(l, "bad_weekday_time", Clean(w, maxEcho))
	}
	if tz == "" {
		tz = d.opts.DefaultTimezone
	}
	spec := d.def.Spec
	if dow >= 0 || hour >= 0 {
		ddow, dh, dm, ok := d.def.Weekly()
		if !ok {
			ddow, dh, dm = time.Monday, 9, 0
		}
		if dow < 0 {
			dow = ddow
		}
		if hour < 0 {
			hour, minute = dh, dm
		}
		spec = schedule.WeeklySpec(dow, hour, minute)
	}
	s, err := schedule.Parse(spec, tz)
	if err != nil {
		return schedule.Schedule{}, knowledge.Errorf(knowledge.EINVALID, "%v", err)
	}
	return s, nil
}

func (d *Digest) subscribe(ctx context.Context, req Request, words []string) (Reply, error) {
	l := req.Locale
	// Only a chat channel can receive posts; the console can preview.
	if !req.Platform.Chat() {
		return errorReply(l, StatusInvalid, dtr(l, "digest_chat_only")), nil
	}
	if !req.IsAdmin {
		return d.forbidden(l, req.Platform), nil
	}
	s, err := d.parseSubscribeArgs(l, words)
	if err != nil {
		return Reply{}, err
	}
	v, err := d.kb.Version(ctx)
	if err != nil {
		return Reply{}, err
	}
	by := Clean(req.UserName, maxEcho)
	if by == "" {
		by = Clean(req.User, maxEcho)
	}
	sub, err := d.subs.Subscribe(ctx, knowledge.Subscription{
		Platform: req.Platform, Workspace: req.Workspace, Channel: req.Channel,
		Schedule: s.Spec, Timezone: s.Loc.String(), Locale: l,
		SubscribedBy: by, SubscribedAt: d.nowFn(),
		// The first digest reports changes from now on, not the whole base.
		KBVersion: v.Number,
	})
	if err != nil {
		return Reply{}, err
	}
	rep := Reply{Title: dtr(l, "subscribed_title"), Paragraphs: []string{dtr(l, "subscribed_p")}, Visibility: Public}
	rep.Fields = []Field{
		{Label: dtr(l, "f_schedule"), Value: describeSchedule(s, l), Inline: true},
		{Label: dtr(l, "f_timezone"), Value: sub.Timezone, Inline: true},
		{Label: dtr(l, "f_next"), Value: formatWhen(s.Next(d.nowFn()), l)},
	}
	rep.Suggestions = []Suggestion{{Label: "/digest preview", Command: "/digest preview"}, {Label: "/digest status", Command: "/digest status"}}
	return rep, nil
}

func (d *Digest) unsubscribe(ctx context.Context, req Request) (Reply, error) {
	l := req.Locale
	if !req.IsAdmin {
		return d.forbidden(l, req.Platform), nil
	}
	ok, err := d.subs.Unsubscribe(ctx, req.Platform, req.Channel)
	if err != nil {
		return Reply{}, err
	}
	if !ok {
		return Reply{Status: StatusNotFound, Paragraphs: []string{dtr(l, "not_subscribed")}, Visibility: Private}, nil
	}
	return Reply{Paragraphs: []string{dtr(l, "unsubscribed")}, Visibility: Public}, nil
}

func (d *Digest) status(ctx context.Context, req Request) (Reply, error) {
	l := req.Locale
	sub, ok, err := d.subs.Subscription(ctx, req.Platform, req.Channel)
	if err != nil {
		return Reply{}, err
	}
	rep := Reply{Title: dtr(l, "status_title"), Visibility: Private}
	if !ok {
		def := dtr(l, "sched_default", describeSchedule(d.def, l), d.def.Loc.String())
		rep.Paragraphs = []string{dtr(l, "not_subscribed"), dtr(l, "how_subscribe", def)}
		return rep, nil
	}
	s, err := schedule.Parse(sub.Schedule, sub.Timezone)
	if err != nil {
		return Reply{}, fmt.Errorf("subscription %d has a bad schedule: %w", sub.ID, err)
	}
	next := "—"
	if sub.PausedReason == "" {
		next = formatWhen(s.Next(d.nowFn()), l)
	}
	rep.Fields = []Field{
		{Label: dtr(l, "f_schedule"), Value: describeSchedule(s, l), Inline: true},
		{Label: dtr(l, "f_timezone"), Value: sub.Timezone, Inline: true},
		{Label: dtr(l, "f_locale"), Value: dtr(l, "locale_"+string(sub.Locale)), Inline: true},
		{Label: dtr(l, "f_next"), Value: next},
	}
	last, ok, err := d.subs.LastDelivery(ctx, sub.ID)
	if err != nil {
		return Reply{}, err
	}
	rep.Fields = append(rep.Fields, Field{Label: dtr(l, "f_last"), Value: lastDeliveryText(l, last, ok, s.Loc)})
	if sub.PausedReason != "" {
		reason := Clean(sub.PausedReason, 300)
		rep.Fields = append(rep.Fields, Field{Label: dtr(l, "f_paused"), Value: reason})
		rep.Paragraphs = append(rep.Paragraphs, dtr(l, "paused_p", reason))
	}
	if by := Clean(sub.SubscribedBy, maxEcho); by != "" {
		rep.Fields = append(rep.Fields, Field{Label: dtr(l, "f_by"), Value: by + " · " + formatWhen(sub.SubscribedAt.In(s.Loc), l)})
	}
	return rep, nil
}

// lastDeliveryText says when the last digest went out (or did not), and why.
func lastDeliveryText(l knowledge.Locale, last knowledge.Delivery, ok bool, loc *time.Location) string {
	if !ok {
		return dtr(l, "last_none")
	}
	text := formatWhen(last.UpdatedAt.In(loc), l) + " — " + dtr(l, "state_"+string(last.State))
	if last.Attempts > 1 {
		text += " (" + dtr(l, "attempts", last.Attempts) + ")"
	}
	if last.State != knowledge.DeliverySent && last.LastError != "" {
		text += ": " + Clean(last.LastError, 200)
	}
	return text
}

// preview composes the channel's next digest exactly as the scheduler will
// post it (same period, locale and knowledge versions); only the visibility
// differs, so a preview does not post in the channel.
func (d *Digest) preview(ctx context.Context, req Request) (Reply, error) {
	l := req.Locale
	v, err := d.kb.Version(ctx)
	if err != nil {
		return Reply{}, err
	}
	sched, locale, since := d.def, l, v.Number
	sub, ok, err := d.subs.Subscription(ctx, req.Platform, req.Channel)
	if err != nil {
		return Reply{}, err
	}
	if ok {
		if sched, err = schedule.Parse(sub.Schedule, sub.Timezone); err != nil {
			return Reply{}, fmt.Errorf("subscription %d has a bad schedule: %w", sub.ID, err)
		}
		locale, since = sub.Locale, sub.KBVersion
	}
	period := sched.Next(d.nowFn())
	rep, err := d.ComposeRange(ctx, period, locale, since, v.Number)
	if err != nil {
		return Reply{}, err
	}
	rep.Visibility = Private
	return rep, nil
}
