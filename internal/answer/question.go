package answer

import (
	"math"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/sourcebot/newsbot/internal/index"
	"github.com/sourcebot/newsbot/internal/text"
)

// What ranking reads of a question itself: its concepts' weights, the
// words that only frame it, and the words it writes as names.

// commonAcronyms are capitalised but name no one; a question may use them
// when the articles do not.
var commonAcronyms = map[string]bool{"TV": true, "CEO": true, "CFO": true, "PM": true, "AM": true, "GMT": true, "ID": true, "HQ": true}

// newQuestion works out what ranking needs to know of a question.
func (e *Engine) newQuestion(q string, concepts []index.Concept) *question {
	qq := &question{concepts: concepts, kind: kindOf(q), words: questionWords(q)}
	qq.weights, qq.total = e.weights(q, concepts)
	absent := 0.0
	for i, c := range concepts {
		qq.maxW = max(qq.maxW, qq.weights[i])
		qq.numbers = append(qq.numbers, hasDigit(c.Surface))
		if c.DocFreq == 0 {
			absent += qq.weights[i]
		}
	}
	qq.absent = absent / max(qq.total, 1e-9)
	qq.names = nameConcepts(q, concepts)
	for i, name := range qq.names {
		qq.name = qq.name || name && concepts[i].DocFreq == 0
	}
	qq.negated = anyNegation(qq.words) // negated(q), from the words already read
	return qq
}

// weights gives each concept its BM25-style inverse document frequency; a
// word no passage has weighs the most, unless the question's case shows it
// is a common word rather than a name.
func (e *Engine) weights(q string, concepts []index.Concept) ([]float64, float64) {
	n := float64(e.ix.Len())
	cased := mixedCase(q)
	ws := make([]float64, len(concepts))
	total := 0.0
	for i, c := range concepts {
		df := float64(c.DocFreq)
		ws[i] = math.Log(1 + (n-df+0.5)/(df+0.5))
		switch {
		case c.DocFreq > 0:
		case !cased:
			ws[i] *= caselessMissingWeight
		case !startsUpper(c.Surface) || commonAcronyms[c.Surface]:
			ws[i] *= commonWordWeight
		}
		total += ws[i]
	}
	return ws, total
}

// keyConcepts drops the words that frame the question (text.FrameWord;
// the index has already dropped its stop words) and caps its length.
func keyConcepts(q string, all []index.Concept) []index.Concept {
	var out []index.Concept
	for _, c := range all {
		if w := strings.ToLower(c.Surface); text.FrameWord(w) || text.StopWord(w) {
			continue
		}
		out = append(out, c)
		if len(out) == maxConcepts {
			break
		}
	}
	return out
}

// nameConcepts marks the concepts a question writes as names: capitalised,
// not its first word, in a question written in mixed case.
func nameConcepts(q string, concepts []index.Concept) []bool {
	out := make([]bool, len(concepts))
	if !mixedCase(q) {
		return out
	}
	first := firstWordStart(q)
	for i, c := range concepts {
		out[i] = c.Start > first && startsUpper(c.Surface) && !commonAcronyms[c.Surface]
	}
	return out
}

func startsUpper(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsUpper(r)
}

func mixedCase(s string) bool {
	var up, low bool
	for _, r := range s {
		up = up || unicode.IsUpper(r)
		low = low || unicode.IsLower(r)
	}
	return up && low
}

func firstWordStart(s string) int {
	return strings.IndexFunc(s, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsNumber(r) })
}

func hasWord(s string) bool { return firstWordStart(s) >= 0 }
