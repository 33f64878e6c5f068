package answer

import (
	"strings"
	"sync"

	"github.com/sourcebot/newsbot/data"
	"github.com/sourcebot/newsbot/internal/text"
)

// SQuAD 2.0's unanswerable questions (Rajpurkar et al., 2018) were written
// against a paragraph by changing one thing: a word turned to its antonym,
// an entity swapped for another the article names, a negation added, a
// condition that cannot hold. The features here look for such a change in
// the best passage: what its best sentence says of the question, and what
// the question says that the passage turns round.

// mismatch sets the answerability features of candidate best that look at
// its sentences and words.
func (x *Explained) mismatch(best int, a *[NumAnswerFeatures]float64) {
	q := x.q
	rd := x.reading(best) // the passage's sentences and words, read once (reading.go)
	bs := bestSentence(rd.sents, x.at[best], q.weights)
	a[aSentMiss] = x.apart(best, rd.sents, bs, a) / max(q.maxW, 1e-9)
	sentWords, sw := rd.sentence(bs) // the sentence is read once for all the signs below
	pw := rd.stems
	a[aAntonym] = b2f(turned(q.words, pw, sw))
	a[aSuperlative] = b2f(superlativeMissing(q.words, pw))
	a[aSentNegation] = b2f(q.negated != anyNegation(sentWords))
	a[aDenied] = b2f(denies(q.words) && !denies(sentWords))
	a[aCountMiss] = b2f(countMissing(q.words, pw))
}

// bestSentence is the first of sents that says the most of the question's
// weight, given where (at) the passage says each concept.
func bestSentence(sents [][2]int, at [][]int, weights []float64) int {
	in := make([]float64, len(sents)) // weight said in each sentence
	for i, offs := range at {
		last := -1
		for _, o := range offs {
			if s := sentenceOf(sents, o); s != last {
				in[s] += weights[i]
				last = s
			}
		}
	}
	bs := 0
	for s := range in {
		if in[s] > in[bs] {
			bs = s
		}
	}
	return bs
}

// apart sets the features of candidate best's concepts that its best
// sentence bs does not say (a name said only elsewhere in the passage; a
// name or number the passage lacks that others have) and returns the
// heaviest weight the sentence misses.
func (x *Explained) apart(best int, sents [][2]int, bs int, a *[NumAnswerFeatures]float64) float64 {
	q := x.q
	miss := 0.0
	for i, offs := range x.at[best] {
		inBest := false
		for _, o := range offs {
			inBest = inBest || sentenceOf(sents, o) == bs
		}
		if len(offs) > 0 && !inBest && q.names[i] {
			a[aNameApart] = 1
		}
		if !inBest {
			miss = max(miss, q.weights[i])
		}
		if (q.names[i] || q.numbers[i]) && q.concepts[i].DocFreq > 0 && x.tf[best][i] == 0 {
			a[aElsewhere] = 1
		}
	}
	return miss
}

// denies reports whether words (as questionWords gives them) deny: a
// negation, or the prefix "non-" ("non-Catholic" splits into "non" and
// "catholic").
func denies(words map[string]bool) bool {
	for w := range words {
		if negations[w] || w == "non" {
			return true
		}
	}
	return false
}

// countMissing reports whether the question says a count or an ordinal in
// words or figures ("four", "4th", "third") that the passage (its stems
// pw) does not: "how many layers were there at first, four?" asked of a
// passage that says three.
func countMissing(qwords, pw map[string]bool) bool {
	for w := range qwords {
		if (numberWords[w] || ordinals[w] || ordinalFigure(w)) && !pw[text.Stem(w)] {
			return true
		}
	}
	return false
}

// ordinalFigure reports whether w is an ordinal in figures: "4th", "21st".
func ordinalFigure(w string) bool {
	n := len(w)
	if n < 3 || w[0] < '0' || w[0] > '9' {
		return false
	}
	switch w[n-2:] {
	case "st", "nd", "rd", "th":
		return true
	}
	return false
}

// sentenceOf is the sentence that byte offset o falls in.
func sentenceOf(sents [][2]int, o int) int {
	for i, s := range sents {
		if o < s[1] {
			return i
		}
	}
	return len(sents) - 1
}

// stems are the light stems (text.Stem) of the words of s.
func stems(s string) map[string]bool { return stemsOf(questionWords(s)) }

// stemsOf are the light stems of words, as questionWords gives them.
func stemsOf(words map[string]bool) map[string]bool {
	out := make(map[string]bool, len(words))
	for w := range words {
		out[text.Stem(w)] = true
	}
	return out
}

// anyNegation is negated for words as questionWords gives them, looked
// up (there are few negations) rather than ranging over the words.
func anyNegation(words map[string]bool) bool {
	for w := range negations {
		if words[w] {
			return true
		}
	}
	return false
}

// antonyms maps a word's stem to the stems of its antonyms.
var antonyms = sync.OnceValue(func() map[string][]string {
	m := map[string][]string{}
	for _, line := range strings.Split(data.Antonyms, "\n") {
		f := strings.Fields(line)
		if len(f) != 2 || strings.HasPrefix(line, "#") {
			continue
		}
		a, b := text.Stem(f[0]), text.Stem(f[1])
		m[a] = append(m[a], b)
		m[b] = append(m[b], a)
	}
	return m
})

// turned reports whether a word of the question that the passage (its
// stems pw) does not say has an antonym that the best sentence (sw) says:
// "the first" asked of "the last".
func turned(qwords, pw, sw map[string]bool) bool {
	ants := antonyms()
	for w := range qwords {
		st := text.Stem(w)
		if text.StopWord(w) || pw[st] {
			continue
		}
		for _, v := range ants[st] {
			if sw[v] {
				return true
			}
		}
	}
	return false
}

// ordinals are the words that pick one of several by order or rank.
var ordinals = map[string]bool{
	"first": true, "second": true, "third": true, "fourth": true, "fifth": true, "last": true,
	"only": true, "most": true, "least": true, "best": true, "worst": true, "final": true,
	"sixth": true, "seventh": true, "eighth": true, "ninth": true, "tenth": true,
}

// superlativeMissing reports whether the question says an ordinal or a
// superlative ("largest", "earliest") that the passage (its stems pw) does
// not.
func superlativeMissing(qwords, pw map[string]bool) bool {
	for w := range qwords {
		if (ordinals[w] || len(w) >= 6 && strings.HasSuffix(w, "est")) && !pw[text.Stem(w)] {
			return true
		}
	}
	return false
}

func b2f(b bool) float64 {
	if b {
		return 1
	}
	return 0
}
