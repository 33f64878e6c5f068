// Package answer turns a question into the single best passage from the
// articles, quoted word for word with its article, or into an honest "no
// answer" when the articles do not say it.
package answer

import (
	"context"
	"errors"
	"fmt"
	"math"
	"sort"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/sourcebot/newsbot/internal/corpus"
	"github.com/sourcebot/newsbot/internal/index"
	"github.com/sourcebot/newsbot/internal/quote"
	"github.com/sourcebot/newsbot/internal/text"
	"github.com/sourcebot/newsbot/internal/timeline"
)

// Limits on questions. Discord caps /ask at 300 characters; a message sent to
// "Find source" can be longer, so the engine takes more.
const (
	MaxQuestionRunes = 4000
	maxConcepts      = 48
	maxAlternatives  = 3
	searchDepth      = 30
)

// Credits and weights inside the concept BM25 and coverage features. The
// fitted ranker weighs those features, and separate features tell it how
// much of a passage's match came through context or a longer word form.
const (
	// contextCredit is what a word counts for when only the paragraph
	// around a passage says it (a speaker named before a bare quotation).
	contextCredit = 0.5
	// commonWordWeight scales the weight of a lowercase word that no passage
	// has, in a question whose capitals mark names: such a word is phrasing
	// ("call", "describe"), not the subject.
	commonWordWeight = 0.5
	// caselessMissingWeight does the same where the question's case says
	// nothing (all capitals or none): the word may be a name, so it weighs more.
	caselessMissingWeight = 0.75
	// altMinShare is how likely, next to the best passage, an alternative
	// must be under the ranker (the ratio of their softmax shares) to be
	// offered under "More passages". It shapes what is shown, not what is
	// answered.
	altMinShare = 0.05
)

// Errors from Ask; test with errors.Is.
var (
	ErrEmptyQuestion = errors.New("the question is empty")
	ErrTooLong       = fmt.Errorf("the question is longer than %d characters", MaxQuestionRunes)
	// ErrNoAnswer means the articles do not answer the question.
	ErrNoAnswer = errors.New("no confident answer in the articles")
)

// Searcher is what the engine needs from an index.
type Searcher interface {
	Concepts(ctx context.Context, question string) ([]index.Concept, error)
	Search(ctx context.Context, concepts []index.Concept, size int) ([]index.Hit, error)
	Len() int
}

// Span is a byte range of a passage's text that matched the question.
type Span = index.Span

// Result is one passage offered as an answer.
type Result struct {
	Passage  corpus.Passage
	Article  *corpus.Article
	Score    float64 // the ranker's score: higher is better; comparable within one question
	Coverage float64 // share of the question's weight the passage carries, 0..1
	// Confidence is the answerability model's chance that this passage
	// answers the question, 0..1, fitted on the SQuAD development set (the
	// README's Quality section says how often answers at each confidence
	// were right there and on news questions). Set on the best passage and
	// on each source's best in a comparison.
	Confidence float64
	Highlights []Span
	// When is set for a "when" question: the day the passage's date
	// phrase nearest the matched words stands for, resolved against the
	// article's date ("Sunday" in a Monday 2014-12-22 article: 2014-12-21).
	When *timeline.Mention
}

// Answer is the reply to one question.
type Answer struct {
	Question     string
	Best         Result
	Alternatives []Result
}

// Engine answers questions over a fixed set of articles.
type Engine struct {
	ix       Searcher
	articles []corpus.Article
	byID     map[string]passageRef
	avgLen   float64 // mean passage length in words, for BM25
	cache    *cache
	timeline func() []timeline.Day // built on first use
	quotes   func() *quote.Index   // built on first use
	kinds    kindsCache            // what holds reads of each passage
	readings *readings             // what mismatch reads of each passage
}

// cacheSize is how many recent answers are kept.
const cacheSize = 1024

type passageRef struct {
	article, passage int
	words            int // passage length, for BM25
}

// New returns an engine over articles, searched through ix, which must index
// exactly those articles' passages.
func New(articles []corpus.Article, ix Searcher) *Engine {
	total := 0
	for _, a := range articles {
		total += len(a.Passages)
	}
	e := &Engine{readings: newReadings(), ix: ix, articles: articles, byID: make(map[string]passageRef, total), cache: newCache(cacheSize)}
	e.timeline = sync.OnceValue(func() []timeline.Day { return timeline.Build(e.articles) })
	e.quotes = sync.OnceValue(func() *quote.Index { return quote.New(e.articles) })
	words := 0
	for ai, a := range articles {
		for pi, p := range a.Passages {
			n := countWords(p.Text)
			e.byID[p.ID] = passageRef{ai, pi, n}
			words += n
		}
	}
	e.avgLen = max(1, float64(words)/float64(max(1, len(e.byID))))
	return e
}

// countWords counts space-separated words without allocating: it runs on
// every passage when an engine starts.
func countWords(s string) int {
	n, in := 0, false
	for _, r := range s {
		if unicode.IsSpace(r) {
			in = false
		} else if !in {
			in = true
			n++
		}
	}
	return n
}

// Warm builds the timeline and the quotation index in the background, so
// that a server's first /timeline or /quote does not pay for them (about
// 2.5 s at 100,000 passages).
func (e *Engine) Warm() {
	go func() {
		e.timeline()
		e.quotes()
	}()
}

// Timeline lists the dated events across the articles, oldest day first.
// It is built once, on first use; callers must not change it.
func (e *Engine) Timeline() []timeline.Day { return e.timeline() }

// FindQuote finds the quotation that text recalls, with its speaker as the
// article gives it, and up to a few other close ones. Errors are
// quote.ErrNotFound and quote.ErrBadInput (test with errors.Is).
func (e *Engine) FindQuote(text string) (best quote.Match, others []quote.Match, err error) {
	return e.quotes().Find(text)
}

// Articles lists the articles the engine answers from.
func (e *Engine) Articles() []corpus.Article { return e.articles }

// Passage returns the passage with the given ID, with its article, for
// citing a passage again later (a button press); ok is false for an
// unknown ID.
func (e *Engine) Passage(id string) (r Result, ok bool) {
	ref, ok := e.byID[id]
	if !ok {
		return Result{}, false
	}
	a := &e.articles[ref.article]
	return Result{Passage: a.Passages[ref.passage], Article: a}, true
}

// Passages is the number of passages the engine answers from.
func (e *Engine) Passages() int { return len(e.byID) }

// Ask answers one question. It returns ErrEmptyQuestion or ErrTooLong for a
// question it will not read, and ErrNoAnswer, with the question in the
// Answer, when the articles do not answer it.
func (e *Engine) Ask(ctx context.Context, question string) (*Answer, error) {
	q, err := check(question)
	if err != nil {
		return nil, err
	}
	if ans, err, ok := e.cache.get(q); ok {
		return ans, err
	}
	ans, err := e.ask(ctx, q)
	if err == nil || errors.Is(err, ErrNoAnswer) {
		e.cache.put(q, ans, err)
	}
	return ans, err
}

// check trims a question and refuses one the engine will not read.
func check(question string) (string, error) {
	q := strings.TrimSpace(strings.ToValidUTF8(question, " "))
	if !hasWord(q) {
		return "", ErrEmptyQuestion
	}
	if utf8.RuneCountInString(q) > MaxQuestionRunes {
		return "", ErrTooLong
	}
	return q, nil
}

// ask answers a question that has been checked and trimmed.
func (e *Engine) ask(ctx context.Context, q string) (*Answer, error) {
	ans := &Answer{Question: q}
	rk, err := e.rank(ctx, q, searchDepth)
	if err != nil {
		return nil, err
	}
	if len(rk.results) == 0 || rk.confidence < DefaultModel().Threshold {
		return ans, ErrNoAnswer
	}
	ans.Best = rk.results[0]
	ans.Best.Confidence = rk.confidence
	when := asksWhen(q)
	if when {
		ans.Best.When = whenOf(ans.Best)
	}
	seen := map[string]bool{rk.folded(0): true}
	for i, r := range rk.results[1:] {
		if len(ans.Alternatives) == maxAlternatives {
			break
		}
		if r.Coverage == 0 || math.Exp(r.Score-ans.Best.Score) < altMinShare {
			continue
		}
		key := rk.folded(i + 1)
		if seen[key] {
			continue
		}
		seen[key] = true
		if when {
			r.When = whenOf(r)
		}
		ans.Alternatives = append(ans.Alternatives, r)
	}
	return ans, nil
}

// ranking is one question's candidate passages, best first, with the
// chance that the first answers the question.
type ranking struct {
	x          *Explained
	scores     []float64 // the ranker's score of each candidate, in x's order
	results    []Result
	order      []int // results[i] is candidate order[i] of x
	confidence float64
}

// rank scores up to depth passages for a checked question, best first.
// None is returned when the question names nothing the passages could say.
func (e *Engine) rank(ctx context.Context, q string, depth int) (*ranking, error) {
	x, err := e.explain(ctx, q, depth)
	if err != nil {
		return nil, err
	}
	rk := &ranking{x: x}
	if len(x.IDs) == 0 {
		return rk, nil
	}
	m := DefaultModel()
	scores := make([]float64, len(x.IDs))
	for i := range x.Rank {
		scores[i] = m.score(&x.Rank[i])
	}
	rk.scores = scores
	rk.results = make([]Result, 0, len(x.IDs))
	rk.order = make([]int, len(x.IDs))
	for i := range rk.order {
		rk.order[i] = i
	}
	sort.SliceStable(rk.order, func(i, j int) bool { return scores[rk.order[i]] > scores[rk.order[j]] })
	for _, i := range rk.order {
		r := x.results[i]
		r.Score = scores[i]
		rk.results = append(rk.results, r)
	}
	_, a := x.Answerability(scores)
	rk.confidence = m.confidence(&a)
	return rk, nil
}

// Explained is what the fitted models see of one question: the candidate
// passages bleve found, in its order, with their ranking features. cmd/tune
// fits the models on it; the engine ranks with it.
type Explained struct {
	IDs      []string
	Rank     [][NumRankFeatures]float64
	results  []Result
	tf       [][]int   // per candidate, how often it says each concept, itself or in context
	at       [][][]int // per candidate and concept, the byte offsets where it says it
	q        *question
	passages []*corpus.Passage // the candidates' passages, as readings keys them
	readings *readings
}

// Explain finds the candidate passages for a question and computes their
// features, as Ask does before it ranks them.
func (e *Engine) Explain(ctx context.Context, question string) (*Explained, error) {
	q, err := check(question)
	if err != nil {
		return nil, err
	}
	return e.explain(ctx, q, searchDepth)
}

func (e *Engine) explain(ctx context.Context, q string, depth int) (*Explained, error) {
	x := &Explained{readings: e.readings}
	all, err := e.ix.Concepts(ctx, q)
	if err != nil {
		return nil, fmt.Errorf("analyze question: %w", err)
	}
	concepts := keyConcepts(q, all)
	if len(concepts) == 0 {
		return x, nil
	}
	depth = min(depth, e.ix.Len())
	hits, err := e.ix.Search(ctx, concepts, depth)
	if err != nil {
		return nil, err
	}
	if len(hits) < depth || depth == e.ix.Len() {
		exactDocFreqs(concepts, hits)
	}
	x.q = e.newQuestion(q, concepts)
	var tfs []int // one backing array for every candidate's tf
	if len(hits) > 0 {
		x.IDs = make([]string, 0, len(hits))
		x.Rank = make([][NumRankFeatures]float64, 0, len(hits))
		x.tf = make([][]int, 0, len(hits))
		x.at = make([][][]int, 0, len(hits))
		x.passages = make([]*corpus.Passage, 0, len(hits))
		x.results = make([]Result, 0, len(hits))
		tfs = make([]int, 0, len(hits)*len(concepts))
	}
	for _, h := range hits {
		ref, ok := e.byID[h.ID]
		if !ok {
			continue // the index and the articles disagree; never quote what we cannot cite
		}
		a := &e.articles[ref.article]
		f := e.candidateFeatures(x.q, h, ref)
		x.IDs = append(x.IDs, h.ID)
		x.Rank = append(x.Rank, f)
		start := len(tfs)
		for i := range h.TF {
			tfs = append(tfs, h.TF[i]+h.ContextTF[i])
		}
		tf := tfs[start:len(tfs):len(tfs)]
		x.tf = append(x.tf, tf)
		x.at = append(x.at, h.At)
		x.passages = append(x.passages, &a.Passages[ref.passage])
		x.results = append(x.results, Result{
			Passage: a.Passages[ref.passage], Article: a, Highlights: h.Spans, Coverage: f[fCoverage],
		})
	}
	return x, nil
}

// marginCap bounds the best passage's lead over the second, so that one
// question with a single candidate does not dominate the fit.
const marginCap = 5

// Answerability returns the answerability features of the question's best
// candidate under the given ranker scores (one per candidate, in the order
// of IDs), and which candidate that is; -1 when there is none.
func (x *Explained) Answerability(scores []float64) (best int, a [NumAnswerFeatures]float64) {
	if x.q == nil || len(scores) == 0 {
		return -1, a
	}
	best = 0
	for i, s := range scores {
		if s > scores[best] {
			best = i
		}
	}
	return best, x.answerabilityOf(best, scores)
}

// answerabilityOf returns the answerability features of candidate best,
// which need not be the first under scores (a source's best in a
// comparison is judged among all the candidates).
func (x *Explained) answerabilityOf(best int, scores []float64) (a [NumAnswerFeatures]float64) {
	q := x.q
	f := &x.Rank[best]
	a[aScore] = scores[best]
	a[aMargin], a[aShare] = x.rivalry(best, scores)
	a[aCoverage] = f[fCoverage]
	a[aDensity] = f[fDensity]
	a[aBigram] = f[fBigram]
	a[aMissMax] = f[fMissMax]
	a[aNumMiss] = f[fNumMiss]
	a[aType] = f[fType]
	if q.kind != kindNone {
		a[aTyped] = 1
	}
	a[aAbsent] = q.absent
	if q.name {
		a[aAbsentName] = 1
	}
	a[aConcepts] = math.Log1p(float64(len(q.concepts)))
	a[aCount] = f[fCount]
	a[aMissWeight] = f[fMissMax] * q.maxW
	for i, name := range q.names {
		if name && f[fCount] < 1 && x.tf[best][i] == 0 {
			a[aNameMiss] = 1
		}
	}
	if q.negated && !x.reading(best).negate {
		a[aNegation] = 1
	}
	x.mismatch(best, &a)
	return a
}

// whenOf resolves the passage's date phrase nearest its matched words, or
// returns nil when it names no day.
func whenOf(r Result) *timeline.Mention {
	var best *timeline.Mention
	bestDist := -1
	for _, m := range timeline.Resolve(r.Article.Date, r.Passage.Text) {
		d := len(r.Passage.Text)
		for _, h := range r.Highlights {
			d = min(d, max(m.Start-h.End, h.Start-m.End, 0))
		}
		if best == nil || d < bestDist {
			best, bestDist = &m, d
		}
	}
	return best
}

// exactDocFreqs recounts each concept's passages from the hits, when they
// are all the passages that match: the index's counts add up a concept's
// forms, and passages that say two of them count twice there.
func exactDocFreqs(concepts []index.Concept, hits []index.Hit) {
	for i := range concepts {
		n := 0
		for _, h := range hits {
			if h.TF[i] > 0 || h.ContextTF[i] > 0 {
				n++
			}
		}
		concepts[i].DocFreq = n
	}
}

// BM25's term-frequency saturation and length normalisation.
const (
	bm25K1 = 1.2
	bm25B  = 0.75
)

// score is BM25 over concepts rather than words, so that a passage that says
// "China", "Chinese" and "Beijing" is credited for one concept, not three;
// cover is the weight of the concepts the passage says.
func (e *Engine) score(h index.Hit, concepts []index.Concept, weights []float64, length int) (score, cover float64) {
	norm := bm25K1 * (1 - bm25B + bm25B*float64(length)/e.avgLen)
	for i, w := range weights {
		tf, credit := h.TF[i], 1.0
		if tf == 0 {
			tf, credit = h.ContextTF[i], contextCredit
		}
		if tf == 0 {
			continue
		}
		score += credit * w * float64(tf) * (bm25K1 + 1) / (float64(tf) + norm)
		cover += credit * w
	}
	return score, cover
}

// fold compares passages regardless of quote style, diacritics and case
// (text.Fold): a passage printed twice, once with curly quotes, is
// offered once.
func fold(s string) string { return strings.ToLower(text.Fold(s)) }
