package discordbot

import (
	"context"
	"fmt"
	"time"

	"github.com/bwmarrin/discordgo"
)

// GatewayConnection is the name a process running a single gateway
// session reports its state under; with shards, each has its own name
// ("discord gateway shard 1/4").
const GatewayConnection = "discord gateway"

// shard is one gateway session this process runs.
type shard struct {
	id, count   int
	concurrency int // sessions that may identify at once (max_concurrency)
}

func (s shard) name() string {
	if s.count <= 1 {
		return GatewayConnection
	}
	return fmt.Sprintf("discord gateway shard %d/%d", s.id, s.count)
}

// PlanShards decides which gateway shards this process runs and returns
// their connection names (for readiness). With ShardCount set it is that
// one shard; otherwise every shard of the count Discord recommends
// (GET /gateway/bot), or one when Discord cannot be asked. RunGateway
// plans by itself when PlanShards was not called.
func (b *Bot) PlanShards(ctx context.Context) ([]string, error) {
	if err := b.needToken("the gateway"); err != nil {
		return nil, err
	}
	var names []string
	for _, s := range b.plan(ctx) {
		names = append(names, s.name())
	}
	return names, nil
}

func (b *Bot) plan(ctx context.Context) []shard {
	b.shardMu.Lock()
	defer b.shardMu.Unlock()
	if b.shards != nil {
		return b.shards
	}
	if b.cfg.ShardCount > 0 {
		b.shards = []shard{{id: b.cfg.ShardID, count: b.cfg.ShardCount, concurrency: 1}}
		return b.shards
	}
	n, conc := 1, 1
	gb, err := b.session.GatewayBot(discordgo.WithContext(ctx))
	switch {
	case err != nil:
		b.log.Warn("could not ask Discord for the recommended shard count; running one shard", "err", err)
	case gb.Shards > 1:
		n, conc = gb.Shards, max(gb.SessionStartLimit.MaxConcurrency, 1)
		b.log.Info("running the shards Discord recommends", "shards", n, "max_concurrency", conc)
	}
	for i := range n {
		b.shards = append(b.shards, shard{id: i, count: n, concurrency: conc})
	}
	return b.shards
}

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
