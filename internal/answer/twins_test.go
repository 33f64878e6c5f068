package answer_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
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

// TestOtherFigureIsNoTwin: two reports of one event often run a
// paragraph on the same thing with other figures (one day's fall, the
// next day's). Such passages are not one another's copies: a question
// both bear on, but neither settles, must gain no confidence because
// one of them also gives the share price and the listing year, words
// that do not touch the question but raise the two passages' shared
// stems past twinStems.
func TestOtherFigureIsNoTwin(t *testing.T) {
	const (
		afp    = "011_tasman_afp.txt"
		said   = "Shares in Tasman Mobile fell a further 3.1 percent on Wednesday, after losing 8.4 percent the previous day."
		longer = "Shares in Tasman Mobile fell a further 3.1 percent to A$3.02 on Wednesday, the lowest since the company listed in 2009."
		q      = "How much did Tasman Mobile shares fall?"
	)
	src := "../../testdata/heldout/articles"
	reports, err := os.ReadDir(src)
	if err != nil {
		t.Fatal(err)
	}
	short, long := t.TempDir(), t.TempDir()
	for _, f := range reports {
		text, err := os.ReadFile(filepath.Join(src, f.Name()))
		if err != nil {
			t.Fatal(err)
		}
		edited := text
		if f.Name() == afp {
			if !strings.Contains(string(text), said) {
				t.Fatalf("%s no longer says %q", afp, said)
			}
			edited = []byte(strings.Replace(string(text), said, longer, 1))
		}
		for dir, b := range map[string][]byte{short: text, long: edited} {
			if err := os.WriteFile(filepath.Join(dir, f.Name()), b, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	before, after := confidenceIn(t, short, q), confidenceIn(t, long, q)
	if after > before+0.05 {
		t.Errorf("%q: confidence %.3f once one report adds the price and listing year, against %.3f before", q, after, before)
	}
}
