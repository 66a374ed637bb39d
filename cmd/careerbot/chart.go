package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"

	"careerbot/bot/console"
	"careerbot/bot/discordbot"
)

// chartCmd answers one command and writes its chart as the PNG Discord
// attaches: careerbot chart "/compare go rails node" [--locale en] --out chart.png
func chartCmd(ctx context.Context, cfg config, log *slog.Logger, args []string, stdout io.Writer) error {
	const usage = `usage: careerbot chart "/compare go rails node" [--locale en] --out chart.png`
	fs := flag.NewFlagSet("chart", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	locale := fs.String("locale", "", "answer in ja or en")
	out := fs.String("out", "", "the PNG file to write")
	var words []string
	for len(args) > 0 {
		if err := fs.Parse(args); err != nil {
			return &exitError{2, fmt.Errorf("chart: %w (%s)", err, usage)}
		}
		args = fs.Args()
		if len(args) > 0 {
			words = append(words, args[0])
			args = args[1:]
		}
	}
	line := strings.TrimSpace(strings.Join(words, " "))
	if line == "" || *out == "" {
		return &exitError{2, errors.New("chart: give a command and --out (" + usage + ")")}
	}
	l, err := localeFlag("chart", *locale, cfg.DefaultLocale)
	if err != nil {
		return err
	}
	a, err := openLocal(ctx, cfg, log)
	if err != nil {
		return err
	}
	defer a.Close()
	reply := console.Ask(ctx, a.router, line, l)
	png, ok := discordbot.ChartImage(reply)
	if !ok {
		fmt.Fprint(stdout, console.Render(reply))
		return &exitError{1, fmt.Errorf("chart: %q has no chart: it needs figures of one unit and one kind to compare (e.g. /compare go rails node, /compare 20s 30s 40s 50s 60s)", line)}
	}
	if err := os.WriteFile(*out, png, 0o644); err != nil {
		return fmt.Errorf("chart: writing the image: %w", err)
	}
	fmt.Fprintf(stdout, "%s: %d bytes, %s\n", *out, len(png), reply.Charts[0].Title)
	return nil
}
