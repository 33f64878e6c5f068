package answer

import (
	"sync"

	"github.com/sourcebot/newsbot/internal/corpus"
	"github.com/sourcebot/newsbot/internal/memo"
	"github.com/sourcebot/newsbot/internal/quote"
)

// The answerability features (mismatch) read the best passage's sentences,
// its words and their stems, and its best sentence's words and stems: none
// of it depends on the question, and reading it again for every question
// was a third of a new question's time on the seed articles. A reading is
// kept per passage, bounded.

// reading is what mismatch reads of a passage, shared between questions:
// callers must not change it.
type reading struct {
	text   string
	sents  [][2]int
	words  map[string]bool // questionWords(text)
	stems  map[string]bool // stemsOf(words)
	negate bool            // negated(text)

	mu         sync.Mutex
	sentWords  []map[string]bool // per sentence, read on first use
	sentStems  []map[string]bool
	shingleSet map[string]bool // shingles, read on first use
}

// read reads a passage for mismatch.
func read(s string) *reading {
	r := &reading{text: s, sents: quote.Sentences(s), words: questionWords(s)}
	if len(r.sents) == 0 { // an empty passage: one empty sentence, so every offset has one
		r.sents = [][2]int{{0, 0}}
	}
	r.stems = stemsOf(r.words)
	r.negate = negated(s)
	r.sentWords = make([]map[string]bool, len(r.sents))
	r.sentStems = make([]map[string]bool, len(r.sents))
	return r
}

// sentence returns sentence i's words and their stems.
func (r *reading) sentence(i int) (words, stems map[string]bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.sentWords[i] == nil {
		r.sentWords[i] = questionWords(r.text[r.sents[i][0]:r.sents[i][1]])
		r.sentStems[i] = stemsOf(r.sentWords[i])
	}
	return r.sentWords[i], r.sentStems[i]
}

// readings keeps the readings of the first maxReadings passages that were
// best for a question; past that a passage is read each time (a reading of
// a long passage holds a few kilobytes of maps). folds keeps the folded
// text (fold) of the passages offered, by which a passage printed twice is
// offered once: folding text that is not plain ASCII normalises it three
// times over.
type readings struct {
	m     memo.Memo[*corpus.Passage, *reading]
	folds memo.Memo[*corpus.Passage, string]
}

const maxReadings = 1024

func newReadings() *readings {
	r := &readings{}
	r.m.Max, r.folds.Max = maxReadings, maxReadings
	return r
}

func (c *readings) of(p *corpus.Passage) *reading {
	return c.m.Of(p, func() *reading { return read(p.Text) })
}

// reading is the reading of candidate i's passage.
func (x *Explained) reading(i int) *reading { return x.readings.of(x.passages[i]) }

// folded is fold of result i's passage text, kept per passage.
func (rk *ranking) folded(i int) string {
	p := rk.x.passages[rk.order[i]]
	return rk.x.readings.folds.Of(p, func() string { return fold(p.Text) })
}
