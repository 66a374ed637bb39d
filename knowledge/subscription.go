package knowledge

import "time"

// Subscription is one channel's weekly digest subscription. The store keeps
// it; handlers manage it through /digest; the scheduler delivers it.
type Subscription struct {
	ID           int64
	Platform     Platform // Slack or Discord
	Workspace    string   // Slack team id or Discord guild id
	Channel      string
	Schedule     string // cron spec, five fields, read in Timezone
	Timezone     string // IANA name, e.g. Asia/Tokyo
	Locale       Locale
	SubscribedBy string
	SubscribedAt time.Time
	PausedReason string // why delivery stopped (channel gone, access lost); empty when active
	PausedAt     time.Time
	// KBVersion is the knowledge version the channel's last digest covered,
	// so that the next one says what was added or changed since.
	KBVersion int
}

// DeliveryState is where one digest delivery stands.
type DeliveryState string

// Delivery states. An intent is recorded before anything is posted, so a
// crash leaves a trace that the next start finishes.
const (
	DeliveryIntent  DeliveryState = "intent"
	DeliverySent    DeliveryState = "sent"
	DeliveryFailed  DeliveryState = "failed"
	DeliverySkipped DeliveryState = "skipped"
)

// Delivery is one digest for one subscription and one period.
type Delivery struct {
	ID             int64
	SubscriptionID int64
	Period         string    // the period key, unique per subscription
	ScheduledAt    time.Time // the scheduled occurrence this period stands for
	State          DeliveryState
	Marker         string // embedded in the post so a restart can recognise it
	MessageID      string
	Attempts       int
	// MaybePosted says an earlier attempt may have reached the platform
	// (the process died, or the answer was lost), so the next one must look
	// for the post before sending again.
	MaybePosted   bool
	LastError     string
	SinceVersion  int // knowledge version the previous digest covered
	KBVersion     int // knowledge version this digest covers
	NextAttemptAt time.Time
	LeaseOwner    string
	LeaseUntil    time.Time
	CreatedAt     time.Time
	UpdatedAt     time.Time
}
