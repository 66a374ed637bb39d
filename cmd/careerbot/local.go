package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"strings"

	"careerbot/bot/console"
	"careerbot/handlers"
	"careerbot/knowledge"
)

// openLocal opens the store and a router with the digest, so /digest
// preview and status work in the console too. Digest settings that cannot be
// used turn /digest off with a warning: they are no reason not to answer.
func openLocal(ctx context.Context, cfg config, log *slog.Logger) (*app, error) {
	a, err := openStore(ctx, cfg, log)
	if err != nil {
		return nil, err
	}
	var opts handlers.Options
	if cfg.digestErr != nil {
		log.Warn("/digest is unavailable until this setting is fixed", "err", cfg.digestErr)
	} else if opts.Digest, err = newDigest(a); err != nil {
		a.Close()
		return nil, err
	}
	if err = a.buildRouter(ctx, opts); err != nil {
		a.Close()
		return nil, err
	}
	return a, nil
}

func consoleCmd(ctx context.Context, cfg config, log *slog.Logger, stdin io.Reader, stdout io.Writer) error {
	a, err := openLocal(ctx, cfg, log)
	if err != nil {
		return err
	}
	defer a.Close()
	return console.Run(ctx, a.router, stdin, stdout, cfg.DefaultLocale)
}

// askCmd answers one command and exits non-zero when the answer is an
// error (unknown topic, bad input), so scripts can rely on it.
func askCmd(ctx context.Context, cfg config, log *slog.Logger, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("ask", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	locale := fs.String("locale", "", "answer in ja or en")
	full := fs.Bool("full", false, "the whole answer, not the chat-sized one")
	var words []string
	// Flags may come before or after the command text.
	for len(args) > 0 {
		if err := fs.Parse(args); err != nil {
			return &exitError{2, fmt.Errorf("ask: %w (usage: careerbot ask \"/salary go\" [--locale en] [--full])", err)}
		}
		args = fs.Args()
		if len(args) > 0 {
			words = append(words, args[0])
			args = args[1:]
		}
	}
	line := strings.TrimSpace(strings.Join(words, " "))
	if line == "" {
		return &exitError{2, errors.New(`ask: give a command, e.g. careerbot ask "/salary go"`)}
	}
	l, err := localeFlag("ask", *locale, cfg.DefaultLocale)
	if err != nil {
		return err
	}
	a, err := openLocal(ctx, cfg, log)
	if err != nil {
		return err
	}
	defer a.Close()
	reply := console.AskFull(ctx, a.router, line, l, *full)
	fmt.Fprint(stdout, console.Render(reply))
	if console.Shortened(reply) {
		fmt.Fprintf(stdout, "(careerbot ask --full %q shows the whole answer)\n", line)
	}
	if !reply.OK() {
		return &exitError{code: 1, err: errors.New("")}
	}
	return nil
}

// localeFlag reads a --locale flag: empty means def; anything but ja or en
// is a usage error (exit 2) naming the subcommand.
func localeFlag(cmd, value string, def knowledge.Locale) (knowledge.Locale, error) {
	if value == "" {
		return def, nil
	}
	l, ok := knowledge.ParseLocale(value)
	if !ok {
		return "", &exitError{2, fmt.Errorf("%s: --locale %q: use ja or en", cmd, value)}
	}
	return l, nil
}
