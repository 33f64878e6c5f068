package answer

import (
	"math"
	"strings"

	"github.com/sourcebot/newsbot/internal/text"
)

// The bot's libraries are mostly two or more reports of one event, and a
// wire report is often run again by another outlet, so the fact asked
// about may be said by near-copies in different articles. A near-copy is
// the same evidence, not a rival: the share and the margin count it with
// the best passage. The concept threshold was chosen on cmd/tune's twin
// view (SQuAD articles beside a reworded copy; docs/QUALITY.md, Twin
// reports). A copy is told by runs of words, not by stems: two reports'
// paragraphs on one topic with other figures share 0.34-0.41 of their
// stems (short passages, the same names and function words), so they
// counted as twins and questions neither settles gained confidence. Of
// runs of five words, the twin view's copies share at least 0.20, its
// other passages at most 0.034, the news reports' paragraphs at most
// 0.029 (0.064 as TestOtherFigureIsNoTwin edits one): the threshold is a
// round value in that gap.
const (
	twinConcepts = 0.9 // the question's concepts both say, over those either says, by weight
	twinShingles = 0.1 // the runs of shingleLen words both say, over those either says
)

// rivalry is the best candidate's lead over the best candidate that is not
// its twin, and the share of the softmax over the candidates that it and
// its twins hold.
func (x *Explained) rivalry(best int, scores []float64) (margin, share float64) {
	second, mine, sum := math.Inf(-1), 0.0, 0.0
	for i, s := range scores {
		e := math.Exp(s - scores[best])
		sum += e
		if i == best || x.twin(best, i) {
			mine += e
		} else {
			second = max(second, s)
		}
	}
	return min(scores[best]-second, marginCap), mine / sum
}

// twin reports whether candidate i is a near-copy of candidate best from
// another article: the two say nearly the same of the question's concepts
// and share enough runs of words (Jaccard similarity, both).
func (x *Explained) twin(best, i int) bool {
	if x.results[i].Article == x.results[best].Article {
		return false
	}
	both, either := 0.0, 0.0
	for c, w := range x.q.weights {
		a, b := x.tf[best][c] > 0, x.tf[i][c] > 0
		if a && b {
			both += w
		}
		if a || b {
			either += w
		}
	}
	if either == 0 || both/either < twinConcepts {
		return false
	}
	return jaccard(x.reading(best).shingles(), x.reading(i).shingles()) >= twinShingles
}

// shingleLen is how many words in a row a shingle holds: enough that two
// reports of one event, which share the topic's words and its names,
// share few, while a copy, shuffled or cut, keeps most.
const shingleLen = 5

// shingles are the passage's runs of shingleLen words (or all its words,
// when it has fewer), read on first use.
func (r *reading) shingles() map[string]bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.shingleSet == nil {
		w := text.Words(r.text)
		r.shingleSet = make(map[string]bool, max(1, len(w)-shingleLen+1))
		for i := 0; i+shingleLen <= len(w); i++ {
			r.shingleSet[strings.Join(w[i:i+shingleLen], " ")] = true
		}
		if len(w) < shingleLen {
			r.shingleSet[strings.Join(w, " ")] = true
		}
	}
	return r.shingleSet
}

// jaccard is the share of the words in a or b that are in both.
func jaccard(a, b map[string]bool) float64 {
	n := 0
	for w := range a {
		if b[w] {
			n++
		}
	}
	return float64(n) / float64(max(1, len(a)+len(b)-n))
}
