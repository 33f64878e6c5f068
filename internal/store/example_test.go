package store_test

import (
	"context"
	"fmt"
	"log"
	"time"

	"github.com/sourcebot/newsbot/internal/store"
)

func Example() {
	ctx := context.Background()
	s, err := store.Open(ctx, ":memory:") // or "", a path, or a postgres:// URL
	if err != nil {
		log.Fatal(err)
	}
	defer s.Close()

	// The bot records each interaction, and carries the answer's id in its
	// vote buttons.
	now := time.Now()
	id, _ := s.Record(ctx, store.Interaction{At: now.Add(-time.Minute), GuildID: "g", UserID: "1234", Command: "ask",
		Question: "Who hacked Sony?", Answered: true, PassageID: "sony#2"})
	s.Record(ctx, store.Interaction{At: now, GuildID: "g", UserID: "5678", Command: "ask", Question: "who hacked sony pictures"})
	changed, _ := s.Vote(ctx, id, "5678", store.Down)
	fmt.Println("vote changed:", changed)

	gaps, _ := s.Gaps(ctx, store.GapsQuery{GuildID: "g"})
	for _, g := range gaps {
		fmt.Printf("%q: %d asked, %d unanswered, %d 👎\n", g.Question, g.Count, g.NoAnswer, g.ThumbsDown)
	}
	st, _ := s.Stats(ctx, store.StatsQuery{GuildID: "g"})
	fmt.Printf("answered %.0f%%, helpful %.0f%%\n", 100*st.AnswerRate, 100*st.HelpfulRate)
	// Output:
	// vote changed: true
	// "who hacked sony pictures": 2 asked, 1 unanswered, 1 👎
	// answered 50%, helpful 0%
}
