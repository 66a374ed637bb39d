package slackbot

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/socketmode"

	"careerbot/bot/internal/chattext"
	"careerbot/handlers"
	"careerbot/knowledge"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

func goldenReplies() map[string]handlers.Reply {
	share := []handlers.Action{{Kind: handlers.ActionShare, Label: "チャンネルに共有", Value: "salary go"}}
	long := make([]string, 10)
	for i := range long {
		long[i] = strings.Repeat(fmt.Sprintf("段落%dの長い説明です。", i), 700)
	}
	var sources []handlers.Citation
	for i := range 15 {
		sources = append(sources, handlers.Citation{Name: fmt.Sprintf("Survey %d", i+1), Year: 2010 + i})
	}
	return map[string]handlers.Reply{
		"salary_ja": {
			Title:      "Go エンジニアの年収",
			Paragraphs: []string{"Go エンジニアの平均年収は約 600 万円です。", "フリーランスの月単価は 80〜90 万円が目安です。"},
			Fields: []handlers.Field{
				{Label: "平均年収", Value: "約600万円/年", Note: "求人の提示額 (実際の年収ではない)", Inline: true},
				{Label: "フリーランス月単価", Value: "80〜90万円/月", Inline: true},
				{Label: "注意", Value: "調査ごとに母集団が違います。"},
				{Label: "Rails", Value: "995万円/年", Note: "同じ調査"},
			},
			Notes:       []string{"Rails (995万円) と Node.js (921万円) も同じ方法で調べた数字です。", "※ 月額を年収に換算していません。"},
			Sources:     []handlers.Citation{{Name: "doda 平均年収ランキング", Year: 2024}, {Name: "レバテック", Year: 2023, Note: "案件ベース"}},
			Suggestions: []handlers.Suggestion{{Label: "Rust", Command: "/salary rust"}, {Label: "40代", Command: "/salary 40s"}},
			Actions:     share, Visibility: handlers.Private, Command: "salary", Args: "go", Locale: knowledge.JA,
		},
		"compare_en_table": {
			Title: "Go vs Rails vs Node",
			Table: &handlers.Table{Columns: []string{"Topic", "Annual", "Monthly (freelance)"}, Rows: [][]string{
				{"Go", "6.0M yen", "850k yen"}, {"Rails", "5.5M yen", "800k yen"}, {"Node.js (日本語)", "5.8M yen", "820k yen"}}},
			Sources: []handlers.Citation{{Name: "Survey A", Year: 2024}},
			Actions: []handlers.Action{{Kind: handlers.ActionShare, Label: "Share in channel", Value: "compare go rails node"}},
			Command: "compare", Args: "go rails node", Locale: knowledge.EN,
		},
		"hostile_mentions": {
			Title:       "<!channel> @here salary",
			Paragraphs:  []string{"Ping <@U123> and <!here|here> & <!everyone>, @channel, @Everyone & &lt;!channel&gt;"},
			Fields:      []handlers.Field{{Label: "<#C123>", Value: "<https://evil.example|click>", Note: "<!here> _note_", Inline: true}},
			Notes:       []string{"<@U1> & @everyone"},
			Suggestions: []handlers.Suggestion{{Label: "<@U1>", Command: "/salary `<!here>`"}},
			Sources:     []handlers.Citation{{Name: "<!subteam^S1>", Note: "<@W1>"}},
			Actions:     []handlers.Action{{Kind: handlers.ActionShare, Label: "<!channel>", Value: "salary <!channel>"}},
			SharedBy:    "<!everyone>", Locale: knowledge.EN,
		},
		"shared_public": {
			Title: "Go エンジニアの年収", Paragraphs: []string{"約 600 万円です。"},
			Actions: share, Visibility: handlers.Public, SharedBy: "Rainer", Locale: knowledge.JA,
		},
		"long_trimmed": {
			Title: strings.Repeat("長いタイトル", 40), Paragraphs: long, Sources: sources,
			Notes:   []string{"長い回答でも注記は残ります。", strings.Repeat("長い注記。", 400)},
			Actions: share, Locale: knowledge.JA,
		},
		"not_found": {
			Status: handlers.StatusNotFound, Title: "「cobol」は見つかりませんでした",
			Paragraphs:  []string{"もしかして:"},
			Suggestions: []handlers.Suggestion{{Label: "Go", Command: "/salary go"}},
			Locale:      knowledge.JA,
		},
	}
}

// TestRenderGolden compares rendered messages with testdata/render/*.json
// (go test -run TestRenderGolden -update rewrites them).
func TestRenderGolden(t *testing.T) {
	for name, r := range goldenReplies() {
		t.Run(name, func(t *testing.T) {
			msg := render(r, renderOptions{Share: true, MaxBytes: ackBudget})
			for _, v := range checkLimits(msg, ackBudget) {
				t.Error(v)
			}
			var buf bytes.Buffer
			enc := json.NewEncoder(&buf)
			enc.SetEscapeHTML(false) // readable golden files; Slack reads both
			enc.SetIndent("", "  ")
			if err := enc.Encode(msg); err != nil {
				t.Fatal(err)
			}
			got := buf.Bytes()
			path := filepath.Join("testdata", "render", name+".json")
			if *update {
				if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(path, got, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run with -update to create it)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("rendering differs from %s (run with -update if intended):\n%s", path, got)
			}
		})
	}
}

// TestRenderSpecifics pins the behaviour the golden files only show.
func TestRenderSpecifics(t *testing.T) {
	r := goldenReplies()
	msg := render(r["long_trimmed"], renderOptions{Share: true, MaxBytes: ackBudget})
	raw, _ := json.Marshal(msg)
	if !strings.Contains(string(raw), handlers.Label(knowledge.JA, handlers.LabelShortened)) {
		t.Error("a trimmed answer does not say so")
	}
	if !strings.Contains(string(raw), `"action_id":"careerbot_share"`) {
		t.Error("trimming dropped the Share button")
	}
	if !strings.Contains(string(raw), "ほか 6 件") {
		t.Error("sources past ten are not folded into the last element")
	}
	// Without the bot token there is no button; a public reply has none.
	for _, c := range []struct {
		r     handlers.Reply
		share bool
	}{{r["salary_ja"], false}, {r["shared_public"], true}} {
		raw, _ := json.Marshal(render(c.r, renderOptions{Share: c.share}))
		if strings.Contains(string(raw), `"actions"`) {
			t.Errorf("unexpected Share button: %s", raw)
		}
	}
	if m := render(r["shared_public"], renderOptions{}); m.ResponseType != "in_channel" {
		t.Errorf("public reply has response_type %q", m.ResponseType)
	}
	// A share value over 2000 characters cannot be cut: no button.
	big := r["salary_ja"]
	big.Actions = []handlers.Action{{Kind: handlers.ActionShare, Value: strings.Repeat("x", maxButtonValue+1)}}
	raw, _ = json.Marshal(render(big, renderOptions{Share: true}))
	if strings.Contains(string(raw), `"actions"`) {
		t.Error("a button with an over-long value")
	}
	// Japanese cells are padded by display width.
	tbl := tableParts(handlers.Table{Columns: []string{"名前", "x"}, Rows: [][]string{{"ab", "1"}, {"日本語", "2"}}})
	sec := tbl[0].build(3000).(*slack.SectionBlock)
	want := "```\n名前    x\n" + strings.Repeat("-", 9) + "\nab      1\n日本語  2\n```"
	if sec.Text.Text != want {
		t.Errorf("table text:\n%s\nwant:\n%s", sec.Text.Text, want)
	}
}

// TestEscape: nothing in user text can mention anyone.
func TestEscape(t *testing.T) {
	tests := map[string]string{
		"<!channel>":   "&lt;!channel&gt;",
		"<@U123|bob>":  "&lt;@U123|bob&gt;",
		"a & b":        "a &amp; b",
		"&lt;":         "&amp;lt;",
		"@here":        "@\u2060here",
		"@Channel now": "@\u2060Channel now",
		"mail@example": "mail@example",
	}
	for in, want := range tests {
		if got := escape(in); got != want {
			t.Errorf("escape(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestRenderNeverExceedsLimits is the property test: random replies, from
// empty to huge and hostile, never produce a message over any limit.
func TestRenderNeverExceedsLimits(t *testing.T) {
	n := 200
	if testing.Short() {
		n = 40
	}
	for seed := range uint64(n) {
		rng := rand.New(rand.NewPCG(seed, 42))
		r := randomReply(rng)
		for _, opt := range []renderOptions{{Share: true, More: true, MaxBytes: ackBudget}, {Share: true, More: true}, {}} {
			msg := render(r, opt)
			if v := checkLimits(msg, opt.MaxBytes); len(v) > 0 {
				t.Fatalf("seed %d, options %+v: %v", seed, opt, v[:min(len(v), 5)])
			}
		}
	}
}

// The extremes named in the brief, checked by name.
func TestRenderExtremes(t *testing.T) {
	var fields []handlers.Field
	for i := range 200 {
		fields = append(fields, handlers.Field{Label: fmt.Sprintf("<!here> %d", i), Value: strings.Repeat("&<>", 1000), Inline: i%3 != 0})
	}
	r := handlers.Reply{
		Title:      strings.Repeat("<@U1>", 100),
		Paragraphs: []string{strings.Repeat("あ", 10_000), strings.Repeat("a ", 5_000), strings.Repeat("&", 10_000)},
		Fields:     fields,
		Table:      &handlers.Table{Columns: []string{"a", "b"}, Rows: [][]string{{strings.Repeat("x", 5000), "y"}}},
		Actions:    []handlers.Action{{Kind: handlers.ActionShare, Value: strings.Repeat("<", 2000)}},
	}
	for _, opt := range []renderOptions{{Share: true, MaxBytes: ackBudget}, {Share: true}} {
		msg := render(r, opt)
		for _, v := range checkLimits(msg, opt.MaxBytes) {
			t.Error(v)
		}
		if len(msg.Blocks) < 3 {
			t.Errorf("only %d blocks survived", len(msg.Blocks))
		}
	}
}

func FuzzRender(f *testing.F) {
	f.Add("<!channel>", "para <@U1> & @here", "label", "value", 3, 2)
	f.Add(strings.Repeat("&", 200), strings.Repeat("日本", 2000), "\xff\xfe", "`*_~", 200, 40)
	f.Fuzz(func(t *testing.T, title, para, label, value string, nfields, nrows int) {
		nfields, nrows = abs(nfields)%250, abs(nrows)%250
		r := handlers.Reply{Title: title, Paragraphs: []string{para, para + para}, SharedBy: label,
			Sources: []handlers.Citation{{Name: label, Note: value}},
			Actions: []handlers.Action{{Kind: handlers.ActionShare, Label: label, Value: value}}}
		for i := range nfields {
			r.Fields = append(r.Fields, handlers.Field{Label: label, Value: value, Inline: i%2 == 0})
		}
		if nrows > 0 {
			r.Table = &handlers.Table{Columns: []string{label, value}}
			for range nrows {
				r.Table.Rows = append(r.Table.Rows, []string{value, para})
			}
		}
		for _, opt := range []renderOptions{{Share: true, MaxBytes: ackBudget}, {Share: true}} {
			if v := checkLimits(render(r, opt), opt.MaxBytes); len(v) > 0 {
				t.Fatal(v[:min(len(v), 5)])
			}
		}
	})
}

var hostile = []string{"<!channel>", "<!here>", "<@U123>", "<#C1|x>", "<!subteam^S1>", "@here", "@everyone", "&", "&amp;",
	">", "<", "日本語の文章。", "😀", "\n", "`", "*", "_", " ", "\xff", "a", "word ", "。", "、", "\u2060"}

func randomText(rng *rand.Rand, maxLen int) string {
	n := rng.IntN(maxLen + 1)
	var b strings.Builder
	for b.Len() < n {
		b.WriteString(hostile[rng.IntN(len(hostile))])
	}
	return b.String()
}

func randomReply(rng *rand.Rand) handlers.Reply {
	size := []int{10, 200, 3000, 12_000}[rng.IntN(4)]
	r := handlers.Reply{Title: randomText(rng, size/4), SharedBy: randomText(rng, 100)}
	for range rng.IntN(12) {
		r.Paragraphs = append(r.Paragraphs, randomText(rng, size))
	}
	for range rng.IntN(201) {
		r.Fields = append(r.Fields, handlers.Field{Label: randomText(rng, 60), Value: randomText(rng, size/2), Note: randomText(rng, size/4), Inline: rng.IntN(2) == 0})
	}
	for range rng.IntN(40) {
		r.Notes = append(r.Notes, randomText(rng, size))
	}
	if rng.IntN(2) == 0 {
		t := &handlers.Table{}
		cols := rng.IntN(6)
		for range cols {
			t.Columns = append(t.Columns, randomText(rng, 20))
		}
		for range rng.IntN(300) {
			row := make([]string, rng.IntN(cols+2))
			for i := range row {
				row[i] = randomText(rng, 50)
			}
			t.Rows = append(t.Rows, row)
		}
		r.Table = t
	}
	for range rng.IntN(30) {
		r.Sources = append(r.Sources, handlers.Citation{Name: randomText(rng, 300), Year: rng.IntN(2030), Note: randomText(rng, 500)})
	}
	for range rng.IntN(50) {
		r.Suggestions = append(r.Suggestions, handlers.Suggestion{Label: randomText(rng, 40), Command: randomText(rng, 80)})
	}
	for range rng.IntN(3) {
		r.Actions = append(r.Actions, handlers.Action{Kind: []handlers.ActionKind{handlers.ActionShare, handlers.ActionMore}[rng.IntN(2)], Label: randomText(rng, 100), Value: randomText(rng, 2100)})
	}
	if rng.IntN(3) == 0 {
		r.Visibility = handlers.Public
	}
	if rng.IntN(2) == 0 {
		r.Locale = knowledge.EN
	}
	return r
}

// checkLimits walks the message as Slack would receive it and lists every
// broken Block Kit limit and every text that could notify someone.
func checkLimits(msg message, maxBytes int) []string {
	raw, err := json.Marshal(msg)
	if err != nil {
		return []string{err.Error()}
	}
	return checkRaw(raw, maxBytes)
}

func checkRaw(raw []byte, maxBytes int) []string {
	var v []string
	if maxBytes > 0 {
		if len(raw) > maxBytes {
			v = append(v, fmt.Sprintf("message is %d bytes, budget %d", len(raw), maxBytes))
		}
		env, _ := json.Marshal(socketmode.Response{EnvelopeID: "dbdd0ef3-1543-4f94-bfb4-133d0e6c1545", Payload: json.RawMessage(raw)})
		if len(env) >= 20*1024 {
			v = append(v, fmt.Sprintf("Socket Mode ack is %d bytes", len(env)))
		}
	}
	var m struct {
		Text   string           `json:"text"`
		Blocks []map[string]any `json:"blocks"`
	}
	if err := json.Unmarshal(raw, &m); err != nil {
		return append(v, err.Error())
	}
	text := func(where string, obj any, typ string, max int) {
		o, ok := obj.(map[string]any)
		if !ok {
			v = append(v, where+": missing text object")
			return
		}
		s, _ := o["text"].(string)
		if typ != "" && o["type"] != typ {
			v = append(v, fmt.Sprintf("%s: type %v, want %s", where, o["type"], typ))
		}
		v = append(v, checkText(where, s, max)...)
	}
	v = append(v, checkText("text", m.Text, 40_000)...)
	if len(m.Blocks) > maxBlocks {
		v = append(v, fmt.Sprintf("%d blocks", len(m.Blocks)))
	}
	charts, tables := 0, 0
	defer func() {
		if tables > 1 {
			v = append(v, fmt.Sprintf("%d tables in one message", tables))
		}
		if charts > maxCharts {
			v = append(v, fmt.Sprintf("%d charts in one message", charts))
		}
	}()
	for i, b := range m.Blocks {
		where := fmt.Sprintf("block %d (%v)", i, b["type"])
		if id, _ := b["block_id"].(string); len(id) > 255 {
			v = append(v, where+": block_id too long")
		}
		switch b["type"] {
		case "header":
			text(where, b["text"], "plain_text", maxHeaderText)
		case "section":
			fields, _ := b["fields"].([]any)
			if b["text"] == nil && len(fields) == 0 {
				v = append(v, where+": neither text nor fields")
			}
			if b["text"] != nil {
				text(where, b["text"], "mrkdwn", maxSectionText)
			}
			if len(fields) > maxSectionFields {
				v = append(v, fmt.Sprintf("%s: %d fields", where, len(fields)))
			}
			for j, f := range fields {
				text(fmt.Sprintf("%s field %d", where, j), f, "mrkdwn", maxFieldText)
			}
		case "context":
			els, _ := b["elements"].([]any)
			if len(els) == 0 || len(els) > maxContextElements {
				v = append(v, fmt.Sprintf("%s: %d elements", where, len(els)))
			}
			for j, e := range els {
				text(fmt.Sprintf("%s element %d", where, j), e, "mrkdwn", maxTextObject)
			}
		case "actions":
			els, _ := b["elements"].([]any)
			if len(els) == 0 || len(els) > 25 {
				v = append(v, fmt.Sprintf("%s: %d elements", where, len(els)))
			}
			for _, e := range els {
				btn, _ := e.(map[string]any)
				text(where+" button", btn["text"], "plain_text", maxButtonText)
				if val, _ := btn["value"].(string); utf8.RuneCountInString(val) > maxButtonValue {
					v = append(v, where+": button value too long")
				}
				if id, _ := btn["action_id"].(string); len(id) > 255 || id == "" {
					v = append(v, where+": bad action_id")
				}
			}
		case "context_actions":
			els, _ := b["elements"].([]any)
			if len(els) != 1 {
				v = append(v, fmt.Sprintf("%s: %d elements", where, len(els)))
			}
			for _, e := range els {
				fb, _ := e.(map[string]any)
				for _, side := range []string{"positive_button", "negative_button"} {
					btn, _ := fb[side].(map[string]any)
					text(where+" "+side, btn["text"], "plain_text", maxButtonText)
					if val, _ := btn["value"].(string); val == "" || utf8.RuneCountInString(val) > maxButtonValue {
						v = append(v, where+": bad feedback button value")
					}
				}
			}
		case "table":
			tables++
			v = append(v, checkTableBlock(where, b)...)
		case "data_visualization":
			charts++
			v = append(v, checkChartBlock(where, b)...)
		default:
			v = append(v, where+": unexpected block type")
		}
	}
	return v
}

// checkText: length in bounds, and nothing Slack would turn into a
// mention (no angle brackets at all, no bare @here/@channel/@everyone,
// every & starting an entity).
func checkText(where, s string, max int) []string {
	var v []string
	if s == "" {
		v = append(v, where+": empty text")
	}
	if n := chattext.Len(s); n > max {
		v = append(v, fmt.Sprintf("%s: %d characters, limit %d", where, n, max))
	}
	if strings.ContainsAny(s, "<>") {
		v = append(v, fmt.Sprintf("%s: unescaped angle bracket in %.80q", where, s))
	}
	low := strings.ToLower(s)
	for _, m := range []string{"@here", "@channel", "@everyone"} {
		if strings.Contains(low, m) {
			v = append(v, fmt.Sprintf("%s: bare %s", where, m))
		}
	}
	for i := 0; i < len(s); i++ {
		if s[i] == '&' && !strings.HasPrefix(s[i:], "&amp;") && !strings.HasPrefix(s[i:], "&lt;") && !strings.HasPrefix(s[i:], "&gt;") {
			v = append(v, fmt.Sprintf("%s: bare & in %.80q", where, s))
			break
		}
	}
	return v
}
