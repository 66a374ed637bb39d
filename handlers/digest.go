package handlers

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"careerbot/knowledge"
	"careerbot/schedule"
)

// The digest is in several files: this one builds the service and holds
// the wording it shares, digest_cmd.go answers the /digest subcommands,
// digest_story.go chooses the week's facts (the same in every language),
// digest_compose.go writes them as five short parts within the length
// limit, and digest_text.go cuts text at sentences and measures it. The
// calendar arithmetic is package schedule's.

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
	subs  knowledge.DigestStore
	r     *Router // for the shared figure, KPI, trend and citation wording
	opts  DigestOptions
	def   schedule.Schedule
	log   *slog.Logger
	nowFn func() time.Time
}

var _ DigestService = (*Digest)(nil)

// NewDigest builds the digest service over kb and the subscription store.
// It checks the default schedule and time zone once, so a bad setting fails
// at start rather than at the first subscribe.
func NewDigest(ctx context.Context, kb knowledge.KB, subs knowledge.DigestStore, opts DigestOptions) (*Digest, error) {
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
	def, err := schedule.Parse(opts.DefaultSchedule, opts.DefaultTimezone)
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
func (d *Digest) DefaultSchedule() schedule.Schedule { return d.def }

// locale returns l if it is a locale careerbot speaks, the default otherwise.
func (d *Digest) locale(l knowledge.Locale) knowledge.Locale {
	if ll, ok := knowledge.ParseLocale(string(l)); ok {
		return ll
	}
	return d.opts.DefaultLocale
}

// describeSchedule writes a schedule for people: "Mondays at 09:00" where
// the cron spec is that simple, the spec itself otherwise.
func describeSchedule(s schedule.Schedule, l knowledge.Locale) string {
	if h, m, ok := s.Daily(); ok {
		return dtr(l, "sched_daily", h, m)
	}
	if day, h, m, ok := s.Weekly(); ok {
		return dtr(l, "sched_weekly", weekdayNames[day].In(l), h, m)
	}
	return dtr(l, "sched_cron", s.Spec)
}

// formatWhen writes an instant with its weekday and zone, "—" for none.
func formatWhen(t time.Time, l knowledge.Locale) string {
	if t.IsZero() {
		return "—"
	}
	if l == knowledge.JA {
		return t.Format("2006-01-02") + "(" + schedule.JapaneseWeekdays[t.Weekday()] + ") " + t.Format("15:04 MST (-07:00)")
	}
	return t.Format("Mon 2006-01-02 15:04 MST (-07:00)")
}
