package main

import (
	"context"
	"flag"
	"fmt"
)

type sourceJSON struct {
	ID       string `json:"id"`
	Title    string `json:"title"`
	Source   string `json:"source"`
	Date     string `json:"date"`
	URL      string `json:"url"`
	Passages int    `json:"passages"`
}

// sourcesJSON is what `sources --json` prints: what loaded and, as in text
// mode, what was skipped and why.
type sourcesJSON struct {
	Articles []sourceJSON  `json:"articles"`
	Skipped  []skippedJSON `json:"skipped"`
}

type skippedJSON struct {
	File   string `json:"file"`
	Reason string `json:"reason"`
}

func sourcesCommand(f *flag.FlagSet) runner {
	asJSON := f.Bool("json", false, "print one JSON object")
	return func(ctx context.Context, e *env, args []string) error { return runSources(ctx, e, args, *asJSON) }
}

func runSources(ctx context.Context, e *env, args []string, asJSON bool) error {
	if len(args) > 0 {
		return usagef("sources: unexpected argument %q", args[0])
	}
	lib, err := open(ctx, e)
	if err != nil {
		return err
	}
	defer lib.Close()

	arts := lib.Engine.Articles()
	if asJSON {
		out := sourcesJSON{Articles: make([]sourceJSON, 0, len(arts)), Skipped: make([]skippedJSON, 0, len(lib.Skipped))}
		for _, a := range arts {
			out.Articles = append(out.Articles, sourceJSON{a.ID, a.Title, a.Source, a.Date, a.URL, len(a.Passages)})
		}
		for _, s := range lib.Skipped {
			out.Skipped = append(out.Skipped, skippedJSON{s.File, s.Err.Error()})
		}
		return writeJSON(e.stdout, out)
	}
	for _, a := range arts {
		fmt.Fprintf(e.stdout, "%s\n  %d passages", citation(&a), len(a.Passages))
		if a.URL != "" {
			fmt.Fprintf(e.stdout, " · %s", a.URL)
		}
		fmt.Fprintln(e.stdout)
	}
	for _, s := range lib.Skipped {
		fmt.Fprintf(e.stdout, "skipped %s\n", s)
	}
	return nil
}
