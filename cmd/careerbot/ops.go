package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"time"

	"careerbot/bot/ops"
	"careerbot/bot/scheduler"
	"careerbot/handlers"
	"careerbot/knowledge"
)

// newLogger writes text (the default) or JSON lines (LOG_FORMAT=json).
func newLogger(cfg config, w io.Writer) *slog.Logger {
	o := &slog.HandlerOptions{Level: cfg.LogLevel}
	if cfg.LogJSON {
		return slog.New(slog.NewJSONHandler(w, o))
	}
	return slog.New(slog.NewTextHandler(w, o))
}

// versionReader is the store as the operations endpoint sees it: reading
// the knowledge version is both the database ping and the version gauge.
type versionReader interface {
	Version(ctx context.Context) (knowledge.Version, error)
}

// startOps builds the operations endpoint when OPS_ADDR is set and binds
// its port (so a taken port stops the start); nil, nil when it is not set.
func startOps(cfg config, st versionReader, log *slog.Logger) (*ops.Ops, *task, error) {
	if cfg.OpsAddr == "" {
		return nil, nil, nil
	}
	var names []string
	for _, c := range handlers.Commands() {
		names = append(names, c.Name)
	}
	o := ops.New(ops.Options{
		DB:       ops.PingFunc(func(ctx context.Context) error { _, err := st.Version(ctx); return err }),
		Commands: names,
	})
	o.WatchKnowledge(func() (float64, error) {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		v, err := st.Version(ctx)
		return float64(v.Number), err
	})
	ln, err := ops.Listen(cfg.OpsAddr)
	if err != nil {
		return nil, nil, configError(fmt.Errorf("OPS_ADDR: %w", err))
	}
	return o, &task{"operations endpoint", func(ctx context.Context) error {
		defer ln.Close()
		return o.Serve(ctx, ln, log)
	}}, nil
}

// digestPasses feeds the digest scheduler's passes to the operations
// endpoint: digest counters and the readiness of the scheduler.
type digestPasses struct{ o *ops.Ops }

func (p digestPasses) PassStarted() { p.o.PassStarted() }

func (p digestPasses) PassDone(r scheduler.Report, err error) {
	p.o.Digests(r.Posted, r.Recovered, r.Retrying, r.Failed, r.Skipped)
	if errors.Is(err, context.Canceled) {
		err = nil // shutting down, not failing
	}
	p.o.Health.PassDone(err)
}

// passMaxAge is how long after the last digest pass the process stops
// being ready: the scheduler looks at least every minute.
const passMaxAge = 5 * time.Minute

const healthcheckUsage = `usage: careerbot healthcheck [--ready]
  GET http://OPS_ADDR/healthz (or /readyz with --ready); exit 0 when it answers 200, 1 otherwise.
  For container HEALTHCHECKs in images without curl.
`

// healthcheckCmd asks the running process's operations endpoint.
func healthcheckCmd(ctx context.Context, cfg config, args []string, stdout io.Writer) error {
	path := "/healthz"
	for _, a := range args {
		switch a {
		case "--ready", "-ready":
			path = "/readyz"
		default:
			fmt.Fprint(stdout, healthcheckUsage)
			return &exitError{2, fmt.Errorf("healthcheck: unknown argument %q", a)}
		}
	}
	if cfg.OpsAddr == "" {
		return configError(errors.New("OPS_ADDR: not set, so there is no operations endpoint to ask (set it, e.g. 127.0.0.1:9090)"))
	}
	host, port, err := net.SplitHostPort(cfg.OpsAddr)
	if err != nil || port == "" {
		return configError(errors.New("OPS_ADDR: use host:port, e.g. 127.0.0.1:9090"))
	}
	if ip := net.ParseIP(host); host == "" || (ip != nil && ip.IsUnspecified()) {
		host = "127.0.0.1" // listening on every address: ask on loopback
	}
	if err := ops.Check(ctx, "http://"+net.JoinHostPort(host, port)+path); err != nil {
		return fmt.Errorf("unhealthy: %w", err)
	}
	fmt.Fprintln(stdout, "ok")
	return nil
}
