package console

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"strings"

	"careerbot/handlers"
	"careerbot/knowledge"
)

// Engine is what the console asks of the command engine.
type Engine interface {
	Handle(ctx context.Context, req handlers.Request) handlers.Reply
}

// Run reads commands from in, one per line, and writes answers to out until
// in ends, the user types quit, or ctx is cancelled. ":locale en" switches
// the answer language.
func Run(ctx context.Context, e Engine, in io.Reader, out io.Writer, locale knowledge.Locale) error {
	sc := bufio.NewScanner(in)
	sc.Buffer(make([]byte, 64*1024), 1024*1024)
	prompt := func() { fmt.Fprint(out, "careerbot> ") }
	fmt.Fprintln(out, "careerbot console: /careerhelp lists the commands, :locale en|ja switches language, :full shows the last answer whole, quit exits.")
	prompt()
	last := "" // the last question, for :full
	for sc.Scan() {
		if ctx.Err() != nil {
			return nil
		}
		line := strings.TrimSpace(sc.Text())
		switch {
		case line == "":
		case line == "quit" || line == "exit" || line == ":q":
			return nil
		case strings.HasPrefix(line, ":locale"):
			if l, ok := knowledge.ParseLocale(strings.TrimSpace(strings.TrimPrefix(line, ":locale"))); ok {
				locale = l
				fmt.Fprintf(out, "locale: %s\n", l)
			} else {
				fmt.Fprintln(out, "usage: :locale ja | :locale en")
			}
		case line == ":full" || line == "more":
			if last == "" {
				fmt.Fprintln(out, "ask something first; :full then shows its whole answer")
				break
			}
			fmt.Fprint(out, Render(AskFull(ctx, e, last, locale, true)))
		default:
			last = line
			reply := Ask(ctx, e, line, locale)
			fmt.Fprint(out, Render(reply))
			if Shortened(reply) {
				fmt.Fprintln(out, "(:full shows the whole answer)")
			}
		}
		prompt()
	}
	fmt.Fprintln(out)
	if err := sc.Err(); err != nil {
		return fmt.Errorf("reading the console input: %w", err)
	}
	return nil
}

// Ask answers one typed line ("/salary go") as the console user, sized
// for a chat window as every surface answers by default.
func Ask(ctx context.Context, e Engine, line string, locale knowledge.Locale) handlers.Reply {
	return AskFull(ctx, e, line, locale, false)
}

// AskFull is Ask that, when full is set, asks for the whole answer (the
// More button's answer on Slack and Discord).
func AskFull(ctx context.Context, e Engine, line string, locale knowledge.Locale, full bool) handlers.Reply {
	cmd, args := handlers.ParseLine(line)
	return e.Handle(ctx, handlers.Request{Command: cmd, Args: args, Locale: locale, Platform: "console", Channel: "console", User: "console", UserName: "console", IsAdmin: true, Full: full})
}

// Shortened reports whether the reply left items out (it offers More):
// the console has no button, so it says how to see them.
func Shortened(r handlers.Reply) bool {
	for _, a := range r.Actions {
		if a.Kind == handlers.ActionMore {
			return true
		}
	}
	return false
}
