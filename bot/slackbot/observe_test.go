package slackbot

import (
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"careerbot/bot/ops"
	"careerbot/knowledge"
)

// recordingObserver remembers what the adapter reported.
type recordingObserver struct {
	mu       sync.Mutex
	commands []string // platform command outcome
	conns    []bool   // Socket Mode states, in order
	retries  int
}

func (o *recordingObserver) Command(platform, command, outcome string, took time.Duration) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if took < 0 {
		outcome += " (negative duration)"
	}
	o.commands = append(o.commands, platform+" "+command+" "+outcome)
}

func (o *recordingObserver) Connection(name string, up bool) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if name == SocketConnection {
		o.conns = append(o.conns, up)
	}
}

func (o *recordingObserver) Retry(platform string) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if platform == "slack" {
		o.retries++
	}
}

func (o *recordingObserver) snapshot() ([]string, []bool, int) {
	o.mu.Lock()
	defer o.mu.Unlock()
	return append([]string(nil), o.commands...), append([]bool(nil), o.conns...), o.retries
}

// TestObserverHearsSocketMode: Socket Mode reports the connection up while
// it answers and down once stopped; each slash command is reported with
// its outcome; a rate-limited Share is reported as a retry.
func TestObserverHearsSocketMode(t *testing.T) {
	f := newFakeSlack(t)
	f.post429 = 1
	obs := &recordingObserver{}
	b, err := New(Config{BotToken: "xoxb-test", AppToken: "xapp-test", APIURL: f.server.URL + "/",
		DefaultLocale: knowledge.JA, Logger: testLogger(t), Observer: obs}, &fakeEngine{})
	if err != nil {
		t.Fatal(err)
	}
	b.sleep = (&sleepRecorder{}).sleep
	stop := runSocket(t, b)
	c := f.nextConn()
	c.hello()
	c.send(slashEnvelope(t, "env-1", "/salary", "go"))
	decodeAck(t, c.readAck(), "env-1")
	cmds, conns, _ := obs.snapshot()
	if len(conns) == 0 || !conns[len(conns)-1] {
		t.Errorf("connection states %v while answering, want the last one up", conns)
	}
	if len(cmds) != 1 || cmds[0] != "slack salary ok" {
		t.Errorf("commands %q, want [slack salary ok]", cmds)
	}

	c.send(blockActionsEnvelope("env-2", "salary go"))
	c.readAck()
	f.nextCall("chat.postMessage")
	f.nextCall("chat.postMessage")
	if err := stop(); err != nil {
		t.Fatal(err)
	}
	_, conns, retries := obs.snapshot()
	if retries != 1 {
		t.Errorf("retries %d, want 1 (one 429 on chat.postMessage)", retries)
	}
	if conns[len(conns)-1] {
		t.Errorf("connection states %v after stopping, want the last one down", conns)
	}
}

// TestOpsCountsSlackAPI: with bot/ops's transport and observer, a 429 from
// the fake Web API shows in /metrics as a 429 and a retry, and the command
// in the command counter.
func TestOpsCountsSlackAPI(t *testing.T) {
	f := newFakeSlack(t)
	f.post429 = 1
	o := ops.New(ops.Options{Commands: []string{"salary"}})
	b, err := New(Config{BotToken: "xoxb-test", AppToken: "xapp-test", APIURL: f.server.URL + "/",
		DefaultLocale: knowledge.JA, Logger: testLogger(t), Observer: o,
		HTTPClient: &http.Client{Transport: o.Transport("slack", nil)}}, &fakeEngine{})
	if err != nil {
		t.Fatal(err)
	}
	b.sleep = (&sleepRecorder{}).sleep
	stop := runSocket(t, b)
	c := f.nextConn()
	c.hello()
	c.send(slashEnvelope(t, "env-1", "/salary", "go"))
	decodeAck(t, c.readAck(), "env-1")
	c.send(blockActionsEnvelope("env-2", "salary go"))
	c.readAck()
	f.nextCall("chat.postMessage")
	f.nextCall("chat.postMessage")
	if err := stop(); err != nil {
		t.Fatal(err)
	}
	reg := o.Registry()
	for _, c := range []struct {
		name   string
		labels map[string]string
		want   float64
	}{
		{"careerbot_platform_api_rate_limited_total", map[string]string{"platform": "slack"}, 1},
		{"careerbot_platform_api_calls_total", map[string]string{"platform": "slack", "result": "429"}, 1},
		{"careerbot_platform_api_retries_total", map[string]string{"platform": "slack"}, 1},
		{"careerbot_commands_total", map[string]string{"platform": "slack", "command": "salary", "outcome": "ok"}, 1},
	} {
		if got := counterValue(t, reg, c.name, c.labels); got != c.want {
			t.Errorf("%s%v = %v, want %v", c.name, c.labels, got, c.want)
		}
	}
	if got := counterValue(t, reg, "careerbot_platform_api_calls_total", map[string]string{"platform": "slack", "result": "2xx"}); got < 2 {
		t.Errorf("2xx Web API calls = %v, want at least 2 (apps.connections.open and users.info, before the ack)", got)
	}
}

func counterValue(t *testing.T, reg *prometheus.Registry, name string, labels map[string]string) float64 {
	t.Helper()
	mfs, err := reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	for _, mf := range mfs {
		if mf.GetName() != name {
			continue
		}
	series:
		for _, m := range mf.GetMetric() {
			if len(m.GetLabel()) != len(labels) {
				continue
			}
			for _, lp := range m.GetLabel() {
				if labels[lp.GetName()] != lp.GetValue() {
					continue series
				}
			}
			return m.GetCounter().GetValue()
		}
	}
	return 0
}
