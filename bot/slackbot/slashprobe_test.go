package slackbot

import (
	"context"
	"encoding/json"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"
)

// A charted slash command to a workspace whose verdict on chart blocks is
// unknown is acked empty and answered through its response_url, where a
// refusal (HTTP 400 invalid_blocks, as hooks.slack.com answers) is seen:
// the answer goes again without the chart block and the refusal is kept,
// so the next answer is the ack itself, plain. A workspace that shows the
// blocks is remembered too, and from then on answered in the ack; a
// refusal older than a week is tried again.
func TestSlashChartThroughResponseURL(t *testing.T) {
	const secret, now = "s3cret", 1_700_000_000
	tests := []struct {
		name    string
		reject  bool
		state   map[string]string
		probe   bool // answered through response_url
		verdict string
		charted bool // the second answer's ack carries the chart block
	}{
		{name: "refused", reject: true, probe: true, verdict: "refused ", charted: false},
		{name: "accepted", reject: false, probe: true, verdict: "accepted ", charted: true},
		{name: "known refusal", reject: true, state: map[string]string{chartBlocksKey + "T0001": "refused " + time.Now().UTC().Format(time.RFC3339)}, verdict: "refused ", charted: false},
		{name: "week-old refusal, now accepted", reject: false, probe: true, state: map[string]string{chartBlocksKey + "T0001": "refused " + time.Now().Add(-8*24*time.Hour).UTC().Format(time.RFC3339)}, verdict: "accepted ", charted: true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := newFakeSlack(t)
			f.rejectCharts = tc.reject
			f.locales["U2147483697"] = "ja-JP"
			b := newHTTPBot(t, secret, now, realRouter(t), f.server.URL+"/")
			st := &memState{m: tc.state}
			b.plain = plainBlocks{st: st, log: testLogger(t)}
			b.responseURLOK = func(u string) bool { return strings.HasPrefix(u, f.server.URL+"/hooks/") }
			form := slashForm("/compare", "go rails node")
			form.Set("response_url", f.server.URL+"/hooks/commands/T0001/1/abc")

			send := func() string {
				body, h := signedForm(secret, now, form)
				w := post(b.HTTPHandler(), body, h)
				if w.Code != 200 {
					t.Fatalf("status %d", w.Code)
				}
				return w.Body.String()
			}
			ack := send()
			if tc.probe {
				if ack != "" {
					t.Fatalf("the ack should be empty while the workspace is unknown: %s", ack)
				}
				first := f.nextCall("response_url").Form.Get("json")
				if !strings.Contains(first, `"type":"data_visualization"`) || !strings.Contains(first, `"response_type":"ephemeral"`) {
					t.Fatalf("response_url got no charted, private answer: %.300s", first)
				}
				if tc.reject {
					plain := f.nextCall("response_url").Form.Get("json")
					if strings.Contains(plain, "data_visualization") || !strings.Contains(plain, "957") {
						t.Errorf("the resend should be the answer without the chart block: %.300s", plain)
					}
				}
			} else if strings.Contains(ack, "data_visualization") || !strings.Contains(ack, "957") {
				t.Errorf("a known refusal is answered in the ack, without chart blocks: %.300s", ack)
			}
			// The verdict is written once the answer went (asynchronously
			// in HTTP mode): wait for it.
			var v string
			for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
				if v, _, _ = st.GetState(t.Context(), chartBlocksKey+"T0001"); strings.HasPrefix(v, tc.verdict) {
					break
				}
			}
			if !strings.HasPrefix(v, tc.verdict) {
				t.Fatalf("state %q, want %q…", v, tc.verdict)
			}

			hooks := f.count("response_url")
			second := send()
			var msg struct {
				Blocks []map[string]any `json:"blocks"`
			}
			if err := json.Unmarshal([]byte(second), &msg); err != nil || len(msg.Blocks) == 0 {
				t.Fatalf("the second ack is not the answer: %v %.300s", err, second)
			}
			if got := strings.Contains(second, `"type":"data_visualization"`); got != tc.charted {
				t.Errorf("second ack has a chart block: %v, want %v", got, tc.charted)
			}
			if n := f.count("response_url"); n != hooks {
				t.Errorf("the second answer went through response_url too (%d posts)", n-hooks)
			}
		})
	}
}

// Without a state store (or a response_url that is not Slack's), the
// answer is the ack, as before: nothing to remember a verdict in.
func TestSlashChartAckWithoutState(t *testing.T) {
	const secret, now = "s3cret", 1_700_000_000
	f := newFakeSlack(t)
	b := newHTTPBot(t, secret, now, realRouter(t), f.server.URL+"/")
	b.responseURLOK = func(u string) bool { return strings.HasPrefix(u, f.server.URL+"/hooks/") }
	form := slashForm("/compare", "go rails node")
	form.Set("response_url", f.server.URL+"/hooks/commands/T0001/1/abc")
	body, h := signedForm(secret, now, form)
	if w := post(b.HTTPHandler(), body, h); !strings.Contains(w.Body.String(), `"type":"data_visualization"`) {
		t.Errorf("without a state store the ack should carry the chart: %.300s", w.Body.String())
	}
	if n := f.count("response_url"); n != 0 {
		t.Errorf("%d response_url posts", n)
	}
}

// memState is a StateStore in memory.
type memState struct {
	mu sync.Mutex
	m  map[string]string
}

func (s *memState) GetState(_ context.Context, key string) (string, bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	v, ok := s.m[key]
	return v, ok, nil
}

func (s *memState) SetState(_ context.Context, key, value string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.m == nil {
		s.m = map[string]string{}
	}
	s.m[key] = value
	return nil
}

// In Socket Mode the same: an unknown workspace's charted answer is acked
// without a payload and goes through response_url; a refusal there is
// answered plain and recorded, and the next ack carries the plain answer.
func TestSocketSlashChartThroughResponseURL(t *testing.T) {
	f := newFakeSlack(t)
	f.rejectCharts = true
	f.locales["U123ABC456"] = "ja-JP"
	b, _ := newSocketBot(t, f, realRouter(t))
	st := &memState{}
	b.plain = plainBlocks{st: st, log: testLogger(t)}
	b.responseURLOK = func(u string) bool { return strings.HasPrefix(u, f.server.URL+"/hooks/") }
	runSocket(t, b)
	c := f.nextConn()
	c.hello()
	env := slashEnvelope(t, "env-1", "/compare", "go rails node")
	p := env["payload"].(map[string]any)
	p["response_url"] = f.server.URL + "/hooks/commands/T1/1/abc"
	team, _ := p["team_id"].(string)
	c.send(env)
	if a := c.readAck(); a.EnvelopeID != "env-1" || len(a.Payload) != 0 {
		t.Fatalf("ack %s with payload %s, want an empty ack", a.EnvelopeID, a.Payload)
	}
	if first := f.nextCall("response_url").Form.Get("json"); !strings.Contains(first, `"type":"data_visualization"`) {
		t.Fatalf("response_url got no chart: %.200s", first)
	}
	if plain := f.nextCall("response_url").Form.Get("json"); strings.Contains(plain, "data_visualization") || !strings.Contains(plain, "957") {
		t.Errorf("the resend is not the plain answer: %.300s", plain)
	}
	var v string
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline) && !strings.HasPrefix(v, "refused "); time.Sleep(10 * time.Millisecond) {
		v, _, _ = st.GetState(t.Context(), chartBlocksKey+team)
	}
	if !strings.HasPrefix(v, "refused ") {
		t.Fatalf("state for %q: %q", team, v)
	}
	env["envelope_id"] = "env-2"
	c.send(env)
	got := decodeAck(t, c.readAck(), "env-2")
	raw, _ := json.Marshal(got.Blocks)
	if len(got.Blocks) == 0 || strings.Contains(string(raw), "data_visualization") || !strings.Contains(string(raw), "957") {
		t.Errorf("the second ack should carry the plain answer: %.300s", raw)
	}
}

// TestMorePressFallsBackWithoutChartBlocks: a More press whose charted
// answer the response_url refuses (HTTP 400 invalid_blocks) is answered
// again without the chart block, and the workspace is remembered as
// refusing them, as a slash command's answer would be.
func TestMorePressFallsBackWithoutChartBlocks(t *testing.T) {
	const secret, now = "s3cret", 1_700_000_000
	f := newFakeSlack(t)
	f.rejectCharts = true
	b := newHTTPBot(t, secret, now, realRouter(t), "")
	st := &memState{}
	b.plain = plainBlocks{st: st, log: testLogger(t)}
	b.responseURLOK = func(u string) bool { return strings.HasPrefix(u, f.server.URL+"/hooks/") }
	p := pressPayload(moreActionID, "en:compare go rails node", f.server.URL+"/hooks/actions/T0001/1/x")
	p["team"] = map[string]any{"id": "T0001", "domain": "example"}
	payload, _ := json.Marshal(p)
	body, h := signedForm(secret, now, url.Values{"payload": {string(payload)}})
	if w := post(b.HTTPHandler(), body, h); w.Code != 200 {
		t.Fatalf("status %d: %s", w.Code, w.Body)
	}
	if first := f.nextCall("response_url").Form.Get("json"); !strings.Contains(first, `"type":"data_visualization"`) {
		t.Fatalf("the first answer had no chart block: %.300s", first)
	}
	plain := f.nextCall("response_url").Form.Get("json")
	if strings.Contains(plain, "data_visualization") || !strings.Contains(plain, "¥9.57M") || !strings.Contains(plain, `"response_type":"ephemeral"`) {
		t.Errorf("the resend should be the private answer without the chart block: %.300s", plain)
	}
	if v, _, _ := st.GetState(t.Context(), chartBlocksKey+"T0001"); !strings.HasPrefix(v, "refused ") {
		t.Errorf("state %q, want the refusal remembered", v)
	}
}
