package store

import (
	"context"
	"path/filepath"
	"strconv"
	"testing"
	"time"
)

// BenchmarkRecordWrite is what a serving bot's store costs per question, on
// the request path and in the writer together: Record queues a row (as a
// cached /ask does, each from another user), and every 800 rows (what the
// writer finds at ~4,000 questions a second every 200 ms) one flush writes
// them to a SQLite file in WAL mode, as `bot http` runs it. The table grows
// as it runs: -benchtime 200000x shows a store that has been serving.
func BenchmarkRecordWrite(b *testing.B) {
	ctx := context.Background()
	s, err := Open(ctx, filepath.Join(b.TempDir(), "bench.db"))
	if err != nil {
		b.Fatal(err)
	}
	s.Batch(time.Hour) // the benchmark flushes; the timer never does
	b.Cleanup(func() { s.Close() })
	questions := []string{"what did China say about proof?", "Who is Hua Chunying?", "What did Obama say about the attack?", "Who won the Super Bowl?"}
	b.ReportAllocs()
	n := 0
	for b.Loop() {
		if _, err := s.Record(ctx, Interaction{GuildID: "g" + strconv.Itoa(n%8), UserID: strconv.Itoa(1e17 + n), Command: "ask",
			Question: questions[n%len(questions)], Answered: true, PassageID: "china-sony-hacking-2014#4", Score: 0.83, Latency: time.Millisecond}); err != nil {
			b.Fatal(err)
		}
		n++
		if n%800 == 0 {
			if _, err := s.flushEach(ctx, writeTimeout); err != nil { // as the writer calls it
				b.Fatal(err)
			}
		}
	}
	if err := s.flush(ctx); err != nil {
		b.Fatal(err)
	}
}
