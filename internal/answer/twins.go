package answer

import "math"

// The bot's libraries are mostly two or more reports of one event, and a
// wire report is often run again by another outlet, so the fact asked
// about may be said by near-copies in different articles. A near-copy is
// the same evidence, not a rival: the share and the margin count it with
// the best passage. Both thresholds were chosen on cmd/tune's twin view
// (SQuAD articles beside a reworded copy): the concept threshold as the
// lowest that kept its unanswerable share withheld at equal coverage
// highest (0.9 and 1 tie), the stem threshold as the middle of the range
// that best tells copies from other passages of the copy (0.31–0.39: one
// pair in 1,150 on the wrong side). Below it, passages of one topic that
// say the same few words count as twins, and unanswerable questions gain
// confidence (docs/QUALITY.md, Twin reports).
const (
	twinConcepts = 0.9  // the question's concepts both say, over those either says, by weight
	twinStems    = 0.35 // the stems both say, over those either says
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
// and share enough of their stems (Jaccard similarity, both).
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
	return jaccard(x.reading(best).stems, x.reading(i).stems) >= twinStems
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
