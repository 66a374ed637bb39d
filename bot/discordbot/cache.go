package discordbot

import (
	"context"

	"github.com/bwmarrin/discordgo"

	"careerbot/bot/answercache"
	"careerbot/handlers"
)

// cachedAnswer is a rendered answer as the answer cache (bot/answercache)
// keeps it: the response, its JSON (the HTTP endpoint writes the bytes as
// they are) and the share values its buttons carry. Whatever the renderer
// adds to the response (embeds, components, files) is cached with it.
// Nothing here may be changed once stored: it is sent to every later
// asker.
type cachedAnswer struct {
	resp *discordgo.InteractionResponse
	body []byte
	// shares are the values behind its Share buttons: long ones live in
	// the bounded, expiring shareStore, so each reuse renews them.
	shares []string
}

// cached looks req up in the answer cache: its key (reading the knowledge
// version once per request), whether it may be cached, and the cached
// answer if there is one.
func (b *Bot) cached(ctx context.Context, req handlers.Request) (k answercache.Key, cacheable bool, a cachedAnswer, hit bool) {
	k, cacheable = b.answers.Key(ctx, req)
	if cacheable {
		if a, hit = b.answers.Get(k); hit {
			b.renewShares(a)
		}
	}
	return k, cacheable, a, hit
}

// answer runs the engine for req and renders the reply, through the answer
// cache under k (from cached), which keeps only what may be shown to the
// next asker.
// The outcome, for metrics, is "ok" or the reply's status.
func (b *Bot) answer(ctx context.Context, req handlers.Request, k answercache.Key, cacheable bool) (*discordgo.InteractionResponse, string) {
	result := "ok" // only ok answers are cached
	a, hit := b.answers.Fill(ctx, k, cacheable, func() (cachedAnswer, handlers.Reply) {
		rep := b.engine.Handle(ctx, req)
		result = outcome(rep)
		var shares []string
		shareID := func(v string) string {
			shares = append(shares, v)
			return b.shareID(v)
		}
		opts := b.answerOpts(req.Locale)
		opts.shareID = shareID
		a := cachedAnswer{resp: messageResponse(render(rep, opts)), shares: shares}
		// A body with images is multipart, encoded per send (responseBody).
		if cacheable && rep.Reusable() && !hasFiles(a.resp) {
			// Encoded once, for every HTTP answer that reuses it; a
			// failure just leaves the endpoint to encode it itself.
			a.body, _ = encodeResponse(a.resp)
		}
		return a, rep
	})
	if hit { // computed by a concurrent asker of the same question
		b.renewShares(a)
	}
	return sendable(a.resp), result
}

func (b *Bot) renewShares(a cachedAnswer) {
	for _, v := range a.shares {
		b.shareID(v)
	}
}
