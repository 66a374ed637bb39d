// Package deploy holds the container image, compose file and systemd unit.
// No Docker engine runs where the tests run, so these tests read the files
// for what matters instead of building them; the unit is also checked by
// systemd-analyze verify where that is installed.
package deploy

import (
	"bufio"
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

func read(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// instructions splits a Dockerfile into instructions (continuations
// joined, comments dropped), each as [KEYWORD, rest].
func instructions(src string) [][2]string {
	var out [][2]string
	var cur strings.Builder
	for _, line := range strings.Split(src, "\n") {
		t := strings.TrimSpace(line)
		if cur.Len() == 0 && (t == "" || strings.HasPrefix(t, "#")) {
			continue
		}
		if strings.HasSuffix(t, "\\") {
			cur.WriteString(strings.TrimSuffix(t, "\\") + " ")
			continue
		}
		cur.WriteString(t)
		kw, rest, _ := strings.Cut(cur.String(), " ")
		out = append(out, [2]string{strings.ToUpper(kw), strings.TrimSpace(rest)})
		cur.Reset()
	}
	return out
}

func goVersion(t *testing.T) string {
	t.Helper()
	m := regexp.MustCompile(`(?m)^go (\S+)$`).FindStringSubmatch(read(t, "../go.mod"))
	if m == nil {
		t.Fatal("no go line in go.mod")
	}
	return m[1]
}

func TestDockerfile(t *testing.T) {
	ins := instructions(read(t, "Dockerfile"))
	var stages [][][2]string // instructions per stage
	var args []string
	for _, in := range ins {
		switch {
		case in[0] == "FROM":
			stages = append(stages, [][2]string{in})
		case len(stages) == 0 && in[0] == "ARG":
			args = append(args, in[1])
		case len(stages) > 0:
			stages[len(stages)-1] = append(stages[len(stages)-1], in)
		}
	}
	if len(stages) < 2 {
		t.Fatalf("%d stages, want a build stage and a runtime stage", len(stages))
	}
	if want := "GO_VERSION=" + goVersion(t); !contains(args, want) {
		t.Errorf("ARG %s missing (the build image must match go.mod): %v", want, args)
	}
	build := stages[0]
	if !strings.HasPrefix(build[0][1], "golang:${GO_VERSION}-") {
		t.Errorf("build stage FROM %s, want the golang image of GO_VERSION", build[0][1])
	}
	if !has(build, "RUN", "CGO_ENABLED=1 go build") || !has(build, "RUN", "./cmd/careerbot") {
		t.Error("the build stage does not build ./cmd/careerbot with cgo (SQLite needs it)")
	}

	rt := stages[len(stages)-1]
	base := rt[0][1]
	if !strings.Contains(base, "distroless/cc-debian") && !strings.Contains(base, "distroless/base-debian") && !strings.Contains(base, "debian:") {
		t.Errorf("runtime image %s: want a small glibc image (the binary is cgo)", base)
	}
	user := last(rt, "USER")
	if user == "" || user == "root" || strings.HasPrefix(user, "0") {
		t.Errorf("runtime USER %q, want a non-root user", user)
	}
	if v := last(rt, "VOLUME"); !strings.Contains(v, "/var/lib/careerbot") {
		t.Errorf("VOLUME %q, want /var/lib/careerbot", v)
	}
	env := last(rt, "ENV")
	if !strings.Contains(env, "DATABASE_PATH=/var/lib/careerbot/") {
		t.Errorf("ENV %q: the database must be on the volume", env)
	}
	if !strings.Contains(env, "OPS_ADDR=") {
		t.Errorf("ENV %q: HEALTHCHECK needs OPS_ADDR", env)
	}
	hc := last(rt, "HEALTHCHECK")
	if !strings.Contains(hc, `"/usr/local/bin/careerbot", "healthcheck"`) {
		t.Errorf("HEALTHCHECK %q, want the binary's healthcheck subcommand", hc)
	}
	if !has(rt, "COPY", "/out/careerbot /usr/local/bin/careerbot") {
		t.Error("the runtime stage does not copy the binary to /usr/local/bin/careerbot")
	}
	if ep := last(rt, "ENTRYPOINT"); ep != `["/usr/local/bin/careerbot"]` {
		t.Errorf("ENTRYPOINT %s", ep)
	}
	if cmd := last(rt, "CMD"); cmd != `["run"]` {
		t.Errorf("CMD %s", cmd)
	}
	// What the build copies must exist.
	for _, p := range []string{"../go.mod", "../go.sum", "../cmd/careerbot"} {
		if _, err := os.Stat(p); err != nil {
			t.Error(err)
		}
	}
	ignore := read(t, "Dockerfile.dockerignore")
	for _, p := range []string{".git", ".env", "*.db"} {
		if !strings.Contains(ignore, "\n"+p+"\n") {
			t.Errorf("Dockerfile.dockerignore does not leave out %s (a token or database would go into the image)", p)
		}
	}
}

func TestCompose(t *testing.T) {
	var c struct {
		Services map[string]struct {
			Build struct {
				Context, Dockerfile string
			}
			EnvFile     []struct{ Path string } `yaml:"env_file"`
			Environment map[string]string
			Volumes     []string
			ReadOnly    bool     `yaml:"read_only"`
			CapDrop     []string `yaml:"cap_drop"`
			SecurityOpt []string `yaml:"security_opt"`
			Healthcheck struct{ Test []string }
			Ports       []string
		}
		Volumes map[string]any
	}
	if err := yaml.Unmarshal([]byte(read(t, "compose.yaml")), &c); err != nil {
		t.Fatal(err)
	}
	s, ok := c.Services["careerbot"]
	if !ok {
		t.Fatal("no careerbot service")
	}
	if df := filepath.Join(s.Build.Context, s.Build.Dockerfile); filepath.Clean(df) != filepath.Clean("../deploy/Dockerfile") {
		t.Errorf("builds %s, want deploy/Dockerfile from the repository root", df)
	}
	if len(s.EnvFile) != 1 || s.EnvFile[0].Path != "../.env" {
		t.Errorf("env_file %v, want the repository's .env", s.EnvFile)
	}
	if !strings.HasPrefix(s.Environment["DATABASE_PATH"], "/var/lib/careerbot/") || s.Environment["OPS_ADDR"] == "" {
		t.Errorf("environment %v: the database on the volume and OPS_ADDR set", s.Environment)
	}
	if !contains(s.Volumes, "careerbot-data:/var/lib/careerbot") {
		t.Errorf("volumes %v, want careerbot-data on /var/lib/careerbot", s.Volumes)
	}
	if _, ok := c.Volumes["careerbot-data"]; !ok {
		t.Error("the named volume careerbot-data is not declared")
	}
	if !s.ReadOnly || !contains(s.CapDrop, "ALL") || !contains(s.SecurityOpt, "no-new-privileges:true") {
		t.Errorf("read_only %v cap_drop %v security_opt %v: want a read-only root, no capabilities, no new privileges", s.ReadOnly, s.CapDrop, s.SecurityOpt)
	}
	if strings.Join(s.Healthcheck.Test, " ") != "CMD /usr/local/bin/careerbot healthcheck" {
		t.Errorf("healthcheck %v", s.Healthcheck.Test)
	}
	for _, p := range s.Ports {
		if !strings.HasPrefix(p, "127.0.0.1:") {
			t.Errorf("port %s is published on every address; bind it to 127.0.0.1 (a proxy in front)", p)
		}
	}
}

// unitKeys reads a systemd unit into section.key → values.
func unitKeys(src string) map[string][]string {
	keys := map[string][]string{}
	section := ""
	sc := bufio.NewScanner(strings.NewReader(src))
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		switch {
		case line == "" || line[0] == '#' || line[0] == ';':
		case line[0] == '[':
			section = strings.Trim(line, "[]")
		default:
			k, v, _ := strings.Cut(line, "=")
			keys[section+"."+k] = append(keys[section+"."+k], v)
		}
	}
	return keys
}

func TestSystemdUnit(t *testing.T) {
	src := read(t, "careerbot.service")
	k := unitKeys(src)
	want := map[string]string{
		"Service.ExecStart":                "/usr/local/bin/careerbot run",
		"Service.DynamicUser":              "yes",
		"Service.StateDirectory":           "careerbot",
		"Service.WorkingDirectory":         "/var/lib/careerbot",
		"Service.EnvironmentFile":          "/etc/careerbot/careerbot.env",
		"Service.NoNewPrivileges":          "yes",
		"Service.ProtectSystem":            "strict",
		"Service.ProtectHome":              "yes",
		"Service.PrivateTmp":               "yes",
		"Service.PrivateDevices":           "yes",
		"Service.CapabilityBoundingSet":    "",
		"Service.RestrictAddressFamilies":  "AF_INET AF_INET6 AF_UNIX",
		"Service.RestrictSUIDSGID":         "yes",
		"Service.MemoryDenyWriteExecute":   "yes",
		"Service.SystemCallArchitectures":  "native",
		"Service.RestartPreventExitStatus": "2",
		"Service.UMask":                    "0077",
		"Install.WantedBy":                 "multi-user.target",
	}
	for key, v := range want {
		got, ok := k[key]
		if !ok || got[len(got)-1] != v {
			t.Errorf("%s = %q, want %q", key, got, v)
		}
	}
	env := strings.Join(k["Service.Environment"], "\n")
	if !strings.Contains(env, "DATABASE_PATH=/var/lib/careerbot/") || !strings.Contains(env, "OPS_ADDR=127.0.0.1:") {
		t.Errorf("Environment %q: the database in the state directory, the endpoint on loopback", env)
	}
	if f := k["Service.SystemCallFilter"]; !contains(f, "@system-service") {
		t.Errorf("SystemCallFilter %v, want @system-service", f)
	}
}

// TestSystemdAnalyzeVerify runs systemd-analyze verify on the unit, with
// ExecStart pointed at an executable that exists here (this test binary).
func TestSystemdAnalyzeVerify(t *testing.T) {
	sa, err := exec.LookPath("systemd-analyze")
	if err != nil {
		t.Skip("systemd-analyze is not installed")
	}
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	unit := strings.Replace(read(t, "careerbot.service"), "ExecStart=/usr/local/bin/careerbot", "ExecStart="+self, 1)
	path := filepath.Join(t.TempDir(), "careerbot.service")
	if err := os.WriteFile(path, []byte(unit), 0o644); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	cmd := exec.Command(sa, "verify", "--man=no", path)
	cmd.Stdout, cmd.Stderr = &out, &out
	err = cmd.Run()
	switch {
	case strings.Contains(out.String(), "careerbot.service:"):
		t.Errorf("systemd-analyze verify finds fault with the unit: %v\n%s", err, out.String())
	case err != nil:
		// Not about the unit: this machine's systemd cannot verify here.
		t.Skipf("systemd-analyze verify cannot run here: %v\n%s", err, out.String())
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func has(stage [][2]string, kw, sub string) bool {
	for _, in := range stage {
		if in[0] == kw && strings.Contains(in[1], sub) {
			return true
		}
	}
	return false
}

func last(stage [][2]string, kw string) string {
	v := ""
	for _, in := range stage {
		if in[0] == kw {
			v = in[1]
		}
	}
	return v
}
