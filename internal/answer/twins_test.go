package answer_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/sourcebot/newsbot/internal/articles"
)

// TestSyndicatedCopyIsNoRival: a wire report that another outlet ran
// again says each fact twice, in two articles. The copy is the same
// evidence, so the answer must come as surely as from the report alone;
// before, the two split the softmax share and the answer lost confidence.
func TestSyndicatedCopyIsNoRival(t *testing.T) {
	report, err := os.ReadFile("../../data/000_e50f249042850110.txt")
	if err != nil {
		t.Fatal(err)
	}
	alone, twice := t.TempDir(), t.TempDir()
	copied := append([]byte("---\nsource: Another Outlet\n---\n"), report...)
	for path, text := range map[string][]byte{
		filepath.Join(alone, "report.txt"): report,
		filepath.Join(twice, "report.txt"): report,
		filepath.Join(twice, "copy.txt"):   copied,
	} {
		if err := os.WriteFile(path, text, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, q := range []string{
		"What did China say about proof?",
		"Who is North Korea's only major ally?",
	} {
		one, two := confidenceIn(t, alone, q), confidenceIn(t, twice, q)
		if two < one-0.02 {
			t.Errorf("%q: confidence %.3f with the report and a copy, want about its %.3f alone", q, two, one)
		}
	}
}

func confidenceIn(t *testing.T, dir, question string) float64 {
	t.Helper()
	lib, err := articles.Load(context.Background(), dir)
	if err != nil {
		t.Fatal(err)
	}
	defer lib.Close()
	ans, err := lib.Engine.Ask(context.Background(), question)
	if err != nil {
		t.Fatalf("%s: Ask(%q): %v", dir, question, err)
	}
	return ans.Best.Confidence
}
