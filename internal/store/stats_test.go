package store

import (
	"context"
	"reflect"
	"testing"
	"time"
)

func TestStats(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e engine) {
		ctx := context.Background()
		s := mustOpen(t, e.dsn(t))
		day := func(d, h, m int) time.Time { return time.Date(2026, 3, d, h, m, 0, 0, time.UTC) }
		type vote struct {
			user string
			v    Vote
		}
		for _, r := range []struct {
			at       time.Time
			guild, q string
			passage  string // "" for no answer
			votes    []vote
		}{
			{day(7, 23, 59), "g", "too early", "p1", []vote{{"u1", Down}}},
			{day(8, 0, 0), "g", "q1", "p1", []vote{{"u1", Up}, {"u2", Up}}},
			{day(8, 10, 0), "g", "q2", "", nil},
			{day(10, 14, 0), "g", "q3", "p2", []vote{{"u1", Down}}},
			{day(10, 14, 30), "g", "q4", "p1", []vote{{"u1", Down}, {"u2", Up}}},
			{day(10, 15, 30), "g", "q5", "p3", nil}, // after Now, but today
			{day(10, 16, 0), "g", "", "", nil},      // no question: /stats
			{day(11, 0, 0), "g", "too late", "p3", []vote{{"u1", Up}}},
			{day(10, 9, 0), "h", "q6", "p2", []vote{{"u3", Up}}},
		} {
			id := mustRecord(t, s, Interaction{At: r.at, GuildID: r.guild, Command: "ask", Question: r.q,
				Answered: r.passage != "", PassageID: r.passage})
			for _, v := range r.votes {
				mustVote(t, s, id, v.user, v.v, true)
			}
		}
		now := day(10, 15, 0)
		days := func(counts ...int) []DayStats {
			var out []DayStats
			for i := 0; i < len(counts); i += 2 {
				out = append(out, DayStats{Day: day(8+i/2, 0, 0), Questions: counts[i], Answered: counts[i+1]})
			}
			return out
		}
		for _, tc := range []struct {
			name string
			q    StatsQuery
			want Stats
		}{
			{"one guild", StatsQuery{GuildID: "g", Days: 3, Now: now}, Stats{
				Days:      days(2, 1, 0, 0, 3, 3),
				Questions: 5, Answered: 4, AnswerRate: 0.8,
				Up: 3, Down: 2, HelpfulRate: 0.6,
				TopPassages: []PassageStats{{"p1", 2, 3, 1}, {"p2", 1, 0, 1}, {"p3", 1, 0, 0}},
			}},
			{"all guilds, top 2", StatsQuery{Days: 3, Now: now, Top: 2}, Stats{
				Days:      days(2, 1, 0, 0, 4, 4),
				Questions: 6, Answered: 5, AnswerRate: 5.0 / 6,
				Up: 4, Down: 2, HelpfulRate: 4.0 / 6,
				TopPassages: []PassageStats{{"p1", 2, 3, 1}, {"p2", 2, 1, 1}},
			}},
			{"empty guild", StatsQuery{GuildID: "nosuchguild", Days: 3, Now: now}, Stats{
				Days: days(0, 0, 0, 0, 0, 0),
			}},
		} {
			got, err := s.Stats(ctx, tc.q)
			if err != nil {
				t.Fatalf("%s: Stats: %v", tc.name, err)
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("%s: Stats(%+v):\n got %+v\nwant %+v", tc.name, tc.q, got, tc.want)
			}
		}

		st, err := s.Stats(ctx, StatsQuery{})
		if err != nil {
			t.Fatal(err)
		}
		today := time.Now().UTC().Truncate(24 * time.Hour)
		if len(st.Days) != 7 || !st.Days[6].Day.Equal(today) {
			t.Errorf("Stats(default) days = %+v, want 7 ending %v", st.Days, today)
		}
	})
}
