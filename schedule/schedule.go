// Package schedule is the calendar arithmetic of the weekly digest: cron
// specs read in an IANA time zone across daylight-saving changes, the
// period keys and markers that make a delivery happen once, the week count
// that drives the digest's rotation, and the parsing of weekdays and clock
// times people type. It knows nothing of locales or wording; handlers
// describes schedules to people through the accessors here.
package schedule

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/robfig/cron/v3"
)

var cronParser = cron.NewParser(cron.Minute | cron.Hour | cron.Dom | cron.Month | cron.Dow | cron.Descriptor)

// Schedule is a cron spec read in a time zone. Daylight-saving changes and
// unusual offsets come from the tz database through time.Location.
type Schedule struct {
	Spec string
	Loc  *time.Location
	cron cron.Schedule
}

// Parse parses a five-field cron spec (or a descriptor such as @weekly) to
// be read in the IANA time zone tz.
func Parse(spec, tz string) (Schedule, error) {
	spec = strings.TrimSpace(spec)
	if strings.HasPrefix(spec, "TZ=") || strings.HasPrefix(spec, "CRON_TZ=") {
		return Schedule{}, fmt.Errorf("schedule %q: give the time zone separately (DIGEST_TIMEZONE), not in the cron spec", spec)
	}
	c, err := cronParser.Parse(spec)
	if err != nil {
		return Schedule{}, fmt.Errorf("schedule %q is not valid cron syntax (minute hour day-of-month month day-of-week, e.g. \"0 9 * * 1\"): %w", spec, err)
	}
	loc, err := LoadLocation(tz)
	if err != nil {
		return Schedule{}, err
	}
	return Schedule{Spec: spec, Loc: loc, cron: c}, nil
}

// LoadLocation loads an IANA time zone. Unlike time.LoadLocation it refuses
// "" and "Local", which would make a schedule depend on the host's zone.
func LoadLocation(tz string) (*time.Location, error) {
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

// MaxLookback bounds how far back Latest looks, so that a years-old anchor
// costs nothing.
const MaxLookback = 35 * 24 * time.Hour

// Latest returns the last occurrence in (after, upTo], and how many earlier
// ones in that span it passed over. It looks back at most MaxLookback; ok
// is false when there is none.
func (s Schedule) Latest(after, upTo time.Time) (latest time.Time, missed int, ok bool) {
	if lb := upTo.Add(-MaxLookback); after.Before(lb) {
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

// Daily reports the hour and minute of a spec that runs once every day
// ("M H * * *"), so that it can be described in words.
func (s Schedule) Daily() (hour, minute int, ok bool) {
	f, h, m, ok := s.clockFields()
	if !ok || f[4] != "*" {
		return 0, 0, false
	}
	return h, m, true
}

// Weekly reports the weekday, hour and minute of a spec that runs once a
// week ("M H * * D"), so that it can be described in words and used as the
// default for the parts of a schedule someone leaves out.
func (s Schedule) Weekly() (day time.Weekday, hour, minute int, ok bool) {
	f, h, m, ok := s.clockFields()
	if !ok {
		return 0, 0, 0, false
	}
	d, err := strconv.Atoi(f[4])
	if err != nil || d < 0 || d > 7 { // cron allows 7 for Sunday too
		return 0, 0, 0, false
	}
	return time.Weekday(d % 7), h, m, true
}

// clockFields splits a spec of the form "M H * * x" with a numeric minute
// and hour.
func (s Schedule) clockFields() (f []string, hour, minute int, ok bool) {
	f = strings.Fields(s.Spec)
	if len(f) != 5 || f[2] != "*" || f[3] != "*" {
		return nil, 0, 0, false
	}
	m, errM := strconv.Atoi(f[0])
	h, errH := strconv.Atoi(f[1])
	if errM != nil || errH != nil {
		return nil, 0, 0, false
	}
	return f, h, m, true
}

// WeeklySpec returns the spec that runs every week on day at hour:minute.
func WeeklySpec(day time.Weekday, hour, minute int) string {
	return fmt.Sprintf("%d %d * * %d", minute, hour, int(day))
}

// PeriodKey names the period of a scheduled occurrence in the delivery log:
// the occurrence itself, in UTC to the minute.
func PeriodKey(occurrence time.Time) string {
	return occurrence.UTC().Format("2006-01-02T15:04Z")
}

// DigestMarker is the per-channel, per-period token a post carries so that a
// restart can recognise a digest that went out before the crash. The
// platform is any string type (knowledge.Platform), so that this package
// needs no domain types.
func DigestMarker[P ~string](platform P, channel, period string) string {
	h := sha256.Sum256([]byte(string(platform) + "\x00" + channel + "\x00" + period))
	return "cbd-" + hex.EncodeToString(h[:8])
}

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

// Monday returns the start of t's ISO week (Monday), at t's clock time in
// t's zone: the day a digest's title names.
func Monday(t time.Time) time.Time {
	return t.AddDate(0, 0, -((int(t.Weekday()) + 6) % 7))
}
