package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"

	"go.yaml.in/yaml/v3"

	"careerbot/knowledge"
	"careerbot/store"
)

func kbCmd(ctx context.Context, cfg config, log *slog.Logger, args []string, stdout io.Writer) error {
	if len(args) == 0 {
		return &exitError{2, errors.New("kb: use kb validate PATH, kb import PATH, kb export [--out DIR] or kb gaps [--since 30d]")}
	}
	switch args[0] {
	case "validate":
		if len(args) != 2 {
			return &exitError{2, errors.New("kb validate: give one PATH (a directory of *.yaml files or one .yaml file)")}
		}
		d, err := loadPath(args[1])
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "%s is valid: %d facts, %d topics, %d sources\n", args[1], len(d.Facts()), len(d.Topics), len(d.Sources))
		return nil
	case "import":
		if len(args) != 2 {
			return &exitError{2, errors.New("kb import: give one PATH (a directory of *.yaml files or one .yaml file)")}
		}
		// Validate before touching the database: refused data leaves it exactly as it was.
		d, err := loadPath(args[1])
		if err != nil {
			return err
		}
		st, err := store.Open(ctx, cfg.DatabasePath, store.Options{})
		if err != nil {
			return err
		}
		defer st.Close()
		abs, _ := filepath.Abs(args[1])
		v, changed, err := st.Sync(ctx, d, abs)
		if err != nil {
			return err
		}
		if !changed {
			fmt.Fprintf(stdout, "nothing to do: the database already holds this data (version %d)\n", v.Number)
			return nil
		}
		fmt.Fprintf(stdout, "imported as version %d: %d added, %d changed, %d removed\n", v.Number, v.Added, v.Changed, v.Removed)
		return nil
	case "export":
		fs := flag.NewFlagSet("kb export", flag.ContinueOnError)
		fs.SetOutput(io.Discard)
		out := fs.String("out", "", "directory to write knowledge.yaml into (default: standard output)")
		if err := fs.Parse(args[1:]); err != nil {
			return &exitError{2, fmt.Errorf("kb export: %w", err)}
		}
		a, err := openApp(ctx, cfg, log, handlersOptions())
		if err != nil {
			return err
		}
		defer a.Close()
		d, err := a.store.Export(ctx)
		if err != nil {
			return err
		}
		body, err := yaml.Marshal(d)
		if err != nil {
			return fmt.Errorf("encoding the knowledge base: %w", err)
		}
		if *out == "" {
			_, err = stdout.Write(body)
			return err
		}
		if err := os.MkdirAll(*out, 0o755); err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(*out, "knowledge.yaml"), body, 0o644)
	case "gaps":
		return kbGaps(ctx, cfg, args[1:], stdout)
	case "feedback":
		return kbFeedback(ctx, cfg, args[1:], stdout)
	}
	return &exitError{2, fmt.Errorf("kb: unknown subcommand %q (validate, import, export, gaps, feedback)", args[0])}
}

// loadPath loads curated data from a directory of *.yaml files or one file.
func loadPath(path string) (*knowledge.Data, error) {
	info, err := os.Stat(path)
	if err != nil {
		return nil, &exitError{2, fmt.Errorf("reading %s: %w", path, err)}
	}
	var fsys fs.FS
	dir := "."
	if info.IsDir() {
		fsys = os.DirFS(path)
	} else {
		fsys = os.DirFS(filepath.Dir(path))
		d, err := knowledge.LoadFiles(fsys, filepath.Base(path))
		return d, refusal(err)
	}
	d, err := knowledge.Load(fsys, dir)
	return d, refusal(err)
}

// refusal turns invalid data into exit code 1 with every problem listed.
func refusal(err error) error {
	if err == nil {
		return nil
	}
	return &exitError{1, fmt.Errorf("refused, the database was not changed: %w", err)}
}
