// Package quote answers "who said this?": given words a user remembers, it
// finds the quotation in the articles and the speaker the article gives
// for it.
//
// New reads each article once, in order, and attributes every quotation by
// the conventions of news copy:
//
//	"…," X said.  "…," said X, a ….  X said: "…"  X told CNN "…"
//	"…" the statement said.  "…", according to X.
//	dismissed as "…" by X in an editorial
//	X said … "fragment" …   (the fragment is X's, marked Fragment)
//	"…"                     (a bare paragraph: the speaker of the one before)
//
// and resolves what the clause names: "he" and "she" to the last person the
// article has named as speaking (or opened a sentence with), "it" to the
// last organisation or statement, "the statement" to the last organisation
// that spoke, and a surname to the full name given earlier ("Obama" is
// "Barack Obama"). A role written before a name ("U.S. President") or in an
// appositive (", a Chinese foreign ministry spokeswoman") becomes the Role.
//
// A wrong speaker given with confidence is worse than none, so when the
// clause cannot be read the Speaker is left empty: a capitalised quotation
// after "the film" or "the comedy" is a title, not speech; "they" is not
// guessed; a speech verb more than a few words from a quoted fragment does
// not reach it.
//
// A fragment the sentence gives as someone else's label belongs to them:
// in `… an "act of war", as some Republican lawmakers have labelled it`
// the words are the lawmakers', not those of whoever the sentence reports.
// A fragment under a negation in reported speech (`Obama said … he did not
// think the attack was an "act of war"`) may be words the speaker rejects,
// so it is credited to no one and Attribution.Doubt says why. Match.Fragment
// tells a caller that only those words were quoted, inside the article's
// own account.
//
// Find matches the user's words with each quotation word by word (see
// Threshold), so that a partial, reordered or misspelt quotation still
// finds its source. Quotes lists every quotation with its attribution.
package quote

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
	"unicode/utf8"

	"github.com/sourcebot/newsbot/internal/corpus"
)

// MaxRunes bounds the user's text: a quotation someone remembers is a few
// sentences, and aligning a longer text costs time for nothing.
const MaxRunes = 4000

// maxOthers is how many other matches Find returns besides the best.
const maxOthers = 4

// Attribution says who said a quotation, and how, as the article reports it.
type Attribution struct {
	// Speaker is the fullest name the article gives: "Barack Obama" for a
	// later "Obama" or "he", "the Global Times", "China's foreign ministry".
	// It is empty when the article gives no speaker, or when the reading
	// is too uncertain to give one.
	Speaker string
	// Role is what the article calls the speaker, when it does: "US
	// President", "a Chinese foreign ministry spokeswoman", "China's Global
	// Times newspaper", "of the Canberra Cyber Policy Institute".
	Role string
	// How is the setting, when given: "in an editorial", "to CNN", "in an
	// interview with CNN", "in a statement", "at a regular briefing".
	How string
	// Doubt, when set, says why Speaker is empty though the article reports
	// someone near the quotation: the words sit under a negation in their
	// reported speech, or are given as the label of someone it does not name.
	Doubt string
}

// Match is a quotation found in the articles.
type Match struct {
	Quote       string // the quotation exactly as the passage has it, inside the quote marks
	Start, End  int    // byte offsets of Quote in Passage.Text
	Attribution Attribution
	// Fragment is true when the article quotes only these words inside its
	// own report of what the speaker said, rather than a whole utterance.
	Fragment   bool
	Article    *corpus.Article
	Passage    corpus.Passage
	Similarity float64 // 0..1, how closely the user's words match the quotation
}

// Errors Find returns; test with errors.Is.
var (
	// ErrNotFound means no quotation in the articles is close to the words.
	ErrNotFound = errors.New("no quotation in the articles matches those words")
	// ErrBadInput means the text cannot be searched: empty, too long, not
	// UTF-8, or with no words in it. The wrapped message says which.
	ErrBadInput = errors.New("cannot look up that text")
)

// entry is one quotation, ready to match.
type entry struct {
	m       Match
	words   []int32 // vocabulary ids of its words
	weight  float64
	content int // words that are not stop words
}

// Index holds the quotations of a set of articles, ready to search. Build
// it once with New; it is safe for concurrent use.
type Index struct {
	articles []corpus.Article
	entries  []entry
	vocab    []string
	maxWords int
}

// New reads the quotations of articles and their attributions. Matches
// point into the Index's own copy of the slice.
func New(articles []corpus.Article) *Index {
	ix := &Index{articles: slices.Clone(articles)}
	ids := map[string]int32{}
	for i := range ix.articles {
		for _, m := range readArticle(&ix.articles[i]) {
			e := entry{m: m}
			for _, w := range termWords(m.Quote) {
				id, ok := ids[w]
				if !ok {
					id = int32(len(ix.vocab))
					ids[w] = id
					ix.vocab = append(ix.vocab, w)
				}
				e.words = append(e.words, id)
				e.weight += weight(w)
				if !stopWord(w) {
					e.content++
				}
			}
			ix.maxWords = max(ix.maxWords, len(e.words))
			ix.entries = append(ix.entries, e)
		}
	}
	return ix
}

// Quotes returns every quotation in the index with its attribution, in
// article and reading order, with zero Similarity.
func (ix *Index) Quotes() []Match {
	out := make([]Match, len(ix.entries))
	for i, e := range ix.entries {
		out[i] = e.m
	}
	return out
}

// Find returns the quotation closest to text and up to a few others that
// also pass Threshold, best first. It returns ErrNotFound when none is
// close, and an error wrapping ErrBadInput for text it cannot search.
//
// When text itself holds a quotation in quote marks ("who said "act of
// war"?"), the words inside the marks are tried too, and the closer
// reading wins.
func (ix *Index) Find(text string) (best Match, others []Match, err error) {
	hits, err := ix.search(text, Threshold)
	if err != nil {
		return Match{}, nil, err
	}
	if len(hits) == 0 {
		return Match{}, nil, ErrNotFound
	}
	out := make([]Match, 0, min(len(hits), maxOthers+1))
	for _, h := range hits[:min(len(hits), maxOthers+1)] {
		m := h.e.m
		m.Similarity = h.sim
		out = append(out, m)
	}
	return out[0], out[1:], nil
}

// hit is a quotation that matched, with how well.
type hit struct {
	e     *entry
	sim   float64 // the Similarity
	cover float64 // share of the quotation's weight the words matched
}

// search returns the quotations whose Similarity with text is at least
// threshold, best first.
func (ix *Index) search(text string, threshold float64) ([]hit, error) {
	tries, err := searchTexts(text)
	if err != nil {
		return nil, err
	}
	var hits []hit
	for _, ws := range tries {
		q := newQuery(ws, len(ix.vocab))
		// Each word of a quotation can take at most two of the user's words,
		// so a text far longer than every quotation cannot reach Threshold.
		if q.total*threshold > 2*float64(ix.maxWords) {
			continue
		}
		for i := range ix.entries {
			if h, ok := ix.score(q, &ix.entries[i], threshold); ok {
				hits = keepBest(hits, h)
			}
		}
	}
	// Best first: the closest match, then the one whose quotation the
	// words cover most (the user typed all of "cyber terrorism", not a
	// part of a longer quotation), then one with a speaker.
	slices.SortStableFunc(hits, func(a, b hit) int {
		if c := cmp.Compare(b.sim, a.sim); c != 0 {
			return c
		}
		if c := cmp.Compare(b.cover, a.cover); c != 0 {
			return c
		}
		return cmp.Compare(speakerRank(a.e), speakerRank(b.e))
	})
	return hits, nil
}

// searchTexts checks the user's text and lists the word lists to look
// for: all its words, then each quotation inside it.
func searchTexts(text string) ([][]string, error) {
	if !utf8.ValidString(text) {
		return nil, fmt.Errorf("%w: not valid UTF-8", ErrBadInput)
	}
	if n := utf8.RuneCountInString(text); n > MaxRunes {
		return nil, fmt.Errorf("%w: %d characters, at most %d", ErrBadInput, n, MaxRunes)
	}
	all := termWords(text)
	if len(all) == 0 {
		return nil, fmt.Errorf("%w: no words to look for", ErrBadInput)
	}
	tries := [][]string{all}
	for _, sp := range findQuotes(text) {
		if ws := termWords(text[sp.start:sp.end]); len(ws) > 0 && len(ws) < len(all) {
			tries = append(tries, ws)
		}
	}
	return tries, nil
}

// score is e's hit for query q, if it reaches threshold.
func (ix *Index) score(q *query, e *entry, threshold float64) (hit, bool) {
	if q.total*threshold > 2*float64(len(e.words)) {
		return hit{}, false
	}
	c := q.align(e.words, ix.vocab)
	// One content word in common is chance, not a quotation: ask
	// for two, or all that a one-word quotation ("The Interview") has.
	if c.content < max(1, min(2, e.content)) {
		return hit{}, false
	}
	h := hit{e: e, sim: min(1, max(0, c.score/q.total)), cover: c.covered / e.weight}
	return h, h.sim >= threshold
}

// keepBest adds h to hits, or keeps the better of it and the hit of the
// same quotation already there.
func keepBest(hits []hit, h hit) []hit {
	if j := slices.IndexFunc(hits, func(o hit) bool { return o.e == h.e }); j >= 0 {
		if h.sim > hits[j].sim || h.sim == hits[j].sim && h.cover > hits[j].cover {
			hits[j] = h
		}
		return hits
	}
	return append(hits, h)
}

func speakerRank(e *entry) int {
	if e.m.Attribution.Speaker != "" {
		return 0
	}
	return 1
}
