package index

// What Search makes of the passages that matched: the best of them, and
// for each, where it says each concept.

import (
	"cmp"
	"errors"
	"fmt"
	"slices"

	bleveindex "github.com/blevesearch/bleve_index_api"
)

// top picks the k best passages, by score and then, as bleve's collector
// does, by document number, and reads their IDs and rounded scores.
func (s *searchState) top(ix *Index, r bleveindex.IndexReader, k int) ([]ranked, error) {
	h := s.tops[:0]
	for i, doc := range s.docs {
		score, matched := 0.0, 0
		for c, a := range s.accs[i*s.concepts : (i+1)*s.concepts] {
			if a.n > 0 {
				score += a.sum * (float64(a.n) / float64(s.forms[c].clauses))
				matched++
			}
		}
		h = keep(h, ranked{doc: doc, score: score * (float64(matched) / float64(s.concepts))}, k)
	}
	// In heap order: Search orders them by score and ID, a total order.
	// They are the state's, and last as long as the search.
	s.tops = h
	tops := h
	for i := range tops {
		ext, err := ix.externalID(r, tops[i].doc)
		if err != nil {
			return nil, err
		}
		tops[i].id, tops[i].rounded = ext, roundScore(tops[i].score)
	}
	return tops, nil
}

// externalID is the ID of the passage numbered doc, cached per index (its
// numbers do not change once built, as postingsMemo relies on too):
// reading it from the stored fields allocated for every hit.
func (ix *Index) externalID(r bleveindex.IndexReader, doc uint64) (string, error) {
	if ext, ok := ix.ids.Get(doc); ok {
		return ext, nil
	}
	ext, err := r.ExternalID(bleveindex.NewIndexInternalID(nil, doc))
	if err != nil {
		return "", fmt.Errorf("search: passage id: %w", err)
	}
	if ext == "" {
		return "", errors.New("search: a matching passage has no id")
	}
	ix.ids.Put(doc, ext)
	return ext, nil
}

// better orders passages best first: by score, then by document number.
func better(a, b ranked) int {
	if c := cmp.Compare(b.score, a.score); c != 0 {
		return c
	}
	return cmp.Compare(a.doc, b.doc)
}

// keep adds r to h, a heap of at most k passages with the worst on top,
// dropping the worst when it is full.
func keep(h []ranked, r ranked, k int) []ranked {
	if k <= 0 {
		return h
	}
	if len(h) < k {
		h = append(h, r)
		for i := len(h) - 1; i > 0; {
			up := (i - 1) / 2
			if better(h[up], h[i]) >= 0 { // parent is not better: heap holds
				break
			}
			h[up], h[i] = h[i], h[up]
			i = up
		}
		return h
	}
	if better(r, h[0]) >= 0 {
		return h
	}
	h[0] = r
	for i := 0; ; {
		worst, l, rt := i, 2*i+1, 2*i+2
		if l < len(h) && better(h[l], h[worst]) > 0 {
			worst = l
		}
		if rt < len(h) && better(h[rt], h[worst]) > 0 {
			worst = rt
		}
		if worst == i {
			return h
		}
		h[i], h[worst] = h[worst], h[i]
		i = worst
	}
}

// mark is one occurrence a phrase matched, for the hit being built.
type mark struct {
	slot int
	o    occ
}

// hitBacking holds the backing arrays of one search's hits: a hit's
// slices are many and small, and a search returns up to 30 hits.
type hitBacking struct {
	counts []int   // 3 per concept and hit: TF, ContextTF, FamilyTF
	lists  [][]int // 2 per concept and hit: Pos, At
	nums   []int   // what Pos and At list
	spans  []Span
	left   int // hits still to make, this one included
}

func newHitBacking(hits, concepts int) hitBacking {
	return hitBacking{counts: make([]int, 3*concepts*hits), lists: make([][]int, 2*concepts*hits), left: hits}
}

// room grows buf, when it must, by need for each hit left: hits of one
// search are alike in size, and one allocation does for all.
func room[T any](buf []T, need, left int) []T {
	if cap(buf)-len(buf) >= need {
		return buf
	}
	return slices.Grow(buf, need*left)
}

// take cuts the next n elements off the front of *b.
func take[T any](b *[]T, n int) []T {
	out := (*b)[:n:n]
	*b = (*b)[n:]
	return out
}

// hit works out what a passage says of each concept, from the
// occurrences the query matched: every occurrence of a term searched
// alone, and those inside phrases, once each (as bleve reports locations).
func (s *searchState) hit(t ranked, concepts []Concept, b *hitBacking) Hit {
	locs := s.hitLocs[:0]
	for i := range s.slots {
		var l []occ
		if sl := &s.slots[i]; sl.whole {
			if p := sl.postingOf(t.doc); p != nil {
				l = sl.occs[p.locs:p.lend]
			}
		}
		locs = append(locs, l)
	}
	s.hitLocs = locs
	marks := s.marks(t.doc)
	for i := 0; i < len(marks); {
		j := i
		for j < len(marks) && marks[j].slot == marks[i].slot {
			j++
		}
		start := len(s.occBuf)
		for k := i; k < j; k++ {
			if k == i || marks[k].o.pos != marks[k-1].o.pos {
				s.occBuf = append(s.occBuf, marks[k].o)
			}
		}
		locs[marks[i].slot] = s.occBuf[start:len(s.occBuf):len(s.occBuf)]
		i = j
	}
	n := len(concepts)
	h := Hit{
		ID: t.id, Score: t.score,
		TF: take(&b.counts, n), ContextTF: take(&b.counts, n), FamilyTF: take(&b.counts, n),
		Pos: take(&b.lists, n), At: take(&b.lists, n),
	}
	nums := room(b.nums, s.occurrences(), b.left)
	for i, f := range s.forms {
		h.TF[i] = s.freq(f.text)
		h.ContextTF[i] = s.freq(f.context)
		for _, fam := range f.family {
			h.FamilyTF[i] += len(locs[fam[0]])
		}
		nums, h.Pos[i] = s.where(nums, f.text, f.family, func(o occ) int { return o.pos })
		nums, h.At[i] = s.where(nums, f.text, nil, func(o occ) int { return o.start })
	}
	b.nums = nums
	h.Spans, b.spans = s.spans(b.spans, b.left)
	b.left--
	s.occBuf = s.occBuf[:0]
	return h
}

// marks lists, sorted by slot and position, the occurrences the phrases
// matched in passage doc, in slots no single term reads.
func (s *searchState) marks(doc uint64) []mark {
	var out []mark
	for _, c := range s.clauses {
		if len(c.slots) == 1 {
			continue
		}
		s.phraseAt(c, doc, func(slot int, o occ) {
			if !s.slots[slot].whole {
				out = append(out, mark{slot, o})
			}
		})
	}
	slices.SortFunc(out, func(a, b mark) int {
		if c := cmp.Compare(a.slot, b.slot); c != 0 {
			return c
		}
		return cmp.Compare(a.o.pos, b.o.pos)
	})
	return out
}

// freq counts how often the hit says any of forms: a phrase counts as
// often as its rarest word.
func (s *searchState) freq(forms [][]int) int {
	total := 0
	for _, f := range forms {
		n := -1
		for _, i := range f {
			if k := len(s.hitLocs[i]); n < 0 || k < n {
				n = k
			}
		}
		total += max(n, 0)
	}
	return total
}

// occurrences bounds how many numbers where lists for the hit: each
// concept's occurrences in the text, twice (positions and offsets), and
// its family's.
func (s *searchState) occurrences() int {
	n := 0
	for _, f := range s.forms {
		for _, fs := range [3][][]int{f.text, f.text, f.family} {
			for _, form := range fs {
				for _, i := range form {
					n += len(s.hitLocs[i])
				}
			}
		}
	}
	return n
}

// where lists, sorted and without repeats, what pick reads of each
// occurrence in the hit of the forms' terms: appended to nums, and
// returned apart as its own slice (nil when there are none).
func (s *searchState) where(nums []int, forms, more [][]int, pick func(occ) int) ([]int, []int) {
	start := len(nums)
	for _, fs := range [2][][]int{forms, more} {
		for _, f := range fs {
			for _, i := range f {
				for _, o := range s.hitLocs[i] {
					nums = append(nums, pick(o))
				}
			}
		}
	}
	if len(nums) == start {
		return nums, nil
	}
	out := nums[start:]
	slices.Sort(out)
	out = slices.Compact(out)
	nums = nums[:start+len(out)]
	return nums, out[:len(out):len(out)]
}

// spans are the hit's matched words in its text, in order, once each
// (nil when there are none), appended to buf, which is returned too; left
// is as hitBacking's.
func (s *searchState) spans(buf []Span, left int) ([]Span, []Span) {
	start, need := len(buf), 0
	for i, l := range s.hitLocs {
		if s.slots[i].field == 0 {
			need += len(l)
		}
	}
	buf = room(buf, need, left)
	for i, l := range s.hitLocs {
		if s.slots[i].field != 0 {
			continue
		}
		for _, o := range l {
			buf = append(buf, Span{Start: o.start, End: o.end})
		}
	}
	if len(buf) == start {
		return nil, buf
	}
	out := buf[start:]
	slices.SortFunc(out, func(a, b Span) int { return cmp.Compare(a.Start, b.Start) })
	out = slices.Compact(out)
	return out[:len(out):len(out)], buf[:start+len(out)]
}
