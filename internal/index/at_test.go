package index

import (
	"context"
	"strings"
	"testing"

	"github.com/sourcebot/newsbot/internal/corpus"
)

// TestSearchAtIsBytesOfTheText: Hit.At are byte offsets into the passage
// as written, after letters of several bytes and with folding ("Mongke"
// finds "Möngke"), and words of the context are not among them.
func TestSearchAtIsBytesOfTheText(t *testing.T) {
	const p = "“Größte” Schlacht: Möngke’s army — çà — marched. Later the armies of Möngke won."
	arts := []corpus.Article{{ID: "a", Passages: []corpus.Passage{{ID: "a/0", Text: p, Context: "Möngke army elsewhere"}}}}
	ix := buildArticles(t, arts)
	ctx := context.Background()
	cs, err := ix.Concepts(ctx, "Mongke army marched")
	if err != nil {
		t.Fatal(err)
	}
	hits, err := ix.Search(ctx, cs, 5)
	if err != nil || len(hits) != 1 {
		t.Fatalf("Search = %d hits, %v; want the one passage", len(hits), err)
	}
	want := map[string][]string{"Mongke": {"Möngke", "Möngke"}, "army": {"army", "armies"}, "marched": {"marched"}}
	for i, c := range cs {
		var got []string
		for _, o := range hits[0].At[i] {
			end := strings.IndexAny(p[o:], " ’.")
			got = append(got, p[o:o+end])
		}
		if strings.Join(got, "|") != strings.Join(want[c.Surface], "|") {
			t.Errorf("Search: At of %q reads %q in the text, want %q", c.Surface, got, want[c.Surface])
		}
	}
}
