package discordbot

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/bwmarrin/discordgo"

	"careerbot/bot/internal/chattext"
	"careerbot/handlers"
	"careerbot/knowledge"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

func mustJSON(t testing.TB, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// assertNoMentions checks a message or response data object for
// allowed_mentions {"parse": []} with nothing else allowed.
func assertNoMentions(t *testing.T, m map[string]any) {
	t.Helper()
	am, ok := m["allowed_mentions"].(map[string]any)
	if !ok {
		t.Errorf("allowed_mentions missing in %v", m)
		return
	}
	parse, ok := am["parse"].([]any)
	if !ok || len(parse) != 0 || am["users"] != nil || am["roles"] != nil {
		t.Errorf(`allowed_mentions = %v, want {"parse": []}`, am)
	}
}

func shareButtonID(t *testing.T, data map[string]any) string {
	t.Helper()
	rows, _ := data["components"].([]any)
	if len(rows) != 1 {
		t.Fatalf("want one action row, got %v", data["components"])
	}
	btns := rows[0].(map[string]any)["components"].([]any)
	return btns[0].(map[string]any)["custom_id"].(string)
}

// limitViolations lists every Discord limit a rendered message breaks,
// including the ones the OpenAPI spec does not encode (the 6000 total,
// non-empty field names and values) and unescaped mentions.
func limitViolations(m message) []string {
	var out []string
	bad := func(format string, args ...any) { out = append(out, fmt.Sprintf(format, args...)) }
	if n := ulen(m.Content); n > limitContent {
		bad("content %d > %d", n, limitContent)
	}
	if len(m.Embeds) > limitEmbeds {
		bad("%d embeds > %d", len(m.Embeds), limitEmbeds)
	}
	total := 0
	texts := []string{m.Content}
	for i, e := range m.Embeds {
		if n := ulen(e.Title); n > limitTitle {
			bad("embed %d title %d > %d", i, n, limitTitle)
		}
		if n := ulen(e.Description); n > limitDesc {
			bad("embed %d description %d > %d", i, n, limitDesc)
		}
		if len(e.Fields) > limitFields {
			bad("embed %d has %d fields > %d", i, len(e.Fields), limitFields)
		}
		total += ulen(e.Title) + ulen(e.Description)
		texts = append(texts, e.Title, e.Description)
		for j, f := range e.Fields {
			if n := ulen(f.Name); n > limitFieldName || n == 0 {
				bad("embed %d field %d name length %d", i, j, n)
			}
			if n := ulen(f.Value); n > limitFieldValue || n == 0 {
				bad("embed %d field %d value length %d", i, j, n)
			}
			total += ulen(f.Name) + ulen(f.Value)
			texts = append(texts, f.Name, f.Value)
		}
		if e.Footer != nil {
			if n := ulen(e.Footer.Text); n > limitFooter {
				bad("embed %d footer %d > %d", i, n, limitFooter)
			}
			total += ulen(e.Footer.Text)
			texts = append(texts, e.Footer.Text)
		}
		if e.Author != nil {
			total += ulen(e.Author.Name)
		}
		if e.Title == "" && e.Description == "" && len(e.Fields) == 0 && e.Footer == nil {
			bad("embed %d is empty", i)
		}
	}
	if total > limitEmbedTotal {
		bad("embeds total %d > %d", total, limitEmbedTotal)
	}
	for _, c := range m.Components {
		row := c.(discordgo.ActionsRow)
		for _, bc := range row.Components {
			btn := bc.(discordgo.Button)
			if n := ulen(btn.CustomID); n > limitCustomID || n == 0 {
				bad("custom_id length %d", n)
			}
			if n := ulen(btn.Label); n > limitLabel {
				bad("label length %d", n)
			}
		}
	}
	for _, s := range texts {
		if mentionRe.MatchString(s) {
			bad("live mention in %q", shorten(s, 80))
		}
	}
	return out
}

// mentionRe matches text Discord would turn into a mention.
var mentionRe = regexp.MustCompile(`@everyone|@here|<@!?&?[0-9]+>|<#[0-9]+>`)

func goldenReplies() map[string]handlers.Reply {
	share := []handlers.Action{{Kind: handlers.ActionShare, Label: "共有", Value: "salary go"}}
	return map[string]handlers.Reply{
		"salary_ja": {
			Title:      "Go の年収",
			Paragraphs: []string{"Go エンジニアの年収の中央値は 600万円 前後です。", "フリーランスの単価は月 80万円 が目安です。"},
			Fields:     []handlers.Field{{Label: "中央値", Value: "600万円", Note: "求人の提示額 (実際の年収ではない)", Inline: true}, {Label: "上位10%", Value: "1000万円", Inline: true}},
			Notes:      []string{"Rails (995万円) と Node.js (921万円) も同じ方法で調べた数字です。", "※ 月額を年収に換算していません。"},
			Sources:    []handlers.Citation{{Name: "doda 平均年収ランキング", Year: 2024}, {Name: "レバテック", Year: 2023, Note: "フリーランス案件"}},
			Actions:    share, Visibility: handlers.Private, Command: "salary", Args: "go", Locale: knowledge.JA,
		},
		"compare_table_en": {
			Title: "Compare: go, rails, node",
			Table: &handlers.Table{Columns: []string{"Topic", "Median", "Top 10%"}, Rows: [][]string{
				{"Go", "¥6.0M", "¥10M"}, {"Rails", "¥5.5M", "¥9M"}, {"Node", "¥5.8M", "¥9.5M"}}},
			Suggestions: []handlers.Suggestion{{Label: "Rust", Command: "/salary rust"}},
			Actions:     []handlers.Action{{Kind: handlers.ActionShare, Label: "Share", Value: "compare go rails node"}},
			Visibility:  handlers.Private, Command: "compare", Args: "go rails node", Locale: knowledge.EN,
		},
		"not_found_en": {
			Paragraphs:  []string{"No topic matches “cobol”."},
			Suggestions: []handlers.Suggestion{{Label: "Go", Command: "/salary go"}, {Label: "/careerhelp", Command: "/careerhelp"}},
			Status:      handlers.StatusNotFound, Visibility: handlers.Private, Locale: knowledge.EN,
		},
		"hostile": {
			Title:      "@everyone <@&123> title",
			Paragraphs: []string{"@here ping <@123456> and <#987> [click](https://evil.example) **bold** `code` ||spoiler||", "# heading\n> quote\n- list"},
			Fields:     []handlers.Field{{Label: "<@!42>", Value: "@everyone", Note: "<@123> **note**"}},
			Notes:      []string{"@here <#987> note"},
			Sources:    []handlers.Citation{{Name: "@here source"}},
			Visibility: handlers.Public, SharedBy: "@everyone", Locale: knowledge.EN,
		},
		"long_ja": {
			Title:      strings.Repeat("長い題名", 100),
			Paragraphs: []string{strings.Repeat("とても長い段落です。", 700), strings.Repeat("second paragraph ", 300)},
			Fields:     manyFields(40),
			Notes:      []string{"長い回答でも注記は残ります。", strings.Repeat("長い注記。", 400)},
			Sources:    manySources(60),
			Actions:    share, Visibility: handlers.Private, Locale: knowledge.JA,
		},
		"shared_ja": {
			Title: "Go の年収", Paragraphs: []string{"中央値は 600万円 です。"},
			Visibility: handlers.Public, SharedBy: "めいそん", Locale: knowledge.JA,
		},
	}
}

func manyFields(n int) []handlers.Field {
	var out []handlers.Field
	for i := range n {
		out = append(out, handlers.Field{Label: fmt.Sprintf("項目 %d", i+1), Value: strings.Repeat("値", 50+i), Inline: i%2 == 0})
	}
	return out
}

func manySources(n int) []handlers.Citation {
	var out []handlers.Citation
	for i := range n {
		out = append(out, handlers.Citation{Name: fmt.Sprintf("Source %d", i+1), Year: 2000 + i%25, Note: "note"})
	}
	return out
}

func testShareID(v string) string { return newShareStore(shareTTL, shareMax).id(v, fixedNow) }

func TestRenderGolden(t *testing.T) {
	for name, rep := range goldenReplies() {
		t.Run(name, func(t *testing.T) {
			msg := render(rep, renderOpts{shareID: testShareID, locale: knowledge.JA})
			if v := limitViolations(msg); len(v) > 0 {
				t.Errorf("limits broken: %v", v)
			}
			var buf bytes.Buffer
			enc := json.NewEncoder(&buf)
			enc.SetEscapeHTML(false) // keep <@…> readable in the golden files
			enc.SetIndent("", "  ")
			if err := enc.Encode(messageResponse(msg)); err != nil {
				t.Fatal(err)
			}
			got := bytes.TrimSpace(buf.Bytes())
			mustValidate(t, "CreateMessageInteractionCallbackRequest", got)
			path := filepath.Join("testdata", "render_"+name+".golden.json")
			if *update {
				if err := os.WriteFile(path, append(got, '\n'), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if strings.TrimSpace(string(want)) != strings.TrimSpace(string(got)) {
				t.Errorf("render differs from %s (go test -run TestRenderGolden -update to accept):\n%s", path, got)
			}
		})
	}
}

func TestRenderBehaviour(t *testing.T) {
	r := goldenReplies()
	long := render(r["long_ja"], renderOpts{shareID: testShareID})
	if !strings.Contains(long.Content, handlers.Label(knowledge.JA, handlers.LabelShortened)) {
		t.Errorf("a trimmed answer must say so in the content, got %q", long.Content)
	}
	many := r["long_ja"]
	many.Fields = manyFields(30)
	for i := range many.Fields {
		many.Fields[i].Value = "値"
	}
	if n := len(render(many, renderOpts{}).Embeds); n < 2 {
		t.Errorf("more than 25 fields should continue in another embed, got %d embeds", n)
	}
	if !long.Ephemeral || len(long.Components) != 1 {
		t.Errorf("a private answer is ephemeral with a share button")
	}
	shared := render(r["shared_ja"], renderOpts{shareID: testShareID})
	if shared.Ephemeral || len(shared.Components) != 0 || !strings.Contains(shared.Content, "めいそん") {
		t.Errorf("a shared answer is public, names the sharer and has no button: %+v", shared)
	}
	tagged := render(r["long_ja"], renderOpts{footerTag: digestTag + "m-2026-W48"})
	last := tagged.Embeds[len(tagged.Embeds)-1]
	if last.Footer == nil || !strings.HasSuffix(last.Footer.Text, digestTag+"m-2026-W48") {
		t.Errorf("the digest marker must end the last footer whole, even with 60 sources")
	}
	if len(tagged.Components) != 0 {
		t.Errorf("no buttons without a shareID func")
	}
	nf := render(r["not_found_en"], renderOpts{})
	if nf.Embeds[0].Color != colorWarn {
		t.Errorf("not-found colour = %x", nf.Embeds[0].Color)
	}
}

// TestRenderNeverBreaksLimits is a property test: whatever the reply, the
// message is within every Discord limit and the spec's RichEmbed.
func TestRenderNeverBreaksLimits(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	pieces := []string{"a", "年収", "@everyone", "@here", "<@123>", "<@&9>", "<#5>", "*", "_", "`", "\\", "|", "\n", " ", "😀", "𝒜", "\u200b", "#", "> ", "- ", "[x](http://e)", strings.Repeat("x", 1000), strings.Repeat("長", 3000)}
	text := func(max int) string {
		var b strings.Builder
		n := rng.IntN(max + 1)
		for b.Len() < n {
			b.WriteString(pieces[rng.IntN(len(pieces))])
		}
		out, count := b.String(), 0
		for i := range out {
			if count == n {
				return out[:i]
			}
			count++
		}
		return out
	}
	huge := handlers.Reply{Title: strings.Repeat("T", 10000), Visibility: handlers.Private}
	for i := 0; i < 200; i++ {
		huge.Fields = append(huge.Fields, handlers.Field{Label: strings.Repeat("L", 300), Value: strings.Repeat("@everyone ", 200)})
	}
	for i := 0; i < 5; i++ {
		huge.Paragraphs = append(huge.Paragraphs, strings.Repeat("段落", 5000))
	}
	huge.Table = &handlers.Table{Columns: []string{"a", "b", "c"}}
	for i := 0; i < 200; i++ {
		huge.Table.Rows = append(huge.Table.Rows, []string{strings.Repeat("r", 500), strings.Repeat("v", 2000), "<@1>"})
	}
	for i := 0; i < 100; i++ {
		huge.Sources = append(huge.Sources, handlers.Citation{Name: strings.Repeat("S", 3000), Year: 2024, Note: strings.Repeat("n", 3000)})
		huge.Suggestions = append(huge.Suggestions, handlers.Suggestion{Label: strings.Repeat("g", 500), Command: "/" + strings.Repeat("`", 300)})
		huge.Actions = append(huge.Actions, handlers.Action{Kind: handlers.ActionShare, Label: strings.Repeat("B", 200), Value: strings.Repeat("v", 5000)})
	}
	huge.SharedBy = strings.Repeat("@everyone", 500)
	for i := 0; i < 100; i++ {
		huge.Notes = append(huge.Notes, strings.Repeat("<@1> 注意", 1000))
		huge.Fields[i].Note = strings.Repeat("@here", 1000)
	}
	cases := []handlers.Reply{huge, {}}
	for i := 0; i < 200; i++ {
		r := handlers.Reply{Title: text(400), SharedBy: text(100), Locale: []knowledge.Locale{"", "ja", "en"}[rng.IntN(3)]}
		for range rng.IntN(8) {
			r.Paragraphs = append(r.Paragraphs, text(12000))
		}
		nf := rng.IntN(30)
		if rng.IntN(10) == 0 {
			nf = 200 + rng.IntN(30)
		}
		for range nf {
			r.Fields = append(r.Fields, handlers.Field{Label: text(400), Value: text(1500), Note: text(600), Inline: rng.IntN(2) == 0})
		}
		for range rng.IntN(40) {
			r.Notes = append(r.Notes, text(6000))
		}
		if rng.IntN(3) == 0 {
			r.Table = &handlers.Table{Columns: []string{text(30), text(30)}}
			for range rng.IntN(60) {
				row := []string{}
				for range rng.IntN(5) {
					row = append(row, text(300))
				}
				r.Table.Rows = append(r.Table.Rows, row)
			}
		}
		for range rng.IntN(40) {
			r.Sources = append(r.Sources, handlers.Citation{Name: text(500), Year: rng.IntN(2030), Note: text(500)})
		}
		for range rng.IntN(30) {
			r.Suggestions = append(r.Suggestions, handlers.Suggestion{Label: text(200), Command: text(200)})
		}
		for range rng.IntN(7) {
			r.Actions = append(r.Actions, handlers.Action{Kind: []handlers.ActionKind{handlers.ActionShare, handlers.ActionMore}[rng.IntN(2)], Label: text(120), Value: text(800)})
		}
		cases = append(cases, r)
	}
	store := newShareStore(shareTTL, shareMax)
	for i, r := range cases {
		id := func(v string) string { return store.id(v, fixedNow) }
		msg := render(r, renderOpts{shareID: id, moreID: id, footerTag: text(60)})
		if v := limitViolations(msg); len(v) > 0 {
			t.Fatalf("case %d breaks limits: %v", i, v)
		}
		for _, e := range msg.Embeds {
			if errs := validateJSON(t, "RichEmbed", mustJSON(t, e)); len(errs) > 0 {
				t.Fatalf("case %d: embed breaks RichEmbed: %v", i, errs)
			}
		}
	}
}

func FuzzRender(f *testing.F) {
	f.Add("title", "paragraph", "label", "value", "@everyone", 3)
	f.Add(strings.Repeat("長", 300), strings.Repeat("<@1>", 3000), "", "", "", 200)
	f.Fuzz(func(t *testing.T, title, para, label, value, name string, n int) {
		n = min(max(n, 0), 250)
		r := handlers.Reply{Title: title, Paragraphs: []string{para, para}, SharedBy: name,
			Actions: []handlers.Action{{Kind: handlers.ActionShare, Label: label, Value: value}}}
		for i := 0; i < n; i++ {
			r.Fields = append(r.Fields, handlers.Field{Label: label, Value: value})
		}
		r.Sources = []handlers.Citation{{Name: label, Note: value}}
		r.Suggestions = []handlers.Suggestion{{Label: label, Command: value}}
		msg := render(r, renderOpts{shareID: testShareID, footerTag: name})
		if v := limitViolations(msg); len(v) > 0 {
			t.Fatalf("limits broken: %v", v)
		}
	})
}

func TestSplitAndTruncate(t *testing.T) {
	if got := truncate("abcdef", 4); got != "abc…" {
		t.Errorf("truncate = %q", got)
	}
	if got := truncate("😀😀😀", 4); ulen(got) > 4 || got != "😀…" {
		t.Errorf("truncate counts UTF-16 units: %q", got)
	}
	parts := chattext.Split(strings.Repeat("word ", 2000), 4096)
	if len(parts) != 3 {
		t.Errorf("want 3 parts, got %d", len(parts))
	}
	for _, p := range parts {
		if ulen(p) > 4096 || strings.HasSuffix(p, " ") {
			t.Errorf("bad part of %d", ulen(p))
		}
	}
	if got := markdown("@everyone *x* <@1>"); mentionRe.MatchString(got) || !strings.Contains(got, `\*x\*`) {
		t.Errorf("markdown = %q", got)
	}
	for in, want := range map[string]string{"plain text": "plain text", "a-b #c >d": "a-b #c >d", "- item": `\- item`,
		"x\n  # h": "x\n  \\# h", "年収 957万円": "年収 957万円", "a_b": `a\_b`, "> q": `\> q`} {
		if got := markdown(in); got != want {
			t.Errorf("markdown(%q) = %q, want %q", in, got, want)
		}
	}
}
