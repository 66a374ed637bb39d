package store

import (
	"bytes"
	"context"
	"testing"
	"time"

	"careerbot/knowledge"
)

// TestSlackInstallations: save, find by workspace (with or without its
// organisation), org-wide fallback, expiry listing and delete.
func TestSlackInstallations(t *testing.T) {
	ctx := context.Background()
	s, clk, _ := openDigestStore(t)
	exp := clk.Now().Add(12 * time.Hour)
	team := knowledge.SlackInstallation{TeamID: "T1", TeamName: "one", BotUserID: "UB1", Scopes: "commands,chat:write",
		SealedBotToken: []byte("sealed-1"), SealedRefreshToken: []byte("sealed-r1"), ExpiresAt: exp, InstalledBy: "U1"}
	org := knowledge.SlackInstallation{EnterpriseID: "E1", TeamID: "T9", IsEnterpriseInstall: true, BotUserID: "UB2",
		SealedBotToken: []byte("sealed-2")}
	for _, in := range []knowledge.SlackInstallation{team, org} {
		if err := s.SaveSlackInstallation(ctx, in); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.SaveSlackInstallation(ctx, knowledge.SlackInstallation{TeamID: "T3"}); err == nil {
		t.Error("an installation without a token was saved")
	}

	tests := []struct {
		name, enterprise, team string
		wantBot                string // "" = not found
	}{
		{"own workspace", "", "T1", "UB1"},
		{"own workspace, organisation given", "E7", "T1", "UB1"},
		{"workspace of an org-wide install", "E1", "T2", "UB2"},
		{"organisation alone", "E1", "", "UB2"},
		{"unknown workspace", "", "T2", ""},
		{"unknown organisation", "E2", "T2", ""},
	}
	for _, tc := range tests {
		got, ok, err := s.SlackInstallation(ctx, tc.enterprise, tc.team)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if ok != (tc.wantBot != "") || got.BotUserID != tc.wantBot {
			t.Errorf("%s: got %q (found %v), want %q", tc.name, got.BotUserID, ok, tc.wantBot)
		}
	}
	got, _, _ := s.SlackInstallation(ctx, "", "T1")
	if !got.ExpiresAt.Equal(exp) || !bytes.Equal(got.SealedRefreshToken, []byte("sealed-r1")) || got.Scopes != team.Scopes || got.TeamID != "T1" {
		t.Errorf("read back %+v", got)
	}
	// A digest knows only its workspace: once the workspace is known to
	// belong to E1, the org-wide install serves it.
	if err := s.RememberSlackTeam(ctx, "T2", "E1"); err != nil {
		t.Fatal(err)
	}
	if got, ok, _ := s.SlackInstallation(ctx, "", "T2"); !ok || got.BotUserID != "UB2" {
		t.Errorf("workspace remembered in E1: %+v %v", got, ok)
	}

	exp2, err := s.ExpiringSlackInstallations(ctx, clk.Now().Add(13*time.Hour))
	if err != nil || len(exp2) != 1 || exp2[0].TeamID != "T1" {
		t.Errorf("expiring = %+v, %v", exp2, err)
	}
	if exp3, _ := s.ExpiringSlackInstallations(ctx, clk.Now().Add(time.Hour)); len(exp3) != 0 {
		t.Errorf("expiring within the hour: %+v", exp3)
	}

	if ok, err := s.DeleteSlackInstallation(ctx, "", "T1"); err != nil || !ok {
		t.Fatalf("delete = %v %v", ok, err)
	}
	if ok, _ := s.DeleteSlackInstallation(ctx, "", "T1"); ok {
		t.Error("deleted twice")
	}
	if _, ok, _ := s.SlackInstallation(ctx, "", "T1"); ok {
		t.Error("still found after delete")
	}
	if ok, err := s.DeleteSlackInstallation(ctx, "E1", ""); err != nil || !ok {
		t.Fatalf("delete org = %v %v", ok, err)
	}
	if _, ok, _ := s.SlackInstallation(ctx, "E1", "T2"); ok {
		t.Error("org-wide install still found after delete")
	}
}
