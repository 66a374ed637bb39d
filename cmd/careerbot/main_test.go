package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// env returns a getenv over the given settings only, so the machine's own
// environment (and any .env) cannot leak into tests.
func env(kv ...string) func(string) string {
	m := map[string]string{}
	for i := 0; i+1 < len(kv); i += 2 {
		m[kv[i]] = kv[i+1]
	}
	return func(k string) string { return m[k] }
}

func runCLI(t *testing.T, getenv func(string) string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = run(context.Background(), args, strings.NewReader(""), &out, &errb, getenv)
	return code, out.String(), errb.String()
}

func inTempDir(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	old, _ := os.Getwd()
	if err := os.Chdir(dir); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.Chdir(old) })
	return dir
}

func TestAsk(t *testing.T) {
	dir := inTempDir(t)
	getenv := env("DATABASE_PATH", filepath.Join(dir, "kb.db"))
	code, out, _ := runCLI(t, getenv, "ask", "/salary go")
	if code != 0 || !strings.Contains(out, "957万円/年") {
		t.Fatalf("ask /salary go: code %d\n%s", code, out)
	}
	code, out, _ = runCLI(t, getenv, "ask", "/salary go", "--locale", "en")
	if code != 0 || !strings.Contains(out, "¥9.57M a year") {
		t.Fatalf("ask --locale en: code %d\n%s", code, out)
	}
	code, out, _ = runCLI(t, getenv, "ask", "--locale=en", "/compare", "go", "rails")
	if code != 0 || !strings.Contains(out, "¥9.95M a year") {
		t.Fatalf("ask with words split: code %d\n%s", code, out)
	}
	code, out, _ = runCLI(t, getenv, "ask", "/salary cobol")
	if code != 1 || !strings.Contains(out, "ナレッジベースにありません") {
		t.Fatalf("ask unknown topic: code %d, want 1\n%s", code, out)
	}
	if code, _, errOut := runCLI(t, getenv, "ask"); code != 2 || !strings.Contains(errOut, "give a command") {
		t.Fatalf("ask without a command: code %d %s", code, errOut)
	}
	if code, _, errOut := runCLI(t, getenv, "ask", "/salary go", "--locale", "fr"); code != 2 || !strings.Contains(errOut, "ja or en") {
		t.Fatalf("ask --locale fr: code %d %s", code, errOut)
	}
	if code, _, errOut := runCLI(t, env("DATABASE_PATH", filepath.Join(dir, "kb.db"), "DEFAULT_LOCALE", "de"), "ask", "/salary"); code != 2 || !strings.Contains(errOut, "DEFAULT_LOCALE") {
		t.Fatalf("bad DEFAULT_LOCALE: code %d %s", code, errOut)
	}
}

func TestConsole(t *testing.T) {
	dir := inTempDir(t)
	var out bytes.Buffer
	in := strings.NewReader("/salary 40代\n:locale en\n/path techlead\nquit\n/salary go\n")
	code := run(context.Background(), []string{"console"}, in, &out, &bytes.Buffer{}, env("DATABASE_PATH", filepath.Join(dir, "kb.db")))
	if code != 0 {
		t.Fatalf("console exit %d", code)
	}
	text := out.String()
	for _, want := range []string{"693万円/年", "locale: en", "Tech lead"} {
		if !strings.Contains(text, want) {
			t.Errorf("console output lacks %q:\n%s", want, text)
		}
	}
	if strings.Contains(text, "957") {
		t.Error("console kept reading after quit")
	}
}

func TestRunWithoutPlatform(t *testing.T) {
	dir := inTempDir(t)
	code, out, _ := runCLI(t, env("DATABASE_PATH", filepath.Join(dir, "kb.db")), "run")
	if code != 2 {
		t.Fatalf("run with no platform: code %d, want 2", code)
	}
	for _, want := range []string{".env", ".env.example", "SLACK_BOT_TOKEN", "DISCORD_BOT_TOKEN", "careerbot console"} {
		if !strings.Contains(out, want) {
			t.Errorf("message lacks %q:\n%s", want, out)
		}
	}
}

func sum(t *testing.T, path string) [32]byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return sha256.Sum256(b)
}

func TestKBImportRefusalChangesNothing(t *testing.T) {
	dir := inTempDir(t)
	db := filepath.Join(dir, "kb.db")
	getenv := env("DATABASE_PATH", db)
	if code, _, errOut := runCLI(t, getenv, "ask", "/salary go"); code != 0 {
		t.Fatalf("first start: %d %s", code, errOut)
	}
	// Export, break one line, import.
	code, _, errOut := runCLI(t, getenv, "kb", "export", "--out", filepath.Join(dir, "export"))
	if code != 0 {
		t.Fatalf("export: %d %s", code, errOut)
	}
	exported := filepath.Join(dir, "export", "knowledge.yaml")
	if code, out, errOut := runCLI(t, getenv, "kb", "validate", exported); code != 0 || !strings.Contains(out, "is valid") {
		t.Fatalf("validate the export: %d %s %s", code, out, errOut)
	}
	if code, out, _ := runCLI(t, getenv, "kb", "import", exported); code != 0 || !strings.Contains(out, "nothing to do") {
		t.Fatalf("importing the export should change nothing: %d %s", code, out)
	}
	body, _ := os.ReadFile(exported)
	broken := strings.Replace(string(body), "unit: man_yen_year", "unit: man_yen_per_decade", 1)
	brokenLine := 1 + strings.Count(broken[:strings.Index(broken, "man_yen_per_decade")], "\n")
	bad := filepath.Join(dir, "bad.yaml")
	os.WriteFile(bad, []byte(broken), 0o644)

	before := sum(t, db)
	code, _, errOut = runCLI(t, getenv, "kb", "import", bad)
	if code != 1 {
		t.Fatalf("import of invalid data: code %d, want 1", code)
	}
	if !strings.Contains(errOut, "bad.yaml:") || !strings.Contains(errOut, "unknown unit \"man_yen_per_decade\"") || !strings.Contains(errOut, "not changed") {
		t.Errorf("refusal does not name file and reason:\n%s", errOut)
	}
	if !strings.Contains(errOut, "bad.yaml:") {
		t.Errorf("refusal should name the file")
	}
	// The line named is that of the list item holding the bad figure.
	m := regexp.MustCompile(`bad\.yaml:(\d+):`).FindStringSubmatch(errOut)
	if m == nil {
		t.Fatalf("no line number in:\n%s", errOut)
	}
	line, _ := strconv.Atoi(m[1])
	if line > brokenLine || line < brokenLine-20 {
		t.Errorf("refusal names line %d; the bad unit is on line %d", line, brokenLine)
	}
	if sum(t, db) != before {
		t.Fatal("a refused import changed the database file")
	}
	code, _, errOut = runCLI(t, getenv, "kb", "import", filepath.Join(dir, "nope.yaml"))
	if code != 2 || !strings.Contains(errOut, "nope.yaml") {
		t.Errorf("missing file: %d %s", code, errOut)
	}
}

// TestImportSurvivesRestart: a curator's import is not undone by the next
// start of the same binary.
func TestImportSurvivesRestart(t *testing.T) {
	dir := inTempDir(t)
	getenv := env("DATABASE_PATH", filepath.Join(dir, "kb.db"))
	if code, _, errOut := runCLI(t, getenv, "kb", "export", "--out", dir); code != 0 {
		t.Fatalf("export: %s", errOut)
	}
	exported := filepath.Join(dir, "knowledge.yaml")
	body, _ := os.ReadFile(exported)
	// Rename one figure's English label.
	changed := strings.Replace(string(body), "en: Average annual income of freelance Go engineers", "en: Average annual income of freelance Go engineers (imported)", 1)
	if changed == string(body) {
		t.Fatal("the export no longer has the label this test edits")
	}
	os.WriteFile(exported, []byte(changed), 0o644)
	if code, out, errOut := runCLI(t, getenv, "kb", "import", exported); code != 0 || !strings.Contains(out, "1 changed") {
		t.Fatalf("import: %d %s %s", code, out, errOut)
	}
	for i := 0; i < 2; i++ {
		code, out, _ := runCLI(t, getenv, "ask", "/salary go", "--locale", "en")
		if code != 0 || !strings.Contains(out, "(imported)") {
			t.Fatalf("start %d after the import does not show it:\n%s", i+1, out)
		}
	}
}

// TestAskFull: ask answers sized for a chat window and says how to see the
// rest; ask --full prints the whole answer.
func TestAskFull(t *testing.T) {
	dir := inTempDir(t)
	getenv := env("DATABASE_PATH", filepath.Join(dir, "kb.db"))
	code, short, _ := runCLI(t, getenv, "ask", "/salary backend", "--locale", "en")
	if code != 0 || !strings.Contains(short, "--full") || strings.Contains(short, "¥10M a year · target") {
		t.Fatalf("ask /salary backend: code %d, want a chat-sized answer that points to --full:\n%s", code, short)
	}
	code, full, _ := runCLI(t, getenv, "ask", "--full", "/salary backend", "--locale", "en")
	if code != 0 || !strings.Contains(full, "¥10M a year · target") || strings.Contains(full, "shows the whole answer") {
		t.Fatalf("ask --full /salary backend: code %d, want the whole answer:\n%s", code, full)
	}
	if len(full) <= len(short) {
		t.Errorf("the full answer (%d bytes) is not longer than the short one (%d)", len(full), len(short))
	}
}
