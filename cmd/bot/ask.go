package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"strings"

	"github.com/sourcebot/newsbot/internal/answer"
	"github.com/sourcebot/newsbot/internal/articles"
	"github.com/sourcebot/newsbot/internal/corpus"
)

func askCommand(f *flag.FlagSet) runner {
	asJSON := jsonFlag(f)
	return func(ctx context.Context, e *env, args []string) error { return runAsk(ctx, e, args, *asJSON) }
}

func runAsk(ctx context.Context, e *env, args []string, asJSON bool) error {
	question, err := questionArg("ask", args)
	if err != nil {
		return err
	}
	lib, err := open(ctx, e)
	if err != nil {
		return err
	}
	defer lib.Close()

	ans, err := lib.Engine.Ask(ctx, question)
	switch {
	case errors.Is(err, answer.ErrEmptyQuestion), errors.Is(err, answer.ErrTooLong):
		return usagef("ask: %v", err)
	case errors.Is(err, answer.ErrNoAnswer):
		ans.Best = answer.Result{}
	case err != nil:
		return fmt.Errorf("ask: %w", err)
	}
	if asJSON {
		return writeJSON(e.stdout, askJSON(question, ans))
	}
	printAnswer(e.stdout, lib.Engine, ans)
	return nil
}

// jsonFlag is the --json of a command that prints one JSON object.
func jsonFlag(f *flag.FlagSet) *bool { return f.Bool("json", false, "print one JSON object") }

// questionArg is the question of a command that takes one (ask, compare,
// quote): its arguments, which must say something.
func questionArg(name string, args []string) (string, error) {
	question := strings.Join(args, " ")
	if strings.TrimSpace(question) == "" {
		what := "question"
		if name == "quote" {
			what = "quotation"
		}
		return "", usagef("%s: the %s is empty (usage: bot %s [--json] [--data DIR] %s)", name, what, name, strings.ToUpper(what))
	}
	return question, nil
}

// open loads the articles as the configuration says, and reports skipped
// files on the log.
func open(ctx context.Context, e *env) (*articles.Set, error) {
	lib, err := articles.Open(ctx, e.cfg.articles(e.log))
	if err != nil {
		return nil, err
	}
	for _, s := range lib.Skipped {
		e.log.Warn("skipped article file", "file", s.File, "reason", s.Err.Error())
	}
	if err := useGuild(ctx, e, lib); err != nil {
		lib.Close()
		return nil, err
	}
	return lib, nil
}

// resultJSON is the wire shape of one passage, as the README documents it.
type resultJSON struct {
	Text   string  `json:"text"`
	Title  string  `json:"title"`
	Source string  `json:"source"`
	Date   string  `json:"date"`
	URL    string  `json:"url"`
	Score  float64 `json:"score"`
	// Confidence is the chance that the passage answers the question, for
	// the answer given (not for alternatives).
	Confidence float64 `json:"confidence,omitempty"`
	PassageID  string  `json:"passage_id"`
	// When is the day the passage's date phrase stands for, only for a
	// "when" question.
	When string `json:"when,omitempty"`
}

type answerJSON struct {
	Question     string       `json:"question"`
	Answer       *resultJSON  `json:"answer"`
	Alternatives []resultJSON `json:"alternatives"`
}

func toJSON(r answer.Result) resultJSON {
	out := resultJSON{
		Text: r.Passage.Text, Title: r.Article.Title, Source: r.Article.Source, Date: r.Article.Date,
		URL: r.Article.URL, Score: round(r.Score), Confidence: round(r.Confidence), PassageID: r.Passage.ID,
	}
	if r.When != nil {
		out.When = r.When.Date
	}
	return out
}

func askJSON(question string, ans *answer.Answer) answerJSON {
	out := answerJSON{Question: question, Alternatives: []resultJSON{}}
	if ans.Best.Article != nil {
		best := toJSON(ans.Best)
		out.Answer = &best
	}
	for _, r := range ans.Alternatives {
		out.Alternatives = append(out.Alternatives, toJSON(r))
	}
	return out
}

func round(f float64) float64 { return math.Round(f*1000) / 1000 }

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

func printAnswer(w io.Writer, eng *answer.Engine, ans *answer.Answer) {
	if ans.Best.Article == nil {
		fmt.Fprintln(w, "I don't have that in my articles.")
		printCoverage(w, eng)
		return
	}
	fmt.Fprintln(w, ans.Best.Passage.Text)
	fmt.Fprintf(w, "— %s\n", citation(ans.Best.Article))
	if wn := ans.Best.When; wn != nil {
		fmt.Fprintf(w, "  When: %s (“%s”)\n", dayHeading(wn.Date), wn.Phrase)
	}
	if u := ans.Best.Article.URL; u != "" {
		fmt.Fprintf(w, "  %s\n", u)
	}
	if len(ans.Alternatives) > 0 {
		fmt.Fprintln(w, "\nAlso:")
		for _, r := range ans.Alternatives {
			fmt.Fprintf(w, "  • %s, %s: %s\n", r.Article.Source, orDefault(r.Article.Date, "undated"), shorten(r.Passage.Text, 100))
		}
	}
}

// printCoverage names what the articles cover, after a "not found".
func printCoverage(w io.Writer, eng *answer.Engine) {
	fmt.Fprintln(w, "They cover:")
	for _, a := range eng.Articles() {
		fmt.Fprintf(w, "  • %s\n", citation(&a))
	}
}

// citation is "Source, YYYY-MM-DD, “Headline”".
func citation(a *corpus.Article) string {
	return fmt.Sprintf("%s, %s, “%s”", orDefault(a.Source, "unknown source"), orDefault(a.Date, "undated"), a.Title)
}

// shorten cuts s to at most n runes at a word boundary, with "…".
func shorten(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	cut := string(r[:n-1])
	if i := strings.LastIndexByte(cut, ' '); i > n/2 {
		cut = cut[:i]
	}
	return strings.TrimRight(cut, " ,;:") + "…"
}
