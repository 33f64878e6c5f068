package main

import (
	"context"
	"fmt"
	"math/rand/v2"

	"github.com/sourcebot/newsbot/internal/corpus"
	"github.com/sourcebot/newsbot/internal/index"
	"github.com/sourcebot/newsbot/internal/quality"
)

// The small libraries. The bot serves libraries of a few dozen passages or
// fewer (the seeds: two reports, 20 passages), while a SQuAD article holds
// 23 to 47 and the pooled view 301. So each article is also cut into small
// libraries: its opening paragraph (so that the lead feature still marks
// the article's lead) and a share of its other paragraphs, shuffled with a
// fixed seed and dealt into as few libraries of at most smallOthers as
// hold them all, in the article's order. A question is asked of the one
// library that holds the paragraph it was written against, as SQuAD's
// crowdworkers wrote it reading that paragraph; off topic, of a library of
// another article.
const (
	smallOthers = 20 // at most this many paragraphs besides the opening one
	smallSeed   = 12 // the shuffle's seed: any fixed value
)

// libraries are the setups of each article alone and of its small
// libraries.
type libraries struct {
	arts  []corpus.Article
	each  []*setup   // per fold: the article alone
	small [][]*setup // per fold: its small libraries
	in    [][]int    // per fold and passage: which small library holds it
	twin  []*setup   // per fold: the article beside its twin (twinOf)
}

// add builds the setups of article a, the next fold.
func (l *libraries) add(ctx context.Context, a corpus.Article, syn *index.Synonyms) error {
	s, err := newSetup(ctx, []corpus.Article{a}, syn)
	if err != nil {
		return err
	}
	l.arts = append(l.arts, a)
	l.each = append(l.each, s)
	parts, in := smallLibraries(a, rand.New(rand.NewPCG(smallSeed, uint64(len(l.each)))))
	var setups []*setup
	for _, p := range parts {
		s, err := newSetup(ctx, []corpus.Article{p}, syn)
		if err != nil {
			return err
		}
		setups = append(setups, s)
	}
	l.small = append(l.small, setups)
	l.in = append(l.in, in)
	return l.addTwin(ctx, a, syn)
}

func (l *libraries) close() {
	for k, s := range l.each {
		s.close()
		l.twin[k].close()
		for _, t := range l.small[k] {
			t.close()
		}
	}
}

// smallOf is the small library of fold k that holds paragraph p (from 1);
// for an answerable case, that paragraph must hold its answer.
func (l *libraries) smallOf(k, p int, c quality.Case) (*setup, error) {
	a := l.arts[k]
	if p > len(a.Passages) {
		return nil, fmt.Errorf("paragraph %d of %s, which has %d", p, a.ID, len(a.Passages))
	}
	if c.Answerable() && !c.Right(a.Passages[p-1].Text) {
		return nil, fmt.Errorf("paragraph %d of %s does not hold the answer", p, a.ID)
	}
	return l.small[k][l.in[k][p-1]], nil
}

// smallOther is a small library of fold k for an off-topic question, the
// one line picks among them.
func (l *libraries) smallOther(k, line int) *setup { return l.small[k][line%len(l.small[k])] }

// smallLibraries cuts article a into small libraries, as the package
// comment above says, and reports which one holds each passage (the
// opening one: the first).
func smallLibraries(a corpus.Article, rng *rand.Rand) ([]corpus.Article, []int) {
	rest := make([]int, len(a.Passages)-1)
	for i := range rest {
		rest[i] = i + 1
	}
	rng.Shuffle(len(rest), func(i, j int) { rest[i], rest[j] = rest[j], rest[i] })
	n := max(1, (len(rest)+smallOthers-1)/smallOthers)
	in := make([]int, len(a.Passages))
	for i, p := range rest {
		in[p] = i % n
	}
	libs := make([]corpus.Article, n)
	for j := range libs {
		libs[j] = a
		libs[j].Passages = nil
		for p := range a.Passages {
			if p == 0 || in[p] == j {
				libs[j].Passages = append(libs[j].Passages, a.Passages[p])
			}
		}
	}
	return libs, in
}
