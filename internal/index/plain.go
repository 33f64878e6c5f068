package index

import (
	"context"
	"fmt"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/index/scorch"
	bleveindex "github.com/blevesearch/bleve_index_api"

	"github.com/sourcebot/newsbot/internal/corpus"
)

// Plain is the baseline the engine is measured against: a plain bleve match
// query (the stock "en" analyzer, BM25) over the same passages, with none of
// the engine's concepts, synonyms, ranking or abstention.
type Plain struct {
	bl bleve.Index
}

// BuildPlain indexes the passages of articles in memory for the baseline.
func BuildPlain(ctx context.Context, articles []corpus.Article) (*Plain, error) {
	m := bleve.NewIndexMapping()
	m.ScoringModel = bleveindex.BM25Scoring
	m.DefaultAnalyzer = en.AnalyzerName
	bl, err := bleve.NewUsing("", m, scorch.Name, scorch.Name, nil)
	if err != nil {
		return nil, fmt.Errorf("create baseline index: %w", err)
	}
	b := bl.NewBatch()
	for _, a := range articles {
		for _, p := range a.Passages {
			if err := b.Index(p.ID, map[string]string{fieldText: p.Text}); err != nil {
				bl.Close()
				return nil, fmt.Errorf("baseline index %s: %w", p.ID, err)
			}
		}
	}
	if err := ctx.Err(); err != nil {
		bl.Close()
		return nil, err
	}
	if err := bl.Batch(b); err != nil {
		bl.Close()
		return nil, fmt.Errorf("baseline index: %w", err)
	}
	return &Plain{bl: bl}, nil
}

// Top returns the IDs of the n passages that best match question, best first.
func (p *Plain) Top(ctx context.Context, question string, n int) ([]string, error) {
	q := bleve.NewMatchQuery(question)
	q.SetField(fieldText)
	req := bleve.NewSearchRequestOptions(q, n, 0, false)
	req.SortBy([]string{"-_score", "_id"})
	res, err := p.bl.SearchInContext(ctx, req)
	if err != nil {
		return nil, fmt.Errorf("baseline search: %w", err)
	}
	ids := make([]string, len(res.Hits))
	for i, h := range res.Hits {
		ids[i] = h.ID
	}
	return ids, nil
}

// Close releases the baseline index.
func (p *Plain) Close() error { return p.bl.Close() }
