package discordbot

import (
	"bytes"
	"context"
	"encoding/hex"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"careerbot/bot/answercache"
	"careerbot/handlers"
	"careerbot/knowledge"
	"careerbot/store"
	"careerbot/store/storetest"
)

// realRouter is the real command engine over the curated knowledge base in
// a SQLite file, with the digest service.
func realRouter(t testing.TB) (*handlers.Router, *handlers.Digest) {
	t.Helper()
	ctx := context.Background()
	st := storetest.Open(t, store.Options{})
	d, err := handlers.NewDigest(ctx, st, st, handlers.DigestOptions{DefaultLocale: knowledge.JA})
	if err != nil {
		t.Fatal(err)
	}
	r, err := handlers.New(ctx, st, handlers.Options{DefaultLocale: knowledge.JA, Digest: d})
	if err != nil {
		t.Fatal(err)
	}
	return r, d
}

// commandInteraction builds the interaction Discord would send for a typed
// example such as "/compare go rails node", filling options in spec order.
func commandInteraction(t testing.TB, line, locale, perms string) map[string]any {
	t.Helper()
	cmd, args := handlers.ParseLine(line)
	spec, ok := specsByName(handlers.Commands())[cmd]
	if !ok {
		t.Fatalf("no spec for %q", line)
	}
	words := strings.Fields(args)
	var opts []any
	fill := func(specs []handlers.OptionSpec) []any {
		var out []any
		for i, o := range specs {
			if len(words) == 0 {
				break
			}
			v := words[0]
			if i == len(specs)-1 {
				v = strings.Join(words, " ")
				words = nil
			} else {
				words = words[1:]
			}
			out = append(out, map[string]any{"type": 3, "name": o.Name, "value": v})
		}
		return out
	}
	if len(spec.Subcommands) > 0 && len(words) > 0 {
		sub := words[0]
		words = words[1:]
		for _, s := range spec.Subcommands {
			if s.Name == sub {
				opts = []any{map[string]any{"type": 1, "name": sub, "options": fill(s.Options)}}
			}
		}
	} else {
		opts = fill(spec.Options)
	}
	return map[string]any{
		"type": 2, "id": "1", "application_id": "app1", "token": "t", "version": 1,
		"guild_id": "290926798626357999", "channel_id": "645027906669510667",
		"locale": locale, "guild_locale": "en-US", "member": member(perms),
		"data": map[string]any{"id": "9", "name": cmd, "type": 1, "options": opts},
	}
}

// Every example of every command, in both languages, through the signed
// HTTP endpoint and the real router: each answer validates against the
// spec and stays within Discord's limits.
func TestRealRouterEveryExample(t *testing.T) {
	router, _ := realRouter(t)
	s := newSigner(t)
	b := httpBot(t, s, router, Config{})
	for _, c := range handlers.Commands() {
		examples := append([]string(nil), c.Examples...)
		for _, sub := range c.Subcommands {
			examples = append(examples, sub.Examples...)
		}
		for _, ex := range examples {
			for _, loc := range []string{"ja", "en-US"} {
				t.Run(loc+" "+ex, func(t *testing.T) {
					w := serve(b, s.request(mustJSON(t, commandInteraction(t, ex, loc, "32")), fixedNow))
					if w.Code != http.StatusOK {
						t.Fatalf("status %d: %s", w.Code, w.Body)
					}
					body := payloadOf(t, w.Header().Get("Content-Type"), w.Body.Bytes())
					if ex == "/digest subscribe" { // no options: the form (modal.go)
						mustValidate(t, "ModalInteractionCallbackRequest", body)
						if r := decodeResponse(t, body); r.Type != 9 {
							t.Fatalf("want the subscribe modal, got %s", w.Body)
						}
						return
					}
					mustValidate(t, "CreateMessageInteractionCallbackRequest", body)
					resp := decodeResponse(t, body)
					if resp.Type != 4 || len(resp.Data.Embeds) == 0 {
						t.Fatalf("want an embed answer, got %s", w.Body)
					}
					m := message{Content: resp.Data.Content, Embeds: resp.Data.Embeds}
					if v := limitViolations(m); len(v) > 0 {
						t.Errorf("limits: %v", v)
					}
				})
			}
		}
	}
}

func TestRealRouterShareAutocompleteAndAdmin(t *testing.T) {
	router, _ := realRouter(t)
	s := newSigner(t)
	b := httpBot(t, s, router, Config{})

	w := serve(b, s.request(mustJSON(t, commandInteraction(t, "/salary go", "ja", "0")), fixedNow))
	data := decode(t, w.Body.Bytes())["data"].(map[string]any)
	if data["flags"] != 64.0 {
		t.Errorf("answers are private by default: %v", data["flags"])
	}
	id := shareButtonID(t, data)
	w = serve(b, s.request(mustJSON(t, buttonInteraction("2", "t2", id)), fixedNow))
	mustValidate(t, "CreateMessageInteractionCallbackRequest", w.Body.Bytes())
	shared := decode(t, w.Body.Bytes())["data"].(map[string]any)
	if shared["flags"] != nil || !strings.Contains(shared["content"].(string), "Mason") {
		t.Errorf("the shared answer is public and names the sharer: %v %v", shared["flags"], shared["content"])
	}

	w = serve(b, s.request(mustJSON(t, autocompleteInteraction("3", "t3", "ru")), fixedNow))
	mustValidate(t, "ApplicationCommandAutocompleteCallbackRequest", w.Body.Bytes())
	choices := decode(t, w.Body.Bytes())["data"].(map[string]any)["choices"].([]any)
	if len(choices) == 0 {
		t.Errorf("autocomplete for \"ru\" found nothing: %s", w.Body)
	}
	var values []string
	for _, c := range choices {
		values = append(values, c.(map[string]any)["value"].(string))
	}
	if !strings.Contains(" "+strings.Join(values, " ")+" ", " ruby ") && !strings.Contains(" "+strings.Join(values, " ")+" ", " rust ") {
		t.Errorf("autocomplete for \"ru\" should offer ruby or rust, got %v", values)
	}

	// The server checks the digest's admin-only subcommands again.
	for _, tc := range []struct {
		perms string
		ok    bool
	}{{"0", false}, {"32", true}} {
		w = serve(b, s.request(mustJSON(t, commandInteraction(t, "/digest subscribe mon 09:00 Asia/Tokyo", "en-US", tc.perms)), fixedNow))
		resp := decodeResponse(t, w.Body.Bytes())
		color := resp.Data.Embeds[0].Color
		if (color == colorOK) != tc.ok {
			t.Errorf("permissions %s: subscribe answered with colour %x: %s", tc.perms, color, w.Body)
		}
	}
}

// wireResponse is the part of an interaction response these tests read
// (discordgo cannot decode components into its interface type).
type wireResponse struct {
	Type int `json:"type"`
	Data struct {
		Content string                    `json:"content"`
		Flags   int                       `json:"flags"`
		Embeds  []*discordgo.MessageEmbed `json:"embeds"`
	} `json:"data"`
}

func decodeResponse(t *testing.T, b []byte) wireResponse {
	t.Helper()
	var r wireResponse
	if err := json.Unmarshal(b, &r); err != nil {
		t.Fatalf("%v: %s", err, b)
	}
	return r
}

// BenchmarkHTTPInteraction measures one signed /salary go through the HTTP
// endpoint and the real router, in process (no sockets), with and without
// the answer cache. Signature verification is in both. The "as-run"
// variants give the bot the store for 👍/👎 buttons, as careerbot run does,
// so the answer is the one a server gets.
func BenchmarkHTTPInteraction(b *testing.B) {
	router, _ := realRouter(b)
	s := newSigner(b)
	body := mustJSON(b, commandInteraction(b, "/salary go", "ja", "0"))
	signed := s.request(body, fixedNow)
	for _, asRun := range []bool{false, true} {
		cfg := Config{PublicKey: hex.EncodeToString(s.pub), Clock: func() time.Time { return fixedNow }, Logger: slog.New(slog.NewTextHandler(io.Discard, nil)),
			AnswerCache: answercache.Options{Size: 1024}}
		suffix := ""
		if asRun {
			cfg.Votes, suffix = storetest.Open(b, store.Options{}), "-as-run"
		}
		bot, err := New(cfg, router, nil)
		if err != nil {
			b.Fatal(err)
		}
		benchInteraction(b, bot, body, signed, suffix)
	}
}

func benchInteraction(b *testing.B, bot *Bot, body []byte, signed *http.Request, suffix string) {
	h := bot.HTTPHandler()
	run := func(b *testing.B) {
		b.ReportAllocs()
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				w := httptest.NewRecorder()
				r := httptest.NewRequest(http.MethodPost, InteractionsPath, bytes.NewReader(body))
				r.Header = signed.Header // signed once: the benchmark measures the server
				h.ServeHTTP(w, r)
				if w.Code != http.StatusOK {
					b.Fatalf("status %d", w.Code)
				}
			}
		})
	}
	b.Run("cached"+suffix, run)
	bot.answers = nil
	b.Run("uncached"+suffix, run)
}
