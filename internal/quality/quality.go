// Package quality scores the answer engine on a question set, beside the
// plain bleve baseline over the same passages.
package quality

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/sourcebot/newsbot/internal/answer"
	"github.com/sourcebot/newsbot/internal/index"
)

// Case is one line of a question set: a question and the passages that
// answer it, as substrings any one of which must be in the reply; none means
// the right reply is "no answer".
type Case struct {
	Line     int
	Question string
	Want     []string
}

// Answerable reports whether some passage answers the case.
func (c Case) Answerable() bool { return len(c.Want) > 0 }

// Right reports whether text is a passage that answers the case.
func (c Case) Right(text string) bool {
	for _, w := range c.Want {
		if strings.Contains(text, w) {
			return true
		}
	}
	return false
}

// Parse reads the TSV format of testdata/dev.tsv: question<TAB>expected,
// where expected is one or more substrings separated by " | ", or "-".
func Parse(r io.Reader) ([]Case, error) {
	var cases []Case
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 1<<20)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimRight(sc.Text(), "\r")
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
			continue
		}
		c, err := parseCase(line, n)
		if err != nil {
			return nil, err
		}
		cases = append(cases, c)
	}
	return cases, sc.Err()
}

// parseCase reads line n, question<TAB>expected.
func parseCase(line string, n int) (Case, error) {
	q, want, ok := strings.Cut(line, "\t")
	if !ok || strings.TrimSpace(q) == "" || strings.TrimSpace(want) == "" {
		return Case{}, fmt.Errorf("line %d: want QUESTION<TAB>EXPECTED", n)
	}
	c := Case{Line: n, Question: strings.TrimSpace(q)}
	if w := strings.TrimSpace(want); w != "-" {
		for _, s := range strings.Split(w, "|") {
			if s = strings.TrimSpace(s); s != "" {
				c.Want = append(c.Want, s)
			}
		}
	}
	return c, nil
}

// Score counts right replies of the engine and, where it was run, of the
// baseline, which never abstains.
type Score struct {
	Answerable   int // questions some passage answers
	Top1, Top3   int // of those, right passage first, or among the first three
	Withheld     int // of those, no answer given
	Unanswerable int // questions no passage answers
	Abstained    int // of those, "no answer" given

	Baseline           bool // the baseline was run
	BaseTop1, BaseTop3 int
}

// Perfect reports whether the engine got every question right.
func (s Score) Perfect() bool { return s.Top1 == s.Answerable && s.Abstained == s.Unanswerable }

// Add sums two scores.
func (s Score) Add(o Score) Score {
	return Score{
		Answerable: s.Answerable + o.Answerable, Top1: s.Top1 + o.Top1, Top3: s.Top3 + o.Top3,
		Withheld: s.Withheld + o.Withheld, Unanswerable: s.Unanswerable + o.Unanswerable,
		Abstained: s.Abstained + o.Abstained, Baseline: s.Baseline || o.Baseline,
		BaseTop1: s.BaseTop1 + o.BaseTop1, BaseTop3: s.BaseTop3 + o.BaseTop3,
	}
}

// Miss is a question the engine got wrong.
type Miss struct {
	Case Case
	Got  string // the passage given, or "" for no answer
}

// Run asks every case of the engine and, when base is not nil, of the
// baseline; misses are the engine's.
func Run(ctx context.Context, eng *answer.Engine, base *index.Plain, cases []Case) (Score, []Miss, error) {
	var s Score
	var misses []Miss
	s.Baseline = base != nil
	for _, c := range cases {
		ans, err := eng.Ask(ctx, c.Question)
		noAnswer := errors.Is(err, answer.ErrNoAnswer)
		if err != nil && !noAnswer {
			return s, misses, fmt.Errorf("line %d: %w", c.Line, err)
		}
		if base != nil && c.Answerable() {
			if err := s.baseline(ctx, eng, base, c); err != nil {
				return s, misses, fmt.Errorf("line %d: %w", c.Line, err)
			}
		}
		if m, missed := s.count(c, ans, noAnswer); missed {
			misses = append(misses, m)
		}
	}
	return s, misses, nil
}

// count counts the engine's reply to c, ans or no answer, and returns the
// miss when it is wrong.
func (s *Score) count(c Case, ans *answer.Answer, noAnswer bool) (Miss, bool) {
	switch {
	case noAnswer && c.Answerable():
		s.Answerable++
		s.Withheld++
		return Miss{c, ""}, true
	case noAnswer:
		s.Unanswerable++
		s.Abstained++
		return Miss{}, false
	}
	return s.answered(c, ans)
}

// answered counts the engine's answer to c, and returns the miss when it
// is wrong: an answer to a question no passage answers, or a passage other
// than the right one first (which still counts when it is among the top
// three).
func (s *Score) answered(c Case, ans *answer.Answer) (Miss, bool) {
	miss := Miss{c, ans.Best.Passage.Text}
	if !c.Answerable() {
		s.Unanswerable++
		return miss, true
	}
	s.Answerable++
	if c.Right(ans.Best.Passage.Text) {
		s.Top1++
		s.Top3++
		return Miss{}, false
	}
	for i, r := range ans.Alternatives {
		if i < 2 && c.Right(r.Passage.Text) {
			s.Top3++
			break
		}
	}
	return miss, true
}

func (s *Score) baseline(ctx context.Context, eng *answer.Engine, base *index.Plain, c Case) error {
	ids, err := base.Top(ctx, c.Question, 3)
	if err != nil {
		return err
	}
	for i, id := range ids {
		r, ok := eng.Passage(id)
		if !ok || !c.Right(r.Passage.Text) {
			continue
		}
		if i == 0 {
			s.BaseTop1++
		}
		s.BaseTop3++
		break
	}
	return nil
}

// Write prints the score, with the baseline beside it when it was run.
func (s Score) Write(w io.Writer) {
	fmt.Fprintf(w, "answered: %d/%d right passage at top-1 (%s), top-3 %d/%d, withheld %d\n",
		s.Top1, s.Answerable, pct(s.Top1, s.Answerable), s.Top3, s.Answerable, s.Withheld)
	fmt.Fprintf(w, "abstained: %d/%d correctly (%s)\n", s.Abstained, s.Unanswerable, pct(s.Abstained, s.Unanswerable))
	if s.Baseline {
		fmt.Fprintf(w, "baseline (plain bleve match): %d/%d right passage at top-1 (%s), top-3 %d/%d, never abstains\n",
			s.BaseTop1, s.Answerable, pct(s.BaseTop1, s.Answerable), s.BaseTop3, s.Answerable)
	}
}

func pct(n, d int) string {
	if d == 0 {
		return "-"
	}
	return fmt.Sprintf("%.1f%%", 100*float64(n)/float64(d))
}
