package index

import (
	"context"
	"testing"

	"github.com/sourcebot/newsbot/internal/corpus"
)

// TestFoldedMatching: a question typed without diacritics, or with other
// quote and dash forms, finds the passage as the article writes it, and
// the highlight covers the word as written.
func TestFoldedMatching(t *testing.T) {
	text := "Möngke Khan moved the court from Zürich’s old quarter – so the story goes."
	arts := []corpus.Article{{ID: "a", Passages: []corpus.Passage{{ID: "a/1", Text: text}}}}
	ix := buildArticles(t, arts)
	for _, q := range []string{"Mongke", "MÖNGKE", "Zurich's", "Zürich", "ﬁrst Möngke"} {
		cs, err := ix.Concepts(context.Background(), q)
		if err != nil {
			t.Fatal(err)
		}
		var named *Concept
		for i := range cs {
			if cs[i].DocFreq > 0 {
				named = &cs[i]
			}
		}
		if named == nil {
			t.Errorf("%q: no concept found in the passage (%+v)", q, cs)
			continue
		}
		hits, err := ix.Search(context.Background(), []Concept{*named}, 1)
		if err != nil || len(hits) != 1 || len(hits[0].Spans) == 0 {
			t.Fatalf("%q: hits %+v, %v", q, hits, err)
		}
		sp := hits[0].Spans[0]
		if got := text[sp.Start:sp.End]; got != "Möngke" && got != "Zürich’s" && got != "Zürich" {
			t.Errorf("%q: highlight %q, want the word as written", q, got)
		}
	}
}
