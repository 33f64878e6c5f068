package answer

import (
	"context"
	"sort"
)

// compareDepth is how many passages Compare ranks: more than Ask, so that
// each source's best is reached even when another source says much more.
const compareDepth = 200

// SourceAnswer is one source's best passage for a question. Found is false
// when that source says nothing on it.
type SourceAnswer struct {
	Source string
	Found  bool
	Best   Result
}

// Comparison puts each source's best passage for one question side by side.
type Comparison struct {
	Question string
	Sources  []SourceAnswer // every source the engine answers from, by name
}

// Compare finds the best passage from each source (Reuters, AFP, ...) for
// the question, held to the same bar as Ask. It returns ErrNoAnswer when
// no source answers it, with every source listed as not found.
func (e *Engine) Compare(ctx context.Context, question string) (*Comparison, error) {
	q, err := check(question)
	if err != nil {
		return nil, err
	}
	rk, err := e.rank(ctx, q, compareDepth)
	if err != nil {
		return nil, err
	}
	c := &Comparison{Question: q}
	when := asksWhen(q)
	found := 0
	for _, src := range e.Sources() {
		sa := SourceAnswer{Source: src}
		if r, ok := e.sourceBest(rk, src); ok {
			sa.Found, sa.Best = true, r
			if when {
				sa.Best.When = whenOf(r)
			}
			found++
		}
		c.Sources = append(c.Sources, sa)
	}
	if found == 0 {
		return c, ErrNoAnswer
	}
	return c, nil
}

// sourceBest is src's best passage in a ranking, held to the same bar as
// Ask: the answerability model judges it among all the candidates, as if
// it were the one given, so that a source's weak passage is not shown
// because the other source said more.
func (e *Engine) sourceBest(rk *ranking, src string) (Result, bool) {
	for k, i := range rk.order {
		r := rk.results[k]
		if r.Article.Source != src {
			continue
		}
		a := rk.x.answerabilityOf(i, rk.scores)
		m := DefaultModel()
		r.Confidence = m.confidence(&a)
		return r, r.Confidence >= m.Threshold
	}
	return Result{}, false
}

// Sources lists the distinct sources of the articles, by name.
func (e *Engine) Sources() []string {
	seen := map[string]bool{}
	var out []string
	for _, a := range e.articles {
		if !seen[a.Source] {
			seen[a.Source] = true
			out = append(out, a.Source)
		}
	}
	sort.Strings(out)
	return out
}
