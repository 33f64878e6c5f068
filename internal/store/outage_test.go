package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"
)

// flushErrors collects what a store's writer reports.
type flushErrors struct {
	mu   sync.Mutex
	errs []error
}

func (f *flushErrors) add(err error) {
	f.mu.Lock()
	f.errs = append(f.errs, err)
	f.mu.Unlock()
}

func (f *flushErrors) String() string {
	f.mu.Lock()
	defer f.mu.Unlock()
	var b strings.Builder
	for _, e := range f.errs {
		fmt.Fprintln(&b, e)
	}
	return b.String()
}

func (f *flushErrors) len() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.errs)
}

// batched opens dsn with a batched writer whose attempts give up after
// attempt, so a test outage of a second makes them fail, as a real one of
// a minute would with the default.
func batched(t *testing.T, dsn string, interval, attempt time.Duration) (*Store, *flushErrors) {
	t.Helper()
	old := writeTimeout
	writeTimeout = attempt
	t.Cleanup(func() { writeTimeout = old })
	s := mustOpen(t, dsn)
	errs := &flushErrors{}
	s.OnFlushError = errs.add
	s.Batch(interval)
	return s, errs
}

// waitCount waits until query counts want, or fails after 30s (the race
// detector makes writing 10,000 rows slow).
func waitCount(t *testing.T, s *Store, want int, query string, args ...any) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		n := count(t, s, query, args...)
		if n == want {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s = %d after 30s, want %d", query, n, want)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// withAppName names the store's PostgreSQL connections, so that an outage
// can kill exactly those.
func withAppName(t *testing.T, dsn, name string) string {
	t.Helper()
	u, err := url.Parse(dsn)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	q.Set("application_name", name)
	u.RawQuery = q.Encode()
	return u.String()
}

// outage makes the database unusable for writes to interactions until the
// returned function is called. SQLite: a second connection holds the write
// lock (as `sqlite3 bot.db` with BEGIN IMMEDIATE would). PostgreSQL: a
// second connection locks the table, and the store's own connections
// (named app) are killed every 100 ms, as in a failover.
func outage(t *testing.T, e engine, dsn, app string) (end func()) {
	t.Helper()
	ctx := context.Background()
	name := dsn
	driver := "pgx"
	if e.name != "postgres" {
		driver = "sqlite"
		name, _ = sqliteDSN(dsn)
	}
	if e.name == "postgres" {
		name = withAppName(t, dsn, "newsbot-test-outage") // not killed with app
	}
	db, err := sql.Open(driver, name)
	if err != nil {
		t.Fatal(err)
	}
	conn, err := db.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	stop := make(chan struct{})
	var wg sync.WaitGroup
	if e.name == "postgres" {
		mustExec(t, conn, "BEGIN")
		mustExec(t, conn, "LOCK TABLE interactions IN ACCESS EXCLUSIVE MODE")
		killer, err := db.Conn(ctx)
		if err != nil {
			t.Fatal(err)
		}
		wg.Go(func() {
			defer killer.Close()
			for {
				killer.ExecContext(ctx, `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1`, app)
				select {
				case <-stop:
					return
				case <-time.After(100 * time.Millisecond):
				}
			}
		})
	} else {
		mustExec(t, conn, "BEGIN IMMEDIATE")
	}
	var once sync.Once
	end = func() {
		once.Do(func() {
			close(stop)
			wg.Wait()
			mustExec(t, conn, "COMMIT")
			conn.Close()
			db.Close()
		})
	}
	t.Cleanup(end)
	return end
}

func mustExec(t *testing.T, conn *sql.Conn, query string) {
	t.Helper()
	if _, err := conn.ExecContext(context.Background(), query); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
}

// outageEngines are the engines a second connection can lock.
func outageEngines(t *testing.T, f func(t *testing.T, e engine, dsn, app string)) {
	forEachEngine(t, func(t *testing.T, e engine) {
		if !e.reopen {
			t.Skip("a private in-memory database has no second connection to lock it")
		}
		dsn, app := e.dsn(t), "newsbot-test-"+strings.ReplaceAll(t.Name(), "/", "-")
		if e.name == "postgres" {
			dsn = withAppName(t, dsn, app)
		}
		f(t, e, dsn, app)
	})
}

// TestBatchOutage: questions recorded before, during and after an outage
// in the middle of serving are all stored, once each.
func TestBatchOutage(t *testing.T) {
	outageEngines(t, func(t *testing.T, e engine, dsn, app string) {
		s, errs := batched(t, dsn, 20*time.Millisecond, 300*time.Millisecond)
		ctx := context.Background()
		rec := func(i int) {
			if _, err := s.Record(ctx, Interaction{Command: "ask", Question: fmt.Sprint("question ", i)}); err != nil {
				t.Errorf("Record %d: %v", i, err)
			}
		}
		for i := range 3 {
			rec(i)
		}
		waitCount(t, s, 3, `SELECT COUNT(*) FROM interactions`)

		end := outage(t, e, dsn, app)
		for i := 3; i < 9; i++ {
			rec(i)
			time.Sleep(150 * time.Millisecond)
		}
		if errs.len() == 0 {
			t.Error("no write failed during the outage: was there one?")
		}
		end()
		rec(9)
		waitCount(t, s, 10, `SELECT COUNT(DISTINCT question) FROM interactions`)
		if n := count(t, s, `SELECT COUNT(*) FROM interactions`); n != 10 {
			t.Errorf("%d rows for 10 questions: some were written twice", n)
		}
		if n := s.Lost(); n != 0 {
			t.Errorf("Lost() = %d, want 0", n)
		}
		t.Logf("writer reported during the outage:\n%s", errs)
	})
}

// TestCloseWithinBudget: Close (Shutdown) writes the queue, waiting out a
// short outage, and when the outage outlasts its budget it returns at the
// deadline, saying how many questions were lost.
func TestCloseWithinBudget(t *testing.T) {
	outageEngines(t, func(t *testing.T, e engine, dsn, app string) {
		ctx := context.Background()
		s, _ := batched(t, dsn, time.Hour, time.Hour)
		for i := range 5 {
			mustRecord(t, s, Interaction{Command: "ask", Question: fmt.Sprint("short outage ", i)})
		}
		end := outage(t, e, dsn, app)
		time.AfterFunc(400*time.Millisecond, end)
		sctx, cancel := context.WithTimeout(ctx, 3*time.Second)
		defer cancel()
		if err := s.Shutdown(sctx); err != nil {
			t.Fatalf("Shutdown through a 0.4s outage: %v", err)
		}
		again := mustOpen(t, dsn)
		if n := count(t, again, `SELECT COUNT(*) FROM interactions`); n != 5 {
			t.Errorf("%d rows after Shutdown, want 5", n)
		}

		s2, _ := batched(t, dsn, time.Hour, time.Hour)
		for i := range 4 {
			mustRecord(t, s2, Interaction{Command: "ask", Question: fmt.Sprint("long outage ", i)})
		}
		outage(t, e, dsn, app) // until the test ends
		sctx, cancel = context.WithTimeout(ctx, time.Second)
		defer cancel()
		start := time.Now()
		err := s2.Shutdown(sctx)
		if took := time.Since(start); took > 2*time.Second {
			t.Errorf("Shutdown with a 1s budget took %v", took)
		}
		if err == nil || !strings.Contains(err.Error(), "4 questions not written") {
			t.Errorf("Shutdown through a long outage = %v, want it to say 4 questions were not written", err)
		}
	})
}

// TestRecordStoresCleanText: a NUL, invalid UTF-8 or an overlong question
// in a batch is stored cleaned (a NUL dropped, a long question truncated on
// a rune boundary), and the rest of its batch with it.
func TestRecordStoresCleanText(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e engine) {
		s, errs := batched(t, e.dsn(t), time.Hour, time.Minute)
		long := strings.Repeat("é", MaxQuestionRunes+500)
		ids := map[string]string{} // id → the question as stored
		for q, want := range map[string]string{
			"who hacked\x00 sony?": "who hacked sony?",
			"bad \xff utf-8":       "bad \uFFFD utf-8",
			long:                   strings.Repeat("é", MaxQuestionRunes),
			"plain 1":              "plain 1",
			"plain 2":              "plain 2",
		} {
			ids[mustRecord(t, s, Interaction{Command: "ask\x00" + strings.Repeat("x", 5000), Question: q})] = want
		}
		if _, err := s.Gaps(context.Background(), GapsQuery{}); err != nil {
			t.Fatalf("Gaps (which writes the queue): %v", err)
		}
		for id, want := range ids {
			var got, cmd string
			err := s.db.QueryRow(s.q(`SELECT question, command FROM interactions WHERE id = ?`), id).Scan(&got, &cmd)
			if err != nil {
				t.Errorf("question %q was not stored: %v", want[:min(len(want), 20)], err)
				continue
			}
			if got != want || !utf8.ValidString(got) {
				t.Errorf("stored %q (%d runes), want %q (%d runes)", got[:min(len(got), 20)], utf8.RuneCountInString(got), want[:min(len(want), 20)], utf8.RuneCountInString(want))
			}
			if strings.Contains(cmd, "\x00") || utf8.RuneCountInString(cmd) > maxFieldRunes {
				t.Errorf("stored command of %d runes (NUL: %v)", utf8.RuneCountInString(cmd), strings.Contains(cmd, "\x00"))
			}
		}
		if errs.len() > 0 {
			t.Errorf("the writer reported:\n%s", errs)
		}
	})
}

// TestSlowCommitStillWritten: a database whose COMMIT outlasts the
// attempt still gets every row. database/sql rolls back a transaction
// whose context ends, and Commit then says only "already rolled back":
// the writer must see the timeout and shrink the next transaction.
func TestSlowCommitStillWritten(t *testing.T) {
	if testing.Short() {
		t.Skip("takes seconds")
	}
	forEachEngine(t, func(t *testing.T, e engine) {
		old := testHookCommit
		// A commit of n rows takes n ms; each attempt has 100 ms.
		testHookCommit = func(n int) { time.Sleep(time.Duration(n) * time.Millisecond) }
		t.Cleanup(func() { testHookCommit = old })
		s, errs := batched(t, e.dsn(t), 20*time.Millisecond, 100*time.Millisecond)
		defer func() {
			if t.Failed() {
				t.Logf("the writer said:\n%s", errs)
			}
		}()
		const n = 300
		for i := range n {
			mustRecord(t, s, Interaction{Command: "ask", Question: fmt.Sprint("q", i)})
		}
		waitCount(t, s, n, `SELECT COUNT(*) FROM interactions`)
		if got := count(t, s, `SELECT COUNT(DISTINCT question) FROM interactions`); got != n || s.Lost() != 0 {
			t.Errorf("%d distinct questions written, Lost() = %d; want %d and 0", got, s.Lost(), n)
		}
		if !strings.Contains(errs.String(), "deadline exceeded") {
			t.Errorf("the writer never named the timeout; it said:\n%s", errs)
		}
	})
}

// refuseQuestion makes the database refuse any row asking q, standing in
// for anything a database may refuse in a row.
func refuseQuestion(t *testing.T, s *Store, e engine, q string) {
	t.Helper()
	refuse := `CREATE TRIGGER refuse BEFORE INSERT ON interactions WHEN NEW.question = '` + q + `'
		BEGIN SELECT RAISE(ABORT, 'refused'); END`
	if e.name == "postgres" {
		refuse = `ALTER TABLE interactions ADD CONSTRAINT refuse CHECK (question <> '` + q + `')`
	}
	if _, err := s.db.Exec(refuse); err != nil {
		t.Fatal(err)
	}
}

// TestBatchIsolatesBadRow: a row the database refuses is dropped alone,
// reported, and counted; the other rows of its batch are stored.
func TestBatchIsolatesBadRow(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e engine) {
		s, errs := batched(t, e.dsn(t), time.Hour, time.Minute)
		refuseQuestion(t, s, e, "refused")
		for _, q := range []string{"one", "two", "refused", "three", "four"} {
			mustRecord(t, s, Interaction{Command: "ask", Question: q})
		}
		if _, err := s.Stats(context.Background(), StatsQuery{}); err != nil {
			t.Fatalf("Stats (which writes the queue): %v", err)
		}
		if n := count(t, s, `SELECT COUNT(*) FROM interactions`); n != 4 {
			t.Errorf("%d rows stored, want the 4 good ones", n)
		}
		if n := s.Lost(); n != 1 {
			t.Errorf("Lost() = %d, want 1", n)
		}
		if !strings.Contains(errs.String(), "refused") {
			t.Errorf("the refused row was not reported; the writer said:\n%s", errs)
		}
	})
}

// TestBatchQueueBound: while the database is away the queue keeps at most
// maxQueued rows; past it Record fails with ErrQueueFull (so the answer
// gets no vote buttons), the drops are counted and reported, and the kept
// rows are all written once it is back.
func TestBatchQueueBound(t *testing.T) {
	if testing.Short() {
		t.Skip("writes 10,000 rows")
	}
	e := engines[0] // the logic is the engine's own; one that can be locked is enough
	dsn := e.dsn(t)
	s, errs := batched(t, dsn, 20*time.Millisecond, 2*time.Second)
	end := outage(t, e, dsn, "")
	ctx := context.Background()
	var full int
	for i := range maxQueued + 7 {
		if _, err := s.Record(ctx, Interaction{Command: "ask", Question: fmt.Sprint("q", i)}); errors.Is(err, ErrQueueFull) {
			full++
		} else if err != nil {
			t.Fatalf("Record %d: %v", i, err)
		}
	}
	if full != 7 || s.Lost() != 7 {
		t.Errorf("%d Records refused, Lost() = %d; want 7 and 7", full, s.Lost())
	}
	deadline := time.Now().Add(5 * time.Second)
	for !strings.Contains(errs.String(), "7 questions not recorded") && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	if !strings.Contains(errs.String(), "7 questions not recorded") {
		t.Errorf("the drops were not reported; the writer said:\n%s", errs)
	}
	end()
	waitCount(t, s, maxQueued, `SELECT COUNT(*) FROM interactions`)
}

// TestSlowDatabaseStillWritten: a database too slow to write a full
// transaction within one attempt still gets every row, in smaller
// transactions, and no row twice.
func TestSlowDatabaseStillWritten(t *testing.T) {
	if testing.Short() {
		t.Skip("takes seconds")
	}
	forEachEngine(t, func(t *testing.T, e engine) {
		old := testHookRow
		testHookRow = func() { time.Sleep(2 * time.Millisecond) }
		t.Cleanup(func() { testHookRow = old })
		// All n in one transaction would take 0.6 s; each has 100 ms.
		s, errs := batched(t, e.dsn(t), 20*time.Millisecond, 100*time.Millisecond)
		defer func() {
			if t.Failed() {
				t.Logf("the writer said:\n%s", errs)
			}
		}()
		ctx := context.Background()
		const n = 300
		for i := range n {
			if _, err := s.Record(ctx, Interaction{Command: "ask", Question: fmt.Sprint("q", i)}); err != nil {
				t.Fatalf("Record %d: %v", i, err)
			}
		}
		waitCount(t, s, n, `SELECT COUNT(*) FROM interactions`)
		if got := count(t, s, `SELECT COUNT(DISTINCT question) FROM interactions`); got != n || s.Lost() != 0 {
			t.Errorf("%d distinct questions written, Lost() = %d; want %d and 0", got, s.Lost(), n)
		}
	})
}
