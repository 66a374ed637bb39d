package handlers

import (
	"context"
	"fmt"
	"strings"

	"careerbot/knowledge"
	"careerbot/schedule"
)

// DigestForm is the subscribe form (a Slack or Discord modal): each field
// as chosen or typed. Empty fields take the workspace defaults, as missing
// arguments of /digest subscribe do.
type DigestForm struct {
	Channel  string
	Weekday  string // mon…sun, 月…日
	Time     string // HH:MM
	Timezone string // IANA name
}

// Keys of the field errors SubmitDigestForm returns.
const (
	FormChannel  = "channel"
	FormWeekday  = "weekday"
	FormTime     = "time"
	FormTimezone = "timezone"
)

// digestForms is what the digest service offers forms; Digest does.
type digestForms interface {
	formDefaults() DigestForm
	checkForm(l knowledge.Locale, f DigestForm) map[string]string
}

// DigestFormDefaults is the form prefilled with DIGEST_SCHEDULE and
// DIGEST_TIMEZONE; ok is false when /digest is unavailable.
func (r *Router) DigestFormDefaults() (DigestForm, bool) {
	d, ok := r.opts.Digest.(digestForms)
	if !ok {
		return DigestForm{}, false
	}
	return d.formDefaults(), true
}

// SubmitDigestForm checks each field of a submitted form with the parser
// of /digest subscribe's arguments and, when all are good, subscribes
// f.Channel exactly as "/digest subscribe <weekday> <time> <timezone>"
// typed there would (admin check included). Field errors are worded for
// the asker and keyed by FormChannel…FormTimezone.
func (r *Router) SubmitDigestForm(ctx context.Context, req Request, f DigestForm) (Reply, map[string]string) {
	l := r.Locale(req)
	d, ok := r.opts.Digest.(digestForms)
	if !ok {
		return errorReply(l, StatusInvalid, tr(l, "digest_unavailable")), nil
	}
	if errs := d.checkForm(l, f); len(errs) > 0 {
		return Reply{}, errs
	}
	var words []string
	for _, w := range []string{f.Weekday, f.Time, f.Timezone} {
		if w = strings.TrimSpace(w); w != "" {
			words = append(words, w)
		}
	}
	req.Command, req.Args, req.Channel = "digest", strings.Join(append([]string{"subscribe"}, words...), " "), f.Channel
	return r.Handle(ctx, req), nil
}

func (d *Digest) formDefaults() DigestForm {
	f := DigestForm{Weekday: "mon", Time: "09:00", Timezone: d.def.Loc.String()}
	if day, h, m, ok := d.def.Weekly(); ok {
		f.Weekday = strings.ToLower(day.String()[:3])
		f.Time = fmt.Sprintf("%02d:%02d", h, m)
	}
	return f
}

// checkForm reads each field alone with parseSubscribeArgs, so the form
// accepts and refuses exactly what the typed arguments do, and also
// refuses a value of the wrong kind (a time in the weekday field).
func (d *Digest) checkForm(l knowledge.Locale, f DigestForm) map[string]string {
	errs := map[string]string{}
	if strings.TrimSpace(f.Channel) == "" {
		errs[FormChannel] = dtr(l, "no_channel")
	}
	check := func(key, value string, isKind func(string) bool) {
		value = strings.TrimSpace(value)
		if value == "" {
			return
		}
		if len(strings.Fields(value)) > 1 || !isKind(value) {
			errs[key] = dtr(l, "bad_weekday_time", Clean(value, maxEcho))
			return
		}
		if _, err := d.parseSubscribeArgs(l, []string{value}); err != nil {
			errs[key] = err.Error()
		}
	}
	check(FormWeekday, f.Weekday, func(w string) bool {
		_, ok := schedule.ParseWeekday(knowledge.Normalize(w))
		return ok
	})
	check(FormTime, f.Time, func(w string) bool {
		_, _, isClock, _ := schedule.ParseClock(knowledge.FoldText(w))
		return isClock
	})
	check(FormTimezone, f.Timezone, func(string) bool { return true })
	if tz := strings.TrimSpace(f.Timezone); errs[FormTimezone] != "" && !strings.Contains(tz, "/") && !strings.EqualFold(tz, "UTC") {
		// Typed alone, "Tokyo" reads as no kind of argument at all; in the
		// time zone field it is a time zone that does not exist.
		errs[FormTimezone] = dtr(l, "bad_tz", Clean(tz, maxEcho))
	}
	return errs
}

// DescribeSchedule words a subscription's schedule for people ("Mondays
// at 09:00 (Asia/Tokyo)"), for lists such as the Slack App Home.
func DescribeSchedule(spec, tz string, l knowledge.Locale) string {
	s, err := schedule.Parse(spec, tz)
	if err != nil {
		return spec + " (" + tz + ")"
	}
	return describeSchedule(s, l) + " (" + tz + ")"
}
