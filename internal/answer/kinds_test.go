package answer

import (
	"bufio"
	"os"
	"strings"
	"testing"

	"github.com/sourcebot/newsbot/internal/corpus"
)

// TestKindsHold holds the passage kinds read once (passageKinds) to holds,
// which reads the passage for every question: the same answer for every
// kind, for each SQuAD question against every passage of the articles,
// and for the news questions against the two real articles.
func TestKindsHold(t *testing.T) {
	sets := []struct{ articles, questions string }{
		{"../../testdata/squad/articles", "../../testdata/squad/questions.tsv"},
		{"../../data", "../../testdata/dev.tsv"},
		{"../../testdata/heldout/articles", "../../testdata/heldout/articles.tsv"},
	}
	every := 30
	if testing.Short() {
		every = 120
	}
	pairs, held := 0, 0
	for _, set := range sets {
		arts, _, err := corpus.Load(os.DirFS(set.articles))
		if err != nil {
			t.Fatal(err)
		}
		// Every passage against every question costs minutes on SQuAD:
		// a spread of them, every kind of question among them.
		var questions []string
		for i, q := range readQuestions(t, set.questions) {
			if i%every == 0 {
				questions = append(questions, q)
			}
		}
		for _, a := range arts {
			for _, p := range a.Passages {
				k := readKinds(p.Text)
				for _, q := range questions {
					qw, m := questionWords(q), matched(q, p.Text)
					for _, kind := range []answerKind{kindName, kindDate, kindNumber} {
						want := holds(kind, p.Text, qw, m)
						if got := k.holds(kind, p.Text, qw, m); got != want {
							t.Fatalf("kinds of %s hold %v for %q, holds says %v", p.ID, got, q, want)
						}
						pairs++
						if want {
							held++
						}
					}
				}
			}
		}
	}
	t.Logf("%d passage, question and kind triples, %d held", pairs, held)
}

// readQuestions reads the questions of a question set (question <TAB> …).
func readQuestions(tb testing.TB, path string) []string {
	tb.Helper()
	f, err := os.Open(path)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	var out []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if line := sc.Text(); line != "" && !strings.HasPrefix(line, "#") {
			q, _, _ := strings.Cut(line, "\t")
			out = append(out, q)
		}
	}
	if err := sc.Err(); err != nil {
		tb.Fatal(err)
	}
	return out
}

// FuzzFewFields holds fewFields to counting strings.Fields.
func FuzzFewFields(f *testing.F) {
	for _, s := range []string{"", " a  b ", "one\ttwo\u00a0three\u2003four", "\xff \xfe", "a\u0085b"} {
		f.Add(s, 2)
	}
	f.Fuzz(func(t *testing.T, s string, n int) {
		if got, want := fewFields(s, n), len(strings.Fields(s)) <= n; got != want {
			t.Errorf("fewFields(%q, %d) = %v, want %v", s, n, got, want)
		}
	})
}
