package index

import (
	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/registry"

	"github.com/sourcebot/newsbot/internal/text"
)

// foldFilterName is the token filter that applies text.Fold to every term,
// so that "Mongke" in a question matches "Möngke" in a passage. It works on
// terms, not on the text, so that matched words keep their offsets in the
// passage as written.
const foldFilterName = "news_fold"

type foldFilter struct{}

func (foldFilter) Filter(in analysis.TokenStream) analysis.TokenStream {
	for _, t := range in {
		if f := text.Fold(string(t.Term)); f != string(t.Term) {
			t.Term = []byte(f)
		}
	}
	return in
}

func init() {
	err := registry.RegisterTokenFilter(foldFilterName, func(map[string]any, *registry.Cache) (analysis.TokenFilter, error) {
		return foldFilter{}, nil
	})
	if err != nil {
		panic(err) // registered twice: a programming error
	}
}
