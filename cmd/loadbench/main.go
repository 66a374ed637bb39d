// Command loadbench measures careerbot's signed HTTP endpoints on loopback
// against a trivial Go handler, which is the ceiling of this machine and
// this load tool.
//
//	go run ./cmd/loadbench -target slack -c 16 -d 10s
//	go run ./cmd/loadbench -target all
//
// It builds careerbot (or takes -bin), starts it as a subprocess with only
// the settings the target needs, waits for GET /healthz, fires requests at
// the given concurrency for the given time, and reports req/s, latency
// percentiles, errors and the server's resident memory after the load.
//
// Targets live in separate files and register themselves from init():
// add a file with a target and put it in the targets map.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"text/tabwriter"
	"time"
)

// target is one endpoint to load.
type target struct {
	name string
	// path is the endpoint the requests go to ("/slack/events").
	path string
	// newRequest builds one request as the platform would send it at now
	// (signed with the secret that env gives the server). Its URL needs
	// only the path: the runner fills in scheme and host.
	newRequest func(now time.Time) (*http.Request, error)
	// env is the server's settings besides HTTP_ADDR and DATABASE_PATH,
	// as KEY=value.
	env func() []string
	// self marks the ceiling: served by loadbench itself, not careerbot.
	self bool
}

// targets is filled by init() functions, one per file, before main runs.
var targets = map[string]target{}

// result is what one run measured.
type result struct {
	target    string
	requests  int
	errors    int
	firstErr  string
	elapsed   time.Duration
	p50, p99  time.Duration
	max       time.Duration
	rssKiB    int64
	anonKiB   int64 // of rssKiB, the process's own memory (the rest is the executable's and libraries' pages)
	peakKiB   int64
	reqPerSec float64
}

func main() {
	// Re-exec'd as the trivial server (the ceiling).
	if len(os.Args) == 3 && os.Args[1] == "-serve-trivial" {
		if err := serveTrivial(os.Args[2]); err != nil {
			fmt.Fprintln(os.Stderr, "loadbench trivial server:", err)
			os.Exit(1)
		}
		return
	}
	if err := run(os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "loadbench:", err)
		os.Exit(1)
	}
}

func run(args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("loadbench", flag.ContinueOnError)
	names := make([]string, 0, len(targets))
	for n := range targets {
		names = append(names, n)
	}
	sort.Strings(names)
	which := fs.String("target", "all", "what to load: "+strings.Join(names, ", ")+" or all")
	conc := fs.Int("c", 16, "concurrent connections")
	dur := fs.Duration("d", 10*time.Second, "duration of the measured load")
	warm := fs.Duration("warmup", time.Second, "unmeasured load before it")
	maxReq := fs.Int("n", 2_000_000, "stop after this many requests even if -d has not passed")
	bin := fs.String("bin", "", "careerbot binary to start (default: go build ./cmd/careerbot into a temporary directory)")
	serverEnv := fs.String("env", "", "extra settings for the careerbot server, comma-separated KEY=VALUE (e.g. ANSWER_CACHE_SIZE=0 to measure without the answer cache)")
	residentTop := fs.Int("resident", 0, "after each careerbot run, print which sections and Go modules its resident executable pages belong to, the largest N modules (0: off)")
	rounds := fs.Int("rounds", 1, "run the targets in turn this many times and report each metric's median (evens out a busy machine)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *conc < 1 || *conc > 1024 || *dur <= 0 || *dur > 10*time.Minute || *maxReq < 1 || *rounds < 1 || *rounds > 20 {
		return errors.New("want 1 ≤ -c ≤ 1024, 0 < -d ≤ 10m, -n ≥ 1, 1 ≤ -rounds ≤ 20")
	}
	var order []target
	switch *which {
	case "all":
		for _, n := range names { // the ceiling first, then the others by name
			if targets[n].self {
				order = append([]target{targets[n]}, order...)
			} else {
				order = append(order, targets[n])
			}
		}
	default:
		t, ok := targets[*which]
		if !ok {
			return fmt.Errorf("unknown target %q (have %s)", *which, strings.Join(names, ", "))
		}
		order = []target{t}
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	tmp, err := os.MkdirTemp("", "loadbench-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	careerbot := *bin
	needBin := slices.ContainsFunc(order, func(t target) bool { return !t.self })
	if careerbot == "" && needBin {
		careerbot = filepath.Join(tmp, "careerbot")
		fmt.Fprintln(stdout, "building careerbot…")
		build := exec.CommandContext(ctx, "go", "build", "-o", careerbot, "careerbot/cmd/careerbot")
		build.Stdout, build.Stderr = os.Stderr, os.Stderr
		if err := build.Run(); err != nil {
			return fmt.Errorf("building careerbot (run from the repository, or pass -bin): %w", err)
		}
	}
	self, err := os.Executable()
	if err != nil {
		return err
	}

	fmt.Fprintf(stdout, "loopback, concurrency %d, %s measured after %s warm-up, %d round(s), %d CPUs\n",
		*conc, *dur, *warm, *rounds, numCPU())
	runs := map[string][]result{}
	for round := range *rounds {
		for _, t := range order {
			var cmd *exec.Cmd
			if t.self {
				cmd = exec.CommandContext(ctx, self)
			} else {
				// RSS counts the executable's pages mapped into the server,
				// and how many get mapped depends on how the file sits in
				// the page cache: one binary measured 40–45 MiB right after
				// the linker wrote it and 36.5 MiB as a plain copy. Each
				// server starts from a fresh copy, so runs and binaries
				// compare.
				bin, err := freshCopy(careerbot, filepath.Join(tmp, fmt.Sprintf("careerbot-%s-%d", t.name, round)))
				if err != nil {
					return err
				}
				cmd = exec.CommandContext(ctx, bin, "run")
			}
			var after func(pid int)
			if *residentTop > 0 && !t.self {
				after = func(pid int) {
					res, err := resident(pid, cmd.Path)
					if err != nil {
						fmt.Fprintf(stdout, "%s: resident pages: %v\n", t.name, err)
						return
					}
					reportResidency(stdout, t.name, res, *residentTop)
				}
			}
			r, err := bench(ctx, t, cmd, filepath.Join(tmp, fmt.Sprintf("%s-%d", t.name, round)), *conc, *warm, *dur, *maxReq, splitEnv(*serverEnv), after)
			if err != nil {
				return fmt.Errorf("%s: %w", t.name, err)
			}
			runs[t.name] = append(runs[t.name], r)
		}
	}
	var results []result
	for _, t := range order {
		results = append(results, median(runs[t.name]))
	}
	report(stdout, results)
	return nil
}

// median takes each metric's median over the rounds (each on its own:
// the rounds are samples of one machine, not of one run).
func median(rs []result) result {
	if len(rs) == 1 {
		return rs[0]
	}
	pick := func(f func(result) float64) float64 {
		v := make([]float64, len(rs))
		for i, r := range rs {
			v[i] = f(r)
		}
		slices.Sort(v)
		return v[len(v)/2]
	}
	m := rs[0]
	m.requests = int(pick(func(r result) float64 { return float64(r.requests) }))
	m.errors = int(pick(func(r result) float64 { return float64(r.errors) }))
	m.reqPerSec = pick(func(r result) float64 { return r.reqPerSec })
	m.p50 = time.Duration(pick(func(r result) float64 { return float64(r.p50) }))
	m.p99 = time.Duration(pick(func(r result) float64 { return float64(r.p99) }))
	m.max = time.Duration(pick(func(r result) float64 { return float64(r.max) }))
	m.rssKiB = int64(pick(func(r result) float64 { return float64(r.rssKiB) }))
	m.anonKiB = int64(pick(func(r result) float64 { return float64(r.anonKiB) }))
	m.peakKiB = int64(pick(func(r result) float64 { return float64(r.peakKiB) }))
	for _, r := range rs {
		if r.firstErr != "" {
			m.firstErr = r.firstErr
		}
	}
	return m
}

// bench starts the server for t, loads it and stops it.
// splitEnv reads -env: comma-separated KEY=VALUE settings.
func splitEnv(s string) []string {
	var out []string
	for _, kv := range strings.Split(s, ",") {
		if kv = strings.TrimSpace(kv); strings.Contains(kv, "=") {
			out = append(out, kv)
		}
	}
	return out
}

// after, if not nil, is called with the server's PID once the load is done.
func bench(ctx context.Context, t target, cmd *exec.Cmd, dir string, conc int, warm, dur time.Duration, maxReq int, extraEnv []string, after func(pid int)) (result, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return result{}, err
	}
	addr, err := freeAddr()
	if err != nil {
		return result{}, err
	}
	if t.self {
		cmd.Args = append(cmd.Args, "-serve-trivial", addr)
	}
	// Only what the target needs: no platform settings leak in from the
	// caller's environment.
	cmd.Env = append([]string{
		"PATH=" + os.Getenv("PATH"), "HOME=" + dir, "TMPDIR=" + dir,
		"HTTP_ADDR=" + addr, "DATABASE_PATH=" + filepath.Join(dir, "kb.db"),
	}, t.env()...)
	if !t.self {
		cmd.Env = append(cmd.Env, extraEnv...)
	}
	cmd.Dir = dir
	var stderr tailBuffer
	cmd.Stdout, cmd.Stderr = &stderr, &stderr
	cmd.Cancel = func() error { return cmd.Process.Signal(syscall.SIGTERM) }
	cmd.WaitDelay = 10 * time.Second
	if err := cmd.Start(); err != nil {
		return result{}, err
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	defer func() {
		_ = cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-exited:
		case <-time.After(10 * time.Second):
			_ = cmd.Process.Kill()
			<-exited
		}
	}()

	client := &http.Client{
		Timeout: 10 * time.Second,
		Transport: &http.Transport{
			MaxIdleConns: conc, MaxIdleConnsPerHost: conc, MaxConnsPerHost: conc,
			DisableCompression: true, IdleConnTimeout: time.Minute,
		},
	}
	defer client.CloseIdleConnections()
	if err := waitHealthy(ctx, client, addr, exited); err != nil {
		return result{}, fmt.Errorf("%w\nserver output:\n%s", err, stderr.String())
	}
	// A first request must succeed: a load of 401s would measure nothing.
	if err := probe(client, t, addr); err != nil {
		return result{}, fmt.Errorf("%w\nserver output:\n%s", err, stderr.String())
	}
	fmt.Fprintf(os.Stderr, "%s: warming up…\n", t.name)
	load(ctx, client, t, addr, conc, warm, maxReq)
	fmt.Fprintf(os.Stderr, "%s: measuring for %s…\n", t.name, dur)
	r := load(ctx, client, t, addr, conc, dur, maxReq)
	r.target = t.name
	r.rssKiB, r.anonKiB, r.peakKiB = memory(cmd.Process.Pid)
	if after != nil {
		after(cmd.Process.Pid)
	}
	return r, ctx.Err()
}

// load runs conc workers for d (or until n requests) and measures them.
func load(ctx context.Context, client *http.Client, t target, addr string, conc int, d time.Duration, n int) result {
	ctx, cancel := context.WithTimeout(ctx, d)
	defer cancel()
	var (
		mu        sync.Mutex
		latencies = make([]time.Duration, 0, min(n, 1<<20))
		errs      int
		firstErr  string
		sent      atomic.Int64
	)
	start := time.Now()
	var wg sync.WaitGroup
	for range conc {
		wg.Go(func() {
			own := make([]time.Duration, 0, 4096)
			ownErrs := 0
			var ownFirst string
			for ctx.Err() == nil {
				if sent.Add(1) > int64(n) {
					break
				}
				t0 := time.Now()
				err := once(client, t, addr, t0)
				own = append(own, time.Since(t0))
				if err != nil {
					ownErrs++
					if ownFirst == "" {
						ownFirst = err.Error()
					}
				}
			}
			mu.Lock()
			latencies = append(latencies, own...)
			errs += ownErrs
			if firstErr == "" {
				firstErr = ownFirst
			}
			mu.Unlock()
		})
	}
	wg.Wait()
	elapsed := time.Since(start)
	slices.Sort(latencies)
	r := result{requests: len(latencies), errors: errs, firstErr: firstErr, elapsed: elapsed}
	if len(latencies) > 0 {
		r.p50 = percentile(latencies, 0.50)
		r.p99 = percentile(latencies, 0.99)
		r.max = latencies[len(latencies)-1]
		r.reqPerSec = float64(len(latencies)-errs) / elapsed.Seconds()
	}
	return r
}

// once sends one request and reads the whole answer.
func once(client *http.Client, t target, addr string, now time.Time) error {
	req, err := t.newRequest(now)
	if err != nil {
		return err
	}
	req.URL.Scheme, req.URL.Host, req.Host = "http", addr, addr
	resp, err := client.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if _, err := io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<20)); err != nil {
		return err
	}
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("HTTP %d", resp.StatusCode)
	}
	return nil
}

func probe(client *http.Client, t target, addr string) error {
	req, err := t.newRequest(time.Now())
	if err != nil {
		return err
	}
	req.URL.Scheme, req.URL.Host, req.Host = "http", addr, addr
	resp, err := client.Do(req)
	if err != nil {
		return fmt.Errorf("first request: %w", err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("first request: HTTP %d: %s", resp.StatusCode, body)
	}
	fmt.Fprintf(os.Stderr, "%s: first answer is %d bytes: %.120s…\n", t.name, len(body), body)
	return nil
}

func percentile(sorted []time.Duration, q float64) time.Duration {
	i := int(q*float64(len(sorted))+0.5) - 1
	return sorted[max(0, min(i, len(sorted)-1))]
}

func waitHealthy(ctx context.Context, client *http.Client, addr string, exited <-chan error) error {
	deadline := time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) {
		select {
		case err := <-exited:
			return fmt.Errorf("the server exited before it was ready: %v", err)
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(50 * time.Millisecond):
		}
		resp, err := client.Get("http://" + addr + "/healthz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
		}
	}
	return errors.New("GET /healthz did not answer 200 within 60 s (is HTTP mode wired in `careerbot run`?)")
}

func freeAddr() (string, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer l.Close()
	return l.Addr().String(), nil
}

// freshCopy copies the executable at path to dst with plain writes and
// returns dst.
func freshCopy(path, dst string) (string, error) {
	in, err := os.Open(path)
	if err != nil {
		return "", fmt.Errorf("the careerbot binary: %w", err)
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o755)
	if err != nil {
		return "", err
	}
	if _, err := io.Copy(struct{ io.Writer }{out}, in); err != nil { // a plain write, not copy_file_range
		out.Close()
		return "", fmt.Errorf("copying the careerbot binary: %w", err)
	}
	return dst, out.Close()
}

// memory reads the resident set size, its anonymous part and its peak
// from /proc (Linux).
func memory(pid int) (rss, anon, peak int64) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return -1, -1, -1
	}
	rss, anon, peak = -1, -1, -1
	for _, line := range strings.Split(string(b), "\n") {
		k, v, ok := strings.Cut(line, ":")
		if !ok {
			continue
		}
		n, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 10, 64)
		if err != nil {
			continue
		}
		switch k {
		case "VmRSS":
			rss = n
		case "RssAnon":
			anon = n
		case "VmHWM":
			peak = n
		}
	}
	return rss, anon, peak
}

func numCPU() int {
	b, err := os.ReadFile("/proc/cpuinfo")
	if err != nil {
		return 0
	}
	return strings.Count(string(b), "processor\t:")
}

func report(w io.Writer, rs []result) {
	var ceiling *result
	for i := range rs {
		if targets[rs[i].target].self {
			ceiling = &rs[i]
		}
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "target\trequests\treq/s\tp50\tp99\tmax\terrors\tRSS after\tof it anon\tpeak RSS\treq/s vs ceiling\tp99 vs ceiling\t")
	for _, r := range rs {
		vsRate, vsP99 := "-", "-"
		if ceiling != nil && ceiling.reqPerSec > 0 && ceiling.p99 > 0 {
			vsRate = fmt.Sprintf("%.0f%%", 100*r.reqPerSec/ceiling.reqPerSec)
			vsP99 = fmt.Sprintf("%.2f×", float64(r.p99)/float64(ceiling.p99))
		}
		fmt.Fprintf(tw, "%s\t%d\t%.0f\t%s\t%s\t%s\t%d\t%s\t%s\t%s\t%s\t%s\t\n", r.target, r.requests, r.reqPerSec,
			ms(r.p50), ms(r.p99), ms(r.max), r.errors, mib(r.rssKiB), mib(r.anonKiB), mib(r.peakKiB), vsRate, vsP99)
	}
	tw.Flush()
	for _, r := range rs {
		if r.errors > 0 {
			fmt.Fprintf(w, "%s: first error: %s\n", r.target, r.firstErr)
		}
	}
}

func ms(d time.Duration) string { return fmt.Sprintf("%.2f ms", float64(d)/float64(time.Millisecond)) }

func mib(kib int64) string {
	if kib < 0 {
		return "?"
	}
	return fmt.Sprintf("%.1f MiB", float64(kib)/1024)
}

// tailBuffer keeps the last 16 KiB a server wrote, for error messages.
type tailBuffer struct {
	mu  sync.Mutex
	buf []byte
}

func (b *tailBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.buf = append(b.buf, p...)
	if over := len(b.buf) - 16<<10; over > 0 {
		b.buf = append(b.buf[:0], b.buf[over:]...)
	}
	return len(p), nil
}

func (b *tailBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return string(b.buf)
}
