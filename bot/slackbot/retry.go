package slackbot

import (
	"context"
	"errors"
	"time"

	"github.com/slack-go/slack"
)

func sleepCtx(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// retry runs call, and again after Slack's Retry-After delay when it is
// rate limited, at most three times in all, never waiting longer than
// maxRetryWait or past ctx's deadline.
func (b *Bot) retry(ctx context.Context, method string, call func() error) error {
	const attempts = 3
	for i := 1; ; i++ {
		err := call()
		var rl *slack.RateLimitedError
		if err == nil || !errors.As(err, &rl) || i == attempts {
			return err
		}
		wait := max(rl.RetryAfter, 100*time.Millisecond)
		if wait > b.maxRetryWait {
			return err
		}
		if dl, ok := ctx.Deadline(); ok && time.Until(dl) < wait {
			return err
		}
		b.log.Info("slack rate limited; retrying", "method", method, "retry_after", rl.RetryAfter, "attempt", i)
		b.cfg.Observer.Retry("slack")
		if serr := b.sleep(ctx, wait); serr != nil {
			return err
		}
	}
}
