package schedule_test

import (
	"testing"
	"time"

	"careerbot/schedule"
)

func TestParseWeekday(t *testing.T) {
	cases := []struct {
		in   string
		want time.Weekday
		ok   bool
	}{
		{"mon", time.Monday, true},
		{"Monday", time.Monday, true},
		{"TUES", time.Tuesday, true},
		{"weds", time.Wednesday, true},
		{"thur", time.Thursday, true},
		{"sun", time.Sunday, true},
		{"sat", time.Saturday, true},
		{"金", time.Friday, true},
		{"水曜", time.Wednesday, true},
		{"日曜日", time.Sunday, true},
		{"funday", 0, false},
		{"", 0, false},
		{"月曜日日", 0, false},
	}
	for _, c := range cases {
		got, ok := schedule.ParseWeekday(c.in)
		if ok != c.ok || got != c.want {
			t.Errorf("ParseWeekday(%q) = %s, %v; want %s, %v", c.in, got, ok, c.want, c.ok)
		}
	}
}

func TestParseClock(t *testing.T) {
	cases := []struct {
		in           string
		hour, minute int
		isClock, ok  bool
	}{
		{"09:00", 9, 0, true, true},
		{"7:05", 7, 5, true, true},
		{"23:59", 23, 59, true, true},
		{"00:00", 0, 0, true, true},
		{"24:00", 0, 0, true, false},
		{"9:60", 0, 0, true, false},
		{"9:7", 0, 0, true, false},
		{"123:00", 0, 0, true, false},
		{"9:000", 0, 0, true, false},
		{":30", 0, 0, false, false},
		{"9:", 0, 0, false, false},
		{"mon", 0, 0, false, false},
		{"a:bc", 0, 0, false, false},
		{"Asia/Tokyo", 0, 0, false, false},
	}
	for _, c := range cases {
		h, m, isClock, ok := schedule.ParseClock(c.in)
		if h != c.hour || m != c.minute || isClock != c.isClock || ok != c.ok {
			t.Errorf("ParseClock(%q) = %d, %d, %v, %v; want %d, %d, %v, %v", c.in, h, m, isClock, ok, c.hour, c.minute, c.isClock, c.ok)
		}
	}
}

func TestLoadLocation(t *testing.T) {
	for _, tz := range []string{"Asia/Tokyo", "UTC", "America/St_Johns"} {
		if loc, err := schedule.LoadLocation(tz); err != nil || loc.String() != tz {
			t.Errorf("LoadLocation(%q) = %v, %v", tz, loc, err)
		}
	}
	for _, tz := range []string{"", "Local", "asia/tokyo", "Mars/Olympus"} {
		if _, err := schedule.LoadLocation(tz); err == nil {
			t.Errorf("LoadLocation(%q) accepted", tz)
		}
	}
}
