package store

import (
	"context"
	"math/rand/v2"
	"strings"
	"syscall"
	"testing"
	"time"
)

// longQuestions makes n distinct questions of 60 words each, drawn from a
// vocabulary of 2,000 made-up words: the shape that made /gaps quadratic
// (any member can fill the table with them).
func longQuestions(n int) []string {
	r := rand.New(rand.NewPCG(1, 2))
	vocab := make([]string, 2000)
	for i := range vocab {
		var b strings.Builder
		for range 6 + r.IntN(4) {
			b.WriteByte("bcdfgklmnprtvwxz"[r.IntN(16)])
			b.WriteByte("aou"[r.IntN(3)])
		}
		vocab[i] = b.String()
	}
	qs := make([]string, n)
	for i := range qs {
		ws := make([]string, 60)
		for j := range ws {
			ws[j] = vocab[r.IntN(len(vocab))]
		}
		qs[i] = "who " + strings.Join(ws, " ") + "?"
	}
	return qs
}

// BenchmarkGaps5000 is a /gaps report over maxGapRows (5,000) long,
// distinct, unanswered questions.
func BenchmarkGaps5000(b *testing.B) {
	s := mustOpen(b, ":memory:")
	ctx := context.Background()
	at := time.Now()
	for _, q := range longQuestions(5000) {
		mustRecord(b, s, Interaction{At: at, Command: "ask", Question: q})
	}
	b.ReportAllocs()
	cpu0 := cpuTime()
	n := 0
	for b.Loop() {
		gs, err := s.Gaps(ctx, GapsQuery{})
		if err != nil || len(gs) == 0 {
			b.Fatalf("Gaps = %d groups, %v", len(gs), err)
		}
		n++
	}
	// CPU time, unlike ns/op, does not grow when other processes share
	// the cores.
	b.ReportMetric(float64(cpuTime()-cpu0)/float64(n), "cpu-ns/op")
}

// cpuTime is the process's user and system CPU time so far.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
