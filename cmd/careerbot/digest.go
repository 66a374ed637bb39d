package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
	"time"

	"careerbot/bot/console"
	"careerbot/bot/delivery"
	"careerbot/bot/discordbot"
	"careerbot/bot/scheduler"
	"careerbot/bot/slackbot"
	"careerbot/handlers"
	"careerbot/knowledge"
	"careerbot/schedule"
)

const digestUsage = `usage:
  careerbot digest preview [--locale ja|en] [--date YYYY-MM-DD] [--channel platform:channel]
      print the digest of the week containing --date (default: the next scheduled one);
      with --channel, that channel's next digest as it will be posted
  careerbot digest send-now --channel platform:channel
      post that channel's digest for the current period now, unless it already went out
      (also resumes a subscription paused after a permanent failure)
`

// newDigest builds the /digest service from the settings, for
// handlers.Options.Digest.
func newDigest(a *app) (*handlers.Digest, error) {
	return handlers.NewDigest(context.Background(), a.store, a.store, handlers.DigestOptions{
		DefaultSchedule: a.cfg.DigestSchedule,
		DefaultTimezone: a.cfg.DigestTimezone,
		DefaultLocale:   a.cfg.DefaultLocale,
		Logger:          a.log,
	})
}

func newScheduler(a *app, posters []delivery.Poster[handlers.Reply]) (*scheduler.Scheduler[handlers.Reply], error) {
	d, err := newDigest(a)
	if err != nil {
		return nil, err
	}
	return scheduler.New(a.store, d, posters, scheduler.Options{Grace: a.cfg.DigestGrace, Logger: a.log, Observer: a.passes})
}

// startScheduler delivers weekly digests through posters until ctx is done.
func startScheduler(ctx context.Context, a *app, posters []delivery.Poster[handlers.Reply]) error {
	if len(posters) == 0 {
		a.log.Info("digest scheduler not started: no platform can post (SLACK_BOT_TOKEN or DISCORD_BOT_TOKEN)")
		<-ctx.Done()
		return nil
	}
	s, err := newScheduler(a, posters)
	if err != nil {
		return err
	}
	return s.Run(ctx)
}

// digestCommand runs `careerbot digest preview|send-now`.
func digestCommand(ctx context.Context, a *app, args []string, stdout io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stdout, digestUsage)
		return &exitError{2, errors.New("")}
	}
	fs := flag.NewFlagSet("digest "+args[0], flag.ContinueOnError)
	fs.SetOutput(stdout)
	fs.Usage = func() { fmt.Fprint(stdout, digestUsage) }
	locale := fs.String("locale", "", "ja or en (default: DEFAULT_LOCALE, or the channel's)")
	date := fs.String("date", "", "YYYY-MM-DD: a day of the week to preview")
	channel := fs.String("channel", "", "platform:channel, e.g. slack:C0123 or discord:112233")
	if err := fs.Parse(args[1:]); err != nil {
		return &exitError{2, err}
	}
	switch args[0] {
	case "preview":
		return digestPreview(ctx, a, *locale, *date, *channel, stdout)
	case "send-now":
		if *channel == "" {
			return &exitError{2, errors.New("digest send-now needs --channel platform:channel")}
		}
		platform, ch, err := splitChannel(*channel)
		if err != nil {
			return &exitError{2, err}
		}
		posters, err := digestPosters(ctx, a)
		if err != nil {
			return err
		}
		s, err := newScheduler(a, posters)
		if err != nil {
			return err
		}
		id, err := s.SendNow(ctx, platform, ch)
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "posted the digest to %s channel %s (message %s)\n", platform, ch, id)
		return nil
	}
	fmt.Fprint(stdout, digestUsage)
	return &exitError{2, fmt.Errorf("unknown digest subcommand %q", args[0])}
}

func splitChannel(s string) (platform knowledge.Platform, channel string, err error) {
	p, channel, ok := strings.Cut(s, ":")
	platform = knowledge.Platform(p)
	if !ok || channel == "" || !platform.Chat() {
		return "", "", fmt.Errorf("--channel %q: use platform:channel, e.g. slack:C0123 or discord:112233", s)
	}
	return platform, channel, nil
}

func digestPreview(ctx context.Context, a *app, locale, date, channel string, stdout io.Writer) error {
	d, err := newDigest(a)
	if err != nil {
		return err
	}
	v, err := a.store.Version(ctx)
	if err != nil {
		return err
	}
	sched := d.DefaultSchedule()
	l, since := a.cfg.DefaultLocale, v.Number
	if channel != "" {
		platform, ch, err := splitChannel(channel)
		if err != nil {
			return &exitError{2, err}
		}
		sub, ok, err := a.store.Subscription(ctx, platform, ch)
		if err != nil {
			return err
		}
		if !ok {
			return fmt.Errorf("%s channel %s is not subscribed to the digest", platform, ch)
		}
		if sched, err = schedule.Parse(sub.Schedule, sub.Timezone); err != nil {
			return err
		}
		l, since = sub.Locale, sub.KBVersion
	}
	if locale != "" {
		ll, ok := knowledge.ParseLocale(locale)
		if !ok {
			return &exitError{2, fmt.Errorf("--locale %q: use ja or en", locale)}
		}
		l = ll
	}
	from := time.Now()
	if date != "" {
		day, err := time.ParseInLocation("2006-01-02", date, sched.Loc)
		if err != nil {
			return &exitError{2, fmt.Errorf("--date %q: use YYYY-MM-DD", date)}
		}
		// The week's digest: the first run on or after that Monday.
		monday := day.AddDate(0, 0, -((int(day.Weekday()) + 6) % 7))
		from = monday.Add(-time.Second)
	}
	period := sched.Next(from)
	if period.IsZero() {
		return fmt.Errorf("the schedule %q never runs", sched.Spec)
	}
	rep, err := d.ComposeRange(ctx, period, l, since, v.Number)
	if err != nil {
		return err
	}
	fmt.Fprint(stdout, console.Render(rep))
	return nil
}

// digestPosters builds the posters the settings allow, for send-now.
func digestPosters(ctx context.Context, a *app) ([]delivery.Poster[handlers.Reply], error) {
	if a.router == nil {
		r, err := handlers.New(ctx, a.store, handlers.Options{DefaultLocale: a.cfg.DefaultLocale, Logger: a.log})
		if err != nil {
			return nil, err
		}
		a.router = r
	}
	var posters []delivery.Poster[handlers.Reply]
	if a.cfg.SlackBotToken != "" || a.cfg.slackOAuth() {
		if err := a.cfg.checkSlackOAuth(); err != nil {
			return nil, configError(err)
		}
		sb, err := slackbot.New(slackbot.Config{BotToken: a.cfg.SlackBotToken, AdminUserIDs: a.cfg.SlackAdminUserIDs, DefaultLocale: a.cfg.DefaultLocale, Logger: a.log,
			APIURL: a.cfg.SlackAPIURL, OAuth: a.cfg.slackOAuthSettings(a.store), State: a.store}, a.router)
		if err != nil {
			return nil, err
		}
		posters = append(posters, sb)
	}
	if a.cfg.DiscordBotToken != "" {
		db, err := discordbot.New(discordbot.Config{Token: a.cfg.DiscordBotToken, AppID: a.cfg.DiscordAppID, DefaultLocale: a.cfg.DefaultLocale, Logger: a.log, APIURL: a.cfg.DiscordAPIURL}, a.router, a.store)
		if err != nil {
			return nil, err
		}
		posters = append(posters, db)
	}
	if len(posters) == 0 {
		return nil, errors.New("digest send-now needs SLACK_BOT_TOKEN, SLACK_CLIENT_ID (Add to Slack) or DISCORD_BOT_TOKEN to post")
	}
	return posters, nil
}
