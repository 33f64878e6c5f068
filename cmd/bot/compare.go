package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"

	"github.com/sourcebot/newsbot/internal/answer"
)

func compareCommand(f *flag.FlagSet) runner {
	asJSON := jsonFlag(f)
	return func(ctx context.Context, e *env, args []string) error { return runCompare(ctx, e, args, *asJSON) }
}

func runCompare(ctx context.Context, e *env, args []string, asJSON bool) error {
	question, err := questionArg("compare", args)
	if err != nil {
		return err
	}
	lib, err := open(ctx, e)
	if err != nil {
		return err
	}
	defer lib.Close()

	c, err := lib.Engine.Compare(ctx, question)
	switch {
	case errors.Is(err, answer.ErrEmptyQuestion), errors.Is(err, answer.ErrTooLong):
		return usagef("compare: %v", err)
	case err != nil && !errors.Is(err, answer.ErrNoAnswer):
		return fmt.Errorf("compare: %w", err)
	}
	if asJSON {
		return writeJSON(e.stdout, compareJSON(question, c))
	}
	printComparison(e.stdout, c)
	return nil
}

// sourceAnswerJSON is one source's column: its best passage, or null.
type sourceAnswerJSON struct {
	Source string      `json:"source"`
	Answer *resultJSON `json:"answer"`
}

type comparisonJSON struct {
	Question string             `json:"question"`
	Sources  []sourceAnswerJSON `json:"sources"`
}

func compareJSON(question string, c *answer.Comparison) comparisonJSON {
	out := comparisonJSON{Question: question, Sources: []sourceAnswerJSON{}}
	for _, sa := range c.Sources {
		col := sourceAnswerJSON{Source: sa.Source}
		if sa.Found {
			r := toJSON(sa.Best)
			col.Answer = &r
		}
		out.Sources = append(out.Sources, col)
	}
	return out
}

func printComparison(w io.Writer, c *answer.Comparison) {
	for i, sa := range c.Sources {
		if i > 0 {
			fmt.Fprintln(w)
		}
		fmt.Fprintf(w, "== %s\n", orDefault(sa.Source, "unknown source"))
		if !sa.Found {
			fmt.Fprintf(w, "%s has nothing on this.\n", orDefault(sa.Source, "This source"))
			continue
		}
		fmt.Fprintln(w, sa.Best.Passage.Text)
		fmt.Fprintf(w, "— %s\n", citation(sa.Best.Article))
	}
}
