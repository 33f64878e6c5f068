package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/sourcebot/newsbot/internal/answer"
)

// evalCase is one line of a question set: a question and the passages that
// answer it, as substrings any one of which must be in the reply; none means
// the right reply is "no answer".
type evalCase struct {
	line     int
	question string
	want     []string
}

// parseEval reads the TSV format of ../shared/eval/dev.tsv.
func parseEval(r io.Reader) ([]evalCase, error) {
	var cases []evalCase
	sc := bufio.NewScanner(r)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimRight(sc.Text(), "\r")
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
			continue
		}
		q, want, ok := strings.Cut(line, "\t")
		if !ok || strings.TrimSpace(q) == "" || strings.TrimSpace(want) == "" {
			return nil, fmt.Errorf("line %d: want QUESTION<TAB>EXPECTED", n)
		}
		c := evalCase{line: n, question: strings.TrimSpace(q)}
		if w := strings.TrimSpace(want); w != "-" {
			for _, s := range strings.Split(w, "|") {
				if s = strings.TrimSpace(s); s != "" {
					c.want = append(c.want, s)
				}
			}
		}
		cases = append(cases, c)
	}
	return cases, sc.Err()
}

// evalScore counts right replies.
type evalScore struct{ answered, answerable, abstained, unanswerable int }

func (s evalScore) perfect() bool {
	return s.answered == s.answerable && s.abstained == s.unanswerable
}

func runEval(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "eval")
	libOpts := libraryFlags(e, fs)
	rest, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(rest) != 1 {
		return usagef("eval: want one question file (usage: bot eval [--data DIR] FILE.tsv)")
	}
	f, err := os.Open(rest[0])
	if err != nil {
		return fmt.Errorf("eval: %w", err)
	}
	defer f.Close()
	cases, err := parseEval(f)
	if err != nil {
		return fmt.Errorf("eval %s: %w", rest[0], err)
	}
	lib, err := open(ctx, e, libOpts)
	if err != nil {
		return err
	}
	defer lib.Close()

	score, err := evaluate(ctx, lib.Engine, cases, e.stdout)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "answered: %d/%d right passage at top-1\n", score.answered, score.answerable)
	fmt.Fprintf(e.stdout, "abstained: %d/%d correctly\n", score.abstained, score.unanswerable)
	if !score.perfect() {
		return fmt.Errorf("eval: %d of %d questions missed", score.answerable+score.unanswerable-score.answered-score.abstained, len(cases))
	}
	return nil
}

// evaluate asks every question and prints each miss to w.
func evaluate(ctx context.Context, eng *answer.Engine, cases []evalCase, w io.Writer) (evalScore, error) {
	var s evalScore
	for _, c := range cases {
		ans, err := eng.Ask(ctx, c.question)
		noAnswer := errors.Is(err, answer.ErrNoAnswer)
		if err != nil && !noAnswer {
			return s, fmt.Errorf("line %d: %w", c.line, err)
		}
		got := "(no answer)"
		if !noAnswer {
			got = ans.Best.Passage.Text
		}
		if len(c.want) == 0 {
			s.unanswerable++
			if noAnswer {
				s.abstained++
				continue
			}
		} else {
			s.answerable++
			if !noAnswer && containsAny(got, c.want) {
				s.answered++
				continue
			}
		}
		want := "(no answer)"
		if len(c.want) > 0 {
			want = strings.Join(c.want, " | ")
		}
		fmt.Fprintf(w, "MISS line %d: %s\n  want: %s\n  got:  %s\n", c.line, c.question, want, shorten(got, 160))
	}
	return s, nil
}

func containsAny(s string, subs []string) bool {
	for _, sub := range subs {
		if strings.Contains(s, sub) {
			return true
		}
	}
	return false
}
