package quote

import (
	"unicode/utf8"

	"github.com/sourcebot/newsbot/internal/text"
)

// Matching tuning. Each is a property of how people misremember a line,
// not of one article; quote_test.go shows where the threshold sits between
// the misquotations that must match and the article text that must not.
const (
	// Threshold is the least Similarity a quotation needs to be returned.
	// TestThreshold holds the evidence: misquotations score 0.8 and up (a
	// word left out, typos in two words, two words swapped), while
	// sentences of the articles that are not quoted, and famous lines in
	// no article, score 0.67 and below. 0.67 is two words of three found in
	// a quotation and the third nowhere in it ("punish North Korea"),
	// which is chance, not memory.
	Threshold = 0.72
	// stopWeight is what a common word counts for: "of the" in the right
	// place says little about which quotation the user means.
	stopWeight = 0.2
	// gapCost is what each word of the quotation that the user left out
	// costs, as a share of its weight: "senseless arrogance" is close to
	// "senseless cultural arrogance" (0.8), but not the same.
	gapCost = 0.4
	// outOfOrder is what a word counts for when it is in the quotation but
	// not where the alignment can use it: "cultural senseless arrogance"
	// has all the words, one out of place; "punish North Korea" has two of
	// three, and "punish" is nowhere.
	outOfOrder = 0.5
)

// termWords splits text into the words it is matched by: text.Words,
// folded and lower-cased, an apostrophe kept inside a word ("i'm",
// "country's") so that a stop word is known as one; hyphens are breaks, so
// "cyber-vandalism" and "cyber vandalism" read alike. wordSim takes
// "countrys" for "country's".
func termWords(s string) []string { return text.Words(s) }

// stopWord reports whether w is a function word (text.StopWord), which is
// in every quotation and so tells none apart.
func stopWord(w string) bool { return text.StopWord(w) }

func weight(w string) float64 {
	if stopWord(w) {
		return stopWeight
	}
	return 1
}

// wordSim is how alike two words are, 0..1: one minus the edit distance
// over the longer length, allowing one edit in a word of four or five
// letters, two up to eight and three beyond. Short words and numbers must
// be exact: "war" is not "was", and "2014" is not "2015".
func wordSim(a, b string) float64 {
	if a == b || text.Key(a) == text.Key(b) {
		return 1
	}
	la, lb := utf8.RuneCountInString(a), utf8.RuneCountInString(b)
	n := max(la, lb)
	allow := 0
	switch {
	case n <= 3:
	case n <= 5:
		allow = 1
	case n <= 8:
		allow = 2
	default:
		allow = 3
	}
	if allow == 0 || abs(la-lb) > allow || isNumber(a) || isNumber(b) {
		return 0
	}
	d := editDistance(a, b, allow)
	if d > allow {
		return 0
	}
	return 1 - float64(d)/float64(n)
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// editDistance is the Levenshtein distance of a and b in runes, or
// limit+1 once it is known to exceed limit.
func editDistance(a, b string, limit int) int {
	var bufA, bufB [32]rune
	var rowA, rowB [33]int
	ra, rb := appendRunes(bufA[:0], a), appendRunes(bufB[:0], b)
	prev, cur := rowA[:0], rowB[:0]
	if len(rb) >= len(rowA) {
		prev, cur = make([]int, 0, len(rb)+1), make([]int, 0, len(rb)+1)
	}
	prev, cur = prev[:len(rb)+1], cur[:len(rb)+1]
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		best := cur[0]
		for j := 1; j <= len(rb); j++ {
			c := prev[j-1]
			if ra[i-1] != rb[j-1] {
				c = 1 + min(prev[j-1], prev[j], cur[j-1])
			}
			cur[j] = c
			best = min(best, c)
		}
		if best > limit {
			return limit + 1
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}

func appendRunes(dst []rune, s string) []rune {
	for _, r := range s {
		dst = append(dst, r)
	}
	return dst
}

// query is the user's words, ready to align with each quotation.
type query struct {
	words   []string
	weights []float64
	total   float64 // sum of weights
	content int     // words that are not stop words
	// sim[i][v] caches wordSim(words[i], vocabulary word v); -1 is unknown.
	sim [][]float32
	// cells and rows are the alignment's scratch, reused across quotations.
	cells []cell
	rows  [][]cell
}

// joinable reports whether a could be b and c written as one word, by
// length alone, before the words are joined to compare them.
func joinable(a, b, c string) bool {
	return abs(len(a)-len(b)-len(c)) <= 3
}

func newQuery(words []string, vocab int) *query {
	q := &query{words: words, weights: make([]float64, len(words)), sim: make([][]float32, len(words))}
	for i, w := range words {
		q.weights[i] = weight(w)
		q.total += q.weights[i]
		if !stopWord(w) {
			q.content++
		}
		row := make([]float32, vocab)
		for v := range row {
			row[v] = -1
		}
		q.sim[i] = row
	}
	return q
}

func (q *query) wordSim(i int, v int32, vocab []string) float64 {
	if s := q.sim[i][v]; s >= 0 {
		return float64(s)
	}
	s := wordSim(q.words[i], vocab[v])
	q.sim[i][v] = float32(s)
	return s
}

// cell is one state of the alignment: the score so far and how many of the
// user's content words it has matched.
type cell struct {
	score   float64
	gain    float64 // what the matched words brought, before gap costs
	content int
	covered float64 // weight of quotation words matched, for ranking
}

func better(a, b cell) bool {
	return a.score > b.score || a.score == b.score && a.content > b.content
}

// align scores the user's words against one quotation by aligning them word
// by word, in order: the user's words must be found, in order, somewhere in
// the quotation. A word counts by its weight times how alike the pair is;
// a word the user typed that is not there counts nothing; a word of the
// quotation skipped inside the matched stretch costs gapCost of its
// weight. A word may also match two joined words on the other side, so
// "cyberattacks" finds "cyber attacks" and back. The result, over the
// user's total weight, is the Similarity.
func (q *query) align(doc []int32, vocab []string) cell {
	m, n := len(q.words), len(doc)
	// rows[i][j]: best alignment of the first i user words ending at
	// quotation word j. Row 0 is free everywhere: the match may start
	// anywhere in the quotation.
	rows := q.grid(m, n)
	for i := 1; i <= m; i++ {
		for j := 0; j <= n; j++ {
			c := rows[i-1][j] // the user's word is not in the quotation
			if j > 0 {
				c = q.bestEnding(rows, i, j, doc, vocab, c)
			}
			if c.score < 0 {
				// A stretch that costs more than it gains is dropped: the
				// match starts afresh after it.
				c = cell{}
			}
			rows[i][j] = c
		}
	}
	best := cell{}
	for _, c := range rows[m] {
		best = keepBetter(best, c)
	}
	best.score += outOfOrder * max(0, q.bag(doc, vocab)-best.gain)
	return best
}

// grid returns the alignment table of m+1 rows of n+1 cells, cleared, in
// the query's own storage.
func (q *query) grid(m, n int) [][]cell {
	if need := (m + 1) * (n + 1); cap(q.cells) < need {
		q.cells = make([]cell, need)
	}
	rows := q.rows[:0]
	for i := 0; i <= m; i++ {
		row := q.cells[i*(n+1) : (i+1)*(n+1)]
		clear(row)
		rows = append(rows, row)
	}
	q.rows = rows
	return rows
}

// bestEnding is the best alignment of the first i user words ending at
// quotation word j > 0, given c, the one that leaves user word i out: skip
// the quotation's word, pair the two words, or pair one word with two
// joined on the other side.
func (q *query) bestEnding(rows [][]cell, i, j int, doc []int32, vocab []string, c cell) cell {
	dw := weight(vocab[doc[j-1]])
	skip := rows[i][j-1]
	skip.score -= gapCost * dw
	c = keepBetter(c, skip)
	wi := q.weights[i-1]
	content := !stopWord(q.words[i-1])
	if s := q.wordSim(i-1, doc[j-1], vocab); s > 0 {
		c = keepBetter(c, rows[i-1][j-1].plus(wi*s, dw, content))
	}
	if j > 1 && joinable(q.words[i-1], vocab[doc[j-2]], vocab[doc[j-1]]) {
		// one user word for two of the quotation's
		if s := wordSim(q.words[i-1], vocab[doc[j-2]]+vocab[doc[j-1]]); s > 0 {
			c = keepBetter(c, rows[i-1][j-2].plus(wi*s, dw+weight(vocab[doc[j-2]]), content))
		}
	}
	if i > 1 && joinable(vocab[doc[j-1]], q.words[i-2], q.words[i-1]) {
		// two user words for one of the quotation's
		if s := wordSim(q.words[i-2]+q.words[i-1], vocab[doc[j-1]]); s > 0 {
			c = keepBetter(c, rows[i-2][j-1].plus((wi+q.weights[i-2])*s, dw, true))
		}
	}
	return c
}

// plus is c extended by a matched pair that gains gain and covers covered
// of the quotation's weight; content says the user's word is no stop word.
func (c cell) plus(gain, covered float64, content bool) cell {
	c.score += gain
	c.gain += gain
	c.covered += covered
	if content {
		c.content++
	}
	return c
}

// keepBetter is d when it is better than c, else c.
func keepBetter(c, d cell) cell {
	if better(d, c) {
		return d
	}
	return c
}

// bag is what the user's words gain when each is found anywhere in the
// quotation, out of the aligned order too.
func (q *query) bag(doc []int32, vocab []string) float64 {
	bag := 0.0
	for i := range q.words {
		top := 0.0
		for _, v := range doc {
			top = max(top, q.wordSim(i, v, vocab))
		}
		bag += q.weights[i] * top
	}
	return bag
}
