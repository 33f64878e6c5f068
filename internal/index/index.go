// Package index is the bot's search index over article passages: a bleve
// index with BM25 scoring, an English analyzer that keeps negations, and
// alias expansion for names of one or more words.
//
// It is the only package that imports bleve.
package index

import (
	"context"
	"errors"
	"fmt"
	"math"
	"sync"
	"sync/atomic"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/custom"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/analysis/token/lowercase"
	"github.com/blevesearch/bleve/v2/analysis/token/porter"
	"github.com/blevesearch/bleve/v2/analysis/token/stop"
	"github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"
	"github.com/blevesearch/bleve/v2/analysis/tokenmap"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/mapping"
	bleveindex "github.com/blevesearch/bleve_index_api"
	bolterrors "go.etcd.io/bbolt/errors"

	"github.com/sourcebot/newsbot/internal/corpus"
	"github.com/sourcebot/newsbot/internal/memo"
	"github.com/sourcebot/newsbot/internal/text"
)

const (
	analyzerName = "news"
	fieldText    = "text"
	fieldContext = "context"
	// contextBoost weighs words that only the surrounding paragraph has: a
	// speaker named there counts, but less than the passage's own words.
	contextBoost = 0.4
)

// Index searches the passages of a set of articles. It is safe for
// concurrent use.
type Index struct {
	bl       bleve.Index
	analyzer analysis.Analyzer
	syn      *Synonyms
	size     int

	closeOnce sync.Once // bleve panics on a second Close
	closeErr  error

	damage atomic.Pointer[damage] // set once a search finds the index damaged

	// What every question asks again of its words (see memo).
	counts    memo.Memo[string, int]        // passages with each term
	families  memo.Memo[string, [][]string] // see family
	spellings memo.Memo[string, [][]string] // see spellings
	extended  memo.Memo[string, [][]string] // see extensions
	ids       memo.Memo[uint64, string]     // passages' IDs by document number
	forms     memo.Memo[formsKey, [][]string]
	postings  memo.Memo[slotKey, *postingList] // terms' postings, if short (see maxMemoPostings)
	memoBytes atomic.Int64                     // about what postings holds, and has turned away once full (maxMemoBytes)
}

// maxExtended bounds the extensions kept: one is kept for every word no
// passage has, which anyone can ask a stream of, and each holds a list of
// index terms (at 32,768 entries, about 4.6 MB an index).
const maxExtended = 4096

func newIndex(bl bleve.Index, a analysis.Analyzer, syn *Synonyms, size int) *Index {
	ix := &Index{bl: bl, analyzer: a, syn: syn, size: size}
	ix.extended.Max = maxExtended
	return ix
}

// doc is what bleve indexes for one passage.
type doc struct {
	Text    string `json:"text"`
	Context string `json:"context,omitempty"`
}

// Build indexes the passages of articles in memory.
func Build(ctx context.Context, articles []corpus.Article, syn *Synonyms) (*Index, error) {
	return build(ctx, "", articles, syn, nil)
}

// Progress is told how many of the total passages are indexed so far.
type Progress func(done, total int)

// Create indexes the passages of articles into a new index at dir, which
// must not exist yet, and leaves it open.
func Create(ctx context.Context, dir string, articles []corpus.Article, syn *Synonyms, progress Progress) (*Index, error) {
	if dir == "" {
		return nil, errors.New("create index: no directory given")
	}
	return build(ctx, dir, articles, syn, progress)
}

func build(ctx context.Context, dir string, articles []corpus.Article, syn *Synonyms, progress Progress) (*Index, error) {
	m, err := newMapping()
	if err != nil {
		return nil, fmt.Errorf("index mapping: %w", err)
	}
	// NewMemOnly would silently drop BM25; scorch with no path stays in memory.
	bl, err := bleve.NewUsing(dir, m, scorch.Name, scorch.Name, nil)
	if err != nil {
		return nil, fmt.Errorf("create index: %w", err)
	}
	ix := newIndex(bl, m.AnalyzerNamed(analyzerName), syn, 0)
	if err := ix.add(ctx, articles, progress); err != nil {
		bl.Close()
		return nil, err
	}
	if dir != "" {
		if err := ix.merge(ctx); err != nil {
			bl.Close()
			return nil, err
		}
	}
	return ix, nil
}

// merge merges an on-disk index into one segment. A built index is served
// read-only, and so never merged again: left as the batches wrote it (14
// segments at 100,000 passages), every search walked every segment, which
// made an answer about twice as slow.
func (ix *Index) merge(ctx context.Context) error {
	adv, err := ix.bl.Advanced()
	if err != nil {
		return fmt.Errorf("merge index: %w", err)
	}
	sc, ok := adv.(*scorch.Scorch)
	if !ok {
		return nil
	}
	if err := sc.ForceMerge(ctx, nil); err != nil {
		return fmt.Errorf("merge index: %w", err)
	}
	return nil
}

// LockTimeout is how long Open waits for another process to let go of an
// index before it gives up with ErrLocked.
const LockTimeout = 2 * time.Second

// ErrLocked means another process has the index open for writing.
var ErrLocked = errors.New("the index is in use by another process")

// Open opens the index at dir that Create wrote. A read-only open takes a
// shared lock, so any number of read-only processes can serve one index.
// A damaged index is an error, never a panic.
func Open(dir string, syn *Synonyms, readOnly bool) (ix *Index, err error) {
	defer func() {
		if r := recover(); r != nil {
			ix, err = nil, fmt.Errorf("open index %s: damaged: %v", dir, r)
		}
	}()
	bl, err := bleve.OpenUsing(dir, map[string]any{
		"read_only":    readOnly,
		"bolt_timeout": LockTimeout.String(),
	})
	if errors.Is(err, bolterrors.ErrTimeout) {
		return nil, fmt.Errorf("open index %s: %w (waited %v)", dir, ErrLocked, LockTimeout)
	}
	if err != nil {
		return nil, fmt.Errorf("open index %s: %w", dir, err)
	}
	n, err := bl.DocCount()
	if err != nil {
		bl.Close()
		return nil, fmt.Errorf("open index %s: %w", dir, err)
	}
	a := bl.Mapping().AnalyzerNamed(analyzerName)
	if a == nil {
		bl.Close()
		return nil, fmt.Errorf("open index %s: no %q analyzer: not this bot's index", dir, analyzerName)
	}
	return newIndex(bl, a, syn, int(n)), nil
}

// batchSize trades memory for speed when indexing.
const batchSize = 2000

func (ix *Index) add(ctx context.Context, articles []corpus.Article, progress Progress) error {
	total := 0
	for _, a := range articles {
		total += len(a.Passages)
	}
	b := ix.bl.NewBatch()
	flush := func() error {
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := ix.bl.Batch(b); err != nil {
			return fmt.Errorf("index batch: %w", err)
		}
		b.Reset()
		if progress != nil {
			progress(ix.size, total)
		}
		return nil
	}
	for _, a := range articles {
		for _, p := range a.Passages {
			if err := b.Index(p.ID, doc{Text: p.Text, Context: p.Context}); err != nil {
				return fmt.Errorf("index %s: %w", p.ID, err)
			}
			ix.size++
			if b.Size() >= batchSize {
				if err := flush(); err != nil {
					return err
				}
			}
		}
	}
	return flush()
}

func newMapping() (*mapping.IndexMappingImpl, error) {
	var stops []any
	for _, w := range text.StopWords() {
		stops = append(stops, w)
	}
	m := bleve.NewIndexMapping()
	m.ScoringModel = bleveindex.BM25Scoring
	if err := m.AddCustomTokenMap("news_stop_words", map[string]any{"type": tokenmap.Name, "tokens": stops}); err != nil {
		return nil, err
	}
	if err := m.AddCustomTokenFilter("news_stop", map[string]any{"type": stop.Name, "stop_token_map": "news_stop_words"}); err != nil {
		return nil, err
	}
	if err := m.AddCustomAnalyzer(analyzerName, map[string]any{
		"type":          custom.Name,
		"tokenizer":     unicode.Name,
		"token_filters": []any{foldFilterName, en.PossessiveName, lowercase.Name, "news_stop", porter.Name},
	}); err != nil {
		return nil, err
	}
	m.DefaultAnalyzer = analyzerName

	field := func() *mapping.FieldMapping {
		f := bleve.NewTextFieldMapping()
		f.Analyzer = analyzerName
		f.Store = false
		f.IncludeTermVectors = true // locations, for highlights and matched terms
		// Every query names its field, and nothing sorts or facets on
		// them: the _all field and doc values would only slow indexing.
		f.IncludeInAll = false
		f.DocValues = false
		return f
	}
	dm := bleve.NewDocumentStaticMapping()
	dm.AddFieldMappingsAt(fieldText, field())
	dm.AddFieldMappingsAt(fieldContext, field())
	m.DefaultMapping = dm
	return m, nil
}

// Len is the number of passages indexed.
func (ix *Index) Len() int { return ix.size }

// Close releases the index; closing it again does nothing.
func (ix *Index) Close() error {
	ix.closeOnce.Do(func() { ix.closeErr = ix.bl.Close() })
	return ix.closeErr
}

// Analyze returns the index terms of s, as the passages were analyzed.
func (ix *Index) Analyze(s string) []string {
	var out []string
	for _, t := range ix.analyzer.Analyze([]byte(s)) {
		out = append(out, string(t.Term))
	}
	return out
}

// Span is a byte range of a passage's text.
type Span struct{ Start, End int }

// Hit is one passage that matched.
type Hit struct {
	ID    string
	Score float64
	// TF and ContextTF count, for each concept searched, how often the
	// passage, and the context indexed with it, say it.
	TF, ContextTF []int
	// FamilyTF counts, for each concept, how often the passage says a
	// word of its family (Concept.Family) instead.
	FamilyTF []int
	// Spans are the passage's words that matched, in order.
	Spans []Span
	// Pos lists, for each concept, the token positions in the passage
	// where it is said, in order: for proximity and phrase features.
	Pos [][]int
	// At lists, for each concept, the byte offsets in the passage's text
	// where it is said, in order: for features of single sentences.
	At [][]int
}

// ErrNoConcepts is returned by Search when there is nothing to search for.
var ErrNoConcepts = errors.New("no searchable words")

// tieMargin is how many passages beyond those asked for Search looks at to
// break ties at the cut.
const tieMargin = 8

// roundScore drops the last bits of a score, which vary with the order
// bleve sums a disjunction in.
func roundScore(s float64) float64 { return math.Round(s*1e9) / 1e9 }
