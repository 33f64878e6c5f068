package store

import (
	"context"
	"math/rand/v2"
	"strings"
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
	b.ResetTimer()
	for b.Loop() {
		gs, err := s.Gaps(ctx, GapsQuery{})
		if err != nil || len(gs) == 0 {
			b.Fatalf("Gaps = %d groups, %v", len(gs), err)
		}
	}
}
