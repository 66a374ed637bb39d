package main

import (
	"context"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"
)

// The ceiling: a Go net/http handler that returns a fixed body with no
// verification and no lookup, started as a subprocess of loadbench like
// careerbot is. It is sent the same signed Slack request, so the load
// tool does the same work for both and only the server differs.
func init() {
	secret := randomHex(16)
	targets["trivial"] = target{
		name: "trivial",
		path: "/slack/events",
		newRequest: func(now time.Time) (*http.Request, error) {
			return slackRequest(secret, now)
		},
		env:  func() []string { return nil },
		self: true,
	}
}

var trivialBody = []byte(`{"response_type":"ephemeral","text":"ok"}`)

// serveTrivial serves the ceiling on addr until SIGTERM. It uses the same
// server timeouts as careerbot's HTTP mode.
func serveTrivial(addr string) error {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"status":"ok"}`))
	})
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write(trivialBody)
	})
	srv := &http.Server{Addr: addr, Handler: mux, ReadHeaderTimeout: 5 * time.Second, ReadTimeout: 10 * time.Second,
		WriteTimeout: 10 * time.Second, IdleTimeout: 120 * time.Second}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	errc := make(chan error, 1)
	go func() { errc <- srv.ListenAndServe() }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	shut, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	return srv.Shutdown(shut)
}
