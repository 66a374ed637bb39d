package ops

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"time"
)

// Ops is the operations endpoint: Metrics and Health together. It
// implements the adapters' and the scheduler's observer interfaces.
type Ops struct {
	*Metrics
	*Health
}

// Options configures New.
type Options struct {
	DB       Pinger           // the database; nil: not checked
	Commands []string         // command names metrics may label
	Now      func() time.Time // time.Now when nil
}

// New builds an Ops.
func New(o Options) *Ops {
	return &Ops{Metrics: NewMetrics(o.Commands), Health: NewHealth(o.DB, o.Now)}
}

// Handler serves /healthz, /readyz and /metrics.
func (o *Ops) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, map[string]any{"status": "ok"})
	})
	mux.HandleFunc("GET /readyz", func(w http.ResponseWriter, r *http.Request) {
		if reasons := o.Reasons(r.Context()); len(reasons) > 0 {
			writeJSON(w, http.StatusServiceUnavailable, map[string]any{"status": "unavailable", "reasons": reasons})
			return
		}
		writeJSON(w, http.StatusOK, map[string]any{"status": "ready"})
	})
	mux.Handle("GET /metrics", o.Metrics.Handler())
	return mux
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}

// Listen binds addr, so that a taken port stops the start before anything
// connects.
func Listen(addr string) (net.Listener, error) {
	if _, port, err := net.SplitHostPort(addr); err != nil || port == "" {
		return nil, errors.New("use host:port, e.g. 127.0.0.1:9090")
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("cannot listen on %s: %w", addr, err)
	}
	return ln, nil
}

// Serve serves the endpoint on ln until ctx is done.
func (o *Ops) Serve(ctx context.Context, ln net.Listener, log *slog.Logger) error {
	srv := &http.Server{Handler: o.Handler(), ReadHeaderTimeout: 5 * time.Second, WriteTimeout: 10 * time.Second, IdleTimeout: time.Minute}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	log.Info("operations endpoint listening", "addr", ln.Addr().String(), "paths", "/healthz /readyz /metrics")
	select {
	case err := <-errc:
		return fmt.Errorf("operations endpoint: %w", err)
	case <-ctx.Done():
	}
	shut, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	return srv.Shutdown(shut)
}

// Check GETs url (an /healthz or /readyz) and returns nil on 200: the
// `careerbot healthcheck` subcommand, for images without curl.
func Check(ctx context.Context, url string) error {
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		var body struct {
			Reasons []string `json:"reasons"`
		}
		json.NewDecoder(resp.Body).Decode(&body)
		if len(body.Reasons) > 0 {
			return fmt.Errorf("%s: %s: %v", url, resp.Status, body.Reasons)
		}
		return fmt.Errorf("%s: %s", url, resp.Status)
	}
	return nil
}
