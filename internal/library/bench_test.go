package library

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"testing"

	"github.com/sourcebot/newsbot/internal/corpus"
	"github.com/sourcebot/newsbot/internal/extract"
	"github.com/sourcebot/newsbot/internal/synth"
)

// BenchmarkServerIndex measures what one open server index costs: the time
// to build it from the store, and the heap it keeps (bytes/index, read
// from runtime.MemStats after a GC with the indexes held, divided by their
// number). The sizes: a week's readings, and a library at the default
// limit of 200 articles; each server also answers from the default
// articles.
//
//	go test ./internal/library -run '^$' -bench ServerIndex -benchtime 8x
func BenchmarkServerIndex(b *testing.B) {
	for _, passages := range []int{120, 2000} {
		files := synthArticles(b, passages)
		b.Run(fmt.Sprintf("articles=%d", len(files)), func(b *testing.B) {
			l := newLibraries(b, openStore(b, ":memory:"), Options{MaxOpen: b.N + 1, MaxArticles: len(files)})
			l.opt.Log = discard
			ctx := context.Background()
			guilds := make([]string, b.N)
			var textBytes int
			for i := range guilds {
				guilds[i] = fmt.Sprintf("g%d", i)
				for _, f := range files {
					d, err := l.Read(f)
					if err != nil {
						b.Fatal(err)
					}
					if _, err := l.Add(ctx, guilds[i], "", d); err != nil {
						b.Fatal(err)
					}
					if i == 0 {
						textBytes += len(d.Text)
					}
				}
			}
			before := heap()
			b.ReportAllocs()
			b.ResetTimer()
			for _, g := range guilds {
				if _, err := l.Engine(ctx, g); err != nil {
					b.Fatal(err)
				}
			}
			b.StopTimer()
			after := heap()
			if _, indexes := l.Open(); indexes != b.N {
				b.Fatalf("%d indexes open, want %d", indexes, b.N)
			}
			b.ReportMetric(float64(after-before)/float64(b.N), "bytes/index")
			b.ReportMetric(float64(textBytes), "text-bytes/server")
		})
	}
}

func heap() int64 {
	runtime.GC()
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return int64(m.HeapAlloc)
}

// synthArticles writes a synthetic corpus of about passages passages and
// returns its files as uploads.
func synthArticles(tb testing.TB, passages int) []extract.Input {
	tb.Helper()
	dir := tb.TempDir()
	if _, err := synth.Generate(dir, synth.Options{Passages: passages, Seed: 1}); err != nil {
		tb.Fatal(err)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		tb.Fatal(err)
	}
	var out []extract.Input
	for _, e := range entries {
		if !corpus.IsArticleFile(e.Name()) {
			continue
		}
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			tb.Fatal(err)
		}
		out = append(out, extract.Input{Name: e.Name(), Body: b})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}
