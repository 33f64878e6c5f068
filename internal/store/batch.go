package store

import (
	"context"
	"fmt"
	"sync"
	"time"
)

// A serving bot records every question; one transaction per question
// serialises its handlers on the database's write lock (SQLite took /ask
// from ~15,000 to ~3,500 requests a second). Batched, Record only queues
// the row and returns its id, and a writer commits the queue every
// interval. Anything that reads or votes writes the queue first, so it
// always sees every recorded question.

// batch is the queue of rows not yet written.
type batch struct {
	mu      sync.Mutex
	rows    []row
	flushMu sync.Mutex // one writer at a time, in queue order
	stop    chan struct{}
	done    chan struct{}
	stopped sync.Once
}

type row struct {
	id string
	in Interaction
}

// maxQueued bounds the queue: past it, Record writes the queue itself.
const maxQueued = 4096

// Batch makes Record queue rows and write them every interval (and when
// the store is read, voted on or closed). Call it once, before use.
func (s *Store) Batch(interval time.Duration) {
	b := &batch{stop: make(chan struct{}), done: make(chan struct{})}
	s.batch = b
	go func() {
		defer close(b.done)
		t := time.NewTicker(interval)
		defer t.Stop()
		for {
			select {
			case <-b.stop:
				return
			case <-t.C:
				if err := s.flush(context.Background()); err != nil {
					s.onFlushError(err)
				}
			}
		}
	}()
}

// queue adds a row; it writes the queue when it is full.
func (s *Store) queue(ctx context.Context, id string, in Interaction) error {
	b := s.batch
	b.mu.Lock()
	b.rows = append(b.rows, row{id, in})
	full := len(b.rows) >= maxQueued
	b.mu.Unlock()
	if full {
		return s.flush(ctx)
	}
	return nil
}

// flush writes the queued rows in one transaction. Without batching it
// does nothing.
func (s *Store) flush(ctx context.Context) error {
	b := s.batch
	if b == nil {
		return nil
	}
	b.flushMu.Lock()
	defer b.flushMu.Unlock()
	b.mu.Lock()
	rows := b.rows
	b.rows = nil
	b.mu.Unlock()
	if len(rows) == 0 {
		return nil
	}
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
	for _, r := range rows {
		if _, err := stmt.ExecContext(ctx, s.interactionArgs(r.id, r.in)...); err != nil {
			return fmt.Errorf("store: write %d questions: %w", len(rows), err)
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("store: write %d questions: commit: %w", len(rows), err)
	}
	return nil
}

// stopBatch ends the writer and writes what is left.
func (s *Store) stopBatch() error {
	if s.batch == nil {
		return nil
	}
	s.batch.stopped.Do(func() { close(s.batch.stop) })
	<-s.batch.done
	return s.flush(context.Background())
}
