package slackbot

import (
	"context"
	"log/slog"
	"sync"
	"time"
)

// StateStore keeps small values across restarts: here, which workspaces
// refused chart and table blocks. store.Store implements it (its state
// table).
type StateStore interface {
	GetState(ctx context.Context, key string) (string, bool, error)
	SetState(ctx context.Context, key, value string) error
}

// plainBlocksKey prefixes the state key of a workspace (team id) that
// answered invalid_blocks to chart or table blocks; the value is when.
// Deleting the key lets the workspace try the blocks again.
const plainBlocksKey = "slack.plain_blocks:"

// stateTimeout bounds one state read or write: the answer goes out
// either way, at worst once more with blocks that the workspace refuses.
const stateTimeout = 500 * time.Millisecond

// plainBlocks remembers the workspaces whose Slack answered invalid_blocks
// to a message with charts or tables (the blocks are still rolling out):
// their messages are sent without them from then on, across restarts when
// a StateStore is set. Each workspace is read from the store once.
type plainBlocks struct {
	st  StateStore // nil: remembered until the process ends
	log *slog.Logger
	m   sync.Map // team id → bool: true when it refuses the blocks
}

func (p *plainBlocks) only(team string) bool {
	if v, ok := p.m.Load(team); ok {
		return v.(bool)
	}
	if p.st == nil {
		return false
	}
	ctx, cancel := context.WithTimeout(context.Background(), stateTimeout)
	defer cancel()
	_, refused, err := p.st.GetState(ctx, plainBlocksKey+team)
	if err != nil {
		// Not cached, so the next answer reads again.
		p.logger().Warn("could not read whether the workspace takes chart blocks; trying them", "team", team, "err", err)
		return false
	}
	v, _ := p.m.LoadOrStore(team, refused)
	return v.(bool)
}

func (p *plainBlocks) mark(team string) {
	p.m.Store(team, true)
	if p.st == nil {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), stateTimeout)
	defer cancel()
	if err := p.st.SetState(ctx, plainBlocksKey+team, time.Now().UTC().Format(time.RFC3339)); err != nil {
		p.logger().Warn("could not save that the workspace refuses chart blocks; remembered until restart", "team", team, "err", err)
	}
}

func (p *plainBlocks) logger() *slog.Logger {
	if p.log == nil {
		return slog.Default()
	}
	return p.log
}
