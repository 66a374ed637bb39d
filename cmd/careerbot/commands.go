package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"

	"careerbot/bot/discordbot"
	"careerbot/handlers"
)

// handlersOptions are the router options for commands that only read.
func handlersOptions() handlers.Options { return handlers.Options{} }

// commandsCmd prints the slash-command definitions careerbot registers, with
// no token needed, so an operator can inspect them.
func commandsCmd(ctx context.Context, cfg config, log *slog.Logger, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("commands", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	platform := fs.String("platform", "discord", "discord")
	if err := fs.Parse(args); err != nil {
		return &exitError{2, fmt.Errorf("commands: %w", err)}
	}
	switch *platform {
	case "discord":
		body, err := discordbot.CommandsJSON()
		if err != nil {
			return err
		}
		_, err = fmt.Fprintf(stdout, "%s\n", body)
		return err
	case "slack":
		return &exitError{2, errors.New("commands: Slack commands are declared in deploy/slack-manifest.yaml")}
	}
	return &exitError{2, fmt.Errorf("commands: unknown platform %q (discord)", *platform)}
}
