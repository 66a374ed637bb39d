package knowledge

import (
	"context"
	"time"
)

// SubscriptionStore keeps the channels subscribed to the weekly digest.
// /digest manages them; the scheduler reads them and pauses one whose
// channel can no longer be posted to. The store implements it on SQLite.
type SubscriptionStore interface {
	// Subscribe creates or replaces the channel's subscription.
	Subscribe(ctx context.Context, sub Subscription) (Subscription, error)
	// Unsubscribe ends a channel's subscription; ok is false when it had none.
	Unsubscribe(ctx context.Context, platform Platform, channel string) (ok bool, err error)
	// Subscription returns a channel's active subscription (paused or not);
	// ok is false when it has none.
	Subscription(ctx context.Context, platform Platform, channel string) (sub Subscription, ok bool, err error)
	// Subscriptions lists every subscription, paused ones included.
	Subscriptions(ctx context.Context) ([]Subscription, error)
	// Pause stops a subscription's deliveries, keeping reason for /digest status.
	Pause(ctx context.Context, subscriptionID int64, reason string) error
}

// DeliveryLog records each digest delivery, one row per subscription and
// period, so that a digest goes out once across crashes and restarts: an
// intent is recorded before anything is posted, each attempt claims the row
// under a lease, and the result is recorded after.
type DeliveryLog interface {
	// Delivery returns one delivery by subscription and period.
	Delivery(ctx context.Context, subscriptionID int64, period string) (d Delivery, ok bool, err error)
	// LastDelivery returns a subscription's most recent delivery, whatever
	// its state; ok is false when there is none.
	LastDelivery(ctx context.Context, subscriptionID int64) (d Delivery, ok bool, err error)
	// LastDeliveries returns every subscription's most recent delivery, by
	// subscription id.
	LastDeliveries(ctx context.Context) (map[int64]Delivery, error)
	// UnfinishedDeliveries lists the open intents of active subscriptions,
	// oldest first.
	UnfinishedDeliveries(ctx context.Context) ([]Delivery, error)
	// RecordIntents records intents to deliver, idempotently: a period
	// already recorded keeps its row, which is returned as it stands. The
	// result is in the order of ds.
	RecordIntents(ctx context.Context, ds []Delivery) ([]Delivery, error)
	// RecordSkipped records a period missed for good, so it is never tried.
	RecordSkipped(ctx context.Context, d Delivery, reason string) error
	// ClaimDelivery leases an open intent to owner until the given time,
	// counting the attempt; ok is false when it is no longer open or another
	// owner's lease has not expired.
	ClaimDelivery(ctx context.Context, id int64, owner string, until time.Time) (d Delivery, ok bool, err error)
	// RecordSent records a post; ok reports whether this call recorded it.
	RecordSent(ctx context.Context, id int64, messageID string) (ok bool, err error)
	// RecordFailure records a failed attempt: a permanent one closes the
	// delivery and pauses the subscription, a transient one is retried at
	// next; refused says nothing went out (HTTP 429).
	RecordFailure(ctx context.Context, id int64, owner, reason string, permanent, refused bool, next time.Time) error
	// CloseDelivery ends an open intent without a post (skipped or failed).
	CloseDelivery(ctx context.Context, id int64, state DeliveryState, reason string) error
	// ReopenDelivery turns a failed or skipped delivery back into an intent.
	ReopenDelivery(ctx context.Context, id int64) error
}

// DigestStore is what the digest keeps: its subscriptions and their
// delivery log.
type DigestStore interface {
	SubscriptionStore
	DeliveryLog
}
