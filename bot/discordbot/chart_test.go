package discordbot

import (
	"bytes"
	"careerbot/bot/answercache"
	"context"
	"encoding/json"
	"image/png"
	"io"
	"mime"
	"mime/multipart"
	"strings"
	"testing"

	"github.com/bwmarrin/discordgo"

	"careerbot/bot/internal/chartpng"
	"careerbot/handlers"
	"careerbot/knowledge"
)

// multipartParts reads a multipart/form-data body (Discord's payload_json
// plus files[n]) into its parts by form name, with each part's file name.
func multipartParts(t testing.TB, contentType string, body []byte) (parts map[string][]byte, names map[string]string) {
	t.Helper()
	mt, params, err := mime.ParseMediaType(contentType)
	if err != nil || mt != "multipart/form-data" {
		t.Fatalf("content type %q is not multipart/form-data: %v", contentType, err)
	}
	parts, names = map[string][]byte{}, map[string]string{}
	r := multipart.NewReader(bytes.NewReader(body), params["boundary"])
	for {
		p, err := r.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(p)
		parts[p.FormName()], names[p.FormName()] = b, p.FileName()
	}
	return parts, names
}

// payloadOf returns the JSON of an interaction response body, checking a
// multipart one as Discord reads it: payload_json, then files[n], each
// declared in attachments, a PNG within the size limit, and shown by an
// embed as attachment://name.
func payloadOf(t testing.TB, contentType string, body []byte) []byte {
	t.Helper()
	if strings.HasPrefix(contentType, "application/json") {
		return body
	}
	parts, names := multipartParts(t, contentType, body)
	payload, ok := parts["payload_json"]
	if !ok {
		t.Fatalf("multipart body without payload_json: %v", names)
	}
	var resp struct {
		Data struct {
			Embeds      []*discordgo.MessageEmbed      `json:"embeds"`
			Attachments []*discordgo.MessageAttachment `json:"attachments"`
		} `json:"data"`
	}
	if err := json.Unmarshal(payload, &resp); err != nil {
		t.Fatal(err)
	}
	shown := map[string]bool{}
	for _, e := range resp.Data.Embeds {
		if e.Image != nil {
			shown[strings.TrimPrefix(e.Image.URL, "attachment://")] = true
		}
	}
	if len(resp.Data.Attachments) == 0 || len(resp.Data.Attachments) != len(parts)-1 {
		t.Errorf("%d attachments declared for %d files", len(resp.Data.Attachments), len(parts)-1)
	}
	for _, a := range resp.Data.Attachments {
		file := "files[" + a.ID + "]"
		data, ok := parts[file]
		if !ok || names[file] != a.Filename {
			t.Errorf("attachment %s (%s) has no part %s with that file name", a.ID, a.Filename, file)
			continue
		}
		if len(data) > chartpng.MaxBytes {
			t.Errorf("%s is %d bytes", a.Filename, len(data))
		}
		if _, err := png.Decode(bytes.NewReader(data)); err != nil {
			t.Errorf("%s: %v", a.Filename, err)
		}
		if !shown[a.Filename] {
			t.Errorf("no embed shows %s", a.Filename)
		}
	}
	return payload
}

func testChart() handlers.Chart {
	return handlers.Chart{Kind: handlers.ChartBar, Title: "年収の比較 (平均)", Axis: "万円/年", Unit: knowledge.UnitManYenYear,
		ValueKind: knowledge.KindAverage, KindLabel: "平均", Source: "PR TIMES", Caption: "平均 · 出典: PR TIMES",
		Points: []handlers.ChartPoint{{Label: "Go言語", Value: 957, Text: "957万円/年"}, {Label: "Node.js", Value: 921, Text: "921万円/年"}}}
}

// A chart answer: one embed per chart with its image attached; the
// response validates against the spec; a second send of the same (cached)
// response carries the image again; a channel post keeps the text only.
func TestRenderChartAttachment(t *testing.T) {
	r := handlers.Reply{Title: "比較", Locale: knowledge.JA, Charts: []handlers.Chart{testChart(), testChart(), testChart()}}
	msg := render(r, renderOpts{})
	if len(msg.Files) != maxChartImages || msg.Files[0].Name != "chart.png" {
		t.Fatalf("files %d, want %d starting with chart.png", len(msg.Files), maxChartImages)
	}
	resp := messageResponse(msg)
	for range 2 {
		ctype, body, err := responseBody(resp)
		if err != nil {
			t.Fatal(err)
		}
		mustValidate(t, "CreateMessageInteractionCallbackRequest", payloadOf(t, ctype, body))
		parts, _ := multipartParts(t, ctype, body)
		if len(parts["files[0]"]) != len(msg.Files[0].Data) {
			t.Errorf("files[0] has %d bytes, want %d (a resend must not lose the image)", len(parts["files[0]"]), len(msg.Files[0].Data))
		}
	}
	if !strings.Contains(flatten(msg), "Go言語: 957万円/年") {
		t.Errorf("the chart's embed does not say its figures:\n%s", flatten(msg))
	}
	post := render(r, renderOpts{noImages: true})
	if len(post.Files) != 0 {
		t.Error("a channel post got files")
	}
	for _, e := range post.Embeds {
		if e.Image != nil {
			t.Error("an embed refers to an image that is not sent")
		}
	}
}

// Hostile: mention syntax and 5,000-character labels in a chart never
// ping (allowed_mentions is empty and the text is defused) and never
// break a limit.
func TestRenderChartHostile(t *testing.T) {
	c := testChart()
	c.Title = "@everyone <@123> " + strings.Repeat("題", 5000)
	c.Points[0].Label = "<@&456> @here " + strings.Repeat("長", 5000)
	c.Points[1].Text = strings.Repeat("9", 5000)
	msg := render(handlers.Reply{Title: "x", Charts: []handlers.Chart{c}}, renderOpts{})
	if v := limitViolations(msg); len(v) > 0 {
		t.Errorf("limits: %v", v)
	}
	if len(msg.Files) != 1 || len(msg.Files[0].Data) > chartpng.MaxBytes {
		t.Fatalf("want one image within the limit, got %d files", len(msg.Files))
	}
	d := messageResponse(msg).Data
	if d.AllowedMentions == nil || len(d.AllowedMentions.Parse) != 0 {
		t.Error("mentions are not switched off")
	}
	for _, e := range msg.Embeds {
		mustValidate(t, "RichEmbed", mustJSON(t, e))
	}
}

// chartEngine answers every command with a chart.
type chartEngine struct{ fakeEngine }

func (e *chartEngine) Handle(ctx context.Context, req handlers.Request) handlers.Reply {
	r := e.fakeEngine.Handle(ctx, req)
	r.Charts = []handlers.Chart{testChart()}
	return r
}

// On the gateway, the callback to the fake REST API is multipart with the
// image, valid against the spec; the second asker (a cached answer) gets
// the image too. The same holds on the HTTP endpoint.
func TestChartOnGatewayAndHTTP(t *testing.T) {
	fake := newFakeDiscord(t)
	eng := &chartEngine{}
	_, conn, _ := startGateway(t, fake, eng, &syncBuffer{}, func(b *Bot) {
		b.answers = answercache.NewAnswers[cachedAnswer](eng, answercache.Options{Size: 16}, b.log)
	})
	for i, id := range []string{"300", "301"} {
		conn.dispatch("INTERACTION_CREATE", slashInteraction(id, "tok-c", "ja", "go"))
		cb := fake.next(t, "the chart callback", pathIs("POST", callbackPath(id, "tok-c")))
		mustValidate(t, "CreateMessageInteractionCallbackRequest", payloadOf(t, cb.Header.Get("Content-Type"), cb.Body))
		if parts, _ := multipartParts(t, cb.Header.Get("Content-Type"), cb.Body); len(parts["files[0]"]) == 0 {
			t.Errorf("answer %d has no image", i)
		}
	}
	if eng.count() != 1 {
		t.Errorf("the engine answered %d times; the second asker should get the cached answer", eng.count())
	}

	s := newSigner(t)
	b := httpBot(t, s, &chartEngine{}, Config{AnswerCache: answercache.Options{Size: 16}})
	for range 2 {
		w := serve(b, s.request(mustJSON(t, slashInteraction("302", "tok-h", "ja", "go")), fixedNow))
		if w.Code != 200 {
			t.Fatalf("status %d", w.Code)
		}
		mustValidate(t, "CreateMessageInteractionCallbackRequest", payloadOf(t, w.Header().Get("Content-Type"), w.Body.Bytes()))
	}
}
