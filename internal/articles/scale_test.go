package articles

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/sourcebot/newsbot/internal/answer"
	"github.com/sourcebot/newsbot/internal/index"
	"github.com/sourcebot/newsbot/internal/scaletest"
	"github.com/sourcebot/newsbot/internal/synth"
)

// The scale benchmarks run at each of scaletest.Sizes; pick one with, e.g.,
// -bench 'Scale.*/passages=100000$'.

// scaleSetup returns a corpus of n passages, its questions, and its
// on-disk index, built on first use.
func scaleSetup(b *testing.B, n int) (dataDir, indexDir string, questions []scaletest.Question) {
	b.Helper()
	dataDir, questions, err := scaletest.Corpus(n)
	if err != nil {
		b.Fatal(err)
	}
	indexDir = scaletest.IndexDir(n)
	lib, err := Open(context.Background(), Options{Data: dataDir, Index: indexDir})
	if err != nil {
		b.Fatal(err)
	}
	lib.Close()
	return dataDir, indexDir, questions
}

// BenchmarkScaleAnswer: one answer in process, uncached, over an on-disk
// index. Reports the median and 99th percentile per question, how many
// questions were answered, and how many with the passage they were
// written from (synthetic corpora only).
func BenchmarkScaleAnswer(b *testing.B) {
	for _, n := range scaletest.Sizes {
		b.Run(fmt.Sprintf("passages=%d", n), func(b *testing.B) {
			dataDir, indexDir, questions := scaleSetup(b, n)
			lib, err := Open(context.Background(), Options{Data: dataDir, Index: indexDir, ReadOnly: true})
			if err != nil {
				b.Fatal(err)
			}
			defer lib.Close()
			ctx := context.Background()
			took := make([]time.Duration, 0, 1<<16)
			var asked, answered, right, known int
			b.ReportAllocs()
			for b.Loop() {
				q := scaletest.Distinct(questions, asked)
				start := time.Now()
				ans, err := lib.Engine.Ask(ctx, q.Text)
				took = append(took, time.Since(start))
				asked++
				if q.PassageID != "" {
					known++
				}
				if err == nil {
					answered++
					if q.PassageID != "" && ans.Best.Passage.ID == q.PassageID {
						right++
					}
				}
			}
			slices.Sort(took)
			b.ReportMetric(float64(took[len(took)/2].Nanoseconds())/1e3, "p50-µs")
			b.ReportMetric(float64(took[len(took)*99/100].Nanoseconds())/1e3, "p99-µs")
			b.ReportMetric(100*float64(answered)/float64(asked), "answered-%")
			if known > 0 {
				b.ReportMetric(100*float64(right)/float64(known), "right-%")
			}
		})
	}
}

// BenchmarkScaleBuild: `bot index` in process: read, parse and index the
// articles to disk. Reports passages per second and the process's peak
// resident memory during the build.
func BenchmarkScaleBuild(b *testing.B) {
	for _, n := range scaletest.Sizes {
		b.Run(fmt.Sprintf("passages=%d", n), func(b *testing.B) {
			dataDir, _, err := scaletest.Corpus(n)
			if err != nil {
				b.Fatal(err)
			}
			var passages int
			var peak int64
			var built time.Duration
			b.ReportAllocs()
			for b.Loop() {
				out := filepath.Join(b.TempDir(), "idx")
				scaletest.ResetPeakRSS()
				start := time.Now()
				lib, err := Build(context.Background(), Options{Data: dataDir, Index: out})
				built += time.Since(start)
				if err != nil {
					b.Fatal(err)
				}
				passages += lib.Index.Len()
				peak = max(peak, scaletest.ProcKB(0, "VmHWM"))
				lib.Close()
				os.RemoveAll(out)
			}
			b.ReportMetric(float64(passages)/built.Seconds(), "passages/s")
			if peak > 0 {
				b.ReportMetric(float64(peak)/1024, "peak-RSS-MB")
			}
		})
	}
}

// BenchmarkScaleOpen: opening a built index (hashing the article files to
// check that it still matches, reading the parsed articles) and answering
// one question, as a restarted bot does.
func BenchmarkScaleOpen(b *testing.B) {
	for _, n := range scaletest.Sizes {
		b.Run(fmt.Sprintf("passages=%d", n), func(b *testing.B) {
			dataDir, indexDir, questions := scaleSetup(b, n)
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				lib, err := Open(context.Background(), Options{Data: dataDir, Index: indexDir, ReadOnly: true})
				if err != nil {
					b.Fatal(err)
				}
				if lib.Rebuilt != "" {
					b.Fatalf("the index was rebuilt: %s", lib.Rebuilt)
				}
				lib.Engine.Ask(context.Background(), scaletest.Distinct(questions, i).Text)
				lib.Close()
				i++
			}
		})
	}
}

// BenchmarkScaleVerify: the check of every file of a built index against
// its manifest (sizes and SHA-256) that each open makes before bleve reads
// a byte of it.
func BenchmarkScaleVerify(b *testing.B) {
	for _, n := range scaletest.Sizes {
		b.Run(fmt.Sprintf("passages=%d", n), func(b *testing.B) {
			_, indexDir, _ := scaleSetup(b, n)
			m, err := readManifest(indexDir)
			if err != nil {
				b.Fatal(err)
			}
			var size int64
			for _, f := range m.Files {
				size += f.Size
			}
			b.SetBytes(size)
			for b.Loop() {
				if err := verifyFiles(indexDir, m.Files); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkScaleQuality: ranking at scale, on questions that do not repeat
// their passage's words (synth.HardQuestions: paraphrases; questions in
// common words, with distractors about the same person in the same
// article; unanswerable questions about the same people), beside the plain
// bleve baseline. It asks every
// question once per iteration; run it with -benchtime 1x.
func BenchmarkScaleQuality(b *testing.B) {
	for _, n := range scaletest.Sizes[1:] {
		b.Run(fmt.Sprintf("passages=%d", n), func(b *testing.B) {
			dataDir, indexDir, _ := scaleSetup(b, n)
			questions, err := synth.HardQuestions(dataDir, 2400, 1)
			if err != nil {
				b.Fatal(err)
			}
			lib, err := Open(context.Background(), Options{Data: dataDir, Index: indexDir, ReadOnly: true})
			if err != nil {
				b.Fatal(err)
			}
			defer lib.Close()
			base, err := index.BuildPlain(context.Background(), lib.Engine.Articles())
			if err != nil {
				b.Fatal(err)
			}
			defer base.Close()
			ctx := context.Background()
			count := map[string]int{}
			right := map[string]int{}
			baseRight := map[string]int{}
			for b.Loop() {
				clear(count)
				clear(right)
				clear(baseRight)
				for _, q := range questions {
					count[q.Kind]++
					ans, err := lib.Engine.Ask(ctx, q.Text)
					if err != nil && !errors.Is(err, answer.ErrNoAnswer) {
						b.Fatal(err)
					}
					if q.Kind == synth.Unanswerable {
						if err != nil {
							right[q.Kind]++
						}
						continue
					}
					if err == nil && ans.Best.Passage.ID == q.PassageID {
						right[q.Kind]++
					}
					if ids, err := base.Top(ctx, q.Text, 1); err == nil && len(ids) == 1 && ids[0] == q.PassageID {
						baseRight[q.Kind]++
					}
				}
			}
			for _, k := range []string{synth.Paraphrase, synth.Common} {
				if count[k] > 0 {
					b.ReportMetric(100*float64(right[k])/float64(count[k]), strings.ReplaceAll(k, " ", "-")+"-right-%")
					b.ReportMetric(100*float64(baseRight[k])/float64(count[k]), strings.ReplaceAll(k, " ", "-")+"-baseline-%")
				}
			}
			if c := count[synth.Unanswerable]; c > 0 {
				b.ReportMetric(100*float64(right[synth.Unanswerable])/float64(c), "unanswerable-abstained-%")
			}
			b.ReportMetric(float64(len(questions)), "questions")
		})
	}
}
