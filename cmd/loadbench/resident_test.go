package main

import (
	"bufio"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

func TestModuleOf(t *testing.T) {
	for _, c := range []struct{ sym, want string }{
		{"runtime.mallocgc", "std"},
		{"net/http.(*conn).serve", "std"},
		{"type:*net/http.Request", "std"},
		{"go:itab.*net/http.conn,io.Writer", "std"},
		{"careerbot/bot/slackbot.render", "careerbot"},
		{"careerbot/bot/answercache.(*Answers[go.shape.struct { careerbot/bot/slackbot.msg string }]).Fill", "careerbot"},
		{"main.main", "std"}, // loadbench's own main is not careerbot's
		{"github.com/jackc/pgx/v5/pgtype.(*Map).RegisterType", "github.com/jackc/pgx"},
		{"type:.eq.github.com/slack-go/slack.TextBlockObject", "github.com/slack-go/slack"},
		{"google.golang.org/protobuf/internal/impl.init", "google.golang.org/protobuf"},
		{"golang.org/x/text/unicode/norm.nfcData", "golang.org/x/text"},
		{"git.sr.ht/~sbinet/gg.(*Context).Fill", "git.sr.ht/~sbinet/gg"},
		{"go.yaml.in/yaml/v3.(*parser).parse", "go.yaml.in/yaml"},
		{"github.com/prometheus/client_golang/prometheus.NewRegistry", "github.com/prometheus/client_golang"},
		{"go:struct { *github.com/prometheus/client_golang/prometheus.Desc; F uintptr }", "(unnamed types)"},
		{"type:[]func(int) error", "(unnamed types)"},
	} {
		if got := moduleOf(c.sym); got != c.want {
			t.Errorf("moduleOf(%q) = %q, want %q", c.sym, got, c.want)
		}
	}
}

// resident on a small Go server built for the test (test binaries have no
// symbol table): its executable's pages are there, and every resident byte
// is given to exactly one module or section.
func TestResident(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("reads /proc")
	}
	dir := t.TempDir()
	src := filepath.Join(dir, "main.go")
	if err := os.WriteFile(src, []byte("package main\n\nimport (\n\t\"net/http\"\n\t\"os\"\n)\n\nfunc main() {\n\tos.Stdout.WriteString(\"ready\\n\")\n\t_ = http.ListenAndServe(\"127.0.0.1:0\", nil)\n}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	exe := filepath.Join(dir, "server")
	build := exec.Command("go", "build", "-o", exe, src)
	build.Dir = dir
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	cmd := exec.Command(exe)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	if line, err := bufio.NewReader(stdout).ReadString('\n'); err != nil || line != "ready\n" {
		t.Fatalf("server said %q, %v", line, err)
	}
	r, err := resident(cmd.Process.Pid, exe)
	if err != nil {
		t.Fatal(err)
	}
	if r.total <= 0 {
		t.Fatalf("no resident pages: %+v", r)
	}
	var mods, secs float64
	std := false
	for _, m := range r.modules {
		mods += m.bytes
		std = std || m.name == "std"
	}
	for _, s := range r.sections {
		secs += s.bytes
	}
	if !std || int64(mods+0.5) != r.total || int64(secs+0.5) != r.total {
		t.Errorf("total %d, modules sum to %.0f (std present: %v), sections to %.0f", r.total, mods, std, secs)
	}
	var b strings.Builder
	reportResidency(&b, "self", r, 5)
	if !strings.Contains(b.String(), "self: by module (MiB): ") || !strings.Contains(b.String(), ".text") {
		t.Errorf("report:\n%s", b.String())
	}
	if _, err := resident(cmd.Process.Pid, "/bin/sh"); err == nil {
		t.Error("a file the process does not map gave no error")
	}
}
