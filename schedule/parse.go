package schedule

import (
	"strconv"
	"strings"
	"time"
)

// JapaneseWeekdays are the one-character Japanese weekday names, Sunday
// first, as people type them (月, 月曜, 月曜日).
var JapaneseWeekdays = [7]string{"日", "月", "火", "水", "木", "金", "土"}

// weekdayWords maps what people type for a weekday to its time.Weekday.
var weekdayWords = func() map[string]time.Weekday {
	m := map[string]time.Weekday{}
	en := [7][]string{{"sun", "sunday"}, {"mon", "monday"}, {"tue", "tues", "tuesday"}, {"wed", "weds", "wednesday"},
		{"thu", "thur", "thurs", "thursday"}, {"fri", "friday"}, {"sat", "saturday"}}
	for i, names := range en {
		for _, n := range names {
			m[n] = time.Weekday(i)
		}
		ja := JapaneseWeekdays[i]
		for _, n := range []string{ja, ja + "曜", ja + "曜日"} {
			m[n] = time.Weekday(i)
		}
	}
	return m
}()

// ParseWeekday reads mon…sun, monday…, 月…日 (also 月曜, 月曜日) as a day of
// the week, ignoring ASCII case. Callers that accept full-width or
// decorated input fold it first (knowledge.Normalize).
func ParseWeekday(s string) (time.Weekday, bool) {
	d, ok := weekdayWords[strings.ToLower(s)]
	return d, ok
}

// ParseClock reads HH:MM in ASCII digits (callers fold full-width digits
// first, with knowledge.FoldText). isClock reports whether s looks like a
// time at all, so that "25:00" gets the time error rather than "not a
// weekday".
func ParseClock(s string) (hour, minute int, isClock, ok bool) {
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
