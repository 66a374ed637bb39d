package handlers_test

import (
	"context"
	"testing"

	"careerbot/handlers"
	"careerbot/knowledge"
)

func TestDigestForm(t *testing.T) {
	e := newDigestEnv(t)
	ctx := context.Background()
	r, err := handlers.New(ctx, e.st, handlers.Options{Digest: e.d})
	if err != nil {
		t.Fatal(err)
	}
	def, ok := r.DigestFormDefaults()
	if !ok || def.Weekday != "mon" || def.Time != "09:00" || def.Timezone != "Asia/Tokyo" {
		t.Fatalf("defaults = %+v, %v; want mon 09:00 Asia/Tokyo", def, ok)
	}
	base := handlers.Request{Platform: knowledge.Slack, Workspace: "W1", User: "U1", UserName: "alice", IsAdmin: true, Locale: knowledge.EN}
	tests := []struct {
		name    string
		form    handlers.DigestForm
		errKeys []string
	}{
		{"good", handlers.DigestForm{Channel: "C1", Weekday: "fri", Time: "18:30", Timezone: "Europe/Berlin"}, nil},
		{"defaults", handlers.DigestForm{Channel: "C2"}, nil},
		{"bad time and zone", handlers.DigestForm{Channel: "C3", Weekday: "fri", Time: "25:00", Timezone: "Mars/Olympus"}, []string{handlers.FormTime, handlers.FormTimezone}},
		{"wrong kinds", handlers.DigestForm{Channel: "C3", Weekday: "09:00", Time: "fri", Timezone: "Tokyo"}, []string{handlers.FormWeekday, handlers.FormTime, handlers.FormTimezone}},
		{"no channel", handlers.DigestForm{Weekday: "mon"}, []string{handlers.FormChannel}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			rep, errs := r.SubmitDigestForm(ctx, base, tc.form)
			if len(errs) != len(tc.errKeys) {
				t.Fatalf("errors %v, want keys %v", errs, tc.errKeys)
			}
			for _, k := range tc.errKeys {
				if errs[k] == "" {
					t.Errorf("no error for %s: %v", k, errs)
				}
			}
			if len(errs) > 0 {
				return
			}
			if !rep.OK() {
				t.Fatalf("subscribe failed: %+v", rep)
			}
			sub, ok, err := e.st.Subscription(ctx, knowledge.Slack, tc.form.Channel)
			if err != nil || !ok {
				t.Fatalf("no subscription for %s: %v", tc.form.Channel, err)
			}
			want := "0 9 * * 1 Asia/Tokyo"
			if tc.form.Time != "" {
				want = "30 18 * * 5 Europe/Berlin"
			}
			if got := sub.Schedule + " " + sub.Timezone; got != want {
				t.Errorf("subscribed %q, want %q", got, want)
			}
		})
	}
	// The form keeps the admin check of the typed command.
	notAdmin := base
	notAdmin.IsAdmin = false
	if rep, errs := r.SubmitDigestForm(ctx, notAdmin, handlers.DigestForm{Channel: "C9"}); len(errs) > 0 || rep.Status != handlers.StatusForbidden {
		t.Errorf("a non-admin's form: %+v %v, want forbidden", rep, errs)
	}
	if got := handlers.DescribeSchedule("30 18 * * 5", "Europe/Berlin", knowledge.EN); got == "" || got == "30 18 * * 5 (Europe/Berlin)" {
		t.Errorf("DescribeSchedule = %q, want words", got)
	}
}
