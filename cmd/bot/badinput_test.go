package main

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/sourcebot/newsbot/internal/badinput"
)

// TestBadQuestions runs the shared table of bad input through bot ask: each
// gets an answer, a no-answer, or a one-line usage error; none panics.
func TestBadQuestions(t *testing.T) {
	for _, q := range badinput.MustLoad(t, "../../testdata/bad_questions.txt") {
		t.Run(badinput.Name(q), func(t *testing.T) {
			out, _, err := runBot(t, nil, "ask", "--json", "--", q)
			var u usageError
			if errors.As(err, &u) {
				if strings.Contains(err.Error(), "\n") {
					t.Errorf("usage error spans lines: %q", err)
				}
				return
			}
			if err != nil {
				t.Fatalf("ask: %v", err)
			}
			var got answerJSON
			if err := json.Unmarshal([]byte(out), &got); err != nil {
				t.Fatalf("not one JSON object: %v\n%s", err, out)
			}
			if got.Answer != nil && got.Answer.Source == "" {
				t.Errorf("an answer without a source: %+v", got.Answer)
			}
			// compare and quote read the same text the same way.
			for _, cmd := range []string{"compare", "quote"} {
				out, _, err := runBot(t, nil, cmd, "--json", "--", q)
				if errors.As(err, &u) {
					continue
				}
				if err != nil {
					t.Fatalf("%s: %v", cmd, err)
				}
				if !json.Valid([]byte(out)) {
					t.Errorf("%s: not JSON:\n%s", cmd, out)
				}
			}
		})
	}
}
