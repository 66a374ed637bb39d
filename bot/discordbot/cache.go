package discordbot

import (
	"encoding/json"
	"strings"
	"sync"
	"time"

	"github.com/bwmarrin/discordgo"

	"careerbot/handlers"
)

// Answers to knowledge commands depend only on the command, its arguments
// and the locale, and the knowledge base changes rarely (an import), so a
// rendered answer is reused for a minute: a burst of "/salary go" costs one
// lookup and one render. /digest is per channel and never cached.
// Config.AnswerCacheTTL (setting ANSWER_CACHE_TTL) changes the minute or,
// when negative, turns the cache off.
const (
	defaultAnswerTTL = time.Minute
	answerMax        = 256
)

// answerKey is the cache key of a command's answer, and whether it may be
// cached at all.
func answerKey(req handlers.Request) (string, bool) {
	if req.Command == "" || req.Command == "digest" {
		return "", false
	}
	return string(req.Locale) + "\x00" + req.Command + "\x00" + strings.TrimSpace(req.Args), true
}

// answerCache holds rendered answers and their JSON (the HTTP endpoint
// writes the bytes as they are). It is bounded; expired entries go first.
type answerCache struct {
	mu     sync.Mutex
	ttl    time.Duration
	max    int
	byKey  map[string]*cachedAnswer
	byResp map[*discordgo.InteractionResponse]*cachedAnswer
}

type cachedAnswer struct {
	key     string
	resp    *discordgo.InteractionResponse
	body    []byte
	expires time.Time
}

func newAnswerCache(ttl time.Duration, max int) *answerCache {
	return &answerCache{ttl: ttl, max: max, byKey: map[string]*cachedAnswer{}, byResp: map[*discordgo.InteractionResponse]*cachedAnswer{}}
}

func (c *answerCache) get(key string, now time.Time) (*discordgo.InteractionResponse, bool) {
	if c == nil || c.ttl <= 0 {
		return nil, false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	a, ok := c.byKey[key]
	if !ok || !now.Before(a.expires) {
		return nil, false
	}
	return a.resp, true
}

// put stores resp, which must not be changed afterwards.
func (c *answerCache) put(key string, resp *discordgo.InteractionResponse, now time.Time) {
	if c == nil || c.ttl <= 0 {
		return
	}
	body, err := json.Marshal(resp)
	if err != nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if old, ok := c.byKey[key]; ok {
		c.drop(old)
	}
	if len(c.byKey) >= c.max {
		for _, a := range c.byKey {
			if !now.Before(a.expires) {
				c.drop(a)
			}
		}
		for _, a := range c.byKey {
			if len(c.byKey) < c.max {
				break
			}
			c.drop(a)
		}
	}
	a := &cachedAnswer{key: key, resp: resp, body: body, expires: now.Add(c.ttl)}
	c.byKey[key] = a
	c.byResp[resp] = a
}

func (c *answerCache) drop(a *cachedAnswer) {
	delete(c.byKey, a.key)
	delete(c.byResp, a.resp)
}

// body returns the JSON of a cached response, if resp is one.
func (c *answerCache) body(resp *discordgo.InteractionResponse) ([]byte, bool) {
	if c == nil {
		return nil, false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	a, ok := c.byResp[resp]
	if !ok {
		return nil, false
	}
	return a.body, true
}
