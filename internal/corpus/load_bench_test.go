package corpus_test

import (
	"os"
	"testing"

	"github.com/sourcebot/newsbot/internal/corpus"
	"github.com/sourcebot/newsbot/internal/scaletest"
)

// BenchmarkLoad parses a synthetic corpus of 10,000 passages.
func BenchmarkLoad(b *testing.B) {
	dir, _, err := scaletest.Corpus(10_000)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	passages := 0
	for b.Loop() {
		arts, _, err := corpus.Load(os.DirFS(dir))
		if err != nil {
			b.Fatal(err)
		}
		for _, a := range arts {
			passages += len(a.Passages)
		}
	}
	b.ReportMetric(float64(passages)/b.Elapsed().Seconds(), "passages/s")
}
