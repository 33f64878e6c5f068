package answer

import (
	"unicode"
	"unicode/utf8"

	"github.com/sourcebot/newsbot/internal/corpus"
	"github.com/sourcebot/newsbot/internal/index"
	"github.com/sourcebot/newsbot/internal/memo"
	"github.com/sourcebot/newsbot/internal/timeline"
)

// What the answer-type feature (holds) reads of a passage does not depend
// on the question: its names, numbers, years and date phrases. It was read
// again for every candidate of every question that asks for one (dates
// alone were a quarter of a SQuAD question's time), and is now read once
// per passage. TestKindsHold holds the two readings to the same answers.

// passageKinds is what holds reads of one passage.
type passageKinds struct {
	names, numbers []string // folded and lower-cased, as fresh compares them
	years          []kindWord
	phrases        []datePhrase
}

// kindWord is a word that may be the answer, with its offsets.
type kindWord struct {
	key        string // folded and lower-cased
	start, end int
}

// datePhrase is a phrase the timeline reads as a day, with the words that
// make it new to a question (freshPhrase).
type datePhrase struct {
	start, end int
	words      []string
}

// readKinds reads a passage's text as holds does.
func readKinds(s string) *passageKinds {
	k := &passageKinds{}
	eachWord(s, func(w string, i, j int, opens bool) bool {
		r, _ := utf8.DecodeRuneInString(w)
		isName, isNumber, isDate := ofKind(kindName, w, r, opens), ofKind(kindNumber, w, r, opens), ofKind(kindDate, w, 0, false)
		if !isName && !isNumber && !isDate {
			return false
		}
		key := fold(w) // as fresh compares it
		if isName {
			k.names = append(k.names, key)
		}
		if isNumber {
			k.numbers = append(k.numbers, key)
		}
		if isDate {
			k.years = append(k.years, kindWord{key, i, j})
		}
		return false
	})
	for _, sp := range timeline.Phrases(s) {
		p := datePhrase{start: sp.Start, end: sp.End}
		for w := range questionWords(s[sp.Start:sp.End]) {
			if w != "on" && w != "last" && w != "next" {
				p.words = append(p.words, w)
			}
		}
		k.phrases = append(k.phrases, p)
	}
	return k
}

// holds is holds(kind, s, qwords, matched) for the passage s these kinds
// were read from.
func (k *passageKinds) holds(kind answerKind, s string, qwords map[string]bool, matched []index.Span) bool {
	switch kind {
	case kindName:
		return anyFresh(k.names, qwords)
	case kindNumber:
		return anyFresh(k.numbers, qwords)
	case kindDate:
		for _, p := range k.phrases {
			if anyFresh(p.words, qwords) && near(s, p.start, p.end, matched) {
				return true
			}
		}
		for _, y := range k.years {
			if !qwords[y.key] && near(s, y.start, y.end, matched) {
				return true
			}
		}
	}
	return false
}

// anyFresh reports whether the question lacks one of words.
func anyFresh(words []string, qwords map[string]bool) bool {
	for _, w := range words {
		if !qwords[w] {
			return true
		}
	}
	return false
}

// kindsCache keeps each passage's kinds, read on first use; bounded as the
// index's memos are (memo.DefaultMax: past it, a 100,000-passage archive
// reads the rest each time rather than growing by a few megabytes).
type kindsCache struct {
	m memo.Memo[*corpus.Passage, *passageKinds]
}

func (c *kindsCache) of(p *corpus.Passage) *passageKinds {
	return c.m.Of(p, func() *passageKinds { return readKinds(p.Text) })
}

// fewFields reports whether s has at most n fields, as strings.Fields
// splits it, without splitting it.
func fewFields(s string, n int) bool {
	count, in := 0, false
	for _, r := range s {
		if unicode.IsSpace(r) {
			in = false
		} else if !in {
			in = true
			if count++; count > n {
				return false
			}
		}
	}
	return count <= n
}
