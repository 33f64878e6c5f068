package index

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
)

// searchBleve is Search as bleve's own query, collector and locations
// answered it before Search read the postings itself: the reference the
// tests hold Search to.
func (ix *Index) searchBleve(ctx context.Context, concepts []Concept, size int) (_ []Hit, err error) {
	if err := ix.Damaged(); err != nil {
		return nil, err
	}
	defer ix.guard(ctx, "search", &err)
	if len(concepts) == 0 {
		return nil, ErrNoConcepts
	}
	qs := make([]query.Query, len(concepts))
	for i, c := range concepts {
		qs[i] = ix.conceptQuery(c)
	}
	// A few more than asked for, so that passages tied at the cut are all
	// seen before ties are broken by ID (below).
	// No more than the index holds: bleve allocates room for as many as
	// asked, on every search.
	req := bleve.NewSearchRequestOptions(bleve.NewDisjunctionQuery(qs...), min(size+tieMargin, max(size, ix.size)), 0, false)
	req.IncludeLocations = true

	res, err := ix.bl.SearchInContext(ctx, req)
	if err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	// Ties go by passage ID: bleve's own order for them depends on how the
	// index was batched (and its sums' last bits on the order it adds
	// them), and answers must not change between builds. Sorting here costs
	// nothing; asking bleve to sort by _id cost 2 ms an answer at 100,000
	// passages.
	slices.SortStableFunc(res.Hits, func(a, b *search.DocumentMatch) int {
		if c := cmp.Compare(roundScore(b.Score), roundScore(a.Score)); c != 0 {
			return c
		}
		return strings.Compare(a.ID, b.ID)
	})
	res.Hits = res.Hits[:min(size, len(res.Hits))]
	hits := make([]Hit, 0, len(res.Hits))
	for _, dm := range res.Hits {
		hits = append(hits, Hit{
			ID:        dm.ID,
			Score:     dm.Score,
			TF:        termFreqs(dm.Locations[fieldText], concepts),
			FamilyTF:  familyFreqs(dm.Locations[fieldText], concepts),
			ContextTF: termFreqs(dm.Locations[fieldContext], concepts),
			Spans:     spans(dm.Locations[fieldText]),
			Pos:       positions(dm.Locations[fieldText], concepts),
			At:        offsets(dm.Locations[fieldText], concepts),
		})
	}
	return hits, nil
}

// termFreqs counts how often a field says each concept, in any of its
// forms: a phrase counts as often as its rarest word.
func termFreqs(locs search.TermLocationMap, concepts []Concept) []int {
	out := make([]int, len(concepts))
	for i, c := range concepts {
		for _, alt := range c.Alts {
			n := -1
			for _, t := range alt {
				if k := len(locs[t]); n < 0 || k < n {
					n = k
				}
			}
			out[i] += max(n, 0)
		}
	}
	return out
}

// familyFreqs counts how often a field says each concept's family words.
func familyFreqs(locs search.TermLocationMap, concepts []Concept) []int {
	out := make([]int, len(concepts))
	for i, c := range concepts {
		for _, f := range c.Family {
			out[i] += len(locs[f[0]])
		}
	}
	return out
}

// positions lists each concept's token positions in a field, in any of its
// forms, in order and without repeats.
func positions(locs search.TermLocationMap, concepts []Concept) [][]int {
	out := make([][]int, len(concepts))
	for i, c := range concepts {
		out[i] = where(locs, append(c.Alts[:len(c.Alts):len(c.Alts)], c.Family...), func(l *search.Location) uint64 { return l.Pos })
	}
	return out
}

// offsets lists each concept's byte offsets in a field, as positions
// lists its token positions.
func offsets(locs search.TermLocationMap, concepts []Concept) [][]int {
	out := make([][]int, len(concepts))
	for i, c := range concepts {
		out[i] = where(locs, c.Alts, func(l *search.Location) uint64 { return l.Start })
	}
	return out
}

// where lists, sorted and without repeats, what pick reads of each
// location of forms' terms.
func where(locs search.TermLocationMap, forms [][]string, pick func(*search.Location) uint64) []int {
	var out []int
	for _, f := range forms {
		for _, t := range f {
			for _, l := range locs[t] {
				out = append(out, int(pick(l)))
			}
		}
	}
	sort.Ints(out)
	return slices.Compact(out)
}

func spans(tl search.TermLocationMap) []Span {
	var out []Span
	for _, locs := range tl {
		for _, l := range locs {
			out = append(out, Span{Start: int(l.Start), End: int(l.End)})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Start < out[j].Start })
	// Drop repeats: a term can be reported once per query clause.
	j := 0
	for i, s := range out {
		if i > 0 && s == out[j-1] {
			continue
		}
		out[j] = s
		j++
	}
	return out[:j]
}

func (ix *Index) conceptQuery(c Concept) query.Query {
	var qs []query.Query
	for _, field := range []string{fieldText, fieldContext} {
		alts := c.Alts
		if field == fieldText {
			// A relative in the paragraph around a passage says too little.
			alts = append(alts[:len(alts):len(alts)], c.Family...)
		}
		for _, alt := range alts {
			var q interface {
				query.Query
				SetBoost(float64)
			}
			if len(alt) == 1 {
				tq := bleve.NewTermQuery(alt[0])
				tq.SetField(field)
				q = tq
			} else {
				q = bleve.NewPhraseQuery(alt, field)
			}
			if field == fieldContext {
				q.SetBoost(contextBoost)
			}
			qs = append(qs, q)
		}
	}
	return bleve.NewDisjunctionQuery(qs...)
}
