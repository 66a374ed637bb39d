package postgres

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"careerbot/knowledge"
	"careerbot/store"
)

var _ knowledge.DigestStore = (*Store)(nil)

// Timestamps are the SQLite store's text (store.TS): fixed-width UTC, so
// they compare correctly as text (lease_until < now).
func ts(t time.Time) string { return store.TS(t) }

func parseTS(s string) time.Time { return store.ParseTS(s) }

const subColumns = `id, platform, workspace, channel, schedule, timezone, locale, subscribed_by, subscribed_at, paused_reason, paused_at, kb_version`

func scanSub(r pgx.Row) (knowledge.Subscription, error) {
	var s knowledge.Subscription
	var platform, loc, at, pausedAt string
	err := r.Scan(&s.ID, &platform, &s.Workspace, &s.Channel, &s.Schedule, &s.Timezone, &loc, &s.SubscribedBy, &at, &s.PausedReason, &pausedAt, &s.KBVersion)
	s.Platform = knowledge.Platform(platform)
	s.Locale = knowledge.Locale(loc)
	s.SubscribedAt = parseTS(at)
	s.PausedAt = parseTS(pausedAt)
	return s, err
}

// Subscribe creates or replaces the subscription of sub.Platform and
// sub.Channel; see store.Store.Subscribe.
func (s *Store) Subscribe(ctx context.Context, sub knowledge.Subscription) (knowledge.Subscription, error) {
	if sub.Platform == "" || sub.Channel == "" {
		return sub, fmt.Errorf("subscribing: platform and channel are required")
	}
	if sub.SubscribedAt.IsZero() {
		sub.SubscribedAt = s.now()
	}
	out, err := scanSub(s.pool.QueryRow(ctx, `INSERT INTO digest_subscription
		(platform, workspace, channel, schedule, timezone, locale, subscribed_by, subscribed_at, kb_version, active)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, TRUE)
		ON CONFLICT (platform, channel) DO UPDATE SET workspace = excluded.workspace, schedule = excluded.schedule,
			timezone = excluded.timezone, locale = excluded.locale, subscribed_by = excluded.subscribed_by,
			subscribed_at = excluded.subscribed_at, kb_version = excluded.kb_version, active = TRUE,
			paused_reason = '', paused_at = ''
		RETURNING `+subColumns,
		string(sub.Platform), sub.Workspace, sub.Channel, sub.Schedule, sub.Timezone, string(sub.Locale), sub.SubscribedBy, ts(sub.SubscribedAt), sub.KBVersion))
	if err != nil {
		return sub, fmt.Errorf("subscribing %s channel %s: %w", sub.Platform, sub.Channel, err)
	}
	return out, nil
}

// Unsubscribe ends a channel's subscription. ok is false when it had none.
func (s *Store) Unsubscribe(ctx context.Context, platform knowledge.Platform, channel string) (ok bool, err error) {
	tag, err := s.pool.Exec(ctx, `UPDATE digest_subscription SET active = FALSE WHERE platform = $1 AND channel = $2 AND active`, string(platform), channel)
	if err != nil {
		return false, fmt.Errorf("unsubscribing %s channel %s: %w", platform, channel, err)
	}
	return tag.RowsAffected() > 0, nil
}

// Subscription returns a channel's active subscription; ok is false when it
// has none.
func (s *Store) Subscription(ctx context.Context, platform knowledge.Platform, channel string) (sub knowledge.Subscription, ok bool, err error) {
	sub, err = scanSub(s.pool.QueryRow(ctx, `SELECT `+subColumns+` FROM digest_subscription WHERE platform = $1 AND channel = $2 AND active`, string(platform), channel))
	if errors.Is(err, pgx.ErrNoRows) {
		return knowledge.Subscription{}, false, nil
	}
	if err != nil {
		return sub, false, fmt.Errorf("reading the subscription of %s channel %s: %w", platform, channel, err)
	}
	return sub, true, nil
}

// Subscriptions lists every active subscription, paused ones included.
func (s *Store) Subscriptions(ctx context.Context) ([]knowledge.Subscription, error) {
	rows, err := s.pool.Query(ctx, `SELECT `+subColumns+` FROM digest_subscription WHERE active ORDER BY id`)
	if err != nil {
		return nil, fmt.Errorf("listing subscriptions: %w", err)
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (knowledge.Subscription, error) { return scanSub(r) })
	if err != nil {
		return nil, fmt.Errorf("listing subscriptions: %w", err)
	}
	return out, nil
}

// Pause stops a subscription's deliveries, keeping reason for /digest status.
func (s *Store) Pause(ctx context.Context, subscriptionID int64, reason string) error {
	if _, err := s.pool.Exec(ctx, `UPDATE digest_subscription SET paused_reason = $1, paused_at = $2 WHERE id = $3`, reason, ts(s.now()), subscriptionID); err != nil {
		return fmt.Errorf("pausing subscription %d: %w", subscriptionID, err)
	}
	return nil
}

const delColumns = `id, subscription_id, period, scheduled_at, state, marker, message_id, attempts, maybe_posted, last_error, since_version, kb_version, next_attempt_at, lease_owner, lease_until, created_at, updated_at`

func scanDelivery(r pgx.Row) (knowledge.Delivery, error) {
	var d knowledge.Delivery
	var state, sched, next, lease, created, updated string
	err := r.Scan(&d.ID, &d.SubscriptionID, &d.Period, &sched, &state, &d.Marker, &d.MessageID, &d.Attempts, &d.MaybePosted, &d.LastError,
		&d.SinceVersion, &d.KBVersion, &next, &d.LeaseOwner, &lease, &created, &updated)
	d.State = knowledge.DeliveryState(state)
	d.ScheduledAt, d.NextAttemptAt, d.LeaseUntil = parseTS(sched), parseTS(next), parseTS(lease)
	d.CreatedAt, d.UpdatedAt = parseTS(created), parseTS(updated)
	return d, err
}

func queryDeliveries(ctx context.Context, q queryer, what, query string, args ...any) ([]knowledge.Delivery, error) {
	rows, err := q.Query(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", what, err)
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (knowledge.Delivery, error) { return scanDelivery(r) })
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", what, err)
	}
	return out, nil
}

// LastDelivery returns a subscription's most recent delivery (by scheduled
// time, whatever its state); ok is false when there is none.
func (s *Store) LastDelivery(ctx context.Context, subscriptionID int64) (d knowledge.Delivery, ok bool, err error) {
	ds, err := queryDeliveries(ctx, s.pool, "the last delivery", `SELECT `+delColumns+` FROM digest_delivery
		WHERE subscription_id = $1 ORDER BY scheduled_at DESC, id DESC LIMIT 1`, subscriptionID)
	if err != nil || len(ds) == 0 {
		return knowledge.Delivery{}, false, err
	}
	return ds[0], true, nil
}

// LastDeliveries returns every subscription's most recent delivery, by
// subscription id.
func (s *Store) LastDeliveries(ctx context.Context) (map[int64]knowledge.Delivery, error) {
	ds, err := queryDeliveries(ctx, s.pool, "the last deliveries", `SELECT DISTINCT ON (subscription_id) `+delColumns+` FROM digest_delivery
		ORDER BY subscription_id, scheduled_at DESC, id DESC`)
	if err != nil {
		return nil, err
	}
	out := make(map[int64]knowledge.Delivery, len(ds))
	for _, d := range ds {
		out[d.SubscriptionID] = d
	}
	return out, nil
}

// Delivery returns one delivery by subscription and period.
func (s *Store) Delivery(ctx context.Context, subscriptionID int64, period string) (d knowledge.Delivery, ok bool, err error) {
	ds, err := queryDeliveries(ctx, s.pool, "a delivery", `SELECT `+delColumns+` FROM digest_delivery WHERE subscription_id = $1 AND period = $2`, subscriptionID, period)
	if err != nil || len(ds) == 0 {
		return knowledge.Delivery{}, false, err
	}
	return ds[0], true, nil
}

// RecordIntents records, in one transaction, the intent to deliver each of
// ds, idempotently: a period already recorded (by any replica) keeps its
// row, which is returned. The result is in the order of ds.
func (s *Store) RecordIntents(ctx context.Context, ds []knowledge.Delivery) ([]knowledge.Delivery, error) {
	out := make([]knowledge.Delivery, 0, len(ds))
	now := ts(s.now())
	err := s.tx(ctx, func(tx pgx.Tx) error {
		out = out[:0]
		for _, d := range ds {
			if _, err := tx.Exec(ctx, `INSERT INTO digest_delivery
				(subscription_id, period, scheduled_at, state, marker, since_version, kb_version, created_at, updated_at)
				VALUES ($1, $2, $3, 'intent', $4, $5, $6, $7, $7) ON CONFLICT (subscription_id, period) DO NOTHING`,
				d.SubscriptionID, d.Period, ts(d.ScheduledAt), d.Marker, d.SinceVersion, d.KBVersion, now); err != nil {
				return fmt.Errorf("subscription %d period %s: %w", d.SubscriptionID, d.Period, err)
			}
			got, err := scanDelivery(tx.QueryRow(ctx, `SELECT `+delColumns+` FROM digest_delivery WHERE subscription_id = $1 AND period = $2`, d.SubscriptionID, d.Period))
			if err != nil {
				return fmt.Errorf("subscription %d period %s: %w", d.SubscriptionID, d.Period, err)
			}
			out = append(out, got)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("recording digest intents: %w", err)
	}
	return out, nil
}

// RecordIntent records one intent; see RecordIntents.
func (s *Store) RecordIntent(ctx context.Context, d knowledge.Delivery) (knowledge.Delivery, error) {
	ds, err := s.RecordIntents(ctx, []knowledge.Delivery{d})
	if err != nil {
		return d, err
	}
	return ds[0], nil
}

// ClaimDelivery takes an open intent for one attempt, as
// store.Store.ClaimDelivery does. Across replicas the row lock decides:
// SELECT … FOR UPDATE SKIP LOCKED lets one replica in, and one that finds
// the row locked (another is claiming or recording it) or leased to
// another owner gets ok false at once instead of waiting.
func (s *Store) ClaimDelivery(ctx context.Context, id int64, owner string, until time.Time) (d knowledge.Delivery, ok bool, err error) {
	now := ts(s.now())
	err = s.tx(ctx, func(tx pgx.Tx) error {
		var prev bool
		err := tx.QueryRow(ctx, `SELECT maybe_posted FROM digest_delivery
			WHERE id = $1 AND state = 'intent' AND (lease_owner = $2 OR lease_until = '' OR lease_until < $3)
			FOR UPDATE SKIP LOCKED`, id, owner, now).Scan(&prev)
		if errors.Is(err, pgx.ErrNoRows) {
			return nil
		}
		if err != nil {
			return err
		}
		d, err = scanDelivery(tx.QueryRow(ctx, `UPDATE digest_delivery
			SET attempts = attempts + 1, maybe_posted = TRUE, lease_owner = $1, lease_until = $2, updated_at = $3
			WHERE id = $4 RETURNING `+delColumns, owner, ts(until), now, id))
		if err != nil {
			return err
		}
		ok = true
		d.MaybePosted = prev
		return nil
	})
	if err != nil {
		return knowledge.Delivery{}, false, fmt.Errorf("claiming delivery %d: %w", id, err)
	}
	return d, ok, nil
}

// RecordSent marks an intent as posted; see store.Store.RecordSent.
func (s *Store) RecordSent(ctx context.Context, id int64, messageID string) (ok bool, err error) {
	err = s.tx(ctx, func(tx pgx.Tx) error {
		var subID int64
		var kbv int
		err := tx.QueryRow(ctx, `UPDATE digest_delivery SET state = 'sent', message_id = $1, last_error = '', lease_owner = '', lease_until = '', next_attempt_at = '', updated_at = $2
			WHERE id = $3 AND state = 'intent' RETURNING subscription_id, kb_version`, messageID, ts(s.now()), id).Scan(&subID, &kbv)
		if errors.Is(err, pgx.ErrNoRows) {
			return nil
		}
		if err != nil {
			return err
		}
		ok = true
		_, err = tx.Exec(ctx, `UPDATE digest_subscription SET kb_version = GREATEST(kb_version, $1), paused_reason = '', paused_at = '' WHERE id = $2`, kbv, subID)
		return err
	})
	if err != nil {
		return false, fmt.Errorf("recording delivery %d as sent: %w", id, err)
	}
	return ok, nil
}

// RecordFailure records a failed attempt; see store.Store.RecordFailure.
func (s *Store) RecordFailure(ctx context.Context, id int64, owner, reason string, permanent, refused bool, next time.Time) error {
	now := ts(s.now())
	err := s.tx(ctx, func(tx pgx.Tx) error {
		state := string(knowledge.DeliveryIntent)
		if permanent {
			state = string(knowledge.DeliveryFailed)
		}
		var subID int64
		err := tx.QueryRow(ctx, `UPDATE digest_delivery SET state = $1, last_error = $2, next_attempt_at = $3, lease_owner = '', lease_until = '', updated_at = $4,
				maybe_posted = CASE WHEN $5 THEN FALSE ELSE maybe_posted END
			WHERE id = $6 AND state = 'intent' AND ($7 = '' OR lease_owner = $7) RETURNING subscription_id`,
			state, reason, ts(next), now, refused, id, owner).Scan(&subID)
		if errors.Is(err, pgx.ErrNoRows) {
			return nil
		}
		if err != nil {
			return err
		}
		if permanent {
			_, err = tx.Exec(ctx, `UPDATE digest_subscription SET paused_reason = $1, paused_at = $2 WHERE id = $3`, reason, now, subID)
		}
		return err
	})
	if err != nil {
		return fmt.Errorf("recording the failure of delivery %d: %w", id, err)
	}
	return nil
}

// CloseDelivery ends an open intent without a post (skipped or failed).
func (s *Store) CloseDelivery(ctx context.Context, id int64, state knowledge.DeliveryState, reason string) error {
	if state != knowledge.DeliverySkipped && state != knowledge.DeliveryFailed {
		return fmt.Errorf("closing delivery %d: state must be skipped or failed, not %q", id, state)
	}
	if _, err := s.pool.Exec(ctx, `UPDATE digest_delivery SET state = $1, last_error = $2, lease_owner = '', lease_until = '', updated_at = $3
		WHERE id = $4 AND state = 'intent'`, string(state), reason, ts(s.now()), id); err != nil {
		return fmt.Errorf("closing delivery %d: %w", id, err)
	}
	return nil
}

// RecordSkipped records a period missed for good, so it is never tried.
func (s *Store) RecordSkipped(ctx context.Context, d knowledge.Delivery, reason string) error {
	now := ts(s.now())
	if _, err := s.pool.Exec(ctx, `INSERT INTO digest_delivery
		(subscription_id, period, scheduled_at, state, marker, last_error, created_at, updated_at)
		VALUES ($1, $2, $3, 'skipped', $4, $5, $6, $6) ON CONFLICT (subscription_id, period) DO NOTHING`,
		d.SubscriptionID, d.Period, ts(d.ScheduledAt), d.Marker, reason, now); err != nil {
		return fmt.Errorf("recording a skipped period for subscription %d: %w", d.SubscriptionID, err)
	}
	return nil
}

// ReopenDelivery turns a failed or skipped delivery back into an intent.
func (s *Store) ReopenDelivery(ctx context.Context, id int64) error {
	if _, err := s.pool.Exec(ctx, `UPDATE digest_delivery SET state = 'intent', next_attempt_at = '', updated_at = $1
		WHERE id = $2 AND state IN ('failed', 'skipped')`, ts(s.now()), id); err != nil {
		return fmt.Errorf("reopening delivery %d: %w", id, err)
	}
	return nil
}

// UnfinishedDeliveries lists the open intents of active subscriptions,
// oldest first.
func (s *Store) UnfinishedDeliveries(ctx context.Context) ([]knowledge.Delivery, error) {
	return queryDeliveries(ctx, s.pool, "unfinished deliveries", `SELECT `+prefixed("d.", delColumns)+` FROM digest_delivery d
		JOIN digest_subscription s ON s.id = d.subscription_id
		WHERE d.state = 'intent' AND s.active ORDER BY d.scheduled_at, d.id`)
}

// Deliveries lists every delivery of a subscription, oldest first.
func (s *Store) Deliveries(ctx context.Context, subscriptionID int64) ([]knowledge.Delivery, error) {
	return queryDeliveries(ctx, s.pool, "deliveries", `SELECT `+delColumns+` FROM digest_delivery WHERE subscription_id = $1 ORDER BY scheduled_at, id`, subscriptionID)
}

func prefixed(p, cols string) string {
	parts := strings.Split(cols, ", ")
	for i := range parts {
		parts[i] = p + parts[i]
	}
	return strings.Join(parts, ", ")
}
