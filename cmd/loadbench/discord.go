package main

import (
	"bytes"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/hex"
	"net/http"
	"strconv"
	"sync"
	"time"
)

// The Discord target: `/salary go` application-command interactions,
// signed with Ed25519 as Discord signs what it POSTs to an Interactions
// Endpoint URL. The key pair is made here; the server gets the public key.
func init() {
	pub, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		panic(err) // crypto/rand does not fail on Linux
	}
	s := &discordSigner{priv: priv}
	targets["discord"] = target{
		name: "discord",
		path: "/discord/interactions",
		newRequest: func(now time.Time) (*http.Request, error) {
			return s.request(now)
		},
		env: func() []string { return []string{"DISCORD_PUBLIC_KEY=" + hex.EncodeToString(pub)} },
	}
}

// discordInteraction is Discord's documented example interaction
// (developers/interactions/application-commands, "Example Interaction")
// with the command changed to /salary go.
var discordInteraction = []byte(`{"type":2,"token":"A_UNIQUE_TOKEN","member":{"user":{"id":"53908232506183680","username":"Mason","avatar":"a_d5efa99b3eeaa7dd43acca82f5692432","discriminator":"1337","public_flags":131141},"roles":["539082325061836999"],"premium_since":null,"permissions":"2147483647","pending":false,"nick":null,"mute":false,"joined_at":"2017-03-13T19:19:14.040000+00:00","is_pending":false,"deaf":false},"id":"786008729715212338","application_id":"786008729715212000","guild_id":"290926798626357999","app_permissions":"442368","guild_locale":"en-US","locale":"ja","data":{"options":[{"type":3,"name":"topic","value":"go"}],"type":1,"name":"salary","id":"771825006014889984"},"channel_id":"645027906669510667","version":1}`)

// discordSigner signs the fixed body. The signature depends only on the
// timestamp (whole seconds), so it is made once a second: the load tool
// should spend its CPU sending, not signing.
type discordSigner struct {
	priv ed25519.PrivateKey
	mu   sync.Mutex
	ts   string
	sig  string
}

func (s *discordSigner) request(now time.Time) (*http.Request, error) {
	ts := strconv.FormatInt(now.Unix(), 10)
	s.mu.Lock()
	if ts != s.ts {
		msg := append([]byte(ts), discordInteraction...)
		s.ts, s.sig = ts, hex.EncodeToString(ed25519.Sign(s.priv, msg))
	}
	sig := s.sig
	s.mu.Unlock()
	req, err := http.NewRequest(http.MethodPost, "/discord/interactions", bytes.NewReader(discordInteraction))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "Discord-Interactions/1.0 (+https://discord.com)")
	req.Header.Set("X-Signature-Ed25519", sig)
	req.Header.Set("X-Signature-Timestamp", ts)
	return req, nil
}
