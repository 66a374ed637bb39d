// Command careerbot answers engineers' career and salary questions on Slack,
// Discord or a terminal, from a curated SQLite knowledge base.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

const usage = `careerbot: career and salary answers for engineering communities

Usage:
  careerbot console                      interactive prompt, no tokens needed
  careerbot ask "/salary go" [--locale en] [--full]   answer once and exit (non-zero on error);
                                         --full: the whole answer, not the chat-sized one
  careerbot chart "/compare go rails node" [--locale en] --out chart.png   write the answer's chart image
  careerbot run                          connect to Slack and/or Discord (settings in .env)
  careerbot kb validate PATH             check curated data files (a directory of *.yaml or one file)
  careerbot kb import PATH               validate and apply curated data to the database
  careerbot kb export [--out DIR]        write the database's knowledge base as YAML
  careerbot kb gaps [--since 30d]        questions people asked that had no answer, most asked first
  careerbot kb feedback [--since 30d]    answers people voted unhelpful (👎), beside the unanswered questions
  careerbot commands --platform discord  print the slash-command definitions careerbot registers
  careerbot digest preview|send-now ...  weekly digest tools (see README)
  careerbot healthcheck [--ready]        exit 0 if the running bot's OPS_ADDR /healthz (/readyz) answers 200
  careerbot keygen                       print a new SLACK_TOKEN_ENCRYPTION_KEY (Add to Slack)

Settings come from the environment or .env; .env.example lists them all.
`

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr, os.Getenv)
	stop()
	os.Exit(code)
}

// exitError carries a process exit code.
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string { return e.err.Error() }
func (e *exitError) Unwrap() error { return e.err }

// run is main without the process: tests call it.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer, getenv func(string) string) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		fmt.Fprint(stdout, usage)
		if len(args) == 0 {
			return 2
		}
		return 0
	}
	if args[0] == "keygen" {
		// Needs no settings: it makes one.
		if err := keygenCmd(stdout); err != nil {
			fmt.Fprintln(stderr, "careerbot:", err)
			return 1
		}
		return 0
	}
	cfg, err := loadConfig(getenv, ".env")
	if err != nil {
		fmt.Fprintln(stderr, "careerbot:", err)
		return 2
	}
	log := newLogger(cfg, stderr)
	cmd, rest := args[0], args[1:]
	switch cmd {
	case "console":
		err = consoleCmd(ctx, cfg, log, stdin, stdout)
	case "ask":
		err = askCmd(ctx, cfg, log, rest, stdout)
	case "chart":
		err = chartCmd(ctx, cfg, log, rest, stdout)
	case "run":
		err = runCmd(ctx, cfg, log, stdout)
	case "kb":
		err = kbCmd(ctx, cfg, log, rest, stdout)
	case "commands":
		err = commandsCmd(ctx, cfg, log, rest, stdout)
	case "digest":
		err = digestCmd(ctx, cfg, log, rest, stdout)
	case "healthcheck":
		err = healthcheckCmd(ctx, cfg, rest, stdout)
	default:
		fmt.Fprintf(stderr, "careerbot: unknown command %q\n\n%s", cmd, usage)
		return 2
	}
	if err != nil {
		var ee *exitError
		if errors.As(err, &ee) {
			if ee.err != nil && ee.err.Error() != "" {
				fmt.Fprintln(stderr, "careerbot:", ee.err)
			}
			return ee.code
		}
		fmt.Fprintln(stderr, "careerbot:", err)
		return 1
	}
	return 0
}
