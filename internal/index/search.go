package index

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"slices"
	"strings"
	"sync"
	"unsafe"

	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search"
	bleveindex "github.com/blevesearch/bleve_index_api"
)

// Search reads the postings of a question's terms from the index reader
// and scores them itself, as bleve's query of the same shape would (see
// conceptQuery, which the tests hold it to): a disjunction over the
// concepts of disjunctions over their forms, each form a term or a phrase
// in the passage's text or, boosted by contextBoost, its context; BM25 with
// bleve's query norm and coordination factors. bleve's searchers, its
// collector and its location maps allocated for every posting and every
// hit, most of a new question's search time; this path keeps the postings
// in pooled buffers and works out locations only for the hits returned.

// Search returns up to size passages that say any of the concepts, best
// first by BM25. A damaged index gives an error wrapping ErrDamaged.
func (ix *Index) Search(ctx context.Context, concepts []Concept, size int) (_ []Hit, err error) {
	if err := ix.Damaged(); err != nil {
		return nil, err
	}
	defer ix.guard(ctx, "search", &err)
	if len(concepts) == 0 {
		return nil, ErrNoConcepts
	}
	s := searches.Get().(*searchState)
	defer s.release()
	s.plan(concepts)
	r, err := ix.reader()
	if err != nil {
		return nil, err
	}
	defer r.Close()
	if err := s.read(ctx, ix, r, ix.bm25()); err != nil {
		return nil, err
	}
	s.score()
	// A few more than asked for, so that passages tied at the cut are all
	// seen before ties are broken by ID (below); no more than the index
	// holds.
	top, err := s.top(ix, r, min(size+tieMargin, max(size, ix.size)))
	if err != nil {
		return nil, err
	}
	// Ties go by passage ID: the index's own order for them depends on how
	// it was batched (and a sum's last bits on the order it adds), and
	// answers must not change between builds. IDs are unique, so the
	// order is total and needs no stable sort.
	slices.SortFunc(top, func(a, b ranked) int {
		if c := cmp.Compare(b.rounded, a.rounded); c != 0 {
			return c
		}
		return strings.Compare(a.id, b.id)
	})
	top = top[:min(size, len(top))]
	hits := make([]Hit, len(top))
	b := newHitBacking(len(top), len(concepts))
	for i, t := range top {
		hits[i] = s.hit(t, concepts, &b)
	}
	return hits, nil
}

// bm25 reports whether the index scores by BM25, as the mapping says
// (bleve falls back to TF-IDF otherwise).
func (ix *Index) bm25() bool {
	m, ok := ix.bl.Mapping().(*mapping.IndexMappingImpl)
	return ok && m.ScoringModel == bleveindex.BM25Scoring
}

// reader opens a reader on the index's current snapshot.
func (ix *Index) reader() (bleveindex.IndexReader, error) {
	adv, err := ix.bl.Advanced()
	if err != nil {
		return nil, fmt.Errorf("search: index reader: %w", err)
	}
	r, err := adv.Reader()
	if err != nil {
		return nil, fmt.Errorf("search: index reader: %w", err)
	}
	return r, nil
}

// The fields searched, as slot.field numbers them.
var searchFields = [2]string{fieldText, fieldContext}

// slot is one term in one field, read once however many forms name it.
type slot struct {
	field int
	term  string
	// whole is set when a single-term form reads the slot: a passage that
	// has the term then matches it at every occurrence, not only inside
	// phrases.
	whole bool
	count uint64  // passages with the term in the field
	idf   float64 // as bleve's term scorer computes it
	norm  float64 // boost × idf × the query norm
	avg   float64 // the field's mean length, or 0 where bleve falls back to TF-IDF
	posts []posting
	occs  []occ // the postings' occurrences
	// cached is set when posts and occs are the index's (postingsMemo),
	// shared and never changed.
	cached bool
}

// posting is one passage's occurrences of a slot's term.
type posting struct {
	doc        uint64
	freq       uint64
	norm       float64
	locs, lend int32 // its occurrences, its slot's occs[locs:lend]
}

// postingList is a term's postings in a field as postingsMemo keeps them.
type postingList struct {
	count uint64
	posts []posting
	occs  []occ
}

// maxMemoPostings is the most postings a term may have for postingsMemo to
// keep them: the words questions name are mostly rare, and a common
// word's list at 100,000 passages would hold megabytes. maxMemoBytes
// bounds all that it keeps: by entries alone, questions that name many
// different terms of 64 postings could make it hold over 100 MB.
const maxMemoPostings = 64

var maxMemoBytes int64 = 16 << 20 // a variable for tests

// keepPostings keeps a short postings list in the memo while it has room;
// once full, a search pays neither the copies nor a shared counter's
// update for it.
func (ix *Index) keepPostings(sl *slot) {
	n, k := len(sl.posts), len(sl.occs)
	if n > maxMemoPostings || !memoable(sl.term) || ix.postings.Full() || ix.memoBytes.Load() >= maxMemoBytes {
		return
	}
	if ix.memoBytes.Add(memoSize(sl.term, n, k)) <= maxMemoBytes {
		ix.postings.Put(slotKey{sl.field, strings.Clone(sl.term)},
			&postingList{sl.count, slices.Clone(sl.posts), slices.Clone(sl.occs)})
	}
}

// memoSize is about what keeping a term's postings costs, in bytes.
func memoSize(term string, posts, occs int) int64 {
	return int64(len(term) + posts*int(unsafe.Sizeof(posting{})) + occs*int(unsafe.Sizeof(occ{})) + 128)
}

// occ is one occurrence of a term.
type occ struct{ pos, start, end int }

// clause is one form of a concept in one field: a term, or a phrase of
// several.
type clause struct {
	concept int
	slots   []int
}

// conceptForms names, for one concept, the slots of its forms in the text
// (alts, then family) and in the context.
type conceptForms struct {
	text, family, context [][]int
	clauses               int // how many clauses the concept's disjunction has
}

// acc is what one passage scored on one concept.
type acc struct {
	sum float64
	n   int // clauses matched
}

// ranked is a passage that matched, with its score.
type ranked struct {
	doc     uint64
	score   float64
	id      string
	rounded float64 // roundScore(score), set with id
}

// searchState holds one search's buffers; it is pooled, as searches come
// one after another and their sizes repeat.
type searchState struct {
	slots    []slot
	bySlot   map[slotKey]int
	clauses  []clause
	ints     []int   // the backing of clause and form slot lists
	lists    [][]int // the backing of conceptForms' lists
	forms    []conceptForms
	concepts int

	locs []occ
	buf  []posting
	tfd  bleveindex.TermFieldDoc // reused for every posting read

	// Per passage touched: its index in docs, by document number, valid
	// where stamp is gen.
	index []int32
	stamp []uint32
	gen   uint32
	docs  []uint64
	accs  []acc // len(docs) × concepts
	tops  []ranked

	hitLocs [][]occ // per slot, the occurrences in the hit being built
	occBuf  []occ
}

type slotKey struct {
	field int
	term  string
}

var searches = sync.Pool{New: func() any { return &searchState{bySlot: map[slotKey]int{}} }}

// release returns the state to the pool, keeping its buffers but no
// reference to the question's strings.
func (s *searchState) release() {
	clear(s.bySlot)
	clear(s.slots)
	clear(s.tops)
	s.slots, s.clauses, s.ints, s.lists, s.forms = s.slots[:0], s.clauses[:0], s.ints[:0], s.lists[:0], s.forms[:0]
	s.locs, s.buf, s.docs, s.accs, s.tops = s.locs[:0], s.buf[:0], s.docs[:0], s.accs[:0], s.tops[:0]
	searches.Put(s)
}

// plan lays out the query conceptQuery builds: for each concept, its
// forms in the text (and its family), then its forms in the context.
func (s *searchState) plan(concepts []Concept) {
	s.concepts = len(concepts)
	for ci, c := range concepts {
		var f conceptForms
		f.text = s.clausesOf(ci, 0, c.Alts)
		f.family = s.clausesOf(ci, 0, c.Family)
		f.context = s.clausesOf(ci, 1, c.Alts)
		f.clauses = len(f.text) + len(f.family) + len(f.context)
		s.forms = append(s.forms, f)
	}
}

// clausesOf adds a clause for each of concept ci's forms in field, and
// returns their slot lists (nil for none), cut from the state's pooled
// backing arrays.
func (s *searchState) clausesOf(ci, field int, forms [][]string) [][]int {
	start := len(s.lists)
	for _, form := range forms {
		from := len(s.ints)
		for _, t := range form {
			s.ints = append(s.ints, s.slotOf(field, t, len(form) == 1))
		}
		sl := s.ints[from:len(s.ints):len(s.ints)]
		s.clauses = append(s.clauses, clause{concept: ci, slots: sl})
		s.lists = append(s.lists, sl)
	}
	if len(s.lists) == start {
		return nil
	}
	return s.lists[start:len(s.lists):len(s.lists)]
}

// slotOf returns the slot for term in field, adding it on first use.
func (s *searchState) slotOf(field int, term string, whole bool) int {
	k := slotKey{field, term}
	i, ok := s.bySlot[k]
	if !ok {
		i = len(s.slots)
		s.bySlot[k] = i
		s.slots = append(s.slots, slot{field: field, term: term})
	}
	s.slots[i].whole = s.slots[i].whole || whole
	return i
}

// read reads every slot's postings, with their occurrences, and works out
// each term's weight as bleve's scorers do.
func (s *searchState) read(ctx context.Context, ix *Index, r bleveindex.IndexReader, bm25 bool) error {
	total, err := r.DocCount()
	if err != nil {
		return fmt.Errorf("search: %w", err)
	}
	avg, err := meanLengths(r, bm25, total)
	if err != nil {
		return err
	}
	for i := range s.slots {
		if err := ctx.Err(); err != nil {
			return err
		}
		sl := &s.slots[i]
		sl.avg = avg[sl.field]
		if pl, ok := ix.postings.Get(slotKey{sl.field, sl.term}); ok {
			sl.count, sl.posts, sl.occs, sl.cached = pl.count, pl.posts, pl.occs, true
		} else if err := s.readSlot(ctx, r, sl); err != nil {
			return err
		}
		sl.idf = idf(sl.avg, total, sl.count)
	}
	// The buffers have stopped growing: each slot read is its part of them.
	off, occOff := 0, 0
	for i := range s.slots {
		sl := &s.slots[i]
		if sl.cached {
			continue
		}
		n, k := len(sl.posts), len(sl.occs)
		sl.posts, sl.occs = s.buf[off:off+n:off+n], s.locs[occOff:occOff+k:occOff+k]
		off, occOff = off+n, occOff+k
		ix.keepPostings(sl)
	}
	s.norms()
	return nil
}

// meanLengths are each field's mean length in tokens, rounded up, as
// bleve's BM25 takes them; zero under TF-IDF.
func meanLengths(r bleveindex.IndexReader, bm25 bool, total uint64) (avg [len(searchFields)]float64, err error) {
	br, ok := r.(bleveindex.BM25Reader)
	if !bm25 {
		return avg, nil
	}
	for f, name := range searchFields {
		card := 0
		if ok {
			if card, err = br.FieldCardinality(name); err != nil {
				return avg, fmt.Errorf("search: %w", err)
			}
		}
		if total > 0 || card > 0 {
			avg[f] = math.Ceil(float64(card) / float64(total))
		}
	}
	return avg, nil
}

// readSlot appends a slot's postings and their occurrences to the state's
// buffers, and sets its document count.
func (s *searchState) readSlot(ctx context.Context, r bleveindex.IndexReader, sl *slot) error {
	tfr, err := r.TermFieldReader(ctx, []byte(sl.term), searchFields[sl.field], true, true, true)
	if err != nil {
		return fmt.Errorf("search %q: %w", sl.term, err)
	}
	defer tfr.Close()
	sl.count = tfr.Count()
	start, occStart := len(s.buf), len(s.locs)
	for n := 1; ; n++ {
		// bleve's collector looked at the context every 1,024 passages: a
		// common word's list at 100,000 passages is read within a deadline.
		if n%checkDoneEvery == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		d, err := tfr.Next(&s.tfd)
		if err != nil {
			return fmt.Errorf("search %q: %w", sl.term, err)
		}
		if d == nil {
			break
		}
		p := posting{doc: d.ID.Value(), freq: d.Freq, norm: d.Norm, locs: int32(len(s.locs) - occStart)}
		for _, v := range d.Vectors {
			s.locs = append(s.locs, occ{int(v.Pos), int(v.Start), int(v.End)})
		}
		p.lend = int32(len(s.locs) - occStart)
		s.buf = append(s.buf, p)
	}
	sl.posts, sl.occs = s.buf[start:], s.locs[occStart:] // their lengths; read sets the final slices
	return nil
}

// checkDoneEvery is how many postings readSlot reads between looks at the
// context, as bleve's collector counts hits.
const checkDoneEvery = 1024

// idf is bleve's inverse document frequency: BM25's where the field has a
// mean length, else TF-IDF's.
func idf(avg float64, total, count uint64) float64 {
	if avg > 0 {
		return math.Log(1 + (float64(total)-float64(count)+0.5)/(float64(count)+0.5))
	}
	return 1.0 + math.Log(float64(total)/float64(count+1.0))
}

// boost is the boost of a field's clauses.
func boost(field int) float64 {
	if field == 1 {
		return contextBoost
	}
	return 1
}

// norms sets each slot's query weight: bleve normalises every term's
// boost × idf by the square root of their squares' sum over the whole
// query, a phrase counting each of its terms.
func (s *searchState) norms() {
	sum := 0.0
	for _, c := range s.clauses {
		for _, i := range c.slots {
			w := boost(s.slots[i].field) * s.slots[i].idf
			sum += w * w
		}
	}
	qnorm := 1.0 / math.Sqrt(sum)
	for i := range s.slots {
		sl := &s.slots[i]
		sl.norm = boost(sl.field) * sl.idf * qnorm
	}
}

// termScore is bleve's score of one term searcher for a posting.
func (sl *slot) termScore(p *posting) float64 {
	tf := math.Sqrt(float64(p.freq))
	var score float64
	if sl.avg > 0 {
		fieldLength := 1 / (p.norm * p.norm)
		score = sl.idf * (tf * search.BM25_k1) /
			(tf + search.BM25_k1*(1-search.BM25_b+(search.BM25_b*fieldLength/sl.avg)))
	} else {
		score = tf * p.norm * sl.idf
	}
	if sl.norm != 1.0 {
		score *= sl.norm
	}
	return score
}

// score adds up, for every passage that matches a clause, what it scores
// on each concept.
func (s *searchState) score() {
	s.gen++
	if s.gen == 0 { // wrapped: no stamp may look current
		clear(s.stamp)
		s.gen = 1
	}
	for _, c := range s.clauses {
		if len(c.slots) == 1 {
			sl := &s.slots[c.slots[0]]
			for i := range sl.posts {
				p := &sl.posts[i]
				a := s.acc(p.doc, c.concept)
				a.sum += sl.termScore(p)
				a.n++
			}
			continue
		}
		first := &s.slots[c.slots[0]]
		for i := range first.posts {
			doc := first.posts[i].doc
			score, ok := s.phraseAt(c, doc, nil)
			if ok {
				a := s.acc(doc, c.concept)
				a.sum += score
				a.n++
			}
		}
	}
}

// acc is passage doc's account for concept c, opened on first use.
func (s *searchState) acc(doc uint64, c int) *acc {
	if doc >= uint64(len(s.index)) {
		n := max(2*len(s.index), int(doc)+1, 64)
		index, stamp := make([]int32, n), make([]uint32, n)
		copy(index, s.index)
		copy(stamp, s.stamp)
		s.index, s.stamp = index, stamp
	}
	if s.stamp[doc] != s.gen {
		s.stamp[doc] = s.gen
		s.index[doc] = int32(len(s.docs))
		s.docs = append(s.docs, doc)
		for range s.concepts {
			s.accs = append(s.accs, acc{})
		}
	}
	return &s.accs[int(s.index[doc])*s.concepts+c]
}

// postingOf finds passage doc's posting in a slot, or nil.
// (By hand: the generic search's comparison through a func value was
// most of its time, on every hit and phrase.)
func (sl *slot) postingOf(doc uint64) *posting {
	lo, hi := 0, len(sl.posts)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if sl.posts[m].doc < doc {
			lo = m + 1
		} else {
			hi = m
		}
	}
	if lo < len(sl.posts) && sl.posts[lo].doc == doc {
		return &sl.posts[lo]
	}
	return nil
}

// phraseAt reports whether phrase clause c matches passage doc: its terms
// at consecutive positions, as bleve's phrase searcher with no slop finds
// them. Its score is then the sum of its terms' scores (bleve scores a
// phrase as the conjunction of its terms). With mark, each occurrence on
// a path is passed to it.
func (s *searchState) phraseAt(c clause, doc uint64, mark func(slot int, o occ)) (float64, bool) {
	var ps [8][]occ
	terms := ps[:0] // each term's occurrences in the passage
	score := 0.0
	for _, i := range c.slots {
		sl := &s.slots[i]
		p := sl.postingOf(doc)
		if p == nil {
			return 0, false
		}
		terms = append(terms, sl.occs[p.locs:p.lend])
		score += sl.termScore(p)
	}
	found := false
	for _, o := range terms[0] {
		if !pathFrom(terms, o.pos) {
			continue
		}
		found = true
		if mark == nil {
			break
		}
		for k, occs := range terms {
			mark(c.slots[k], at(occs, o.pos+k))
		}
	}
	return score, found
}

// pathFrom reports whether each term k is said at position pos+k.
func pathFrom(terms [][]occ, pos int) bool {
	for k, occs := range terms[1:] {
		if at(occs, pos+k+1).end < 0 {
			return false
		}
	}
	return true
}

// at is the occurrence at position pos, or one with end -1.
func at(occs []occ, pos int) occ {
	for _, o := range occs {
		if o.pos == pos {
			return o
		}
	}
	return occ{end: -1}
}
