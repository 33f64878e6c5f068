package main

import (
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/sourcebot/newsbot/internal/corpus"
	"github.com/sourcebot/newsbot/internal/quality"
)

// TestTwinOf: the second report has its own ids, source and headline,
// each passage keeps all but one of three or more sentences of its
// original, and it holds an answer only if it kept the snippet's
// sentences; the same seed makes the same report.
func TestTwinOf(t *testing.T) {
	a := corpus.Article{ID: "a", Source: "Wire", Title: "Event", Passages: []corpus.Passage{
		{ID: "a/0", Text: "One sentence only."},
		{ID: "a/1", Text: "The first says this. The second says that. The third says more."},
	}}
	tw, kept := twinOf(a, rand.New(rand.NewPCG(twinSeed, 1)))
	again, _ := twinOf(a, rand.New(rand.NewPCG(twinSeed, 1)))
	if tw.ID == a.ID || tw.Source == a.Source || tw.Title == a.Title {
		t.Errorf("twin %q from %q titled %q: want another id, source and headline", tw.ID, tw.Source, tw.Title)
	}
	for i, p := range tw.Passages {
		if p.ID == a.Passages[i].ID || p.Text != again.Passages[i].Text {
			t.Errorf("twin passage %s %q: want a new id and the same text again (%q)", p.ID, p.Text, again.Passages[i].Text)
		}
	}
	if tw.Passages[0].Text != a.Passages[0].Text {
		t.Errorf("a one-sentence passage became %q", tw.Passages[0].Text)
	}
	p := tw.Passages[1].Text
	if n := strings.Count(p, "."); n != 2 {
		t.Errorf("twin of three sentences %q holds %d, want 2", p, n)
	}
	for _, s := range []string{"The first says this.", "The second says that.", "The third says more."} {
		c := quality.Case{Want: []string{s[4:14]}}
		if got := kept["a-twin/2"].right(c); got != strings.Contains(p, s) {
			t.Errorf("twin %q: right(%q) = %v", p, s[4:14], got)
		}
	}
	across := quality.Case{Want: []string{"this. The second"}}
	want := strings.Contains(p, "this.") && strings.Contains(p, "The second")
	if got := kept["a-twin/2"].right(across); got != want {
		t.Errorf("twin %q: a snippet across two sentences right = %v, want %v", p, got, want)
	}
}
