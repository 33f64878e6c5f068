package discord

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/sourcebot/newsbot/internal/answer"
	"github.com/sourcebot/newsbot/internal/index"
	"github.com/sourcebot/newsbot/internal/quote"
)

// TestFailures: each error, wrapped as the engine and the store wrap them,
// gets its own words, and only the bot's own failures reach the log.
func TestFailures(t *testing.T) {
	h := mustHandler(t)
	r := &req{eng: h.engines.cur.eng, examples: []string{"what did China say about proof?"}}
	tests := []struct {
		err    error
		want   string
		logged bool
	}{
		{errRateLimited, "faster than I can keep up", false},
		{fmt.Errorf("ask: %w", answer.ErrEmptyQuestion), "for example: /ask question: what did China say about proof?", false},
		{fmt.Errorf("ask: %w", answer.ErrTooLong), "too long", false},
		{fmt.Errorf("ask: %w", answer.ErrNoAnswer), "I don't have that in my articles", false},
		{fmt.Errorf("quote: %w", quote.ErrBadInput), "some words of the quotation", false},
		{fmt.Errorf("quote: %w", quote.ErrNotFound), "I can't find that quotation", false},
		{fmt.Errorf("%w: %w", errStore, errors.New("database is locked")), "couldn't read the record", true},
		{fmt.Errorf("ask: %w: search: %w", index.ErrQuestion, errors.New("automaton too large")), "ask it in other words", true},
		{errors.New("index: read segment: EOF"), searchFailed, true},
	}
	for _, tt := range tests {
		resp, err := h.failure(r, tt.err)
		if !strings.Contains(resp.Data.Content, tt.want) || !isPrivate(resp) {
			t.Errorf("failure(%v) = %q (private %v), want a private %q", tt.err, resp.Data.Content, isPrivate(resp), tt.want)
		}
		if logged := err != nil; logged != tt.logged || logged && !errors.Is(err, tt.err) {
			t.Errorf("failure(%v) returned %v for the log, want logged %v", tt.err, err, tt.logged)
		}
	}
}
