package store

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// migrations[i] takes the schema from version i to i+1. Never edit one that
// has shipped: append a new one. The SQL is the common ground of SQLite and
// PostgreSQL (BOOLEAN is an integer 0/1 in SQLite; both understand the rest).
var migrations = [][]string{
	// 1: the interactions, and settings for the user-id salt.
	{
		`CREATE TABLE settings (
			key   TEXT PRIMARY KEY,
			value TEXT NOT NULL
		)`,
		`CREATE TABLE interactions (
			id         TEXT PRIMARY KEY,
			at_ms      BIGINT NOT NULL,
			guild_id   TEXT NOT NULL,
			user_hash  TEXT NOT NULL,
			command    TEXT NOT NULL,
			question   TEXT NOT NULL,
			answered   BOOLEAN NOT NULL,
			passage_id TEXT NOT NULL,
			score      DOUBLE PRECISION NOT NULL,
			latency_ms BIGINT NOT NULL
		)`,
	},
	// 2: votes on answers, one per user per interaction; indexes for
	// pruning and for the reports, which filter on time and guild.
	{
		`CREATE TABLE votes (
			interaction_id TEXT NOT NULL REFERENCES interactions (id) ON DELETE CASCADE,
			user_hash      TEXT NOT NULL,
			vote           SMALLINT NOT NULL CHECK (vote IN (-1, 1)),
			at_ms          BIGINT NOT NULL,
			PRIMARY KEY (interaction_id, user_hash)
		)`,
		`CREATE INDEX interactions_at ON interactions (at_ms)`,
		`CREATE INDEX interactions_guild_at ON interactions (guild_id, at_ms)`,
	},
	// 3: each server's own library (see library.go): its articles, its
	// settings with a version bumped on every change, and a log of
	// additions for the per-teacher hourly limit.
	{
		`CREATE TABLE library_guilds (
			guild_id     TEXT PRIMARY KEY,
			version      BIGINT NOT NULL,
			defaults     BOOLEAN NOT NULL,
			teacher_role TEXT NOT NULL
		)`,
		`CREATE TABLE library_articles (
			id          TEXT PRIMARY KEY,
			guild_id    TEXT NOT NULL,
			name        TEXT NOT NULL,
			body        TEXT NOT NULL,
			title       TEXT NOT NULL,
			source      TEXT NOT NULL,
			date        TEXT NOT NULL,
			url         TEXT NOT NULL,
			byline      TEXT NOT NULL,
			passages    INTEGER NOT NULL,
			added_by    TEXT NOT NULL,
			added_at_ms BIGINT NOT NULL
		)`,
		`CREATE INDEX library_articles_guild ON library_articles (guild_id, added_at_ms)`,
		`CREATE TABLE library_additions (
			guild_id  TEXT NOT NULL,
			user_hash TEXT NOT NULL,
			at_ms     BIGINT NOT NULL
		)`,
		`CREATE INDEX library_additions_user ON library_additions (guild_id, user_hash, at_ms)`,
	},
}

// errSchemaNewer means the database was migrated by a newer build.
var errSchemaNewer = errors.New("database schema is newer than this build")

// migrateLock is the PostgreSQL advisory lock key that serializes
// migrations across replicas starting together.
const migrateLock = 0x6e657773626f74 // "newsbot"

// migrate applies the migrations the database lacks, up to version target,
// each in its own transaction with its schema_migrations row, so a failure
// leaves the database at the last version that fully applied. At target
// already, it changes nothing.
func (s *Store) migrate(ctx context.Context, target int) error {
	for {
		done, err := s.migrateOne(ctx, target)
		if err != nil || done {
			return err
		}
	}
}

// migrateOne applies the next migration if the database is below target,
// and reports whether it is at target now.
func (s *Store) migrateOne(ctx context.Context, target int) (done bool, err error) {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return false, fmt.Errorf("store: migrate: %w", err)
	}
	defer tx.Rollback()
	if s.engine == Postgres {
		// Released at commit. SQLite needs none: its transactions start
		// with the write lock (_txlock=immediate).
		if _, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock($1)`, int64(migrateLock)); err != nil {
			return false, fmt.Errorf("store: migrate: lock: %w", err)
		}
	}
	if _, err := tx.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version       INTEGER PRIMARY KEY,
		applied_at_ms BIGINT NOT NULL
	)`); err != nil {
		return false, fmt.Errorf("store: migrate: %w", err)
	}
	var v int
	if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(version), 0) FROM schema_migrations`).Scan(&v); err != nil {
		return false, fmt.Errorf("store: migrate: read version: %w", err)
	}
	if v > len(migrations) {
		return false, fmt.Errorf("store: migrate: %w: database at version %d, this build knows %d", errSchemaNewer, v, len(migrations))
	}
	if v >= target {
		return true, tx.Commit()
	}
	for _, stmt := range migrations[v] {
		if _, err := tx.ExecContext(ctx, stmt); err != nil {
			return false, fmt.Errorf("store: migration %d: %w", v+1, err)
		}
	}
	if _, err := tx.ExecContext(ctx, s.q(`INSERT INTO schema_migrations (version, applied_at_ms) VALUES (?, ?)`),
		v+1, time.Now().UnixMilli()); err != nil {
		return false, fmt.Errorf("store: migration %d: %w", v+1, err)
	}
	if err := tx.Commit(); err != nil {
		return false, fmt.Errorf("store: migration %d: commit: %w", v+1, err)
	}
	return v+1 >= target, nil
}

// version reports the schema version of the database.
func (s *Store) version(ctx context.Context) (int, error) {
	var v int
	err := s.db.QueryRowContext(ctx, `SELECT COALESCE(MAX(version), 0) FROM schema_migrations`).Scan(&v)
	if err != nil {
		return 0, fmt.Errorf("store: read version: %w", err)
	}
	return v, nil
}
