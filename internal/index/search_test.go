package index

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"math"
	"os"
	"reflect"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/sourcebot/newsbot/internal/corpus"
)

// questionsOf reads the questions of a question set (question <TAB> …).
func questionsOf(tb testing.TB, path string) []string {
	tb.Helper()
	f, err := os.Open(path)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	var out []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		q, _, _ := strings.Cut(line, "\t")
		out = append(out, q)
	}
	if err := sc.Err(); err != nil {
		tb.Fatal(err)
	}
	return out
}

// buildDir indexes the articles in dir with the real synonym list.
func buildDir(tb testing.TB, dir string) *Index {
	tb.Helper()
	arts, _, err := corpus.Load(os.DirFS(dir))
	if err != nil {
		tb.Fatal(err)
	}
	ix := mustBuild(tb)
	real, err := Build(context.Background(), arts, ix.syn)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { real.Close() })
	return real
}

// TestSearchIsBleves holds Search to bleve's own query of the same shape
// (searchBleve): the same passages in the same order, the same counts,
// positions, offsets and highlights, and the same scores but for their
// last bits, for every question of the news and SQuAD sets, with all
// their concepts and without the first (which changes the weights and the
// coordination), at the engine's depth and at a cut of 3.
func TestSearchIsBleves(t *testing.T) {
	if testing.Short() {
		t.Skip("reads every SQuAD question twice")
	}
	sets := []struct {
		name      string
		ix        func() *Index
		questions []string
	}{
		{"seeds", func() *Index { return mustBuild(t) }, append(questionsOf(t, "../../testdata/dev.tsv"), questionsOf(t, "../../testdata/heldout/seeds.tsv")...)},
		{"heldout", func() *Index { return buildDir(t, "../../testdata/heldout/articles") }, questionsOf(t, "../../testdata/heldout/articles.tsv")},
		{"squad", func() *Index { return buildDir(t, "../../testdata/squad/articles") }, questionsOf(t, "../../testdata/squad/questions.tsv")},
	}
	ctx := context.Background()
	for _, set := range sets {
		t.Run(set.name, func(t *testing.T) {
			ix := set.ix()
			compared := 0
			for _, q := range set.questions {
				all, err := ix.Concepts(ctx, q)
				if err != nil {
					t.Fatal(err)
				}
				for _, cs := range [][]Concept{all, all[min(1, len(all)):]} {
					if len(cs) == 0 {
						continue
					}
					for _, size := range []int{30, 3} {
						got, err := ix.Search(ctx, cs, size)
						if err != nil {
							t.Fatalf("Search(%q): %v", q, err)
						}
						want, err := ix.searchBleve(ctx, cs, size)
						if err != nil {
							t.Fatalf("searchBleve(%q): %v", q, err)
						}
						sameHits(t, q, got, want)
						compared++
					}
				}
			}
			t.Logf("%d searches compared over %d passages", compared, ix.Len())
		})
	}
}

func sameHits(t *testing.T, q string, got, want []Hit) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%q: %d hits, bleve %d", q, len(got), len(want))
	}
	for i := range got {
		g, w := got[i], want[i]
		if math.Abs(g.Score-w.Score) > 1e-9*math.Max(1, math.Abs(w.Score)) {
			t.Errorf("%q: hit %d %s scores %v, bleve %v", q, i, g.ID, g.Score, w.Score)
		}
		g.Score = w.Score
		if !reflect.DeepEqual(g, w) {
			t.Fatalf("%q: hit %d:\n got %+v\nwant %+v", q, i, g, w)
		}
	}
}

// TestSearchConcurrent: searches running at once, sharing the pooled
// buffers and the postings memo, give what each gives alone.
func TestSearchConcurrent(t *testing.T) {
	ix := mustBuild(t)
	ctx := context.Background()
	questions := questionsOf(t, "../../testdata/dev.tsv")
	var concepts [][]Concept
	var want [][]Hit
	for _, q := range questions {
		cs, err := ix.Concepts(ctx, q)
		if err != nil || len(cs) == 0 {
			continue
		}
		hits, err := ix.searchBleve(ctx, cs, 10)
		if err != nil {
			t.Fatal(err)
		}
		concepts, want = append(concepts, cs), append(want, hits)
	}
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for k := range 3 * len(concepts) {
				i := (k + g) % len(concepts)
				got, err := ix.Search(ctx, concepts[i], 10)
				if err != nil {
					t.Error(err)
					return
				}
				for j := range min(len(got), len(want[i])) {
					got[j].Score = want[i][j].Score // held to bleve's apart (TestSearchIsBleves)
				}
				if !reflect.DeepEqual(got, want[i]) {
					t.Errorf("concurrent Search for %v differs from bleve's", concepts[i][0].Surface)
				}
			}
		}()
	}
	wg.Wait()
}

// TestPostingsMemoBounded: however many different terms questions name,
// the postings kept for them stay within maxMemoBytes, and searches past
// the bound still find what they found.
func TestPostingsMemoBounded(t *testing.T) {
	old := maxMemoBytes
	maxMemoBytes = 4 << 10
	t.Cleanup(func() { maxMemoBytes = old })
	ix := mustBuild(t)
	ctx := context.Background()
	questions := []string{"China proof", "Sony Pictures hacking", "North Korea attack", "Obama act of war",
		"cyber attacks opposed", "Hua Chunying spokeswoman", "The Interview film", "Internet outage"}
	first := map[string][]Hit{}
	for round := range 2 {
		for _, q := range questions {
			cs, err := ix.Concepts(ctx, q)
			if err != nil {
				t.Fatal(err)
			}
			hits, err := ix.Search(ctx, cs, 10)
			if err != nil {
				t.Fatal(err)
			}
			if round == 0 {
				first[q] = hits
			} else if !reflect.DeepEqual(hits, first[q]) {
				t.Errorf("%q: hits changed once the memo was full", q)
			}
		}
	}
	var held int64
	ix.postings.Range(func(k slotKey, pl *postingList) bool {
		held += memoSize(k.term, len(pl.posts), len(pl.occs))
		return true
	})
	if held == 0 || held > maxMemoBytes {
		t.Errorf("the postings memo holds about %d bytes, want some and at most %d", held, maxMemoBytes)
	}
}

// cancelAfter is a context that is cancelled once Err has been asked n
// times: a question's deadline passing while Search reads.
type cancelAfter struct {
	context.Context
	n atomic.Int32
}

func (c *cancelAfter) Err() error {
	if c.n.Add(-1) < 0 {
		return context.Canceled
	}
	return nil
}

// TestSearchCancelledWithinAList: a deadline that passes while Search reads
// one common word's postings ends the search there, as bleve's collector
// ended it every 1,024 passages, rather than after the whole list.
func TestSearchCancelledWithinAList(t *testing.T) {
	syn, err := ParseSynonyms("")
	if err != nil {
		t.Fatal(err)
	}
	a := corpus.Article{ID: "a"}
	for i := range 3 * checkDoneEvery {
		a.Passages = append(a.Passages, corpus.Passage{ID: fmt.Sprintf("a/%d", i), Text: "The storm reached the coast."})
	}
	ix, err := Build(context.Background(), []corpus.Article{a}, syn)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	cs := []Concept{{Surface: "storm", Alts: [][]string{ix.Analyze("storm")}}}
	ctx := &cancelAfter{Context: context.Background()}
	ctx.n.Store(2) // as many looks as there are lists (the text's, the context's) pass
	if hits, err := ix.Search(ctx, cs, 10); !errors.Is(err, context.Canceled) {
		t.Errorf("Search cancelled while reading a list of %d: %d hits, %v; want context.Canceled", ix.Len(), len(hits), err)
	}
	if err := ix.Damaged(); err != nil {
		t.Errorf("a cancelled search marked the index damaged: %v", err)
	}
}

// TestExtensionsMemoBounded: a stream of words no passage has (anyone can
// send one) keeps at most maxExtended of their extensions per index.
func TestExtensionsMemoBounded(t *testing.T) {
	ix := mustBuild(t)
	ctx := context.Background()
	for i := range maxExtended + 500 {
		if _, err := ix.Concepts(ctx, fmt.Sprintf("zqx%dword", i)); err != nil {
			t.Fatal(err)
		}
	}
	if n := ix.extended.Len(); n > maxExtended {
		t.Errorf("%d extensions kept, want at most %d", n, maxExtended)
	}
}
