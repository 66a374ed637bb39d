package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"careerbot/store"
)

// kbGaps lists the questions the knowledge base had no answer for, most
// asked first, so the next curation adds what people actually ask about.
func kbGaps(ctx context.Context, cfg config, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("kb gaps", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	sinceText := fs.String("since", "30d", "how far back: a number of days (30d) or a duration (12h)")
	if err := fs.Parse(args); err != nil {
		return &exitError{2, fmt.Errorf("kb gaps: %w (usage: careerbot kb gaps [--since 30d])", err)}
	}
	if fs.NArg() > 0 {
		return &exitError{2, fmt.Errorf("kb gaps: unexpected %q (usage: careerbot kb gaps [--since 30d])", fs.Arg(0))}
	}
	since, err := parseSince(*sinceText)
	if err != nil {
		return &exitError{2, fmt.Errorf("kb gaps: --since %q: %w", *sinceText, err)}
	}
	st, err := openDB(ctx, cfg, dbOptions{shortLived: true})
	if err != nil {
		return err
	}
	defer st.Close()
	from := time.Now().Add(-since).UTC()
	gaps, err := st.Gaps(ctx, from)
	if err != nil {
		return err
	}
	day := from.Format("2006-01-02")
	if len(gaps) == 0 {
		fmt.Fprintf(stdout, "No unanswered questions since %s (UTC).\n", day)
		if !cfg.RecordGaps {
			fmt.Fprintln(stdout, "They are not being counted: KB_GAPS=off.")
		}
		return nil
	}
	fmt.Fprintf(stdout, "Questions with no answer since %s (UTC days; kept %d days), most asked first:\n\n", day, int(store.GapRetention.Hours()/24))
	w := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(w, "count\tlast seen\tcommand\ttext")
	for _, g := range gaps {
		// The text goes last: tabwriter counts bytes, not display width.
		fmt.Fprintf(w, "%5d\t%s\t/%s\t%s\n", g.Count, g.LastSeen.Format("2006-01-02"), g.Command, g.Text)
	}
	return w.Flush()
}

// parseSince reads 30d (days) or a Go duration such as 12h or 90m.
func parseSince(s string) (time.Duration, error) {
	s = strings.TrimSpace(s)
	if n, ok := strings.CutSuffix(s, "d"); ok {
		days, err := strconv.Atoi(n)
		if err == nil && days > 0 && days <= 36500 {
			return time.Duration(days) * 24 * time.Hour, nil
		}
	} else if d, err := time.ParseDuration(s); err == nil && d > 0 {
		return d, nil
	}
	return 0, fmt.Errorf("use a number of days such as 30d, or a duration such as 12h")
}
