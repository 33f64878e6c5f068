package store

import (
	"context"
	"errors"
	"slices"
	"sync"
	"testing"
	"time"
)

func TestMigrateFromEmpty(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e engine) {
		ctx := context.Background()
		dsn := e.dsn(t)
		s := mustOpen(t, dsn)
		if v, err := s.version(ctx); err != nil || v != len(migrations) {
			t.Fatalf("version = %d, %v; want %d", v, err, len(migrations))
		}
		if len(migrations) < 2 {
			t.Errorf("%d migrations: want at least 2, so upgrades are tested", len(migrations))
		}
		applied := queryStrings(t, s, `SELECT CAST(applied_at_ms AS TEXT) FROM schema_migrations ORDER BY version`)

		// Opening a migrated database changes nothing.
		if e.reopen {
			s.Close()
			s = mustOpen(t, dsn)
		} else if err := s.setup(ctx); err != nil {
			t.Fatalf("setup again: %v", err)
		}
		again := queryStrings(t, s, `SELECT CAST(applied_at_ms AS TEXT) FROM schema_migrations ORDER BY version`)
		if !slices.Equal(again, applied) || len(again) != len(migrations) {
			t.Errorf("schema_migrations after reopening = %v, want %v unchanged", again, applied)
		}
	})
}

// TestMigrateFromPrevious builds a database at version 1, as the previous
// build left it, with rows, then opens it with this build.
func TestMigrateFromPrevious(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e engine) {
		ctx := context.Background()
		dsn := e.dsn(t)
		old, err := open(dsn)
		if err != nil {
			t.Fatal(err)
		}
		if err := old.migrate(ctx, 1); err != nil {
			t.Fatalf("migrate to 1: %v", err)
		}
		if err := old.loadSalt(ctx); err != nil {
			t.Fatal(err)
		}
		id, err := old.Record(ctx, Interaction{At: time.Now(), GuildID: "g", UserID: "7", Command: "ask", Question: "who hacked sony", Answered: true, PassageID: "p"})
		if err != nil {
			t.Fatalf("Record at version 1: %v", err)
		}
		if v, err := old.version(ctx); err != nil || v != 1 {
			t.Fatalf("version = %d, %v; want 1", v, err)
		}
		if _, err := old.db.ExecContext(ctx, `SELECT * FROM votes`); err == nil {
			t.Fatalf("votes exists at version 1: the test is not starting from the previous version")
		}

		s := old
		if e.reopen {
			old.Close()
			s = mustOpen(t, dsn)
		} else {
			t.Cleanup(func() { s.Close() })
			if err := s.setup(ctx); err != nil {
				t.Fatalf("setup: %v", err)
			}
		}
		if v, err := s.version(ctx); err != nil || v != len(migrations) {
			t.Fatalf("version = %d, %v; want %d", v, err, len(migrations))
		}
		if got := count(t, s, `SELECT COUNT(*) FROM interactions WHERE id = ?`, id); got != 1 {
			t.Fatalf("the version-1 row is gone after migrating")
		}
		mustVote(t, s, id, "7", Up, true) // votes, from version 2, work on old rows
		if got := count(t, s, `SELECT COUNT(*) FROM votes WHERE user_hash = ?`, s.hashUser("7")); got != 1 {
			t.Errorf("the old row's user hashes differently after migrating: want the salt kept")
		}
	})
}

func TestMigrateRefusesNewer(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e engine) {
		if !e.reopen {
			t.Skip("needs a database that outlives Close")
		}
		ctx := context.Background()
		dsn := e.dsn(t)
		s := mustOpen(t, dsn)
		if _, err := s.db.ExecContext(ctx, s.q(`INSERT INTO schema_migrations (version, applied_at_ms) VALUES (?, 0)`), len(migrations)+1); err != nil {
			t.Fatal(err)
		}
		s.Close()
		s, err := Open(ctx, dsn)
		if err == nil {
			s.Close()
		}
		if !errors.Is(err, errSchemaNewer) {
			t.Errorf("Open of a newer schema: error = %v, want %v", err, errSchemaNewer)
		}
	})
}

// TestOpenConcurrently opens one new database from several stores at once,
// as replicas starting together do: one migrates, and all share one salt.
func TestOpenConcurrently(t *testing.T) {
	const replicas = 4
	forEachEngine(t, func(t *testing.T, e engine) {
		if !e.reopen {
			t.Skip("each Open of \":memory:\" is its own database")
		}
		dsn := e.dsn(t)
		stores := make([]*Store, replicas)
		var wg sync.WaitGroup
		for i := range stores {
			wg.Go(func() {
				s, err := Open(context.Background(), dsn)
				if err != nil {
					t.Errorf("Open %d: %v", i, err)
					return
				}
				stores[i] = s
				t.Cleanup(func() { s.Close() })
			})
		}
		wg.Wait()
		if t.Failed() {
			return
		}
		for i, s := range stores {
			if got, want := s.hashUser("42"), stores[0].hashUser("42"); got != want {
				t.Errorf("store %d hashes 42 as %s, store 0 as %s: want one salt", i, got, want)
			}
		}
		if got := count(t, stores[0], `SELECT COUNT(*) FROM schema_migrations`); got != len(migrations) {
			t.Errorf("schema_migrations has %d rows, want %d", got, len(migrations))
		}
	})
}
