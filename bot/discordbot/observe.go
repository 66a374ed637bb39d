package discordbot

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"careerbot/bot/answercache"
	"careerbot/handlers"
)

// Observer hears what the operations endpoint reports (bot/ops implements
// it), so that this package needs no metrics library. Config.Observer nil:
// nobody listens.
type Observer interface {
	// Command: one slash command answered, its outcome ("ok" or the
	// reply's status) and how long the answer took.
	Command(platform, command, outcome string, took time.Duration)
	// Connection: a gateway session (GatewayConnections names them) went
	// up or down.
	Connection(name string, up bool)
	// Retry: a REST call is made again after a rate limit.
	Retry(platform string)
}

type noObserver struct{}

func (noObserver) Command(string, string, string, time.Duration) {}
func (noObserver) Connection(string, bool)                       {}
func (noObserver) Retry(string)                                  {}

// outcome names a reply's status for metrics.
func outcome(r handlers.Reply) string {
	if r.Status == handlers.StatusOK {
		return "ok"
	}
	return string(r.Status)
}

// CacheStats returns the answer cache's counters (zero when it is off).
func (b *Bot) CacheStats() answercache.Stats { return b.answers.Stats() }

// DefaultAPIURL is Discord's REST base; Config.APIURL replaces it.
const DefaultAPIURL = "https://discord.com/api/"

// CheckAPIURL checks a replacement for DefaultAPIURL (DISCORD_API_URL):
// https, or http to a loopback address (a proxy beside the bot), since the
// bot token travels with every request. It returns the URL ending in "/".
func CheckAPIURL(raw string) (string, error) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil || u.Host == "" || u.User != nil || u.RawQuery != "" || u.Fragment != "" {
		return "", fmt.Errorf("use an absolute URL such as %s or http://127.0.0.1:8080/api/", DefaultAPIURL)
	}
	switch u.Scheme {
	case "https":
	case "http":
		if !loopbackHost(u.Hostname()) {
			return "", fmt.Errorf("http is only allowed to a loopback address (the bot token goes with every request); use https")
		}
	default:
		return "", fmt.Errorf("use an https URL (or http to a loopback address)")
	}
	if !strings.HasSuffix(u.Path, "/") {
		u.Path += "/"
	}
	return u.String(), nil
}

func loopbackHost(h string) bool {
	if h == "localhost" {
		return true
	}
	return strings.HasPrefix(h, "127.") || h == "::1"
}

// apiRewrite sends discordgo's requests for https://discord.com/api/…
// to another base. discordgo builds its URLs from package variables
// (discordgo.EndpointAPI…); changing those would change every session in
// the process at once and race with requests in flight, so the base is
// replaced per client, at the transport.
type apiRewrite struct {
	base *url.URL
	next http.RoundTripper
}

func (t apiRewrite) RoundTrip(r *http.Request) (*http.Response, error) {
	if r.URL.Host == "discord.com" && strings.HasPrefix(r.URL.Path, "/api/") {
		r = r.Clone(r.Context())
		rest := strings.TrimPrefix(r.URL.Path, "/api/")
		r.URL.Scheme, r.URL.Host, r.Host = t.base.Scheme, t.base.Host, t.base.Host
		r.URL.Path = t.base.Path + rest
		r.URL.RawPath = ""
	}
	return t.next.RoundTrip(r)
}

// withAPIURL returns client (nil: discordgo's default) sending REST calls
// to base instead of DefaultAPIURL.
func withAPIURL(client *http.Client, base string) (*http.Client, error) {
	checked, err := CheckAPIURL(base)
	if err != nil {
		return nil, fmt.Errorf("discord: DISCORD_API_URL: %w", err)
	}
	u, _ := url.Parse(checked)
	c := &http.Client{Timeout: 20 * time.Second}
	if client != nil {
		cc := *client
		c = &cc
	}
	next := c.Transport
	if next == nil {
		next = http.DefaultTransport
	}
	c.Transport = apiRewrite{base: u, next: next}
	return c, nil
}
