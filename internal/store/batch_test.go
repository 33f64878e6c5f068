package store

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"
)

// TestBatchedRecord: batched, Record returns at once with the row queued;
// votes, reports and Close see every queued row.
func TestBatchedRecord(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e engine) {
		ctx := context.Background()
		dsn := e.dsn(t)
		s, err := Open(ctx, dsn)
		if err != nil {
			t.Fatal(err)
		}
		s.Batch(time.Hour) // only reads, votes and Close write the queue here
		t.Cleanup(func() { s.Close() })

		id := mustRecord(t, s, Interaction{UserID: "1", GuildID: "g", Command: "ask", Question: "who hacked sony", Answered: true, PassageID: "p1"})
		mustRecord(t, s, Interaction{UserID: "2", GuildID: "g", Command: "ask", Question: "who won the world cup"})
		if n := count(t, s, `SELECT COUNT(*) FROM interactions`); n != 0 {
			t.Fatalf("%d rows written before any flush, want them queued", n)
		}
		mustVote(t, s, id, "3", Down, true) // a vote on a queued answer
		if up, down, err := s.VoteCounts(ctx, id); up != 0 || down != 1 || err != nil {
			t.Errorf("VoteCounts = %d, %d, %v", up, down, err)
		}
		mustRecord(t, s, Interaction{UserID: "4", GuildID: "g", Command: "ask", Question: "Who won the World Cup?"})
		gaps, err := s.Gaps(ctx, GapsQuery{})
		if err != nil || len(gaps) != 2 {
			t.Fatalf("Gaps = %+v, %v; want the queued question grouped", gaps, err)
		}

		// Many writers at once, then Close: every row lands.
		var wg sync.WaitGroup
		for g := range 8 {
			wg.Go(func() {
				for i := range 50 {
					if _, err := s.Record(ctx, Interaction{UserID: fmt.Sprint(g), Command: "ask", Question: fmt.Sprint("q", i), Answered: true}); err != nil {
						t.Error(err)
					}
				}
			})
		}
		wg.Wait()
		if !e.reopen {
			if st, err := s.Stats(ctx, StatsQuery{}); err != nil || st.Questions != 403 {
				t.Errorf("Stats = %d questions, %v; want 403", st.Questions, err)
			}
			return
		}
		if err := s.Close(); err != nil {
			t.Fatal(err)
		}
		again := mustOpen(t, dsn)
		if n := count(t, again, `SELECT COUNT(*) FROM interactions`); n != 403 {
			t.Errorf("%d rows after Close, want 403", n)
		}
	})
}
