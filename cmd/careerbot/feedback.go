package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"text/tabwriter"
	"time"

	"careerbot/store"
)

// kbFeedback lists the answers people voted 👎 (wrong or unhelpful), most
// disliked first, beside the questions that had no answer at all: the two
// lists curators work from.
func kbFeedback(ctx context.Context, cfg config, args []string, stdout io.Writer) error {
	const usage = "usage: careerbot kb feedback [--since 30d]"
	fs := flag.NewFlagSet("kb feedback", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	sinceText := fs.String("since", "30d", "how far back: a number of days (30d) or a duration (12h)")
	if err := fs.Parse(args); err != nil {
		return &exitError{2, fmt.Errorf("kb feedback: %w (%s)", err, usage)}
	}
	if fs.NArg() > 0 {
		return &exitError{2, fmt.Errorf("kb feedback: unexpected %q (%s)", fs.Arg(0), usage)}
	}
	since, err := parseSince(*sinceText)
	if err != nil {
		return &exitError{2, fmt.Errorf("kb feedback: --since %q: %w", *sinceText, err)}
	}
	st, err := store.Open(ctx, cfg.DatabasePath, store.Options{})
	if err != nil {
		return err
	}
	defer st.Close()
	from := time.Now().Add(-since).UTC()
	day := from.Format("2006-01-02")
	votes, err := st.Votes(ctx, from)
	if err != nil {
		return err
	}
	gaps, err := st.Gaps(ctx, from)
	if err != nil {
		return err
	}

	w := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
	disliked := 0
	for _, v := range votes {
		if v.Down > 0 {
			disliked++
		}
	}
	if disliked == 0 {
		fmt.Fprintf(stdout, "No answer was voted unhelpful since %s (UTC); %d answers got votes.\n", day, len(votes))
	} else {
		fmt.Fprintf(stdout, "Answers voted unhelpful (👎) since %s (UTC days), most disliked first:\n\n", day)
		fmt.Fprintln(w, "👎\t👍\tlast vote\tkb version\tplatform\tcommand\targuments")
		for _, v := range votes {
			if v.Down == 0 {
				continue
			}
			// The arguments go last: tabwriter counts bytes, not display width.
			fmt.Fprintf(w, "%d\t%d\t%s\t%d\t%s\t/%s\t%s\n", v.Down, v.Up, v.LastSeen.Format("2006-01-02"), v.KBVersion, v.Platform, v.Command, v.Args)
		}
		if err := w.Flush(); err != nil {
			return err
		}
	}
	fmt.Fprintln(stdout)
	if len(gaps) == 0 {
		fmt.Fprintf(stdout, "No unanswered questions since %s (UTC).\n", day)
		return nil
	}
	fmt.Fprintf(stdout, "Questions with no answer since %s, most asked first:\n\n", day)
	fmt.Fprintln(w, "count\tlast seen\tcommand\ttext")
	for _, g := range gaps {
		fmt.Fprintf(w, "%5d\t%s\t/%s\t%s\n", g.Count, g.LastSeen.Format("2006-01-02"), g.Command, g.Text)
	}
	return w.Flush()
}
