package handlers

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"log/slog"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/robfig/cron/v3"

	"careerbot/knowledge"
)

// DigestStore is what /digest asks of the subscription store. The store
// implements it; handlers never see SQL.
type DigestStore interface {
	Subscribe(ctx context.Context, sub knowledge.Subscription) (knowledge.Subscription, error)
	Unsubscribe(ctx context.Context, platform knowledge.Platform, channel string) (bool, error)
	Subscription(ctx context.Context, platform knowledge.Platform, channel string) (knowledge.Subscription, bool, error)
	LastDelivery(ctx context.Context, subscriptionID int64) (knowledge.Delivery, bool, error)
}

// DigestOptions configure a Digest. Zero values take the documented defaults.
type DigestOptions struct {
	DefaultSchedule string           // DIGEST_SCHEDULE, cron syntax; "0 9 * * 1"
	DefaultTimezone string           // DIGEST_TIMEZONE; Asia/Tokyo
	DefaultLocale   knowledge.Locale // ja
	Now             func() time.Time // the clock; time.Now
	Logger          *slog.Logger
}

// Digest answers /digest and composes the weekly digest. It implements
// DigestService.
type Digest struct {
	kb    knowledge.KB
	subs  DigestStore
	r     *Router // for the shared figure, KPI, trend and citation wording
	opts  DigestOptions
	def   Schedule
	log   *slog.Logger
	nowFn func() time.Time
}

var _ DigestService = (*Digest)(nil)

// NewDigest builds the digest service over kb and the subscription store.
// It checks the default schedule and time zone once, so a bad setting fails
// at start rather than at the first subscribe.
func NewDigest(ctx context.Context, kb knowledge.KB, subs DigestStore, opts DigestOptions) (*Digest, error) {
	if opts.DefaultSchedule == "" {
		opts.DefaultSchedule = "0 9 * * 1"
	}
	if opts.DefaultTimezone == "" {
		opts.DefaultTimezone = "Asia/Tokyo"
	}
	if opts.DefaultLocale == "" {
		opts.DefaultLocale = knowledge.JA
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	def, err := ParseSchedule(opts.DefaultSchedule, opts.DefaultTimezone)
	if err != nil {
		return nil, fmt.Errorf("DIGEST_SCHEDULE/DIGEST_TIMEZONE: %w", err)
	}
	r, err := New(ctx, kb, Options{DefaultLocale: opts.DefaultLocale, Logger: opts.Logger})
	if err != nil {
		return nil, err
	}
	return &Digest{kb: kb, subs: subs, r: r, opts: opts, def: def, log: opts.Logger, nowFn: opts.Now}, nil
}

// DefaultSchedule is the schedule a subscription gets when none is given.
func (d *Digest) DefaultSchedule() Schedule { return d.def }

// ---------------------------------------------------------------------------
// Schedules

var cronParser = cron.NewParser(cron.Minute | cron.Hour | cron.Dom | cron.Month | cron.Dow | cron.Descriptor)

// Schedule is a cron spec read in a time zone. Daylight-saving changes and
// unusual offsets come from the tz database through time.Location.
type Schedule struct {
	Spec string
	Loc  *time.Location
	cron cron.Schedule
}

// ParseSchedule parses a five-field cron spec (or a descriptor such as
// @weekly) to be read in the IANA time zone tz.
func ParseSchedule(spec, tz string) (Schedule, error) {
	spec = strings.TrimSpace(spec)
	if strings.HasPrefix(spec, "TZ=") || strings.HasPrefix(spec, "CRON_TZ=") {
		return Schedule{}, fmt.Errorf("schedule %q: give the time zone separately (DIGEST_TIMEZONE), not in the cron spec", spec)
	}
	c, err := cronParser.Parse(spec)
	if err != nil {
		return Schedule{}, fmt.Errorf("schedule %q is not valid cron syntax (minute hour day-of-month month day-of-week, e.g. \"0 9 * * 1\"): %w", spec, err)
	}
	loc, err := loadLocation(tz)
	if err != nil {
		return Schedule{}, err
	}
	return Schedule{Spec: spec, Loc: loc, cron: c}, nil
}

func loadLocation(tz string) (*time.Location, error) {
	if tz == "" || tz == "Local" {
		return nil, fmt.Errorf("time zone %q: use an IANA name such as Asia/Tokyo", tz)
	}
	loc, err := time.LoadLocation(tz)
	if err != nil {
		return nil, fmt.Errorf("time zone %q is not in the tz database (e.g. Asia/Tokyo): %w", tz, err)
	}
	return loc, nil
}

// Next returns the first occurrence strictly after t, in the schedule's
// zone; the zero time when there is none within five years.
//
// The cron spec is matched against the local wall clock, and each matching
// wall-clock time maps to exactly one instant: a time that a daylight-saving
// jump skips (02:30 when clocks go from 02:00 to 03:00) runs shifted forward
// by the jump (03:30), and a time that happens twice when clocks go back
// runs once, at its first occurrence. (robfig/cron alone skips the first and
// runs the second twice.)
func (s Schedule) Next(t time.Time) time.Time {
	lt := t.In(s.Loc)
	wall := time.Date(lt.Year(), lt.Month(), lt.Day(), lt.Hour(), lt.Minute(), lt.Second(), lt.Nanosecond(), time.UTC)
	for i := 0; i < 10000; i++ {
		w := s.cron.Next(wall)
		if w.IsZero() {
			return time.Time{}
		}
		if inst := s.instant(w); inst.After(t) {
			return inst
		}
		wall = w
	}
	return time.Time{}
}

// instant maps a wall-clock time (carried in UTC fields) to the instant it
// stands for in the schedule's zone.
func (s Schedule) instant(w time.Time) time.Time {
	same := func(x time.Time) bool {
		x = x.In(s.Loc)
		return x.Year() == w.Year() && x.YearDay() == w.YearDay() && x.Hour() == w.Hour() && x.Minute() == w.Minute()
	}
	inst := time.Date(w.Year(), w.Month(), w.Day(), w.Hour(), w.Minute(), 0, 0, s.Loc)
	if !same(inst) {
		// In a gap: read w with the offset from before the jump, which lands
		// as far after the jump as w was after its start.
		_, o1 := inst.Add(-3 * time.Hour).Zone()
		_, o2 := inst.Add(3 * time.Hour).Zone()
		a, b := w.Add(-time.Duration(o1)*time.Second), w.Add(-time.Duration(o2)*time.Second)
		if b.After(a) {
			a = b
		}
		return a.In(s.Loc)
	}
	// Twice on the clock: take the earlier one.
	for _, back := range []time.Duration{2 * time.Hour, time.Hour, 30 * time.Minute} {
		if p := inst.Add(-back); same(p) {
			return p
		}
	}
	return inst
}

// Latest returns the last occurrence in (after, upTo], and how many earlier
// ones in that span it passed over. It looks back at most maxLookback so a
// years-old anchor costs nothing; ok is false when there is none.
func (s Schedule) Latest(after, upTo time.Time) (latest time.Time, missed int, ok bool) {
	const maxLookback = 35 * 24 * time.Hour
	if lb := upTo.Add(-maxLookback); after.Before(lb) {
		after = lb
	}
	for t := s.Next(after); !t.IsZero() && !t.After(upTo); t = s.Next(t) {
		if ok {
			missed++
		}
		latest, ok = t, true
	}
	return latest, missed, ok
}

// PeriodKey names the period of a scheduled occurrence in the delivery log:
// the occurrence itself, in UTC to the minute.
func PeriodKey(occurrence time.Time) string {
	return occurrence.UTC().Format("2006-01-02T15:04Z")
}

// DigestMarker is the per-channel, per-period token a post carries so that a
// restart can recognise a digest that went out before the crash.
func DigestMarker(platform knowledge.Platform, channel, period string) string {
	h := sha256.Sum256([]byte(string(platform) + "\x00" + channel + "\x00" + period))
	return "cbd-" + hex.EncodeToString(h[:8])
}

// describe writes a schedule for people: "Mondays at 09:00" where the cron
// spec is that simple, the spec itself otherwise.
func (s Schedule) describe(l knowledge.Locale) string {
	f := strings.Fields(s.Spec)
	if len(f) == 5 && f[2] == "*" && f[3] == "*" {
		m, errM := strconv.Atoi(f[0])
		h, errH := strconv.Atoi(f[1])
		if errM == nil && errH == nil {
			if f[4] == "*" {
				return dtr(l, "sched_daily", h, m)
			}
			if d, err := strconv.Atoi(f[4]); err == nil && d >= 0 && d <= 7 {
				return dtr(l, "sched_weekly", weekdayNames[d%7].In(l), h, m)
			}
		}
	}
	return dtr(l, "sched_cron", s.Spec)
}

// simple returns the weekday, hour and minute of a weekly "M H * * D" spec.
func (s Schedule) simple() (dow, hour, minute int, ok bool) {
	f := strings.Fields(s.Spec)
	if len(f) != 5 || f[2] != "*" || f[3] != "*" {
		return 0, 0, 0, false
	}
	m, e1 := strconv.Atoi(f[0])
	h, e2 := strconv.Atoi(f[1])
	d, e3 := strconv.Atoi(f[4])
	if e1 != nil || e2 != nil || e3 != nil {
		return 0, 0, 0, false
	}
	return d % 7, h, m, true
}

func formatWhen(t time.Time, l knowledge.Locale) string {
	if t.IsZero() {
		return "—"
	}
	if l == knowledge.JA {
		return t.Format("2006-01-02") + "(" + jaWeekdayShort[t.Weekday()] + ") " + t.Format("15:04 MST (-07:00)")
	}
	return t.Format("Mon 2006-01-02 15:04 MST (-07:00)")
}

// ---------------------------------------------------------------------------
// /digest

// HandleDigest answers /digest: the subcommand is the first word of Args.
func (d *Digest) HandleDigest(ctx context.Context, req Request) Reply {
	l := req.Locale
	if ll, ok := knowledge.ParseLocale(string(l)); ok {
		l = ll
	} else {
		l = d.opts.DefaultLocale
	}
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

// weekdayWords maps what people type for a weekday to cron's 0 (Sunday) … 6.
var weekdayWords = func() map[string]int {
	m := map[string]int{}
	en := [7][]string{{"sun", "sunday"}, {"mon", "monday"}, {"tue", "tues", "tuesday"}, {"wed", "weds", "wednesday"},
		{"thu", "thur", "thurs", "thursday"}, {"fri", "friday"}, {"sat", "saturday"}}
	for i, names := range en {
		for _, n := range names {
			m[n] = i
		}
		ja := jaWeekdayShort[i]
		for _, n := range []string{ja, ja + "曜", ja + "曜日"} {
			m[n] = i
		}
	}
	return m
}()

// ParseWeekday reads mon…sun, monday…, 月…日 (also 月曜, 月曜日) as cron's
// day of week (0 is Sunday).
func ParseWeekday(s string) (int, bool) {
	d, ok := weekdayWords[knowledge.Normalize(s)]
	return d, ok
}

// parseClock reads HH:MM (full-width digits and colon too). isClock reports
// whether s looks like a time at all, so "25:00" gets the time error rather
// than "not a weekday".
func parseClock(s string) (hour, minute int, isClock, ok bool) {
	s = knowledge.FoldText(s)
	h, m, found := strings.Cut(s, ":")
	if !found || h == "" || m == "" {
		return 0, 0, false, false
	}
	for _, c := range h + m {
		if c < '0' || c > '9' {
			return 0, 0, false, false
		}
	}
	if len(h) > 2 || len(m) != 2 {
		return 0, 0, true, false
	}
	hour, _ = strconv.Atoi(h)
	minute, _ = strconv.Atoi(m)
	if hour > 23 || minute > 59 {
		return 0, 0, true, false
	}
	return hour, minute, true, true
}

// parseSubscribeArgs turns "[weekday] [HH:MM] [timezone]" (any order, any
// subset) into a cron spec and a time zone, filling gaps from the defaults.
func (d *Digest) parseSubscribeArgs(l knowledge.Locale, words []string) (Schedule, error) {
	dow, hour, minute, tz := -1, -1, -1, ""
	for _, w := range words {
		if wd, ok := ParseWeekday(w); ok {
			if dow >= 0 {
				return Schedule{}, knowledge.Errorf(knowledge.EINVALID, "%s", dtr(l, "dup_arg", dtr(l, "arg_weekday")))
			}
			dow = wd
			continue
		}
		if h, m, isClock, ok := parseClock(w); isClock {
			if !ok {
				return Schedule{}, knowledge.Errorf(knowledge.EINVALID, "%s", dtr(l, "bad_time", Clean(w, maxEcho)))
			}
			if hour >= 0 {
				return Schedule{}, knowledge.Errorf(knowledge.EINVALID, "%s", dtr(l, "dup_arg", dtr(l, "arg_time")))
			}
			hour, minute = h, m
			continue
		}
		if strings.Contains(w, "/") || strings.EqualFold(w, "UTC") {
			if tz != "" {
				return Schedule{}, knowledge.Errorf(knowledge.EINVALID, "%s", dtr(l, "dup_arg", dtr(l, "arg_tz")))
			}
			if strings.EqualFold(w, "UTC") {
				w = "UTC"
			}
			if _, err := loadLocation(w); err != nil {
				return Schedule{}, knowledge.Errorf(knowledge.EINVALID, "%s", dtr(l, "bad_tz", Clean(w, maxEcho)))
			}
			tz = w
			continue
		}
		return Schedule{}, knowledge.Errorf(knowledge.EINVALID, "%s", dtr(l, "bad_weekday_time", Clean(w, maxEcho)))
	}
	if tz == "" {
		tz = d.opts.DefaultTimezone
	}
	spec := d.def.Spec
	if dow >= 0 || hour >= 0 {
		ddow, dh, dm, ok := d.def.simple()
		if !ok {
			ddow, dh, dm = 1, 9, 0
		}
		if dow < 0 {
			dow = ddow
		}
		if hour < 0 {
			hour, minute = dh, dm
		}
		spec = fmt.Sprintf("%d %d * * %d", minute, hour, dow)
	}
	s, err := ParseSchedule(spec, tz)
	if err != nil {
		return Schedule{}, knowledge.Errorf(knowledge.EINVALID, "%v", err)
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
		{Label: dtr(l, "f_schedule"), Value: s.describe(l), Inline: true},
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
		def := dtr(l, "sched_default", d.def.describe(l), d.def.Loc.String())
		rep.Paragraphs = []string{dtr(l, "not_subscribed"), dtr(l, "how_subscribe", def)}
		return rep, nil
	}
	s, err := ParseSchedule(sub.Schedule, sub.Timezone)
	if err != nil {
		return Reply{}, fmt.Errorf("subscription %d has a bad schedule: %w", sub.ID, err)
	}
	next := "—"
	if sub.PausedReason == "" {
		next = formatWhen(s.Next(d.nowFn()), l)
	}
	rep.Fields = []Field{
		{Label: dtr(l, "f_schedule"), Value: s.describe(l), Inline: true},
		{Label: dtr(l, "f_timezone"), Value: sub.Timezone, Inline: true},
		{Label: dtr(l, "f_locale"), Value: dtr(l, "locale_"+string(sub.Locale)), Inline: true},
		{Label: dtr(l, "f_next"), Value: next},
	}
	last, ok, err := d.subs.LastDelivery(ctx, sub.ID)
	if err != nil {
		return Reply{}, err
	}
	lastText := dtr(l, "last_none")
	if ok {
		lastText = formatWhen(last.UpdatedAt.In(s.Loc), l) + " — " + dtr(l, "state_"+string(last.State))
		if last.Attempts > 1 {
			lastText += " (" + dtr(l, "attempts", last.Attempts) + ")"
		}
		if last.State != knowledge.DeliverySent && last.LastError != "" {
			lastText += ": " + Clean(last.LastError, 200)
		}
	}
	rep.Fields = append(rep.Fields, Field{Label: dtr(l, "f_last"), Value: lastText})
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
		if sched, err = ParseSchedule(sub.Schedule, sub.Timezone); err != nil {
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

// ---------------------------------------------------------------------------
// Composition

// epochMonday anchors the week count that drives the rotation.
var epochMonday = time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)

// WeekIndex numbers the ISO week (Monday to Sunday) that t falls in, in t's
// own zone, counting from the week of 2024-01-01. The spotlight rotation is
// a function of it alone, so a digest is the same wherever it is composed.
func WeekIndex(t time.Time) int {
	y, m, dd := t.Date()
	day := time.Date(y, m, dd, 0, 0, 0, 0, time.UTC)
	monday := day.AddDate(0, 0, -((int(day.Weekday()) + 6) % 7))
	days := int(monday.Sub(epochMonday).Hours()+0.5) / 24
	if days < 0 {
		return -((-days + 6) / 7)
	}
	return days / 7
}

func pick(n, i int) int {
	if n == 0 {
		return -1
	}
	return ((i % n) + n) % n
}

// Compose writes the digest of the period that starts at period (the
// scheduled occurrence, in the subscription's zone) in locale l, reporting
// knowledge-base changes after sinceVersion up to the current version.
func (d *Digest) Compose(ctx context.Context, period time.Time, l knowledge.Locale, sinceVersion int) (Reply, error) {
	v, err := d.kb.Version(ctx)
	if err != nil {
		return Reply{}, err
	}
	return d.ComposeRange(ctx, period, l, sinceVersion, v.Number)
}

// ComposeRange is Compose with the upper knowledge version fixed, so that a
// retry after a crash posts what the first attempt would have.
func (d *Digest) ComposeRange(ctx context.Context, period time.Time, l knowledge.Locale, sinceVersion, uptoVersion int) (Reply, error) {
	if ll, ok := knowledge.ParseLocale(string(l)); ok {
		l = ll
	} else {
		l = d.opts.DefaultLocale
	}
	r := d.r
	w := WeekIndex(period)
	monday := period.AddDate(0, 0, -((int(period.Weekday()) + 6) % 7))
	date := monday.Format("2006-01-02")
	if l == knowledge.JA {
		date = monday.Format("2006年1月2日")
	}
	rep := Reply{Title: dtr(l, "title", date), Paragraphs: []string{dtr(l, "intro")}, Visibility: Public, Command: "digest", Locale: l}

	// 1. A salary table: the figures of one dimension (and role) per week.
	sal, err := d.kb.Salaries(ctx, "")
	if err != nil {
		return Reply{}, err
	}
	groups := salaryGroups(sal)
	if i := pick(len(groups), w); i >= 0 {
		g := groups[i]
		name := dtr(l, "grp_"+string(g[0].Dimension))
		if role := roleName(r, g[0].Role, l); role != "" {
			name += " (" + role + ")"
		}
		t := &Table{Columns: []string{tr(l, "col_item"), tr(l, "col_figure"), tr(l, "col_kind"), tr(l, "col_year"), tr(l, "col_source")}}
		value := dtr(l, "sp_salary_v")
		seen := map[string]bool{}
		for _, s := range g {
			t.Rows = append(t.Rows, []string{s.Label.In(l), knowledge.FormatFigure(s.Figure, l), knowledge.KindLabel(s.Figure.Kind, l), yearText(l, s.Year), r.sourceName(l, s.Source)})
			if n := s.Note.In(l); n != "" && !seen[n] {
				seen[n] = true
				value += "\n• " + s.Label.In(l) + ": " + n
			}
			r.cite(l, s.Provenance, &rep.Sources)
		}
		rep.Table = t
		rep.Fields = append(rep.Fields, Field{Label: dtr(l, "sp_salary", name), Value: bound(value, 1000)})
		rep.Suggestions = append(rep.Suggestions, Suggestion{Label: "/salary", Command: "/salary"})
	}

	// 2. A career path with its KPIs.
	paths, err := d.kb.Paths(ctx)
	if err != nil {
		return Reply{}, err
	}
	if i := pick(len(paths), w); i >= 0 {
		p := paths[i]
		value := provText(l, p.Provenance, false, p.Summary.In(l)) + "\n" + tr(l, "kpis") + ":\n" + r.kpiText(l, p, &rep.Sources)
		rep.Fields = append(rep.Fields, Field{Label: dtr(l, "sp_path", p.Name.In(l)), Value: bound(value, 1000)})
		r.cite(l, p.Provenance, &rep.Sources)
		rep.Suggestions = append(rep.Suggestions, Suggestion{Label: "/path " + p.ID, Command: "/path " + p.ID})
	}

	// 3. A skill map, in short.
	maps, err := d.kb.SkillMaps(ctx, "")
	if err != nil {
		return Reply{}, err
	}
	if i := pick(len(maps), w); i >= 0 {
		m := maps[i]
		var lines []string
		if s := m.Summary.In(l); s != "" {
			lines = append(lines, s)
		}
		for _, g := range m.Groups {
			items := make([]string, 0, 3)
			for j, it := range g.Items {
				if j == 3 {
					items = append(items, "…")
					break
				}
				items = append(items, bound(it.In(l), 80))
			}
			// Items often contain commas themselves.
			lines = append(lines, "• "+g.Name.In(l)+": "+strings.Join(items, " / "))
		}
		rep.Fields = append(rep.Fields, Field{Label: dtr(l, "sp_skill", m.Title.In(l)), Value: bound(strings.Join(lines, "\n"), 1000)})
		r.cite(l, m.Provenance, &rep.Sources)
		if len(m.Topics) > 0 {
			rep.Suggestions = append(rep.Suggestions, Suggestion{Label: "/skills " + m.Topics[0], Command: "/skills " + m.Topics[0]})
		}
	}

	// 4. A market trend, marked as the article's claim or an anecdote where
	// it is one.
	trends, err := d.kb.Trends(ctx)
	if err != nil {
		return Reply{}, err
	}
	if i := pick(len(trends), w); i >= 0 {
		t := trends[i]
		rep.Fields = append(rep.Fields, Field{Label: dtr(l, "sp_trend"), Value: bound(r.trendLine(l, t), 1000)})
		r.cite(l, t.Provenance, &rep.Sources)
		rep.Suggestions = append(rep.Suggestions, Suggestion{Label: "/market", Command: "/market"})
	}

	// 5. Two example listings.
	listings, err := d.kb.Listings(ctx, "")
	if err != nil {
		return Reply{}, err
	}
	if n := len(listings); n > 0 {
		var lines []string
		for k := 0; k < min(2, n); k++ {
			x := listings[pick(n, 2*w+k)]
			lines = append(lines, "• "+x.WorkType.In(l)+": "+x.Summary.In(l)+" — "+knowledge.FormatFigure(x.Fee, l)+" ("+knowledge.KindLabel(x.Fee.Kind, l)+")")
			r.cite(l, x.Provenance, &rep.Sources)
		}
		rep.Fields = append(rep.Fields, Field{Label: dtr(l, "sp_listings"), Value: bound(strings.Join(lines, "\n"), 1000)})
		rep.Suggestions = append(rep.Suggestions, Suggestion{Label: "/jobs", Command: "/jobs"})
	}

	// 6. What changed in the knowledge base since the channel's last digest.
	rep.Fields = append(rep.Fields, Field{Label: dtr(l, "whats_new"), Value: bound(d.changesText(ctx, l, sinceVersion, uptoVersion), 1000)})

	// 7. One action for the week: the articles' action items, one at a time.
	actions, err := d.kb.Actions(ctx)
	if err != nil {
		return Reply{}, err
	}
	type item struct {
		a    knowledge.Action
		text knowledge.Text
	}
	var items []item
	for _, a := range actions {
		for _, it := range a.Items {
			items = append(items, item{a, it})
		}
	}
	if i := pick(len(items), w); i >= 0 {
		it := items[i]
		value := provText(l, it.a.Provenance, false, it.text.In(l)) + "\n" + dtr(l, "action_from", it.a.Title.In(l))
		rep.Fields = append(rep.Fields, Field{Label: dtr(l, "action"), Value: bound(value, 1000)})
		r.cite(l, it.a.Provenance, &rep.Sources)
	}
	return rep, nil
}

// changesText lists the facts added, changed or removed after since up to
// upto. A failure to read them is logged and shown as no change rather than
// holding back the whole digest.
func (d *Digest) changesText(ctx context.Context, l knowledge.Locale, since, upto int) string {
	if since >= upto {
		return dtr(l, "nothing_new")
	}
	changes, err := d.kb.Changes(ctx, since)
	if err != nil {
		d.log.Error("reading knowledge changes for the digest", "since", since, "err", err)
		return dtr(l, "nothing_new")
	}
	var lines []string
	more := 0
	for _, c := range changes {
		if c.Version > upto {
			continue
		}
		if len(lines) == 8 {
			more++
			continue
		}
		lines = append(lines, "• "+dtr(l, "ch_"+c.Change)+" · "+dtr(l, "kind_"+string(c.Kind))+": "+bound(c.Title.In(l), 80))
	}
	if len(lines) == 0 {
		return dtr(l, "nothing_new")
	}
	if more > 0 {
		lines = append(lines, "• "+dtr(l, "more", more))
	}
	return strings.Join(lines, "\n")
}

// salaryGroups splits salary figures into tables of one dimension and role,
// in curated order, leaving out targets (aspirations, not statistics).
func salaryGroups(sal []knowledge.SalaryFigure) [][]knowledge.SalaryFigure {
	var keys []string
	byKey := map[string][]knowledge.SalaryFigure{}
	for _, s := range sal {
		if s.Figure.Kind == knowledge.KindTarget {
			continue
		}
		k := string(s.Dimension) + "/" + s.Role
		if _, ok := byKey[k]; !ok {
			keys = append(keys, k)
		}
		byKey[k] = append(byKey[k], s)
	}
	out := make([][]knowledge.SalaryFigure, 0, len(keys))
	for _, k := range keys {
		out = append(out, byKey[k])
	}
	return out
}

func roleName(r *Router, role string, l knowledge.Locale) string {
	if role == "" {
		return ""
	}
	for _, t := range r.ix().matcher.Topics(knowledge.TopicRole) {
		if t.ID == role {
			return t.Name.In(l)
		}
	}
	return role
}

// bound cuts s to max runes, ending with an ellipsis when it was cut.
func bound(s string, max int) string {
	if utf8.RuneCountInString(s) <= max {
		return s
	}
	rs := []rune(s)
	return string(rs[:max-1]) + "…"
}
