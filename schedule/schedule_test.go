package schedule_test

import (
	"strings"
	"testing"
	"time"

	"careerbot/schedule"
)

func utc(y int, m time.Month, d, h, min int) time.Time {
	return time.Date(y, m, d, h, min, 0, 0, time.UTC)
}

func TestNextAcrossTimezones(t *testing.T) {
	cases := []struct {
		name, spec, tz string
		from           time.Time
		want           []time.Time // successive occurrences, in UTC
	}{
		{"tokyo monday 9", "0 9 * * 1", "Asia/Tokyo", utc(2026, 11, 24, 0, 0), []time.Time{utc(2026, 11, 30, 0, 0), utc(2026, 12, 7, 0, 0)}},
		{"exactly at an occurrence is not next", "0 9 * * 1", "Asia/Tokyo", utc(2026, 11, 30, 0, 0), []time.Time{utc(2026, 12, 7, 0, 0)}},
		{"kathmandu +05:45", "0 9 * * 1", "Asia/Kathmandu", utc(2026, 11, 24, 0, 0), []time.Time{utc(2026, 11, 30, 3, 15)}},
		{"chatham +13:45 crosses the date line", "0 9 * * 1", "Pacific/Chatham", utc(2026, 11, 24, 0, 0), []time.Time{utc(2026, 11, 29, 19, 15)}},
		{"st johns -03:30", "30 8 * * 5", "America/St_Johns", utc(2026, 11, 24, 0, 0), []time.Time{utc(2026, 11, 27, 12, 0)}},
		{"new york across spring forward keeps 9:00 local", "0 9 * * 1", "America/New_York", utc(2026, 3, 1, 0, 0), []time.Time{utc(2026, 3, 2, 14, 0), utc(2026, 3, 9, 13, 0)}},
		{"new york gap 02:30 runs at 03:30 EDT", "30 2 * * 0", "America/New_York", utc(2026, 3, 7, 0, 0), []time.Time{utc(2026, 3, 8, 7, 30), utc(2026, 3, 15, 6, 30)}},
		{"london 01:30 twice on fall back runs once", "30 1 * * 0", "Europe/London", utc(2026, 10, 24, 0, 0), []time.Time{utc(2026, 10, 25, 0, 30), utc(2026, 11, 1, 1, 30)}},
		{"new york daily 01:30 on fall back runs once", "30 1 * * *", "America/New_York", utc(2026, 10, 31, 12, 0), []time.Time{utc(2026, 11, 1, 5, 30), utc(2026, 11, 2, 6, 30)}},
		{"lord howe half-hour gap", "15 2 * * 0", "Australia/Lord_Howe", utc(2026, 10, 3, 0, 0), []time.Time{utc(2026, 10, 3, 15, 45), utc(2026, 10, 10, 15, 15)}},
		{"lord howe half-hour fall back", "45 1 * * 0", "Australia/Lord_Howe", utc(2026, 4, 4, 0, 0), []time.Time{utc(2026, 4, 4, 14, 45), utc(2026, 4, 11, 15, 15)}},
		{"sydney daylight saving from october", "0 9 * * 1", "Australia/Sydney", utc(2026, 9, 24, 0, 0), []time.Time{utc(2026, 9, 27, 23, 0), utc(2026, 10, 4, 22, 0)}},
		{"descriptor", "@weekly", "UTC", utc(2026, 11, 24, 0, 0), []time.Time{utc(2026, 11, 29, 0, 0)}},
		{"never: 31 february", "0 9 31 2 *", "UTC", utc(2026, 11, 24, 0, 0), []time.Time{{}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s, err := schedule.Parse(c.spec, c.tz)
			if err != nil {
				t.Fatal(err)
			}
			at := c.from
			for i, want := range c.want {
				got := s.Next(at)
				if !got.Equal(want) {
					t.Fatalf("occurrence %d after %s: got %s (%s), want %s", i+1, at.UTC(), got.UTC(), got, want)
				}
				if !got.IsZero() && got.Location() != s.Loc {
					t.Errorf("occurrence %d is in %s, want the schedule's zone %s", i+1, got.Location(), s.Loc)
				}
				at = got
			}
		})
	}
}

func TestParseRejects(t *testing.T) {
	cases := []struct{ spec, tz, want string }{
		{"0 9 * *", "UTC", "not valid cron syntax"},
		{"0 25 * * 1", "UTC", "not valid cron syntax"},
		{"CRON_TZ=UTC 0 9 * * 1", "UTC", "give the time zone separately"},
		{"TZ=UTC 0 9 * * 1", "UTC", "give the time zone separately"},
		{"0 9 * * 1", "Nowhere/City", "not in the tz database"},
		{"0 9 * * 1", "Local", "use an IANA name"},
		{"0 9 * * 1", "", "use an IANA name"},
	}
	for _, c := range cases {
		_, err := schedule.Parse(c.spec, c.tz)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("Parse(%q, %q) = %v, want an error saying %q", c.spec, c.tz, err, c.want)
		}
	}
	if s, err := schedule.Parse("  0 9 * * 1 ", "Asia/Tokyo"); err != nil || s.Spec != "0 9 * * 1" || s.Loc.String() != "Asia/Tokyo" {
		t.Errorf("Parse with spaces: %+v %v", s, err)
	}
}

func TestLatest(t *testing.T) {
	s, err := schedule.Parse("0 9 * * 1", "Asia/Tokyo") // Mondays 00:00 UTC
	if err != nil {
		t.Fatal(err)
	}
	at := func(d int, h int) time.Time { return utc(2026, 11, d, h, 0) }
	cases := []struct {
		name        string
		after, upTo time.Time
		latest      time.Time
		missed      int
		ok          bool
	}{
		{"three passed over", at(1, 0), at(24, 0), at(23, 0), 3, true},
		{"an occurrence equal to the anchor is not new", at(23, 0), at(24, 0), time.Time{}, 0, false},
		{"one exactly at upTo counts", at(20, 0), at(23, 0), at(23, 0), 0, true},
		{"a years-old anchor looks back five weeks only", utc(2020, 1, 1, 0, 0), at(24, 0), at(23, 0), 4, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			latest, missed, ok := s.Latest(c.after, c.upTo)
			if ok != c.ok || !latest.Equal(c.latest) || missed != c.missed {
				t.Fatalf("Latest = %s, missed %d, ok %v; want %s, %d, %v", latest, missed, ok, c.latest, c.missed, c.ok)
			}
		})
	}
}

func TestDailyWeekly(t *testing.T) {
	cases := []struct {
		spec          string
		daily, weekly bool
		day           time.Weekday
		hour, minute  int
	}{
		{"0 9 * * 1", false, true, time.Monday, 9, 0},
		{"30 18 * * 5", false, true, time.Friday, 18, 30},
		{"5 7 * * 0", false, true, time.Sunday, 7, 5},
		{"30 1 * * *", true, false, 0, 1, 30},
		{"0 9 1 * *", false, false, 0, 0, 0},
		{"0 9 * 1 1", false, false, 0, 0, 0},
		{"*/5 9 * * 1", false, false, 0, 0, 0},
		{"0 9 * * 1-5", false, false, 0, 0, 0},
		{"0 9 * * mon", false, false, 0, 0, 0},
		{"@weekly", false, false, 0, 0, 0},
	}
	for _, c := range cases {
		t.Run(c.spec, func(t *testing.T) {
			s, err := schedule.Parse(c.spec, "UTC")
			if err != nil {
				t.Fatal(err)
			}
			h, m, ok := s.Daily()
			if ok != c.daily || (ok && (h != c.hour || m != c.minute)) {
				t.Errorf("Daily() = %d, %d, %v", h, m, ok)
			}
			d, h, m, ok := s.Weekly()
			if ok != c.weekly || (ok && (d != c.day || h != c.hour || m != c.minute)) {
				t.Errorf("Weekly() = %s, %d, %d, %v", d, h, m, ok)
			}
			if ok {
				if spec := schedule.WeeklySpec(d, h, m); spec != c.spec {
					t.Errorf("WeeklySpec gives %q back for %q", spec, c.spec)
				}
			}
		})
	}
}

func TestPeriodKeyAndMarker(t *testing.T) {
	tokyo, _ := time.LoadLocation("Asia/Tokyo")
	if got := schedule.PeriodKey(time.Date(2026, 11, 30, 9, 0, 0, 0, tokyo)); got != "2026-11-30T00:00Z" {
		t.Errorf("PeriodKey = %q, want the occurrence in UTC to the minute", got)
	}
	// The marker is how a restarted process recognises a post made before
	// the crash, so it must not change between releases.
	cases := []struct{ platform, channel, period, want string }{
		{"slack", "C1", "2026-11-30T00:00Z", "cbd-2b8d497c96ed8f92"},
		{"discord", "C1", "2026-11-30T00:00Z", "cbd-367d3fff835f8edc"},
	}
	for _, c := range cases {
		if got := schedule.DigestMarker(c.platform, c.channel, c.period); got != c.want {
			t.Errorf("DigestMarker(%q, %q, %q) = %q, want %q", c.platform, c.channel, c.period, got, c.want)
		}
	}
	// The separator keeps the parts apart.
	if schedule.DigestMarker("slack", "C1", "x") == schedule.DigestMarker("slack", "C", "1x") {
		t.Error("different channels and periods share a marker")
	}
	type platform string
	if schedule.DigestMarker(platform("slack"), "C1", "p") != schedule.DigestMarker("slack", "C1", "p") {
		t.Error("a named string type gives a different marker")
	}
}

func TestWeekIndex(t *testing.T) {
	tokyo, _ := time.LoadLocation("Asia/Tokyo")
	cases := []struct {
		t    time.Time
		want int
	}{
		{utc(2024, 1, 1, 0, 0), 0},
		{utc(2024, 1, 7, 23, 0), 0},
		{utc(2024, 1, 8, 0, 0), 1},
		{utc(2023, 12, 31, 23, 59), -1},
		{utc(2023, 12, 25, 0, 0), -1},
		{utc(2023, 12, 24, 0, 0), -2},
		// In the time's own zone: Monday 08:00 in Tokyo is Sunday in UTC.
		{time.Date(2024, 1, 8, 8, 0, 0, 0, tokyo), 1},
		{time.Date(2024, 1, 8, 8, 0, 0, 0, tokyo).UTC(), 0},
		{utc(2026, 11, 30, 0, 0), 152},
	}
	for _, c := range cases {
		if got := schedule.WeekIndex(c.t); got != c.want {
			t.Errorf("WeekIndex(%s) = %d, want %d", c.t, got, c.want)
		}
	}
	for _, c := range []struct{ in, want time.Time }{
		{utc(2026, 12, 6, 9, 0), utc(2026, 11, 30, 9, 0)},
		{utc(2026, 11, 30, 9, 0), utc(2026, 11, 30, 9, 0)},
		{utc(2026, 12, 1, 0, 0), utc(2026, 11, 30, 0, 0)},
	} {
		if got := schedule.Monday(c.in); !got.Equal(c.want) {
			t.Errorf("Monday(%s) = %s, want %s", c.in, got, c.want)
		}
	}
}
