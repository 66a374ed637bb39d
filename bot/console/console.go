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
	fmt.Fprintln(out, "careerbot console: /careerhelp lists the commands, :locale en|ja switches language, quit exits.")
	prompt()
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
		default:
			fmt.Fprint(out, Render(Ask(ctx, e, line, locale)))
		}
		prompt()
	}
	fmt.Fprintln(out)
	if err := sc.Err(); err != nil {
		return fmt.Errorf("reading the console input: %w", err)
	}
	return nil
}

// Ask answers one typed line ("/salary go") as the console user.
func Ask(ctx context.Context, e Engine, line string, locale knowledge.Locale) handlers.Reply {
	cmd, args := handlers.ParseLine(line)
	return e.Handle(ctx, handlers.Request{Command: cmd, Args: args, Locale: locale, Platform: "console", Channel: "console", User: "console", UserName: "console", IsAdmin: true})
}
