package slackbot

import (
	"context"
	"log/slog"
	"strings"
	"sync"
	"time"
)

// StateStore keeps small values across restarts: here, which workspaces
// take chart and table blocks. store.Store implements it (its state
// table).
type StateStore interface {
	GetState(ctx context.Context, key string) (string, bool, error)
	SetState(ctx context.Context, key, value string) error
}

// chartBlocksKey prefixes a workspace's (team id's) verdict on chart and
// table blocks: "refused <RFC 3339 time>" after Slack answered
// invalid_blocks, "accepted <time>" after it showed them. Deleting the
// key makes careerbot find out again.
const chartBlocksKey = "slack.chart_blocks:"

// retryRefusedAfter is how long a refusal holds: the blocks are rolling
// out, so a workspace that refused them is tried again a week later
// (where a refusal is seen and answered at once without them).
const retryRefusedAfter = 7 * 24 * time.Hour

// stateTimeout bounds one state read or write: the answer goes out
// either way, at worst once more with blocks that the workspace refuses.
const stateTimeout = 500 * time.Millisecond

type verdict struct {
	refused, accepted bool
	at                time.Time
}

// plainBlocks remembers which workspaces refused chart and table blocks
// (their messages go without them) and which showed them, across restarts
// when a StateStore is set. Each workspace is read from the store once.
type plainBlocks struct {
	st  StateStore // nil: remembered until the process ends
	log *slog.Logger
	m   sync.Map // team id → verdict
}

// only reports whether team's messages go without the new blocks.
func (p *plainBlocks) only(team string) bool {
	v, _ := p.verdict(team)
	return v.refused && time.Since(v.at) < retryRefusedAfter
}

// accepts reports whether team is known to show the new blocks.
func (p *plainBlocks) accepts(team string) bool {
	v, _ := p.verdict(team)
	return v.accepted
}

// verdict is what is known of team; ok is false when the store could not
// be read.
func (p *plainBlocks) verdict(team string) (verdict, bool) {
	if v, ok := p.m.Load(team); ok {
		return v.(verdict), true
	}
	if p.st == nil {
		return verdict{}, true
	}
	ctx, cancel := context.WithTimeout(context.Background(), stateTimeout)
	defer cancel()
	raw, _, err := p.st.GetState(ctx, chartBlocksKey+team)
	if err != nil {
		// Not cached, so the next answer reads again.
		p.logger().Warn("could not read whether the workspace takes chart blocks", "team", team, "err", err)
		return verdict{}, false
	}
	var v verdict
	kind, at, _ := strings.Cut(raw, " ")
	v.at, _ = time.Parse(time.RFC3339, at)
	v.refused, v.accepted = kind == "refused", kind == "accepted"
	got, _ := p.m.LoadOrStore(team, v)
	return got.(verdict), true
}

// mark records that team refused the blocks.
func (p *plainBlocks) mark(team string) { p.set(team, verdict{refused: true, at: time.Now()}) }

// accept records that team showed the blocks; only the first time is
// written.
func (p *plainBlocks) accept(team string) {
	if v, ok := p.m.Load(team); ok && v.(verdict).accepted {
		return
	}
	p.set(team, verdict{accepted: true, at: time.Now()})
}

func (p *plainBlocks) set(team string, v verdict) {
	p.m.Store(team, v)
	if p.st == nil {
		return
	}
	kind := "accepted"
	if v.refused {
		kind = "refused"
	}
	ctx, cancel := context.WithTimeout(context.Background(), stateTimeout)
	defer cancel()
	if err := p.st.SetState(ctx, chartBlocksKey+team, kind+" "+v.at.UTC().Format(time.RFC3339)); err != nil {
		p.logger().Warn("could not save whether the workspace takes chart blocks; remembered until restart", "team", team, "verdict", kind, "err", err)
	}
}

// persistent reports whether verdicts outlive the process.
func (p *plainBlocks) persistent() bool { return p.st != nil }

func (p *plainBlocks) logger() *slog.Logger {
	if p.log == nil {
		return slog.Default()
	}
	return p.log
}
