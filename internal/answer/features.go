package answer

import (
	"math"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/sourcebot/newsbot/internal/corpus"
	"github.com/sourcebot/newsbot/internal/index"
	"github.com/sourcebot/newsbot/internal/text"
	"github.com/sourcebot/newsbot/internal/timeline"
)

// Ranking features of one candidate passage for one question. The ranker
// scores a passage as a weighted sum of them, with weights fitted on the
// SQuAD development set (cmd/tune).
const (
	fBM25     = iota // BM25 over concepts, per unit of the question's weight
	fCoverage        // share of the question's weight the passage says
	fCount           // share of the question's concepts the passage says
	fDensity         // weight said inside the best short window (Tellex et al.)
	fBigram          // share of the question's adjacent concept pairs said close together, in order
	fType            // the passage holds what the question asks for (a name, a date, a number)
	fCaption         // the passage is a photo caption
	fLead            // the passage opens its article
	fContext         // share of the weight said only by the paragraph around it
	fLength          // log of the passage's length in words
	fMissMax         // the heaviest concept the passage lacks, over the heaviest asked
	fNumMiss         // the question has a number the passage lacks
	fExpanded        // share of the weight said only through a longer form ("leads" as "leader")
	fFamily          // share of the weight said only through another word of its family ("Europe" as "European")
	NumRankFeatures
)

// RankFeatureNames name the ranking features, in order, for the fitted
// parameters and their report.
var RankFeatureNames = [NumRankFeatures]string{
	"bm25", "coverage", "count", "density", "bigram", "answer_type", "caption", "lead",
	"context_only", "length", "miss_max", "number_missing", "expanded", "family",
}

// Answerability features of a question and its best passage. The model
// turns them into the chance that the passage answers the question.
const (
	aScore        = iota // the ranker's score of the best passage
	aMargin              // its lead over the second
	aShare               // its share of the softmax over the candidates
	aCoverage            // as fCoverage, for the best passage
	aDensity             // as fDensity
	aBigram              // as fBigram
	aMissMax             // as fMissMax
	aNumMiss             // as fNumMiss
	aType                // as fType
	aTyped               // the question asks for a name, a date or a number
	aAbsent              // share of the question's weight that no passage says
	aAbsentName          // a name in the question that no passage says
	aConcepts            // log of the number of concepts asked
	aCount               // as fCount, for the best passage
	aMissWeight          // the weight of the heaviest concept the best passage lacks
	aNameMiss            // a name in the question that the best passage lacks
	aNegation            // the question says "not" or "never" and the best passage does not
	aSentMiss            // the heaviest concept that sentence lacks, over the heaviest asked
	aNameApart           // a name of the question the passage says, but not in that sentence
	aElsewhere           // a name or number of the question that other passages say and the best does not
	aAntonym             // a question word the passage lacks whose antonym its best sentence says
	aSuperlative         // an ordinal or superlative of the question ("first", "largest") the passage lacks
	aSentNegation        // the best sentence denies and the question does not, or the other way round
	aDenied              // the question denies ("not", "non-") and the best sentence does not
	aCountMiss           // a count or ordinal of the question, in words or figures, the passage lacks
	NumAnswerFeatures
)

// AnswerFeatureNames name the answerability features, in order.
var AnswerFeatureNames = [NumAnswerFeatures]string{
	"score", "margin", "share", "coverage", "density", "bigram", "miss_max", "number_missing",
	"answer_type", "typed", "absent", "absent_name", "concepts", "count", "miss_weight",
	"name_missing", "negation", "sentence_miss", "name_apart",
	"elsewhere", "antonym", "superlative", "sentence_negation", "denied", "count_missing",
}

// densityWindow is the width, in tokens, of the window fDensity looks
// through, beyond one token per concept asked.
const densityWindow = 8

// bigramGap is how far apart, in tokens, two adjacent question concepts may
// be in the passage and still count as said together ("Rollo's leader" and
// "leader of the Normans" both say "Norman leader").
const bigramGap = 3

// question is what ranking needs to know of a question, worked out once.
type question struct {
	concepts []index.Concept
	weights  []float64
	total    float64
	maxW     float64
	kind     answerKind
	words    map[string]bool // the question's words, folded and lower-cased
	numbers  []bool          // concepts that hold a digit
	absent   float64         // share of the weight no passage says
	name     bool            // a name (see names) that no passage says: "What did Russia say…"
	names    []bool          // concepts written as names (capitalised, not first)
	negated  bool            // the question says "not", "never", "no"
}

// candidateFeatures computes the ranking features of hit h. bleve's own
// score and rank are left out: the ablation showed the fitted ranker does
// better without them.
func (e *Engine) candidateFeatures(q *question, h index.Hit, ref passageRef) [NumRankFeatures]float64 {
	var f [NumRankFeatures]float64
	p := &e.articles[ref.article].Passages[ref.passage]
	bm25, cover := e.score(h, q.concepts, q.weights, ref.words)
	total := max(q.total, 1e-9)
	f[fBM25] = bm25 / total
	f[fCoverage] = cover / total
	said, ctxOnly, miss, expanded, family := 0, 0.0, 0.0, 0.0, 0.0
	for i, w := range q.weights {
		if q.concepts[i].Expanded && h.TF[i]+h.ContextTF[i] > 0 {
			expanded += w
		}
		switch {
		case h.TF[i] > 0:
			said++
		case h.ContextTF[i] > 0:
			said++
			ctxOnly += w
		case h.FamilyTF[i] > 0:
			family += w
			miss = max(miss, w)
		default:
			miss = max(miss, w)
			if q.numbers[i] {
				f[fNumMiss] = 1
			}
		}
	}
	f[fCount] = float64(said) / float64(max(1, len(q.concepts)))
	f[fContext] = ctxOnly / total
	f[fExpanded] = expanded / total
	f[fFamily] = family / total
	f[fMissMax] = miss / max(q.maxW, 1e-9)
	f[fDensity] = density(h.Pos, q.weights, len(q.concepts)+densityWindow) / total
	f[fBigram] = bigrams(h.Pos)
	if q.kind != kindNone && e.kinds.of(p).holds(q.kind, p.Text, q.words, h.Spans) {
		f[fType] = 1
	}
	if p.Kind == corpus.Caption {
		f[fCaption] = 1
	}
	if ref.passage == 0 {
		f[fLead] = 1
	}
	f[fLength] = math.Log1p(float64(ref.words))
	return f
}

// density is the most weight of distinct concepts said inside any window
// of width tokens.
func density(pos [][]int, weights []float64, width int) float64 {
	type occ struct {
		pos, concept int
	}
	var room [64]occ // on the stack: density runs on every candidate
	all := room[:0]
	for i, ps := range pos {
		for _, p := range ps {
			all = append(all, occ{p, i})
		}
	}
	if len(all) == 0 {
		return 0
	}
	// Sort by position; the lists are short.
	for i := 1; i < len(all); i++ {
		for j := i; j > 0 && all[j].pos < all[j-1].pos; j-- {
			all[j], all[j-1] = all[j-1], all[j]
		}
	}
	var counts [maxConcepts]int // keyConcepts keeps no more
	count := counts[:]
	if len(weights) > len(counts) {
		count = make([]int, len(weights))
	}
	best, cur, lo := 0.0, 0.0, 0
	for _, o := range all {
		if count[o.concept] == 0 {
			cur += weights[o.concept]
		}
		count[o.concept]++
		for o.pos-all[lo].pos >= width {
			c := all[lo].concept
			count[c]--
			if count[c] == 0 {
				cur -= weights[c]
			}
			lo++
		}
		best = max(best, cur)
	}
	return best
}

// bigrams is the share of the question's adjacent concept pairs that the
// passage says in the same order within bigramGap tokens.
func bigrams(pos [][]int) float64 {
	if len(pos) < 2 {
		return 0
	}
	n := 0
	for i := 0; i+1 < len(pos); i++ {
		if follows(pos[i], pos[i+1]) {
			n++
		}
	}
	return float64(n) / float64(len(pos)-1)
}

// follows reports whether some position in b comes 1..bigramGap tokens
// after one in a; both are sorted.
func follows(a, b []int) bool {
	j := 0
	for _, p := range a {
		for j < len(b) && b[j] <= p {
			j++
		}
		if j < len(b) && b[j]-p <= bigramGap {
			return true
		}
	}
	return false
}

// answerKind is what a question asks for.
type answerKind int

const (
	kindNone   answerKind = iota
	kindName              // who, whom, whose, where: a name
	kindDate              // when, what year
	kindNumber            // how many, how much
)

// kindOf reads what a question asks for from its opening words.
func kindOf(q string) answerKind {
	// Each word is read with the one after it, the last with none.
	w, seen := "", false
	for next := range strings.FieldsSeq(strings.ToLower(text.Fold(q))) {
		next = strings.Trim(next, `?,.!"'`)
		if seen {
			if k, ok := kindAt(w, next); ok {
				return k
			}
		}
		w, seen = next, true
	}
	if seen {
		k, _ := kindAt(w, "")
		return k
	}
	return kindNone
}

// kindAt is the kind of answer question word w asks for, with the word
// after it; ok is false when w is no question word.
func kindAt(w, next string) (_ answerKind, ok bool) {
	switch w {
	case "who", "whom", "whose", "where":
		return kindName, true
	case "when":
		return kindDate, true
	case "how":
		switch next {
		case "many", "much", "long", "old", "far", "large", "big", "tall", "high", "often":
			return kindNumber, true
		}
		return kindNone, true
	case "what", "which":
		switch next {
		case "year", "years", "century", "date", "day", "decade", "month", "time", "period", "era":
			return kindDate, true
		case "number", "percentage", "percent", "amount", "proportion", "size":
			return kindNumber, true
		}
		return kindNone, true
	}
	return kindNone, false
}

// holds reports whether passage s says something of the kind asked that
// the question does not already say (qwords, folded and lower-cased): a
// name, a number, or a date near the words that matched (see dateNear).
func holds(kind answerKind, s string, qwords map[string]bool, matched []index.Span) bool {
	if kind == kindDate {
		return dateNear(s, qwords, matched)
	}
	return eachWord(s, func(w string, _, _ int, opens bool) bool {
		r, _ := utf8.DecodeRuneInString(w)
		return ofKind(kind, w, r, opens) && fresh(w, qwords)
	})
}

// fresh reports that the question does not already say w; folded only for
// the words that could be the answer.
func fresh(w string, qwords map[string]bool) bool { return !qwords[strings.ToLower(text.Fold(w))] }

// dateNearWords is how many words may stand between a date and the words
// of the question that matched, for the date to be the answer's: a date
// elsewhere in the passage answers something else. (Tried at 6, 12 and 20
// words; each gained on SQuAD, and 12 is the middle.)
const dateNearWords = 12

// dateNear reports whether s holds a date the question does not already
// say, within dateNearWords words of a matched span: a phrase the timeline
// reads as a day (not "Black Friday", the "Sunday Times" or a dateline's
// date), a year or a century.
func dateNear(s string, qwords map[string]bool, matched []index.Span) bool {
	for _, sp := range timeline.Phrases(s) {
		if freshPhrase(s[sp.Start:sp.End], qwords) && near(s, sp.Start, sp.End, matched) {
			return true
		}
	}
	return eachWord(s, func(w string, i, j int, _ bool) bool {
		return ofKind(kindDate, w, 0, false) && fresh(w, qwords) && near(s, i, j, matched)
	})
}

// freshPhrase reports whether a date phrase says a word the question does
// not: "on Friday (December 19)" says "Friday" to "what happened on
// December 19?".
func freshPhrase(phrase string, qwords map[string]bool) bool {
	for w := range questionWords(phrase) {
		if w != "on" && w != "last" && w != "next" && !qwords[w] {
			return true
		}
	}
	return false
}

// near reports whether s[start:end] stands within dateNearWords words of a
// matched span.
func near(s string, start, end int, matched []index.Span) bool {
	for _, m := range matched {
		lo, hi := end, m.Start
		if m.End <= start {
			lo, hi = m.End, start
		}
		if lo >= hi || fewFields(s[lo:hi], dateNearWords) {
			return true
		}
	}
	return false
}

// eachWord calls fn with each run of letters and digits in s, its byte
// offsets, and whether it opens a sentence, until fn returns true; it
// reports whether one did.
func eachWord(s string, fn func(w string, start, end int, opens bool) bool) bool {
	opens := true
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if !isWordRune(r) {
			if r == '.' || r == '!' || r == '?' {
				opens = true
			}
			i += size
			continue
		}
		j := wordEnd(s, i)
		if fn(s[i:j], i, j, opens) {
			return true
		}
		opens = false
		i = j
	}
	return false
}

// ofKind reports whether the word w, whose first rune is r, could be an
// answer of the kind asked: a name (capitalised where no sentence starts),
// a year or century (days are the timeline's: see dateNear) or a number.
func ofKind(kind answerKind, w string, r rune, sentenceStart bool) bool {
	switch kind {
	case kindName:
		return !sentenceStart && unicode.IsUpper(r)
	case kindDate:
		return isYear(w) || w == "century" || w == "centuries"
	case kindNumber:
		return unicode.IsDigit(r) || numberWords[strings.ToLower(w)]
	}
	return false
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

// wordEnd is the end of the word that starts at s[i].
func wordEnd(s string, i int) int {
	for i < len(s) {
		r, n := utf8.DecodeRuneInString(s[i:])
		if !isWordRune(r) {
			break
		}
		i += n
	}
	return i
}

func isYear(w string) bool {
	if len(w) < 3 || len(w) > 4 {
		return false
	}
	for i := 0; i < len(w); i++ {
		if w[i] < '0' || w[i] > '9' {
			return false
		}
	}
	return true
}

var numberWords = map[string]bool{
	"one": true, "two": true, "three": true, "four": true, "five": true, "six": true, "seven": true,
	"eight": true, "nine": true, "ten": true, "eleven": true, "twelve": true, "twenty": true,
	"thirty": true, "forty": true, "fifty": true, "hundred": true, "hundreds": true, "thousand": true,
	"thousands": true, "million": true, "millions": true, "billion": true, "dozen": true, "dozens": true,
	"half": true, "percent": true,
}

// questionWords lists the question's words (text.Words) cut at their
// apostrophes, as holds reads a passage word by word: "didn't" is "didn"
// and "t", "Korea's" "korea" and "s".
func questionWords(q string) map[string]bool {
	ws := text.Words(q)
	out := make(map[string]bool, len(ws)) // sized once: it runs on passages too
	for _, w := range ws {
		for {
			part, rest, cut := strings.Cut(w, "'")
			out[part] = true
			if !cut {
				break
			}
			w = rest
		}
	}
	return out
}

// negations are the words that turn a question around.
var negations = map[string]bool{"not": true, "never": true, "no": true, "none": true, "nobody": true, "nothing": true, "without": true, "t": true}

// negated reports whether s says one of the negations (as words; "didn't"
// splits into "didn" and "t").
func negated(s string) bool {
	for w := range questionWords(s) {
		if negations[w] {
			return true
		}
	}
	return false
}

func hasDigit(s string) bool {
	return strings.ContainsFunc(s, unicode.IsDigit)
}
