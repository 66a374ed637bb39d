package scheduler

import (
	"context"
	"sync"
	"time"

	"careerbot/knowledge"
)

// serialStore funnels the scheduler's writes through one mutex. SQLite
// takes one writer at a time anyway; queueing in Go keeps a thousand
// concurrent deliveries from polling SQLite's busy handler, which is unfair
// enough under load to time out with "database is locked".
type serialStore struct {
	Store
	mu *sync.Mutex
}

func (s serialStore) RecordIntents(ctx context.Context, ds []knowledge.Delivery) ([]knowledge.Delivery, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.Store.RecordIntents(ctx, ds)
}

func (s serialStore) RecordSkipped(ctx context.Context, d knowledge.Delivery, reason string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.Store.RecordSkipped(ctx, d, reason)
}

func (s serialStore) ClaimDelivery(ctx context.Context, id int64, owner string, until time.Time) (knowledge.Delivery, bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.Store.ClaimDelivery(ctx, id, owner, until)
}

func (s serialStore) RecordSent(ctx context.Context, id int64, messageID string) (bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.Store.RecordSent(ctx, id, messageID)
}

func (s serialStore) RecordFailure(ctx context.Context, id int64, owner, reason string, permanent, refused bool, next time.Time) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.Store.RecordFailure(ctx, id, owner, reason, permanent, refused, next)
}

func (s serialStore) CloseDelivery(ctx context.Context, id int64, state knowledge.DeliveryState, reason string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.Store.CloseDelivery(ctx, id, state, reason)
}

func (s serialStore) ReopenDelivery(ctx context.Context, id int64) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.Store.ReopenDelivery(ctx, id)
}

func (s serialStore) Pause(ctx context.Context, id int64, reason string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.Store.Pause(ctx, id, reason)
}
