package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"careerbot/knowledge"
)

// tsFormat is fixed-width UTC so that timestamps compare correctly as text.
const tsFormat = "2006-01-02T15:04:05.000000000Z"

func ts(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(tsFormat)
}

func parseTS(s string) time.Time {
	if s == "" {
		return time.Time{}
	}
	t, err := time.Parse(tsFormat, s)
	if err != nil {
		t, _ = time.Parse(time.RFC3339Nano, s)
	}
	return t
}

const subColumns = `id, platform, workspace, channel, schedule, timezone, locale, subscribed_by, subscribed_at, paused_reason, paused_at, kb_version`

type scanner interface{ Scan(dest ...any) error }

func scanSub(r scanner) (knowledge.Subscription, error) {
	var s knowledge.Subscription
	var loc, at, pausedAt string
	err := r.Scan(&s.ID, &s.Platform, &s.Workspace, &s.Channel, &s.Schedule, &s.Timezone, &loc, &s.SubscribedBy, &at, &s.PausedReason, &pausedAt, &s.KBVersion)
	s.Locale = knowledge.Locale(loc)
	s.SubscribedAt = parseTS(at)
	s.PausedAt = parseTS(pausedAt)
	return s, err
}

// Subscribe creates or replaces the subscription of sub.Platform and
// sub.Channel. A re-subscribe keeps the row (and so its delivery log), takes
// the new schedule, and clears any pause. SubscribedAt defaults to now.
func (s *Store) Subscribe(ctx context.Context, sub knowledge.Subscription) (knowledge.Subscription, error) {
	if sub.Platform == "" || sub.Channel == "" {
		return sub, fmt.Errorf("subscribing: platform and channel are required")
	}
	if sub.SubscribedAt.IsZero() {
		sub.SubscribedAt = s.now()
	}
	row := s.db.QueryRowContext(ctx, `INSERT INTO digest_subscription
		(platform, workspace, channel, schedule, timezone, locale, subscribed_by, subscribed_at, kb_version, active)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 1)
		ON CONFLICT (platform, channel) DO UPDATE SET workspace = excluded.workspace, schedule = excluded.schedule,
			timezone = excluded.timezone, locale = excluded.locale, subscribed_by = excluded.subscribed_by,
			subscribed_at = excluded.subscribed_at, kb_version = excluded.kb_version, active = 1,
			paused_reason = '', paused_at = ''
		RETURNING `+subColumns,
		sub.Platform, sub.Workspace, sub.Channel, sub.Schedule, sub.Timezone, string(sub.Locale), sub.SubscribedBy, ts(sub.SubscribedAt), sub.KBVersion)
	out, err := scanSub(row)
	if err != nil {
		return sub, fmt.Errorf("subscribing %s channel %s: %w", sub.Platform, sub.Channel, err)
	}
	return out, nil
}

// Unsubscribe ends a channel's subscription. ok is false when it had none.
func (s *Store) Unsubscribe(ctx context.Context, platform knowledge.Platform, channel string) (ok bool, err error) {
	res, err := s.db.ExecContext(ctx, `UPDATE digest_subscription SET active = 0 WHERE platform = ? AND channel = ? AND active = 1`, platform, channel)
	if err != nil {
		return false, fmt.Errorf("unsubscribing %s channel %s: %w", platform, channel, err)
	}
	n, _ := res.RowsAffected()
	return n > 0, nil
}

// Subscription returns a channel's active subscription; ok is false when it
// has none.
func (s *Store) Subscription(ctx context.Context, platform knowledge.Platform, channel string) (sub knowledge.Subscription, ok bool, err error) {
	sub, err = scanSub(s.db.QueryRowContext(ctx, `SELECT `+subColumns+` FROM digest_subscription WHERE platform = ? AND channel = ? AND active = 1`, platform, channel))
	if errors.Is(err, sql.ErrNoRows) {
		return knowledge.Subscription{}, false, nil
	}
	if err != nil {
		return sub, false, fmt.Errorf("reading the subscription of %s channel %s: %w", platform, channel, err)
	}
	return sub, true, nil
}

// Subscriptions lists every active subscription, paused ones included.
func (s *Store) Subscriptions(ctx context.Context) ([]knowledge.Subscription, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+subColumns+` FROM digest_subscription WHERE active = 1 ORDER BY id`)
	if err != nil {
		return nil, fmt.Errorf("listing subscriptions: %w", err)
	}
	defer rows.Close()
	var out []knowledge.Subscription
	for rows.Next() {
		sub, err := scanSub(rows)
		if err != nil {
			return nil, fmt.Errorf("listing subscriptions: %w", err)
		}
		out = append(out, sub)
	}
	return out, rows.Err()
}

// Pause stops a subscription's deliveries, keeping reason for /digest status.
func (s *Store) Pause(ctx context.Context, subscriptionID int64, reason string) error {
	_, err := s.db.ExecContext(ctx, `UPDATE digest_subscription SET paused_reason = ?, paused_at = ? WHERE id = ?`, reason, ts(s.now()), subscriptionID)
	if err != nil {
		return fmt.Errorf("pausing subscription %d: %w", subscriptionID, err)
	}
	return nil
}

const delColumns = `id, subscription_id, period, scheduled_at, state, marker, message_id, attempts, maybe_posted, last_error, since_version, kb_version, next_attempt_at, lease_owner, lease_until, created_at, updated_at`

func scanDelivery(r scanner) (knowledge.Delivery, error) {
	var d knowledge.Delivery
	var state, sched, next, lease, created, updated string
	err := r.Scan(&d.ID, &d.SubscriptionID, &d.Period, &sched, &state, &d.Marker, &d.MessageID, &d.Attempts, &d.MaybePosted, &d.LastError,
		&d.SinceVersion, &d.KBVersion, &next, &d.LeaseOwner, &lease, &created, &updated)
	d.State = knowledge.DeliveryState(state)
	d.ScheduledAt, d.NextAttemptAt, d.LeaseUntil = parseTS(sched), parseTS(next), parseTS(lease)
	d.CreatedAt, d.UpdatedAt = parseTS(created), parseTS(updated)
	return d, err
}

func queryDeliveries(ctx context.Context, q interface {
	QueryContext(context.Context, string, ...any) (*sql.Rows, error)
}, what, query string, args ...any) ([]knowledge.Delivery, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", what, err)
	}
	defer rows.Close()
	var out []knowledge.Delivery
	for rows.Next() {
		d, err := scanDelivery(rows)
		if err != nil {
			return nil, fmt.Errorf("reading %s: %w", what, err)
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

// LastDelivery returns a subscription's most recent delivery (by scheduled
// time, whatever its state); ok is false when there is none.
func (s *Store) LastDelivery(ctx context.Context, subscriptionID int64) (d knowledge.Delivery, ok bool, err error) {
	ds, err := queryDeliveries(ctx, s.db, "the last delivery", `SELECT `+delColumns+` FROM digest_delivery
		WHERE subscription_id = ? ORDER BY scheduled_at DESC, id DESC LIMIT 1`, subscriptionID)
	if err != nil || len(ds) == 0 {
		return knowledge.Delivery{}, false, err
	}
	return ds[0], true, nil
}

// LastDeliveries returns every subscription's most recent delivery, by
// subscription id: with the subscriptions, all the scheduler needs to work
// out which periods are due.
func (s *Store) LastDeliveries(ctx context.Context) (map[int64]knowledge.Delivery, error) {
	ds, err := queryDeliveries(ctx, s.db, "the last deliveries", `SELECT `+delColumns+` FROM digest_delivery d
		WHERE d.id = (SELECT id FROM digest_delivery x WHERE x.subscription_id = d.subscription_id ORDER BY scheduled_at DESC, id DESC LIMIT 1)`)
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
	ds, err := queryDeliveries(ctx, s.db, "a delivery", `SELECT `+delColumns+` FROM digest_delivery WHERE subscription_id = ? AND period = ?`, subscriptionID, period)
	if err != nil || len(ds) == 0 {
		return knowledge.Delivery{}, false, err
	}
	return ds[0], true, nil
}

// RecordIntents records, in one transaction, the intent to deliver each of
// ds (SubscriptionID, Period, ScheduledAt, Marker, SinceVersion, KBVersion).
// It is idempotent: a period already recorded keeps its row, whatever its
// state, and that row is what is returned, so the caller can see that it
// was already sent. The result is in the order of ds.
func (s *Store) RecordIntents(ctx context.Context, ds []knowledge.Delivery) ([]knowledge.Delivery, error) {
	out := make([]knowledge.Delivery, 0, len(ds))
	now := ts(s.now())
	err := s.tx(ctx, func(tx *sql.Tx) error {
		out = out[:0]
		ins, err := tx.PrepareContext(ctx, `INSERT INTO digest_delivery
			(subscription_id, period, scheduled_at, state, marker, since_version, kb_version, created_at, updated_at)
			VALUES (?, ?, ?, 'intent', ?, ?, ?, ?, ?) ON CONFLICT (subscription_id, period) DO NOTHING`)
		if err != nil {
			return err
		}
		defer ins.Close()
		get, err := tx.PrepareContext(ctx, `SELECT `+delColumns+` FROM digest_delivery WHERE subscription_id = ? AND period = ?`)
		if err != nil {
			return err
		}
		defer get.Close()
		for _, d := range ds {
			if _, err := ins.ExecContext(ctx, d.SubscriptionID, d.Period, ts(d.ScheduledAt), d.Marker, d.SinceVersion, d.KBVersion, now, now); err != nil {
				return fmt.Errorf("subscription %d period %s: %w", d.SubscriptionID, d.Period, err)
			}
			got, err := scanDelivery(get.QueryRowContext(ctx, d.SubscriptionID, d.Period))
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

// ClaimDelivery takes an open intent for one attempt: it counts the attempt,
// marks it as possibly posted until a result says otherwise, and leases the
// row to owner until the given time, so that no other process (a concurrent
// `digest send-now`) works on it meanwhile. ok is false when the delivery is
// no longer open or another owner's lease has not expired. The returned
// delivery's Attempts includes this one; its MaybePosted is as it was
// before this claim: whether an earlier attempt may have gone out.
func (s *Store) ClaimDelivery(ctx context.Context, id int64, owner string, until time.Time) (d knowledge.Delivery, ok bool, err error) {
	now := ts(s.now())
	err = s.tx(ctx, func(tx *sql.Tx) error {
		var prev bool
		err := tx.QueryRowContext(ctx, `SELECT maybe_posted FROM digest_delivery
			WHERE id = ? AND state = 'intent' AND (lease_owner = ? OR lease_until = '' OR lease_until < ?)`, id, owner, now).Scan(&prev)
		if errors.Is(err, sql.ErrNoRows) {
			return nil
		}
		if err != nil {
			return err
		}
		ds, err := queryDeliveries(ctx, tx, "a claimed delivery", `UPDATE digest_delivery
			SET attempts = attempts + 1, maybe_posted = 1, lease_owner = ?, lease_until = ?, updated_at = ?
			WHERE id = ? RETURNING `+delColumns, owner, ts(until), now, id)
		if err != nil {
			return err
		}
		if len(ds) == 1 {
			d, ok = ds[0], true
			d.MaybePosted = prev
		}
		return nil
	})
	if err != nil {
		return knowledge.Delivery{}, false, fmt.Errorf("claiming delivery %d: %w", id, err)
	}
	return d, ok, nil
}

// RecordSent marks an intent as posted with the platform's message id, moves
// the subscription's knowledge version forward to what the digest covered,
// and clears any pause (a post that went through proves access). It is a
// no-op for a delivery that is no longer an intent. ok reports whether this
// call recorded it.
func (s *Store) RecordSent(ctx context.Context, id int64, messageID string) (ok bool, err error) {
	err = s.tx(ctx, func(tx *sql.Tx) error {
		var subID int64
		var kbv int
		err := tx.QueryRowContext(ctx, `UPDATE digest_delivery SET state = 'sent', message_id = ?, last_error = '', lease_owner = '', lease_until = '', next_attempt_at = '', updated_at = ?
			WHERE id = ? AND state = 'intent' RETURNING subscription_id, kb_version`, messageID, ts(s.now()), id).Scan(&subID, &kbv)
		if errors.Is(err, sql.ErrNoRows) {
			return nil
		}
		if err != nil {
			return err
		}
		ok = true
		_, err = tx.ExecContext(ctx, `UPDATE digest_subscription SET kb_version = MAX(kb_version, ?), paused_reason = '', paused_at = '' WHERE id = ?`, kbv, subID)
		return err
	})
	if err != nil {
		return false, fmt.Errorf("recording delivery %d as sent: %w", id, err)
	}
	return ok, nil
}

// RecordFailure records a failed attempt. A transient one leaves the intent
// open for another attempt at next; a permanent one closes it as failed and
// pauses the subscription with the reason, in the same transaction. refused
// says the platform answered and turned the request down (HTTP 429), so
// nothing went out and the next attempt need not look for it. Only the
// lease owner's result counts (owner "" matches any).
func (s *Store) RecordFailure(ctx context.Context, id int64, owner, reason string, permanent, refused bool, next time.Time) error {
	now := ts(s.now())
	err := s.tx(ctx, func(tx *sql.Tx) error {
		state := string(knowledge.DeliveryIntent)
		if permanent {
			state = string(knowledge.DeliveryFailed)
		}
		var subID int64
		err := tx.QueryRowContext(ctx, `UPDATE digest_delivery SET state = ?, last_error = ?, next_attempt_at = ?, lease_owner = '', lease_until = '', updated_at = ?,
				maybe_posted = CASE WHEN ? THEN 0 ELSE maybe_posted END
			WHERE id = ? AND state = 'intent' AND (? = '' OR lease_owner = ?) RETURNING subscription_id`,
			state, reason, ts(next), now, refused, id, owner, owner).Scan(&subID)
		if errors.Is(err, sql.ErrNoRows) {
			return nil
		}
		if err != nil {
			return err
		}
		if permanent {
			_, err = tx.ExecContext(ctx, `UPDATE digest_subscription SET paused_reason = ?, paused_at = ? WHERE id = ?`, reason, now, subID)
		}
		return err
	})
	if err != nil {
		return fmt.Errorf("recording the failure of delivery %d: %w", id, err)
	}
	return nil
}

// CloseDelivery ends an open intent without a post: skipped (its period
// passed before it could be tried) or failed (given up). It is a no-op for a
// delivery that is no longer an intent.
func (s *Store) CloseDelivery(ctx context.Context, id int64, state knowledge.DeliveryState, reason string) error {
	if state != knowledge.DeliverySkipped && state != knowledge.DeliveryFailed {
		return fmt.Errorf("closing delivery %d: state must be skipped or failed, not %q", id, state)
	}
	_, err := s.db.ExecContext(ctx, `UPDATE digest_delivery SET state = ?, last_error = ?, lease_owner = '', lease_until = '', updated_at = ?
		WHERE id = ? AND state = 'intent'`, string(state), reason, ts(s.now()), id)
	if err != nil {
		return fmt.Errorf("closing delivery %d: %w", id, err)
	}
	return nil
}

// RecordSkipped records a period that was missed for good (the bot was
// down longer than the grace window), so it is logged and never tried.
func (s *Store) RecordSkipped(ctx context.Context, d knowledge.Delivery, reason string) error {
	now := ts(s.now())
	_, err := s.db.ExecContext(ctx, `INSERT INTO digest_delivery
		(subscription_id, period, scheduled_at, state, marker, last_error, created_at, updated_at)
		VALUES (?, ?, ?, 'skipped', ?, ?, ?, ?) ON CONFLICT (subscription_id, period) DO NOTHING`,
		d.SubscriptionID, d.Period, ts(d.ScheduledAt), d.Marker, reason, now, now)
	if err != nil {
		return fmt.Errorf("recording a skipped period for subscription %d: %w", d.SubscriptionID, err)
	}
	return nil
}

// ReopenDelivery turns a failed or skipped delivery back into an intent, for
// an operator's send-now after the cause was fixed. A sent one stays sent.
func (s *Store) ReopenDelivery(ctx context.Context, id int64) error {
	_, err := s.db.ExecContext(ctx, `UPDATE digest_delivery SET state = 'intent', next_attempt_at = '', updated_at = ?
		WHERE id = ? AND state IN ('failed', 'skipped')`, ts(s.now()), id)
	if err != nil {
		return fmt.Errorf("reopening delivery %d: %w", id, err)
	}
	return nil
}

// UnfinishedDeliveries lists the open intents of active subscriptions,
// oldest first: what a crash or a transient failure left to finish.
func (s *Store) UnfinishedDeliveries(ctx context.Context) ([]knowledge.Delivery, error) {
	return queryDeliveries(ctx, s.db, "unfinished deliveries", `SELECT `+prefixed("d.", delColumns)+` FROM digest_delivery d
		JOIN digest_subscription s ON s.id = d.subscription_id
		WHERE d.state = 'intent' AND s.active = 1 ORDER BY d.scheduled_at, d.id`)
}

// Deliveries lists every delivery of a subscription, oldest first.
func (s *Store) Deliveries(ctx context.Context, subscriptionID int64) ([]knowledge.Delivery, error) {
	return queryDeliveries(ctx, s.db, "deliveries", `SELECT `+delColumns+` FROM digest_delivery WHERE subscription_id = ? ORDER BY scheduled_at, id`, subscriptionID)
}

func prefixed(p, cols string) string {
	parts := strings.Split(cols, ", ")
	for i := range parts {
		parts[i] = p + parts[i]
	}
	return strings.Join(parts, ", ")
}
