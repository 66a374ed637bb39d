package discordbot

import (
	"bytes"
	"context"
	"encoding/json"
	"image/png"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"careerbot/bot/internal/chartpng"
	"careerbot/handlers"
)

// The digest's chart goes out as answers' charts do: a multipart post
// (payload_json + files[0]) whose PNG decodes, is declared in attachments
// and shown by an embed as attachment://chart.png; the payload keeps the
// nonce and the marker, so a retry is still recognised and deduplicated.
// A digest without a chart stays a plain JSON post.
func TestPostDigestChartAttached(t *testing.T) {
	fake := newFakeDiscord(t)
	b := newTestBot(t, Config{Token: "tok", AppID: "app1", HTTPClient: fake.client()}, &fakeEngine{}, nil)
	ctx := context.Background()
	marker := "digest-c1-2026W49"
	rep := digestReply()
	rep.Charts = []handlers.Chart{testChart()}

	id, err := b.Post(ctx, "c1", rep, marker)
	if err != nil || id == "" {
		t.Fatalf("Post: %q %v", id, err)
	}
	post := fake.next(t, "the digest post", pathIs(http.MethodPost, "/api/v9/channels/c1/messages"))
	parts, names := multipartParts(t, post.Header.Get("Content-Type"), post.Body)
	payload, ok := parts["payload_json"]
	if !ok {
		t.Fatalf("no payload_json part: %v", names)
	}
	mustValidate(t, "MessageCreateRequest", payload)
	m := decode(t, payload)
	assertNoMentions(t, m)
	if m["nonce"] != nonceFor(marker) || m["enforce_nonce"] != true {
		t.Errorf("nonce %v enforce %v", m["nonce"], m["enforce_nonce"])
	}
	var msg struct {
		Embeds      []*discordgo.MessageEmbed      `json:"embeds"`
		Attachments []*discordgo.MessageAttachment `json:"attachments"`
	}
	if err := json.Unmarshal(payload, &msg); err != nil {
		t.Fatal(err)
	}
	if len(msg.Attachments) != 1 || msg.Attachments[0].ID != "0" || msg.Attachments[0].Filename != chartpng.Name {
		t.Fatalf("attachments %+v, want one: 0 %s", msg.Attachments, chartpng.Name)
	}
	data := parts["files[0]"]
	if names["files[0]"] != chartpng.Name {
		t.Errorf("files[0] is named %q", names["files[0]"])
	}
	if len(data) == 0 || len(data) > chartpng.MaxBytes {
		t.Errorf("files[0] has %d bytes", len(data))
	}
	img, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("files[0] is not a PNG: %v", err)
	}
	if img.Bounds().Dx() != chartpng.Width || img.Bounds().Dy() != chartpng.Height {
		t.Errorf("image %v", img.Bounds())
	}
	shown := 0
	for _, e := range msg.Embeds {
		if e.Image != nil {
			if e.Image.URL != "attachment://"+chartpng.Name {
				t.Errorf("embed image %q", e.Image.URL)
			}
			shown++
		}
	}
	if shown != 1 {
		t.Errorf("%d embeds show an image, want 1", shown)
	}
	marked := 0
	for _, e := range msg.Embeds {
		if e.Footer != nil && strings.HasSuffix(e.Footer.Text, digestTag+marker) {
			marked++
		}
	}
	if marked != 1 {
		t.Errorf("%d embeds' footers carry the marker, want 1", marked)
	}
	// FindPost still recognises the post by its marker.
	got, found, err := b.FindPost(ctx, "c1", marker, time.Now().Add(-time.Hour))
	if err != nil || !found || got != id {
		t.Errorf("FindPost = %q %v %v, want %q", got, found, err, id)
	}

	// A retry sends the same nonce and the image again (fresh readers).
	if _, err := b.Post(ctx, "c1", rep, marker); err != nil {
		t.Fatal(err)
	}
	again := fake.next(t, "the retried post", pathIs(http.MethodPost, "/api/v9/channels/c1/messages"))
	p2, _ := multipartParts(t, again.Header.Get("Content-Type"), again.Body)
	if !bytes.Equal(p2["files[0]"], data) || decode(t, p2["payload_json"])["nonce"] != nonceFor(marker) {
		t.Error("the retry differs in its image or nonce")
	}

	if _, err := b.Post(ctx, "c1", digestReply(), "digest-c1-2026W50"); err != nil {
		t.Fatal(err)
	}
	plain := fake.next(t, "a digest without a chart", pathIs(http.MethodPost, "/api/v9/channels/c1/messages"))
	if ct := plain.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Errorf("a digest without a chart is sent as %q", ct)
	}
}
