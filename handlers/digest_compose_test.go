package handlers_test

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"strings"
	"testing"
	"time"

	"careerbot/bot/console"
	"careerbot/handlers"
	"careerbot/knowledge"
	"careerbot/store"
	"careerbot/store/storetest"
)

// failingKB is the real knowledge base with one list failing.
type failingKB struct {
	knowledge.KB
	fail string
}

var errKB = errors.New("the knowledge base is unreadable")

func (k failingKB) err(name string) error {
	if k.fail == name {
		return errKB
	}
	return nil
}

func (k failingKB) Salaries(ctx context.Context, topic string) ([]knowledge.SalaryFigure, error) {
	if err := k.err("Salaries"); err != nil {
		return nil, err
	}
	return k.KB.Salaries(ctx, topic)
}

func (k failingKB) Paths(ctx context.Context) ([]knowledge.CareerPath, error) {
	if err := k.err("Paths"); err != nil {
		return nil, err
	}
	return k.KB.Paths(ctx)
}

func (k failingKB) SkillMaps(ctx context.Context, topic string) ([]knowledge.SkillMap, error) {
	if err := k.err("SkillMaps"); err != nil {
		return nil, err
	}
	return k.KB.SkillMaps(ctx, topic)
}

func (k failingKB) Trends(ctx context.Context) ([]knowledge.Trend, error) {
	if err := k.err("Trends"); err != nil {
		return nil, err
	}
	return k.KB.Trends(ctx)
}

func (k failingKB) Listings(ctx context.Context, topic string) ([]knowledge.Listing, error) {
	if err := k.err("Listings"); err != nil {
		return nil, err
	}
	return k.KB.Listings(ctx, topic)
}

func (k failingKB) Actions(ctx context.Context) ([]knowledge.Action, error) {
	if err := k.err("Actions"); err != nil {
		return nil, err
	}
	return k.KB.Actions(ctx)
}

func (k failingKB) Changes(ctx context.Context, after int) ([]knowledge.Change, error) {
	if err := k.err("Changes"); err != nil {
		return nil, err
	}
	return k.KB.Changes(ctx, after)
}

// TestDigestSectionFailures: a list the digest cannot read fails the whole
// digest (the scheduler retries it later) rather than posting one with a
// section silently missing; only the changes, a courtesy, degrade to
// nothing new.
func TestDigestSectionFailures(t *testing.T) {
	ctx := context.Background()
	st := storetest.Open(t, store.Options{})
	tokyo, _ := time.LoadLocation("Asia/Tokyo")
	period := time.Date(2026, 11, 30, 9, 0, 0, 0, tokyo)
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	for _, name := range []string{"Salaries", "Paths", "SkillMaps", "Trends", "Actions", "Changes"} {
		t.Run(name, func(t *testing.T) {
			d, err := handlers.NewDigest(ctx, failingKB{st, name}, st, handlers.DigestOptions{Logger: quiet})
			if err != nil {
				t.Fatal(err)
			}
			rep, err := d.ComposeRange(ctx, period, knowledge.EN, 0, 1)
			if name == "Changes" {
				if err != nil {
					t.Fatal(err)
				}
				mustNotContain(t, console.Render(rep), "Changed since your last digest")
				return
			}
			if !errors.Is(err, errKB) {
				t.Fatalf("ComposeRange = %v, want the %s failure", err, name)
			}
			if rep.Title != "" || len(rep.Fields) != 0 {
				t.Errorf("a failed digest came with content: %s", console.Render(rep))
			}
		})
	}
	// And with every list readable, the changes since version 0 are listed.
	d, err := handlers.NewDigest(ctx, failingKB{st, ""}, st, handlers.DigestOptions{Logger: quiet})
	if err != nil {
		t.Fatal(err)
	}
	rep, err := d.ComposeRange(ctx, period, knowledge.EN, 0, 1)
	if err != nil {
		t.Fatal(err)
	}
	if text := console.Render(rep); !strings.Contains(text, "added · ") || !strings.Contains(text, "• and ") {
		t.Errorf("the first version's facts are not listed as added, eight and a count:\n%s", text)
	}
}
