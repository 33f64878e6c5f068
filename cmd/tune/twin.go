package main

import (
	"context"
	"math/rand/v2"
	"strconv"
	"strings"

	"github.com/sourcebot/newsbot/internal/corpus"
	"github.com/sourcebot/newsbot/internal/index"
	"github.com/sourcebot/newsbot/internal/quality"
	"github.com/sourcebot/newsbot/internal/quote"
)

// The twin view. The bot's libraries are mostly two or more wire reports
// of one event, so the fact asked about is said by twin passages in
// different articles; SQuAD has no such twins. So each article is also
// asked beside a second report of itself: the same paragraphs under
// another id, source and headline, each lightly altered as another
// report would word it (its sentences shuffled, and one of three or more
// dropped, with a fixed seed). A twin passage is right if it kept every
// sentence of the right paragraph's answer snippet (items.tsv's expected
// text, which may run across sentences).
const twinSeed = 7 // the alteration's seed: any fixed value

// twinPassage is what a twin passage kept of its original.
type twinPassage struct {
	orig string
	kept [][2]int // the original's sentences it kept, as byte ranges
}

// right reports whether the twin holds c's answer: the original does,
// and the twin kept every sentence of the snippet.
func (t twinPassage) right(c quality.Case) bool {
	for _, w := range c.Want {
		if i := strings.Index(t.orig, w); i >= 0 && t.keeps(i, i+len(w)) {
			return true
		}
	}
	return false
}

// keeps reports whether every original byte in [lo, hi) is in a kept
// sentence, or is space between two.
func (t twinPassage) keeps(lo, hi int) bool {
	for i := lo; i < hi; i++ {
		in := t.orig[i] == ' '
		for _, k := range t.kept {
			in = in || (k[0] <= i && i < k[1])
		}
		if !in {
			return false
		}
	}
	return true
}

// twinOf is the second report of article a, and what each of its
// passages kept, by passage id.
func twinOf(a corpus.Article, rng *rand.Rand) (corpus.Article, map[string]twinPassage) {
	t := a
	t.ID, t.File = a.ID+"-twin", ""
	t.Source, t.Title = "Second report of "+a.Source, "Another report: "+a.Title
	t.Passages = make([]corpus.Passage, len(a.Passages))
	kept := make(map[string]twinPassage, len(a.Passages))
	for i, p := range a.Passages {
		p.ID = t.ID + "/" + strconv.Itoa(i+1) // positions count from 1, as corpus numbers them
		tp := twinPassage{orig: p.Text, kept: reword(p.Text, rng)}
		var parts []string
		for _, k := range tp.kept {
			parts = append(parts, strings.TrimSpace(p.Text[k[0]:k[1]]))
		}
		p.Text = strings.Join(parts, " ")
		t.Passages[i] = p
		kept[p.ID] = tp
	}
	return t, kept
}

// reword shuffles the sentences of s and drops one of three or more,
// returning the sentences kept, in their new order.
func reword(s string, rng *rand.Rand) [][2]int {
	var sents [][2]int
	for _, sp := range quote.Sentences(s) {
		if strings.TrimSpace(s[sp[0]:sp[1]]) != "" {
			sents = append(sents, sp)
		}
	}
	rng.Shuffle(len(sents), func(i, j int) { sents[i], sents[j] = sents[j], sents[i] })
	if len(sents) >= 3 {
		sents = sents[1:]
	}
	return sents
}

// addTwin builds the twin library of article a, the fold just added.
func (l *libraries) addTwin(ctx context.Context, a corpus.Article, syn *index.Synonyms) error {
	t, kept := twinOf(a, rand.New(rand.NewPCG(twinSeed, uint64(len(l.each)))))
	s, err := newSetup(ctx, []corpus.Article{a, t}, syn)
	if err != nil {
		return err
	}
	s.twins = kept
	l.twin = append(l.twin, s)
	return nil
}
