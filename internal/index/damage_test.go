package index

import (
	"context"
	"errors"
	"testing"

	"github.com/blevesearch/bleve/v2"
	bleveindex "github.com/blevesearch/bleve_index_api"
)

// faulty is a bleve index whose segments are damaged: searching panics,
// as zapx does on a flipped byte (slice bounds out of range), and the
// term dictionary cannot be read.
type faulty struct{ bleveIndex }

// bleveIndex names the embedded field apart from bleve.Index's Index method.
type bleveIndex = bleve.Index

func (faulty) SearchInContext(context.Context, *bleve.SearchRequest) (*bleve.SearchResult, error) {
	var offsets []uint64
	_ = offsets[:7] // slice bounds out of range, as in getDocStoredOffsets
	return nil, nil
}

func (faulty) Advanced() (bleveindex.Index, error) {
	return nil, errors.New("read segment: checksum mismatch")
}

func TestADamagedIndexFailsAndStaysFailed(t *testing.T) {
	ctx := context.Background()
	for name, call := range map[string]func(ix *Index) error{
		"Search": func(ix *Index) error {
			cs, err := ix.Concepts(ctx, "China proof")
			if err != nil {
				return err
			}
			ix.bl = faulty{ix.bl}
			_, err = ix.Search(ctx, cs, 10)
			return err
		},
		"Concepts": func(ix *Index) error {
			ix.bl = faulty{ix.bl}
			_, err := ix.Concepts(ctx, "China proof")
			return err
		},
	} {
		t.Run(name, func(t *testing.T) {
			ix := mustBuild(t)
			good := ix.bl
			if err := call(ix); !errors.Is(err, ErrDamaged) {
				t.Fatalf("%s on a damaged index: %v, want ErrDamaged", name, err)
			}
			if !errors.Is(ix.Damaged(), ErrDamaged) {
				t.Errorf("Damaged() = %v after a failed %s", ix.Damaged(), name)
			}
			// The index is not trusted again, even if bleve would answer.
			ix.bl = good
			if _, err := ix.Concepts(ctx, "China proof"); !errors.Is(err, ErrDamaged) {
				t.Errorf("Concepts after damage: %v, want ErrDamaged", err)
			}
		})
	}
}

func TestACancelledSearchIsNotDamage(t *testing.T) {
	ix := mustBuild(t)
	ctx, cancel := context.WithCancel(context.Background())
	cs, err := ix.Concepts(ctx, "China proof")
	if err != nil {
		t.Fatal(err)
	}
	cancel()
	if _, err := ix.Search(ctx, cs, 10); err == nil || errors.Is(err, ErrDamaged) {
		t.Errorf("Search with a cancelled context: %v, want the context's error", err)
	}
	if err := ix.Damaged(); err != nil {
		t.Errorf("Damaged() = %v after a cancelled search", err)
	}
	if _, err := ix.Search(context.Background(), cs, 10); err != nil {
		t.Errorf("Search after a cancelled one: %v", err)
	}
}

func TestHas(t *testing.T) {
	ix := mustBuild(t)
	for id, want := range map[string]bool{"000_e50f249042850110/2": true, "nope/1": false} {
		if got, err := ix.Has(id); err != nil || got != want {
			t.Errorf("Has(%q) = %v, %v; want %v", id, got, err, want)
		}
	}
}

// picky is a sound bleve index that fails some questions' searches, as a
// bug in bleve that one input reaches would: by an error or by a panic,
// where Search reads a term's postings (bleve's own search, which the
// probe runs, still answers).
type picky struct {
	bleveIndex
	panics bool
}

func (p picky) Advanced() (bleveindex.Index, error) {
	adv, err := p.bleveIndex.Advanced()
	if err != nil {
		return nil, err
	}
	return pickyAdvanced{adv, p.panics}, nil
}

type pickyAdvanced struct {
	bleveindex.Index
	panics bool
}

func (a pickyAdvanced) Reader() (bleveindex.IndexReader, error) {
	r, err := a.Index.Reader()
	if err != nil {
		return nil, err
	}
	return pickyReader{r, a.panics}, nil
}

type pickyReader struct {
	bleveindex.IndexReader
	panics bool
}

func (r pickyReader) TermFieldReader(context.Context, []byte, string, bool, bool, bool) (bleveindex.TermFieldReader, error) {
	if r.panics {
		var offsets []uint64
		_ = offsets[:7]
	}
	return nil, errors.New("automaton too large")
}

func TestAQuestionsOwnFailureIsNotDamage(t *testing.T) {
	ctx := context.Background()
	for _, panics := range []bool{false, true} {
		ix := mustBuild(t)
		cs, err := ix.Concepts(ctx, "China proof")
		if err != nil {
			t.Fatal(err)
		}
		good := ix.bl
		ix.bl = picky{good, panics}
		_, err = ix.Search(ctx, cs, 10)
		if !errors.Is(err, ErrQuestion) || errors.Is(err, ErrDamaged) {
			t.Errorf("panics=%v: Search failing for one question: %v, want ErrQuestion", panics, err)
		}
		if err := ix.Damaged(); err != nil {
			t.Errorf("panics=%v: Damaged() = %v after one question's failure", panics, err)
		}
		ix.bl = good
		if hits, err := ix.Search(ctx, cs, 10); err != nil || len(hits) == 0 {
			t.Errorf("panics=%v: the next search: %d hits, %v", panics, len(hits), err)
		}
	}
}
