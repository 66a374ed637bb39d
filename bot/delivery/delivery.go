// Package delivery is the contract between the digest scheduler and the
// platform adapters that post for it. It depends on neither side (only on
// knowledge, for the platform's name), and the message type is a type
// parameter, so the scheduler never sees handlers and the adapters never
// see the scheduler.
package delivery

import (
	"context"
	"errors"
	"fmt"
	"time"

	"careerbot/knowledge"
)

// Poster posts messages of type M (handlers.Reply in careerbot) to channels
// of one platform.
type Poster[M any] interface {
	// Platform is the platform of the channels it posts to, as stored in subscriptions.
	Platform() knowledge.Platform
	// Post sends msg publicly to channel. marker is a per-(channel, period)
	// token that the adapter embeds in the message where the platform allows
	// (Slack metadata, Discord nonce/footer) so that FindPost can recognise it.
	Post(ctx context.Context, channel string, msg M, marker string) (messageID string, err error)
	// FindPost looks for a message carrying marker posted in channel since
	// the given time, so that a crash between sending and recording does not
	// post twice. found is false when there is none.
	FindPost(ctx context.Context, channel, marker string, since time.Time) (messageID string, found bool, err error)
}

// Error classifies a failed post. Adapters wrap platform errors in it.
type Error struct {
	// Permanent failures (channel gone, bot removed, missing access) pause
	// the subscription; others are retried.
	Permanent bool
	// RetryAfter is the delay the platform asked for (HTTP 429), if any.
	RetryAfter time.Duration
	Err        error
}

func (e *Error) Error() string {
	kind := "transient"
	if e.Permanent {
		kind = "permanent"
	}
	if e.RetryAfter > 0 {
		return fmt.Sprintf("%s delivery failure (retry after %s): %v", kind, e.RetryAfter, e.Err)
	}
	return fmt.Sprintf("%s delivery failure: %v", kind, e.Err)
}

func (e *Error) Unwrap() error { return e.Err }

// Permanent wraps err as a permanent failure.
func Permanent(err error) error { return &Error{Permanent: true, Err: err} }

// Transient wraps err as a failure worth retrying after retryAfter (0: use backoff).
func Transient(err error, retryAfter time.Duration) error {
	return &Error{RetryAfter: retryAfter, Err: err}
}

// Classify reports whether err is permanent and how long the platform asked
// to wait. Errors not wrapped by an adapter count as transient.
func Classify(err error) (permanent bool, retryAfter time.Duration) {
	var e *Error
	if errors.As(err, &e) {
		return e.Permanent, e.RetryAfter
	}
	return false, 0
}

type workspaceKey struct{}

// WithWorkspace tells a Poster which workspace (Slack team id, Discord
// guild id) the channel belongs to: an adapter installed in many
// workspaces posts with that workspace's token. The scheduler sets it for
// every Post and FindPost; adapters with one token may ignore it. It rides
// on the context so that Poster's methods keep their signatures.
func WithWorkspace(ctx context.Context, workspace string) context.Context {
	return context.WithValue(ctx, workspaceKey{}, workspace)
}

// Workspace is the workspace WithWorkspace put in ctx, or "".
func Workspace(ctx context.Context) string {
	ws, _ := ctx.Value(workspaceKey{}).(string)
	return ws
}
