package store

import (
	"context"
	"errors"
	"testing"
	"time"
)

// TestRefusedRowsAreNotWritten: rows the database refuses are not counted
// as written. A transaction with a refused row is written row by row;
// here the attempt ends just after the refusal, so nothing was written,
// and the writer must not report the flush as a slow database's partial
// success ("1 questions written").
func TestRefusedRowsAreNotWritten(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e engine) {
		s, _ := batched(t, e.dsn(t), time.Hour, time.Minute)
		refuseQuestion(t, s, e, "refused")
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		s.OnFlushError = func(error) { cancel() } // reported once refused: the attempt ends there
		for _, q := range []string{"refused", "good"} {
			mustRecord(t, s, Interaction{Command: "ask", Question: q})
		}
		written, err := s.flushEach(ctx, 0)
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("flush: %v; want the attempt's end", err)
		}
		if written != 0 || s.Lost() != 1 {
			t.Errorf("written %d, Lost() %d; want 0 and 1", written, s.Lost())
		}
	})
}
