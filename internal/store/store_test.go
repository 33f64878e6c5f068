package store

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/sourcebot/newsbot/internal/store/storetest"
)

// engine is a database the tests run against.
type engine struct {
	name string
	// dsn returns the DSN of a new, empty database, or skips the test.
	dsn func(t *testing.T) string
	// reopen says whether a second Open of the same DSN sees the same
	// data: not so for ":memory:".
	reopen bool
}

var engines = []engine{
	{name: "sqlite-file", reopen: true, dsn: func(t *testing.T) string {
		return filepath.Join(t.TempDir(), "bot.db")
	}},
	{name: "sqlite-memory", dsn: func(*testing.T) string { return ":memory:" }},
	{name: "postgres", reopen: true, dsn: postgresDSN},
}

// forEachEngine runs f as a subtest on each engine.
func forEachEngine(t *testing.T, f func(t *testing.T, e engine)) {
	t.Helper()
	for _, e := range engines {
		t.Run(e.name, func(t *testing.T) { f(t, e) })
	}
}

// postgresDSN is storetest.PostgresDSN: a new schema of BOT_TEST_POSTGRES,
// or a skip.
func postgresDSN(t *testing.T) string { return storetest.PostgresDSN(t) }

// mustOpen opens dsn and closes it after the test.
func mustOpen(tb testing.TB, dsn string) *Store {
	tb.Helper()
	s, err := Open(context.Background(), dsn)
	if err != nil {
		tb.Fatalf("Open: %v", err)
	}
	tb.Cleanup(func() { s.Close() })
	return s
}

// mustRecord records in and returns its id.
func mustRecord(tb testing.TB, s *Store, in Interaction) string {
	tb.Helper()
	id, err := s.Record(context.Background(), in)
	if err != nil {
		tb.Fatalf("Record(%q): %v", in.Question, err)
	}
	return id
}

// mustVote votes and fails unless changed is want.
func mustVote(tb testing.TB, s *Store, id, user string, v Vote, want bool) {
	tb.Helper()
	changed, err := s.Vote(context.Background(), id, user, v)
	if err != nil {
		tb.Fatalf("Vote(%s, %d): %v", id, v, err)
	}
	if changed != want {
		tb.Fatalf("Vote(%s, %d): changed = %v, want %v", id, v, changed, want)
	}
}

// count runs a COUNT query.
func count(tb testing.TB, s *Store, query string, args ...any) int {
	tb.Helper()
	var n int
	if err := s.db.QueryRowContext(context.Background(), s.q(query), args...).Scan(&n); err != nil {
		tb.Fatalf("%s: %v", query, err)
	}
	return n
}

func TestSQLiteDSN(t *testing.T) {
	for _, tc := range []struct {
		in, wantPrefix string
		wantWAL, err   bool
	}{
		{in: "", wantPrefix: "./bot.db?", wantWAL: true},
		{in: "data/bot.db", wantPrefix: "data/bot.db?", wantWAL: true},
		{in: ":memory:", wantPrefix: ":memory:?"},
		{in: "bot.db?mode=ro", err: true},
	} {
		got, err := sqliteDSN(tc.in)
		if (err != nil) != tc.err {
			t.Errorf("sqliteDSN(%q) error = %v, want error %v", tc.in, err, tc.err)
			continue
		}
		if err != nil {
			continue
		}
		if !strings.HasPrefix(got, tc.wantPrefix) || strings.Contains(got, "WAL") != tc.wantWAL ||
			!strings.Contains(got, "_busy_timeout=") || !strings.Contains(got, "_txlock=immediate") {
			t.Errorf("sqliteDSN(%q) = %q, want prefix %q, WAL %v, a busy timeout and immediate transactions",
				tc.in, got, tc.wantPrefix, tc.wantWAL)
		}
	}
}

func TestOpenEngine(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e engine) {
		s := mustOpen(t, e.dsn(t))
		want := SQLite
		if e.name == "postgres" {
			want = Postgres
		}
		if got := s.Engine(); got != want {
			t.Errorf("Engine() = %q, want %q", got, want)
		}
	})
}

func TestVote(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e engine) {
		ctx := context.Background()
		s := mustOpen(t, e.dsn(t))
		answer := mustRecord(t, s, Interaction{UserID: "1", Command: "ask", Question: "who hacked sony", Answered: true, PassageID: "p1"})
		none := mustRecord(t, s, Interaction{UserID: "1", Command: "ask", Question: "what is love"})
		if len(answer) > 20 || answer == none {
			t.Fatalf("Record ids %q, %q: want distinct ids of at most 20 characters", answer, none)
		}

		mustVote(t, s, answer, "alice", Up, true)
		mustVote(t, s, answer, "alice", Up, false) // the same again
		mustVote(t, s, answer, "alice", Down, true)
		mustVote(t, s, answer, "alice", Down, false)
		mustVote(t, s, answer, "bob", Up, true)
		if got := count(t, s, `SELECT COUNT(*) FROM votes WHERE interaction_id = ? AND vote = -1`, answer); got != 1 {
			t.Errorf("down votes = %d, want 1 (alice's, changed from up)", got)
		}
		if got := count(t, s, `SELECT COUNT(*) FROM votes WHERE interaction_id = ? AND vote = 1`, answer); got != 1 {
			t.Errorf("up votes = %d, want 1 (bob's)", got)
		}
		if up, down, err := s.VoteCounts(ctx, answer); up != 1 || down != 1 || err != nil {
			t.Errorf("VoteCounts = %d up, %d down, %v; want 1 and 1", up, down, err)
		}
		if up, down, err := s.VoteCounts(ctx, none); up != 0 || down != 0 || err != nil {
			t.Errorf("VoteCounts of an unvoted answer = %d, %d, %v", up, down, err)
		}

		for _, tc := range []struct {
			name string
			id   string
			v    Vote
			want error
		}{
			{"unknown id", "nosuchinteraction", Up, ErrUnknownInteraction},
			{"empty id", "", Up, ErrUnknownInteraction},
			{"no answer", none, Up, ErrNotAnswered},
		} {
			if _, err := s.Vote(ctx, tc.id, "alice", tc.v); !errors.Is(err, tc.want) {
				t.Errorf("%s: Vote(%q) error = %v, want %v", tc.name, tc.id, err, tc.want)
			}
		}
		for _, v := range []Vote{0, 2, -2} {
			if _, err := s.Vote(ctx, answer, "alice", v); err == nil {
				t.Errorf("Vote(%d) succeeded, want an error", v)
			}
		}
	})
}

func TestRecordStoresFields(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e engine) {
		s := mustOpen(t, e.dsn(t))
		at := time.Date(2026, 3, 1, 12, 30, 0, 123e6, time.UTC)
		id := mustRecord(t, s, Interaction{At: at, GuildID: "g1", UserID: "42", Command: "ask",
			Question: "who won?", Answered: true, PassageID: "a#3", Score: 0.75, Latency: 1500 * time.Millisecond})
		var ms, latency int64
		var guild, hash, command, question, passage string
		var answered bool
		var score float64
		err := s.db.QueryRow(s.q(`SELECT at_ms, guild_id, user_hash, command, question, answered, passage_id, score, latency_ms
			FROM interactions WHERE id = ?`), id).Scan(&ms, &guild, &hash, &command, &question, &answered, &passage, &score, &latency)
		if err != nil {
			t.Fatal(err)
		}
		if ms != at.UnixMilli() || guild != "g1" || hash != s.hashUser("42") || command != "ask" ||
			question != "who won?" || !answered || passage != "a#3" || score != 0.75 || latency != 1500 {
			t.Errorf("stored %d %q %q %q %q %v %q %v %d, want what was recorded", ms, guild, hash, command, question, answered, passage, score, latency)
		}
	})
}

func TestConcurrentRecordAndVote(t *testing.T) {
	const workers, each = 8, 50
	forEachEngine(t, func(t *testing.T, e engine) {
		ctx := context.Background()
		s := mustOpen(t, e.dsn(t))
		shared := mustRecord(t, s, Interaction{Command: "ask", Question: "shared", Answered: true, PassageID: "p0"})

		var wg sync.WaitGroup
		for w := range workers {
			wg.Go(func() {
				user := fmt.Sprint("user-", w)
				for i := range each {
					id, err := s.Record(ctx, Interaction{GuildID: "g", UserID: user, Command: "ask",
						Question: fmt.Sprintf("q %d %d", w, i), Answered: true, PassageID: fmt.Sprint("p", i%3)})
					if err != nil {
						t.Errorf("Record: %v", err)
						return
					}
					if changed, err := s.Vote(ctx, id, user, Up); err != nil || !changed {
						t.Errorf("first Vote: changed %v, err %v; want true, nil", changed, err)
					}
					if i%5 == 0 {
						if changed, err := s.Vote(ctx, id, user, Down); err != nil || !changed {
							t.Errorf("changed Vote: changed %v, err %v; want true, nil", changed, err)
						}
					}
					// Everyone votes on shared: once each as themselves,
					// and as "same" in turn, up and down.
					if _, err := s.Vote(ctx, shared, user, Up); err != nil {
						t.Errorf("Vote on shared: %v", err)
					}
					v := Up
					if (w+i)%2 == 1 {
						v = Down
					}
					if _, err := s.Vote(ctx, shared, "same", v); err != nil {
						t.Errorf("Vote on shared as same: %v", err)
					}
				}
			})
		}
		wg.Wait()
		if t.Failed() {
			return
		}

		n := workers * each
		if got := count(t, s, `SELECT COUNT(*) FROM interactions`); got != n+1 {
			t.Errorf("interactions = %d, want %d", got, n+1)
		}
		if got := count(t, s, `SELECT COUNT(*) FROM votes WHERE interaction_id <> ?`, shared); got != n {
			t.Errorf("votes on the workers' answers = %d, want %d: one per user per answer", got, n)
		}
		if got := count(t, s, `SELECT COUNT(*) FROM votes WHERE interaction_id <> ? AND vote = -1`, shared); got != n/5 {
			t.Errorf("changed votes = %d, want %d", got, n/5)
		}
		if got := count(t, s, `SELECT COUNT(*) FROM votes WHERE interaction_id = ?`, shared); got != workers+1 {
			t.Errorf("votes on shared = %d, want %d: each worker once, and \"same\" once", got, workers+1)
		}
		st, err := s.Stats(ctx, StatsQuery{})
		if err != nil {
			t.Fatal(err)
		}
		if st.Questions != n+1 || st.Up+st.Down != n+workers+1 {
			t.Errorf("Stats: %d questions, %d votes; want %d, %d", st.Questions, st.Up+st.Down, n+1, n+workers+1)
		}
	})
}

func TestPrune(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e engine) {
		ctx := context.Background()
		s := mustOpen(t, e.dsn(t))
		cut := time.Date(2026, 2, 1, 0, 0, 0, 0, time.UTC)
		var kept []string
		for i, at := range []time.Time{
			cut.Add(-90 * 24 * time.Hour), cut.Add(-time.Millisecond), // old
			cut, cut.Add(time.Hour), // kept
		} {
			id := mustRecord(t, s, Interaction{At: at, Command: "ask", Question: fmt.Sprint("q", i), Answered: true})
			mustVote(t, s, id, "alice", Up, true)
			mustVote(t, s, id, "bob", Down, true)
			if !at.Before(cut) {
				kept = append(kept, id)
			}
		}
		n, err := s.Prune(ctx, cut)
		if err != nil || n != 2 {
			t.Fatalf("Prune = %d, %v; want 2, nil", n, err)
		}
		if got := count(t, s, `SELECT COUNT(*) FROM interactions`); got != 2 {
			t.Errorf("interactions left = %d, want 2", got)
		}
		if got := count(t, s, `SELECT COUNT(*) FROM votes`); got != 4 {
			t.Errorf("votes left = %d, want 4: the kept answers' only", got)
		}
		for _, id := range kept {
			if got := count(t, s, `SELECT COUNT(*) FROM votes WHERE interaction_id = ?`, id); got != 2 {
				t.Errorf("votes on kept %s = %d, want 2", id, got)
			}
		}
		if n, err := s.Prune(ctx, cut); err != nil || n != 0 {
			t.Errorf("second Prune = %d, %v; want 0, nil", n, err)
		}
	})
}

// TestUserIDNeverStored looks for the raw ids in every column of every
// table, and in the SQLite files' bytes.
func TestUserIDNeverStored(t *testing.T) {
	const asker, voter = "112233445566778899", "998877665544332211"
	forEachEngine(t, func(t *testing.T, e engine) {
		ctx := context.Background()
		dsn := e.dsn(t)
		s := mustOpen(t, dsn)
		id := mustRecord(t, s, Interaction{GuildID: "g", UserID: asker, Command: "ask", Question: "who hacked sony", Answered: true})
		mustVote(t, s, id, voter, Down, true)
		mustVote(t, s, id, asker, Up, true)

		tables := `SELECT name FROM sqlite_master WHERE type = 'table'`
		if s.Engine() == Postgres {
			tables = `SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()`
		}
		names := queryStrings(t, s, tables)
		if len(names) < 4 {
			t.Fatalf("tables %v: want at least settings, interactions, votes, schema_migrations", names)
		}
		values := 0
		for _, table := range names {
			rows, err := s.db.QueryContext(ctx, "SELECT * FROM "+table)
			if err != nil {
				t.Fatal(err)
			}
			cols, _ := rows.Columns()
			for rows.Next() {
				vals := make([]any, len(cols))
				ptrs := make([]any, len(cols))
				for i := range vals {
					ptrs[i] = &vals[i]
				}
				if err := rows.Scan(ptrs...); err != nil {
					t.Fatal(err)
				}
				for i, v := range vals {
					values++
					text := fmt.Sprintf("%v", v)
					if b, ok := v.([]byte); ok {
						text = string(b)
					}
					if strings.Contains(text, asker) || strings.Contains(text, voter) {
						t.Errorf("%s.%s holds a raw user id: %q", table, cols[i], text)
					}
				}
			}
			if err := rows.Err(); err != nil {
				t.Fatal(err)
			}
			rows.Close()
		}
		if values < 20 {
			t.Errorf("scanned %d values, want the whole database", values)
		}
		if got := count(t, s, `SELECT COUNT(DISTINCT user_hash) FROM votes`); got != 2 {
			t.Errorf("distinct voter hashes = %d, want 2", got)
		}
		if got := count(t, s, `SELECT COUNT(*) FROM votes WHERE user_hash = ?`, s.hashUser(asker)); got != 1 {
			t.Errorf("votes under the asker's hash = %d, want 1", got)
		}

		if e.name == "sqlite-file" {
			s.Close()
			for _, f := range []string{dsn, dsn + "-wal"} {
				b, err := os.ReadFile(f)
				if err != nil && !errors.Is(err, os.ErrNotExist) {
					t.Fatal(err)
				}
				if bytes.Contains(b, []byte(asker)) || bytes.Contains(b, []byte(voter)) {
					t.Errorf("%s holds a raw user id", f)
				}
			}
		}
	})
}

func TestUserHashPerStore(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e engine) {
		dsn := e.dsn(t)
		s := mustOpen(t, dsn)
		h := s.hashUser("42")
		if len(h) != 64 || h == s.hashUser("43") {
			t.Errorf("hashUser(42) = %q, want 64 hex digits, unlike 43's", h)
		}
		if s.hashUser("") != "" {
			t.Errorf("hashUser(\"\") = %q, want \"\"", s.hashUser(""))
		}
		other := mustOpen(t, engines[0].dsn(t))
		if other.hashUser("42") == h {
			t.Errorf("two stores hash a user alike: want a salt per store")
		}
		if e.reopen {
			s.Close()
			again := mustOpen(t, dsn)
			if got := again.hashUser("42"); got != h {
				t.Errorf("after reopening, hashUser(42) = %q, want %q: the salt must persist", got, h)
			}
		}
	})
}

func queryStrings(tb testing.TB, s *Store, query string) []string {
	tb.Helper()
	rows, err := s.db.Query(query)
	if err != nil {
		tb.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var v string
		if err := rows.Scan(&v); err != nil {
			tb.Fatal(err)
		}
		out = append(out, v)
	}
	if err := rows.Err(); err != nil {
		tb.Fatal(err)
	}
	return out
}

// TestVotesWaitForAConnection: on PostgreSQL the pool is bounded (by
// default DefaultMaxConns), and more concurrent votes than it holds all
// succeed, waiting for a connection rather than opening more.
func TestVotesWaitForAConnection(t *testing.T) {
	s := mustOpen(t, postgresDSN(t))
	if got := s.db.Stats().MaxOpenConnections; got != DefaultMaxConns {
		t.Errorf("pool bound = %d, want DefaultMaxConns (%d)", got, DefaultMaxConns)
	}
	const pool, voters = 3, 60
	s.SetMaxConns(pool)
	id := mustRecord(t, s, Interaction{Command: "ask", Question: "who hacked sony", Answered: true, PassageID: "p"})

	stop := make(chan struct{})
	peak := make(chan int)
	go func() {
		most := 0
		for {
			most = max(most, s.db.Stats().OpenConnections)
			select {
			case <-stop:
				peak <- most
				return
			case <-time.After(time.Millisecond):
			}
		}
	}()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second) // a vote's deadline, generously
	defer cancel()
	var wg sync.WaitGroup
	var failed atomic.Int32
	for u := range voters {
		wg.Go(func() {
			if _, err := s.Vote(ctx, id, fmt.Sprint("user", u), Down); err != nil {
				failed.Add(1)
				t.Errorf("vote %d: %v", u, err)
			}
		})
	}
	wg.Wait()
	close(stop)
	if most := <-peak; most > pool {
		t.Errorf("%d connections open at once, want at most %d", most, pool)
	}
	if up, down, err := s.VoteCounts(ctx, id); err != nil || down != voters || failed.Load() != 0 {
		t.Errorf("VoteCounts = %d up, %d down, %v, with %d votes failed; want all %d votes counted", up, down, err, failed.Load(), voters)
	}
}
