package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/sourcebot/newsbot/internal/answer"
	"github.com/sourcebot/newsbot/internal/index"
	"github.com/sourcebot/newsbot/internal/quality"
)

func evalCommand(f *flag.FlagSet) runner {
	withBase := f.Bool("baseline", false, "also score a plain bleve match query over the same passages")
	return func(ctx context.Context, e *env, args []string) error { return runEval(ctx, e, args, *withBase) }
}

func runEval(ctx context.Context, e *env, rest []string, withBase bool) error {
	if len(rest) != 1 {
		return usagef("eval: want one question file (usage: bot eval [--baseline] [--data DIR] FILE.tsv)")
	}
	f, err := os.Open(rest[0])
	if err != nil {
		return fmt.Errorf("eval: %w", err)
	}
	defer f.Close()
	cases, err := quality.Parse(f)
	if err != nil {
		return fmt.Errorf("eval %s: %w", rest[0], err)
	}
	lib, err := open(ctx, e)
	if err != nil {
		return err
	}
	defer lib.Close()

	var base *index.Plain
	if withBase {
		if base, err = index.BuildPlain(ctx, lib.Engine.Articles()); err != nil {
			return fmt.Errorf("eval: %w", err)
		}
		defer base.Close()
	}
	score, err := evaluate(ctx, lib.Engine, base, cases, e.stdout)
	if err != nil {
		return err
	}
	score.Write(e.stdout)
	if !score.Perfect() {
		missed := score.Answerable + score.Unanswerable - score.Top1 - score.Abstained
		return fmt.Errorf("eval: %d of %d questions missed", missed, len(cases))
	}
	return nil
}

// evaluate asks every question and prints each miss to w.
func evaluate(ctx context.Context, eng *answer.Engine, base *index.Plain, cases []quality.Case, w io.Writer) (quality.Score, error) {
	s, misses, err := quality.Run(ctx, eng, base, cases)
	if err != nil {
		return s, err
	}
	for _, m := range misses {
		want, got := "(no answer)", "(no answer)"
		if m.Case.Answerable() {
			want = fmt.Sprint(m.Case.Want)
		}
		if m.Got != "" {
			got = shorten(m.Got, 160)
		}
		fmt.Fprintf(w, "MISS line %d: %s\n  want: %s\n  got:  %s\n", m.Case.Line, m.Case.Question, want, got)
	}
	return s, nil
}
