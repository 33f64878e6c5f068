package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/sourcebot/newsbot/internal/quote"
)

func quoteCommand(f *flag.FlagSet) runner {
	asJSON := jsonFlag(f)
	return func(ctx context.Context, e *env, args []string) error { return runQuote(ctx, e, args, *asJSON) }
}

func runQuote(ctx context.Context, e *env, args []string, asJSON bool) error {
	text, err := questionArg("quote", args)
	if err != nil {
		return err
	}
	lib, err := open(ctx, e)
	if err != nil {
		return err
	}
	defer lib.Close()

	best, others, err := lib.Engine.FindQuote(text)
	switch {
	case errors.Is(err, quote.ErrBadInput):
		return usagef("quote: %v", err)
	case err != nil && !errors.Is(err, quote.ErrNotFound):
		return fmt.Errorf("quote: %w", err)
	}
	found := err == nil
	if asJSON {
		out := quoteOut{Text: text, Others: []quoteJSON{}}
		if found {
			q := toQuoteJSON(best)
			out.Quote = &q
			for _, m := range others {
				out.Others = append(out.Others, toQuoteJSON(m))
			}
		}
		return writeJSON(e.stdout, out)
	}
	if !found {
		fmt.Fprintln(e.stdout, "I can't find that quotation in my articles.")
		printCoverage(e.stdout, lib.Engine)
		return nil
	}
	printQuote(e.stdout, best)
	if len(others) > 0 {
		fmt.Fprintln(e.stdout, "\nAlso close:")
		for _, m := range others {
			fmt.Fprintf(e.stdout, "  • “%s” — %s (%s)\n", shorten(m.Quote, 80), speakerLine(m.Attribution), citation(m.Article))
		}
	}
	return nil
}

// quoteJSON is a quotation with its attribution and, as in ask --json, the
// passage and article it comes from.
type quoteJSON struct {
	Quote      string  `json:"quote"`
	Speaker    string  `json:"speaker"` // "" when the article names none
	Role       string  `json:"role"`
	How        string  `json:"how"`
	Doubt      string  `json:"doubt,omitempty"` // why no speaker is given though someone is reported near the words
	Fragment   bool    `json:"fragment"`        // only these words are quoted, inside the article's account
	Similarity float64 `json:"similarity"`
	Text       string  `json:"text"`
	Title      string  `json:"title"`
	Source     string  `json:"source"`
	Date       string  `json:"date"`
	URL        string  `json:"url"`
	PassageID  string  `json:"passage_id"`
}

type quoteOut struct {
	Text   string      `json:"text"`
	Quote  *quoteJSON  `json:"quote"` // null when no quotation matches
	Others []quoteJSON `json:"others"`
}

func toQuoteJSON(m quote.Match) quoteJSON {
	a := m.Article
	return quoteJSON{Quote: m.Quote, Speaker: m.Attribution.Speaker, Role: m.Attribution.Role, How: m.Attribution.How,
		Doubt: m.Attribution.Doubt, Fragment: m.Fragment, Similarity: round(m.Similarity), Text: m.Passage.Text, Title: a.Title, Source: a.Source,
		Date: a.Date, URL: a.URL, PassageID: m.Passage.ID}
}

func printQuote(w io.Writer, m quote.Match) {
	fmt.Fprintf(w, "“%s”\n", m.Quote)
	fmt.Fprintf(w, "— %s\n", speakerLine(m.Attribution))
	fmt.Fprintf(w, "  reported by %s\n", citation(m.Article))
	if m.Article.URL != "" {
		fmt.Fprintf(w, "  %s\n", m.Article.URL)
	}
	if m.Fragment {
		fmt.Fprintln(w, "  (only these words are quoted, inside the article's own account)")
	}
	fmt.Fprintf(w, "\nIn full: %s\n", m.Passage.Text)
}

// speakerLine is "Barack Obama (US President), in an interview with CNN",
// or says plainly that the article names no speaker.
func speakerLine(a quote.Attribution) string {
	if a.Speaker == "" && a.Doubt != "" {
		return "no speaker given: " + a.Doubt
	}
	if a.Speaker == "" {
		return "the article does not say who said it"
	}
	parts := []string{a.Speaker}
	if a.Role != "" {
		parts[0] += " (" + a.Role + ")"
	}
	if a.How != "" {
		parts = append(parts, a.How)
	}
	return strings.Join(parts, ", ")
}
