package store

import "careerbot/knowledge"

// The store's contracts, declared beside the domain types in knowledge.
var (
	_ knowledge.SubscriptionStore = (*Store)(nil)
	_ knowledge.DeliveryLog       = (*Store)(nil)
	_ knowledge.DigestStore       = (*Store)(nil)
)
