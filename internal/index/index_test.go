package index

import (
	"context"
	"os"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2/analysis/lang/en"

	"github.com/sourcebot/newsbot/internal/corpus"
	"github.com/sourcebot/newsbot/internal/text"
)

// mustBuild indexes the real articles with the real synonym list.
func mustBuild(tb testing.TB) *Index {
	tb.Helper()
	arts, skipped, err := corpus.Load(os.DirFS("../../data"))
	if err != nil || len(skipped) > 0 {
		tb.Fatalf("load articles: %v %v", err, skipped)
	}
	var raw []byte
	for _, f := range []string{"../../data/general.conf", "../../data/synonyms.conf"} {
		b, err := os.ReadFile(f)
		if err != nil {
			tb.Fatal(err)
		}
		raw = append(append(raw, b...), '\n')
	}
	return buildWith(tb, arts, string(raw))
}

func TestParseSynonymsErrors(t *testing.T) {
	for _, text := range []string{"lonely", "a, ", ", , ,x", "ok, fine\n—, …"} {
		if _, err := ParseSynonyms(text); err == nil {
			t.Errorf("ParseSynonyms(%q) = nil error, want one", text)
		}
	}
	s, err := ParseSynonyms("# comment\n\nfilm, movie\n")
	if err != nil || s.Len() != 1 {
		t.Errorf("ParseSynonyms = %v groups, %v; want 1, nil", s.Len(), err)
	}
}

// TestStopWordsAreSnowballLessNegations pins where text.StopWords comes
// from: bleve's English (Snowball) stop list, less the four words that turn
// a question around. A change to either shows here.
func TestStopWordsAreSnowballLessNegations(t *testing.T) {
	var want []string
	for _, line := range strings.Split(string(en.EnglishStopWords), "\n") {
		w, _, _ := strings.Cut(line, "|")
		switch w = strings.TrimSpace(w); w {
		case "", "no", "not", "nor", "against":
		default:
			want = append(want, w)
		}
	}
	if got := text.StopWords(); !slices.Equal(got, want) {
		t.Errorf("text.StopWords() = %q\nwant %q", got, want)
	}
}

func TestAnalyzeKeepsNegations(t *testing.T) {
	ix := mustBuild(t)
	got := ix.Analyze("There was no proof, not against the law")
	want := []string{"no", "proof", "not", "against", "law"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Analyze = %q, want %q", got, want)
	}
}

func TestConcepts(t *testing.T) {
	ix := mustBuild(t)
	ctx := context.Background()
	tests := []struct {
		question string
		surface  string   // the concept to look at
		alt      []string // one of its forms
		minDF    int
	}{
		{"What did Nokor deny?", "Nokor", []string{"north", "korea"}, 4},
		{"Why is North Korea's ally silent?", "North Korea's", []string{"pyongyang"}, 4},
		{"what about the DPRK", "DPRK", []string{"north", "korea"}, 4},
		{"Did the US ask for help?", "US", []string{"washington"}, 4},
		{"Was there evidence?", "evidence", []string{"proof"}, 1},
		{"Who leads the country?", "leads", []string{"leader"}, 1},
		{"Who is Kim Jong-Un?", "Kim Jong-Un", []string{"kim", "jong", "un"}, 2},
	}
	for _, tt := range tests {
		t.Run(tt.question, func(t *testing.T) {
			cs, err := ix.Concepts(ctx, tt.question)
			if err != nil {
				t.Fatal(err)
			}
			for _, c := range cs {
				if c.Surface != tt.surface {
					continue
				}
				if tt.question[c.Start:c.End] != c.Surface {
					t.Errorf("offsets %d:%d do not frame %q", c.Start, c.End, c.Surface)
				}
				for _, a := range c.Alts {
					if reflect.DeepEqual(a, tt.alt) {
						if c.DocFreq < tt.minDF {
							t.Errorf("%q: DocFreq %d, want ≥ %d", c.Surface, c.DocFreq, tt.minDF)
						}
						return
					}
				}
				t.Fatalf("%q alts = %q, want one of them %q", c.Surface, c.Alts, tt.alt)
			}
			t.Fatalf("Concepts(%q) has no %q: %+v", tt.question, tt.surface, cs)
		})
	}

	t.Run("lowercase us is a pronoun", func(t *testing.T) {
		cs, err := ix.Concepts(ctx, "tell us about proof")
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range cs {
			if strings.EqualFold(c.Surface, "us") && len(c.Alts) > 1 {
				t.Errorf("lowercase %q expanded to %q", c.Surface, c.Alts)
			}
		}
	})
}

func TestSearchHighlightsMatchedWords(t *testing.T) {
	ix := mustBuild(t)
	ctx := context.Background()
	cs, err := ix.Concepts(ctx, "proof North Korea")
	if err != nil {
		t.Fatal(err)
	}
	hits, err := ix.Search(ctx, cs, 5)
	if err != nil || len(hits) == 0 {
		t.Fatalf("Search = %d hits, %v", len(hits), err)
	}
	const text = "China said on Monday (December 22) that it opposed all forms of cyber attacks but there was no proof yet that North Korea was responsible for the hacking of Sony Pictures, as charged by the United States."
	for _, h := range hits {
		if h.ID != "000_e50f249042850110/2" {
			continue
		}
		var got []string
		for _, s := range h.Spans {
			got = append(got, text[s.Start:s.End])
		}
		want := []string{"proof", "North", "Korea"}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("highlighted %q, want %q", got, want)
		}
		if h.TF[0] != 1 || h.TF[1] != 1 {
			t.Errorf("TF = %v, want 1 for each concept", h.TF)
		}
		return
	}
	t.Fatalf("the Reuters proof passage is not among %d hits", len(hits))
}

func TestSearchNeedsConcepts(t *testing.T) {
	ix := mustBuild(t)
	if _, err := ix.Search(context.Background(), nil, 3); err != ErrNoConcepts {
		t.Errorf("Search(nil) error = %v, want ErrNoConcepts", err)
	}
}

// buildArticles indexes arts with no synonyms, closed when the test ends.
func buildArticles(tb testing.TB, arts []corpus.Article) *Index {
	tb.Helper()
	return buildWith(tb, arts, "")
}

// buildWith indexes arts with the synonyms of synonyms.conf text,
// closed when the test ends.
func buildWith(tb testing.TB, arts []corpus.Article, synonyms string) *Index {
	tb.Helper()
	syn, err := ParseSynonyms(synonyms)
	if err != nil {
		tb.Fatal(err)
	}
	ix, err := Build(context.Background(), arts, syn)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { ix.Close() })
	return ix
}
