package store

import (
	"context"
	"errors"
	"fmt"
	"runtime/debug"
	"sync"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	"modernc.org/sqlite"
)

// A serving bot records every question; one transaction per question
// serialises its handlers on the database's write lock (SQLite took /ask
// from ~15,000 to ~3,500 requests a second). Batched, Record only queues
// the row and returns its id, and a writer commits the queue every
// interval. Anything that reads or votes writes the queue first, so it
// always sees every recorded question.
//
// The answer already carries vote buttons for a queued row, so a row
// leaves the queue only once it is committed: a failed write keeps it and
// the writer retries with backoff. A row the database refuses (not an
// outage) is written apart from the others and dropped alone. The queue is
// bounded: past maxQueued, Record refuses new rows and counts them.

// ErrQueueFull is returned (wrapped) by a batched Record when maxQueued
// rows are waiting for the database: the question is not recorded.
var ErrQueueFull = errors.New("too many questions waiting for the database")

const (
	// maxQueued bounds the rows kept in memory while the database is away:
	// about a minute of a busy bot's questions, a few MB.
	maxQueued = 10000
	// wakeAt makes the writer write before its interval when this many
	// rows wait, so a burst is written in transactions of bounded size.
	wakeAt = 1024
	// maxTxRows is the most rows one transaction writes.
	maxTxRows = 1000
	// firstRetry and maxRetry bound the backoff between failed writes.
	firstRetry = 250 * time.Millisecond
	maxRetry   = 5 * time.Second
	// CloseTimeout is how long Close tries to write what is queued.
	CloseTimeout = 5 * time.Second
)

// writeTimeout bounds one write attempt of the background writer, so a
// connection that hangs cannot stop it retrying. Tests shorten it.
var writeTimeout = 30 * time.Second

// testHookRow runs before each row of a transaction: tests make the
// database slow with it.
var testHookRow = func() {}

// testHookCommit runs before a transaction of n rows commits.
var testHookCommit = func(n int) {}

// batch is the queue of rows not yet written.
type batch struct {
	mu      sync.Mutex
	rows    []row
	dropped int64 // refused by a full queue since the last report
	lost    int64 // refused or rejected, since the start

	attempt time.Duration // bounds one write of the background writer
	txRows  int           // rows a transaction writes now: at most maxTxRows, fewer after one ran out of time
	writing chan struct{} // a token held by the one writer at a time
	wake    chan struct{}
	stop    chan struct{}
	cancel  context.CancelFunc // the background writer's context
	done    chan struct{}
	stopped sync.Once
}

type row struct {
	id string
	in Interaction
}

// Batch makes Record queue rows and write them every interval (and when
// the store is read, voted on or closed). Call it once, before use.
func (s *Store) Batch(interval time.Duration) {
	ctx, cancel := context.WithCancel(context.Background())
	b := &batch{
		attempt: writeTimeout,
		txRows:  maxTxRows,
		writing: make(chan struct{}, 1),
		wake:    make(chan struct{}, 1),
		stop:    make(chan struct{}),
		cancel:  cancel,
		done:    make(chan struct{}),
	}
	s.batch = b
	go s.writer(ctx, b, interval)
}

// writer writes the queue every interval, or sooner when woken, and after a
// failure retries with a doubling backoff. A panic is reported and the
// writer starts again, since the rows wait on it.
func (s *Store) writer(ctx context.Context, b *batch, interval time.Duration) {
	defer close(b.done)
	for !s.writeLoop(ctx, b, interval) {
		select {
		case <-b.stop:
			return
		case <-time.After(firstRetry):
		}
	}
}

// writeLoop is the writer until it is stopped (true) or panics (false).
func (s *Store) writeLoop(ctx context.Context, b *batch, interval time.Duration) (stopped bool) {
	defer func() {
		if p := recover(); p != nil {
			s.onFlushError(fmt.Errorf("store: batch writer panicked (restarting it): %v\n%s", p, debug.Stack()))
			stopped = false
		}
	}()
	retry, backingOff := firstRetry, false
	t := time.NewTimer(interval)
	defer t.Stop()
	for {
		wake := b.wake
		if backingOff {
			wake = nil // a burst must not hammer a database that is away
		}
		select {
		case <-b.stop:
			return true
		case <-t.C:
		case <-wake:
			t.Stop()
		}
		wait := interval
		written, err := s.flushEach(ctx, b.attempt)
		switch {
		case err != nil && ctx.Err() != nil:
			return true // Shutdown took over
		case err != nil && written > 0:
			// A slow database, not an away one: go on soon, in smaller
			// transactions (flushEach).
			wait, retry, backingOff = firstRetry, firstRetry, false
			s.onFlushError(fmt.Errorf("%w (%d questions written, %d kept queued; going on in %v)", err, written, b.queued(), wait))
		case err != nil:
			wait, retry, backingOff = retry, min(2*retry, maxRetry), true
			s.onFlushError(fmt.Errorf("%w (%d questions kept queued; retrying in %v)", err, b.queued(), wait))
		default:
			retry, backingOff = firstRetry, false
		}
		s.reportDropped(b)
		t.Reset(wait)
	}
}

func (s *Store) reportDropped(b *batch) {
	b.mu.Lock()
	n, total := b.dropped, b.lost
	b.dropped = 0
	b.mu.Unlock()
	if n > 0 {
		s.onFlushError(fmt.Errorf("store: %d questions not recorded: %w (%d queued at most; %d lost since start)",
			n, ErrQueueFull, maxQueued, total))
	}
}

func (b *batch) queued() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return len(b.rows)
}

// Lost reports how many questions were not recorded since Open: refused
// by a full queue, or refused by the database.
func (s *Store) Lost() int64 {
	if s.batch == nil {
		return 0
	}
	s.batch.mu.Lock()
	defer s.batch.mu.Unlock()
	return s.batch.lost
}

// queue adds a row, or refuses it with ErrQueueFull.
func (s *Store) queue(id string, in Interaction) error {
	b := s.batch
	b.mu.Lock()
	if len(b.rows) >= maxQueued {
		b.dropped++
		b.lost++
		b.mu.Unlock()
		return fmt.Errorf("store: record %s: %w", in.Command, ErrQueueFull)
	}
	b.rows = append(b.rows, row{id, in})
	n := len(b.rows)
	b.mu.Unlock()
	if n >= wakeAt {
		select {
		case b.wake <- struct{}{}:
		default:
		}
	}
	return nil
}

// flush writes the rows queued when it is called, in transactions of at
// most txRows, keeping whatever it could not write. Without batching it
// does nothing.
func (s *Store) flush(ctx context.Context) error {
	_, err := s.flushEach(ctx, 0)
	return err
}

// flushEach is flush with at most perTx (if above 0) for each transaction,
// as the background writer writes; it returns how many rows it wrote. A
// transaction that runs out of time commits nothing, so a database too
// slow for txRows rows in perTx would never be written to: the next
// transactions are halved until one commits, then grow again.
func (s *Store) flushEach(ctx context.Context, perTx time.Duration) (written int, err error) {
	b := s.batch
	if b == nil {
		return 0, nil
	}
	select {
	case b.writing <- struct{}{}:
	case <-ctx.Done():
		return 0, fmt.Errorf("store: write queued questions: %w", ctx.Err())
	}
	defer func() { <-b.writing }()
	todo := b.queued()
	for todo > 0 {
		b.mu.Lock()
		n := min(todo, b.txRows, len(b.rows))
		rows := b.rows[:n:n] // only a writer removes rows, and this is the one
		b.mu.Unlock()
		kept, refused, err := s.writeWithin(ctx, perTx, rows)
		b.mu.Lock()
		b.rows = append(kept, b.rows[n:]...)
		b.mu.Unlock()
		written += n - len(kept) - refused
		if ctx.Err() == nil {
			b.resize(n, err)
		}
		if err != nil {
			return written, err
		}
		todo -= n
	}
	return written, nil
}

// writeWithin is write with at most d, if above 0.
func (s *Store) writeWithin(ctx context.Context, d time.Duration, rows []row) (kept []row, refused int, err error) {
	if d > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, d)
		defer cancel()
	}
	return s.write(ctx, rows)
}

// resize sets the size of the next transactions after one of n rows
// ended with err. Only the writer holding the token calls it.
func (b *batch) resize(n int, err error) {
	switch {
	case errors.Is(err, context.DeadlineExceeded):
		b.txRows = max(1, n/2)
	case err == nil:
		b.txRows = min(maxTxRows, b.txRows+b.txRows/4+1)
	}
}

// write writes rows in one transaction. If the database refuses one of
// them, it writes them one by one and drops only those it refuses. It
// returns the rows still to be written and how many were refused.
func (s *Store) write(ctx context.Context, rows []row) (kept []row, refused int, err error) {
	err = s.writeTx(ctx, rows)
	if err == nil {
		return nil, 0, nil
	}
	if ctx.Err() != nil || !rowError(err) {
		return rows, 0, err
	}
	for i, r := range rows {
		err := s.insert(ctx, r)
		if err == nil {
			continue
		}
		if !rowError(err) {
			return rows[i:], refused, err
		}
		refused++
		s.batch.mu.Lock()
		s.batch.lost++
		s.batch.mu.Unlock()
		s.onFlushError(fmt.Errorf("store: dropped question %s, which the database refused: %w", r.id, err))
	}
	return nil, refused, nil
}

func (s *Store) writeTx(ctx context.Context, rows []row) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("store: write %d questions: %w", len(rows), err)
	}
	defer tx.Rollback() // a no-op after Commit
	stmt, err := tx.PrepareContext(ctx, s.q(insertInteraction))
	if err != nil {
		return fmt.Errorf("store: write %d questions: %w", len(rows), err)
	}
	defer stmt.Close()
	rowCtx := s.rowContext(ctx)
	for _, r := range rows {
		testHookRow()
		if err := ctx.Err(); err != nil {
			return fmt.Errorf("store: write %d questions: %w", len(rows), err)
		}
		if _, err := stmt.ExecContext(rowCtx, s.interactionArgs(r.id, r.in)...); err != nil {
			return fmt.Errorf("store: write %d questions: %s: %w", len(rows), r.id, err)
		}
	}
	testHookCommit(len(rows))
	if err := tx.Commit(); err != nil {
		if cerr := ctx.Err(); cerr != nil {
			// database/sql rolls back a transaction whose context ends,
			// and Commit then says only ErrTxDone: name the cause, so
			// that a commit that ran out of time shrinks the next.
			err = fmt.Errorf("%w (%w)", cerr, err)
		}
		return fmt.Errorf("store: write %d questions: commit: %w", len(rows), err)
	}
	return nil
}

// rowContext is the context of each insert in writeTx. On SQLite it
// cannot be cancelled: with one the driver starts a goroutine to watch it
// for every statement, a tenth of the writer's CPU, and an insert has
// nothing to wait for once BEGIN IMMEDIATE holds the write lock (BEGIN and
// COMMIT keep ctx, and writeTx checks it between rows, so a shutdown still
// ends the transaction within a row). PostgreSQL's inserts talk to the
// server and keep ctx.
func (s *Store) rowContext(ctx context.Context) context.Context {
	if s.engine == SQLite {
		return context.WithoutCancel(ctx)
	}
	return ctx
}

// rowError reports whether err is the database refusing a row's values
// (which retrying cannot fix), rather than the database being away, locked
// or busy.
func rowError(err error) bool {
	var pg *pgconn.PgError
	if errors.As(err, &pg) {
		switch pg.Code[:2] {
		case "22", "23", "54": // data exception, integrity constraint, program limit
			return true
		}
		return false
	}
	var lite *sqlite.Error
	if errors.As(err, &lite) {
		switch lite.Code() & 0xff {
		case 18, 19, 20: // SQLITE_TOOBIG, SQLITE_CONSTRAINT, SQLITE_MISMATCH
			return true
		}
	}
	return false
}

// stopBatch ends the writer, then writes what is left, retrying until ctx
// ends.
func (s *Store) stopBatch(ctx context.Context) error {
	b := s.batch
	if b == nil {
		return nil
	}
	b.stopped.Do(func() {
		b.cancel()
		close(b.stop)
	})
	<-b.done
	retry := firstRetry
	for {
		err := s.flush(ctx)
		if err == nil {
			return nil
		}
		select {
		case <-ctx.Done():
			n := b.queued()
			b.mu.Lock()
			b.lost += int64(n)
			b.rows = nil
			b.mu.Unlock()
			return fmt.Errorf("store: close: %d questions not written in time: %w", n, err)
		case <-time.After(retry):
			retry = min(2*retry, maxRetry)
		}
	}
}
