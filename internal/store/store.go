// Package store records what the bot did for each interaction, and the
// 👍/👎 votes on its answers, so that moderators get /stats and a report of
// the questions it could not answer (the knowledge gaps). It also keeps each
// server's own library of articles (library.go).
//
// One Store runs on SQLite (a file, or ":memory:") through the pure-Go
// modernc.org/sqlite driver, so the build stays cgo-free, or on PostgreSQL (a
// postgres:// URL) through pgx, which replicas of the bot can share. Both use
// the same schema, created and upgraded by numbered migrations (see
// migrate.go), and the same SQL.
//
// # User ids
//
// Raw Discord user ids are never stored, logged or returned. Each is replaced
// by hex(HMAC-SHA256(salt, id)), where salt is 32 random bytes made on the
// first Open of a database and kept in its settings table. Snowflakes are few
// enough to enumerate, so a plain hash could be reversed by hashing every
// candidate; the keyed hash cannot be, by anyone without the salt. Whoever
// holds the database has the salt and can still test a guessed id, so the
// hashes are pseudonyms, not anonymity: treat the database as sensitive. A
// user's hash differs from one database to another.
//
// # Times
//
// Times are stored as Unix milliseconds; the days of Stats are UTC days.
package store

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/base32"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"math"
	"strconv"
	"strings"
	"sync"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // registers database/sql driver "pgx"
	"modernc.org/sqlite"               // also registers database/sql driver "sqlite"
)

// Engines, as Engine reports them.
const (
	SQLite   = "sqlite"
	Postgres = "postgres"
)

// DefaultPath is the SQLite file Open uses for an empty DSN.
const DefaultPath = "./bot.db"

var (
	// ErrUnknownInteraction is returned by Vote for an id that names no
	// recorded interaction (never recorded, mistyped, or pruned).
	ErrUnknownInteraction = errors.New("unknown interaction")
	// ErrNotAnswered is returned by Vote for an interaction the bot had no
	// answer for: there is nothing to vote on.
	ErrNotAnswered = errors.New("interaction has no answer to vote on")
)

// Store is the bot's record of interactions and votes. It is safe for
// concurrent use, and several processes may share one PostgreSQL database
// (or, less usefully, one SQLite file).
type Store struct {
	db     *sql.DB
	engine string
	salt   []byte // the key of the user-id HMAC
	// hashers are HMACs keyed with salt: keying one costs more than the
	// hash of an id, and the writer hashes every recorded question's user.
	hashers sync.Pool
	batch   *batch // nil: Record writes at once

	// OnFlushError is told when the batched writer fails to write queued
	// questions (they are lost); nil ignores it.
	OnFlushError func(error)
}

func (s *Store) onFlushError(err error) {
	if s.OnFlushError != nil {
		s.OnFlushError(err)
	}
}

// Open opens the store named by dsn, creating or migrating its schema:
//   - "" opens DefaultPath;
//   - ":memory:" opens a private in-memory SQLite database, gone on Close;
//   - "postgres://..." or "postgresql://..." opens PostgreSQL (pgx's URL
//     syntax; e.g. ?sslmode=disable);
//   - anything else is the path of a SQLite file, created if missing.
//
// It fails if the database's schema is newer than this code knows.
func Open(ctx context.Context, dsn string) (*Store, error) {
	s, err := open(dsn)
	if err != nil {
		return nil, err
	}
	if err := s.setupRetrying(ctx); err != nil {
		s.db.Close()
		return nil, err
	}
	return s, nil
}

// open connects without touching the schema, so tests can stop at an older
// migration.
func open(dsn string) (*Store, error) {
	if strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://") {
		db, err := sql.Open("pgx", dsn)
		if err != nil {
			return nil, fmt.Errorf("store: open postgres: %w", err)
		}
		s := &Store{db: db, engine: Postgres}
		s.SetMaxConns(DefaultMaxConns)
		return s, nil
	}
	name, err := sqliteDSN(dsn)
	if err != nil {
		return nil, err
	}
	db, err := sql.Open("sqlite", name)
	if err != nil {
		return nil, fmt.Errorf("store: open sqlite: %w", err)
	}
	if dsn == ":memory:" {
		// Every new connection to ":memory:" is a new, empty database, so
		// hold exactly one, forever.
		db.SetMaxOpenConns(1)
		db.SetConnMaxLifetime(0)
		db.SetConnMaxIdleTime(0)
	}
	return &Store{db: db, engine: SQLite}, nil
}

// sqliteDSN turns a path (or ":memory:") into a modernc.org/sqlite DSN with
// the settings concurrent writers need: a busy timeout instead of failing
// at once on a lock, WAL so readers don't block the writer, and immediate
// transactions, which take the write lock at BEGIN: a deferred one that read
// first can fail with SQLITE_BUSY when it tries to write, without waiting.
func sqliteDSN(dsn string) (string, error) {
	if dsn == "" {
		dsn = DefaultPath
	}
	if strings.ContainsAny(dsn, "?#") {
		return "", fmt.Errorf("store: sqlite path %q: must not contain '?' or '#'", dsn)
	}
	params := "_busy_timeout=10000&_foreign_keys=1&_txlock=immediate"
	if dsn != ":memory:" {
		// NORMAL is durable enough in WAL mode: a crash can lose the last
		// commits but never corrupts the file.
		params += "&_journal_mode=WAL&_synchronous=NORMAL"
	}
	return dsn + "?" + params, nil
}

// busyWait is how long Open keeps trying while another process holds a new
// SQLite file's lock: switching a new file to WAL takes it without waiting
// for the busy timeout, so processes that start together can see
// SQLITE_BUSY at once.
const busyWait = 10 * time.Second

// setupRetrying is setup, tried again while SQLite reports the file busy.
func (s *Store) setupRetrying(ctx context.Context) error {
	deadline := time.Now().Add(busyWait)
	for pause := 10 * time.Millisecond; ; pause = min(2*pause, 500*time.Millisecond) {
		err := s.setup(ctx)
		if err == nil || !busy(err) || time.Now().After(deadline) {
			return err
		}
		select {
		case <-ctx.Done():
			return err
		case <-time.After(pause):
		}
	}
}

// busy reports whether err is SQLite's SQLITE_BUSY or SQLITE_LOCKED.
func busy(err error) bool {
	var lite *sqlite.Error
	if !errors.As(err, &lite) {
		return false
	}
	switch lite.Code() & 0xff {
	case 5, 6: // SQLITE_BUSY, SQLITE_LOCKED
		return true
	}
	return false
}

// setup migrates the schema to the latest version and loads the salt.
func (s *Store) setup(ctx context.Context) error {
	if err := s.db.PingContext(ctx); err != nil {
		return fmt.Errorf("store: connect to %s: %w", s.engine, err)
	}
	if err := s.migrate(ctx, len(migrations)); err != nil {
		return err
	}
	return s.loadSalt(ctx)
}

const saltKey = "user_hash_salt"

// loadSalt reads the database's salt, making it first if this is a new
// database. DO NOTHING makes the replica that loses a race read the winner's.
func (s *Store) loadSalt(ctx context.Context) error {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return fmt.Errorf("store: make salt: %w", err)
	}
	if _, err := s.db.ExecContext(ctx, s.q(`INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO NOTHING`),
		saltKey, hex.EncodeToString(b)); err != nil {
		return fmt.Errorf("store: save salt: %w", err)
	}
	var v string
	if err := s.db.QueryRowContext(ctx, s.q(`SELECT value FROM settings WHERE key = ?`), saltKey).Scan(&v); err != nil {
		return fmt.Errorf("store: read salt: %w", err)
	}
	salt, err := hex.DecodeString(v)
	if err != nil || len(salt) < 16 {
		return fmt.Errorf("store: salt in settings is malformed")
	}
	s.salt = salt
	return nil
}

// hashUser is the only form of a user id that reaches the database. The
// empty id (no user, e.g. the CLI) stays empty.
func (s *Store) hashUser(id string) string {
	if id == "" {
		return ""
	}
	m, _ := s.hashers.Get().(hash.Hash)
	if m == nil {
		m = hmac.New(sha256.New, s.salt)
	}
	m.Reset()
	m.Write([]byte(id))
	var sum [sha256.Size]byte
	h := hex.EncodeToString(m.Sum(sum[:0]))
	s.hashers.Put(m)
	return h
}

// Close writes the queued questions, trying for up to CloseTimeout, and
// closes the database. See Shutdown.
func (s *Store) Close() error {
	ctx, cancel := context.WithTimeout(context.Background(), CloseTimeout)
	defer cancel()
	return s.Shutdown(ctx)
}

// Shutdown writes the queued questions, retrying while the database is
// away until ctx ends, then closes the database. It returns an error saying
// how many questions were lost if ctx ended first.
func (s *Store) Shutdown(ctx context.Context) error {
	ferr := s.stopBatch(ctx)
	if err := s.db.Close(); err != nil {
		return fmt.Errorf("store: close: %w", err)
	}
	return ferr
}

// DefaultMaxConns is how many connections a PostgreSQL store opens at most,
// unless SetMaxConns says otherwise.
const DefaultMaxConns = 10

// SetMaxConns bounds the connections to PostgreSQL (n >= 1): past it, a
// vote or a report waits for a free connection, within its context's
// deadline, rather than open one more (and exhaust the server's
// max_connections when many replicas are busy). It does nothing on SQLite.
func (s *Store) SetMaxConns(n int) {
	if s.engine != Postgres || n < 1 {
		return
	}
	s.db.SetMaxOpenConns(n)
	s.db.SetMaxIdleConns(n) // kept for the next burst, but not forever:
	s.db.SetConnMaxIdleTime(5 * time.Minute)
}

// Engine reports the database in use: SQLite or Postgres.
func (s *Store) Engine() string { return s.engine }

// q rewrites the ? placeholders of query into PostgreSQL's $1, $2, ... when
// needed, so each query is written once. No query here has a literal '?'.
func (s *Store) q(query string) string {
	if s.engine != Postgres {
		return query
	}
	var b strings.Builder
	n := 0
	for _, r := range query {
		if r == '?' {
			n++
			b.WriteString("$" + strconv.Itoa(n))
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// Interaction is one use of the bot, as the caller saw it.
type Interaction struct {
	At        time.Time // zero means now
	GuildID   string    // "" outside a guild
	UserID    string    // the raw id; Record stores only its keyed hash
	Command   string    // e.g. "ask"
	Question  string    // "" for commands that ask nothing, e.g. /stats
	Answered  bool      // whether the bot gave an answer
	PassageID string    // the passage given as the answer, if any
	Score     float64   // the answer's score; NaN and ±Inf are stored as 0
	Latency   time.Duration
}

// idEncoding makes ids that fit a Discord custom_id with room to spare.
var idEncoding = base32.NewEncoding("abcdefghijklmnopqrstuvwxyz234567").WithPadding(base32.NoPadding)

// newID returns 16 random characters (80 bits): unguessable, so a crafted
// button can't vote on another user's answer by counting up.
func newID() (string, error) {
	b := make([]byte, 10)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("store: make id: %w", err)
	}
	return idEncoding.EncodeToString(b), nil
}

// recordIDAlphabet is idEncoding's in byte order, so that the time an
// interaction id starts with sorts as the number it encodes.
const recordIDAlphabet = "234567abcdefghijklmnopqrstuvwxyz"

var recordIDEncoding = base32.NewEncoding(recordIDAlphabet).WithPadding(base32.NoPadding)

// newRecordID returns an interaction's id: 20 characters, the time in
// seconds (its low 20 bits, 4 characters) and then 80 random bits, so as
// unguessable as newID's. The time first makes ids ascend as questions are
// recorded, so inserts into the primary key's index land where the last
// ones did: random ids put each on a page of its own, and at 200,000 rows
// a batched write cost twice the CPU (BenchmarkRecordWrite). The time
// wraps every 12 days, which only moves where inserts land. It is no
// secret: the message that carries the id shows when it was sent.
func newRecordID(at time.Time) (string, error) {
	var b [10]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", fmt.Errorf("store: make id: %w", err)
	}
	var id [20]byte
	sec := uint64(at.Unix())
	for i := range 4 {
		id[i] = recordIDAlphabet[sec>>(15-5*i)&31]
	}
	recordIDEncoding.Encode(id[4:], b[:])
	return string(id[:]), nil
}

// Record stores in and returns its id, 20 characters of [a-z2-7] (see
// newRecordID), for the caller to carry in a vote button's custom_id.
func (s *Store) Record(ctx context.Context, in Interaction) (string, error) {
	if in.At.IsZero() {
		in.At = time.Now()
	}
	in = sanitize(in)
	id, err := newRecordID(in.At)
	if err != nil {
		return "", err
	}
	if s.batch != nil {
		if err := s.queue(id, in); err != nil {
			return "", err
		}
		return id, nil
	}
	if err := s.insert(ctx, row{id, in}); err != nil {
		return "", err
	}
	return id, nil
}

// The most runes stored of a question, and of the other text fields (all
// user-controlled: a command name can be 58,000 characters long).
const (
	MaxQuestionRunes = 2000 // Discord's message limit without Nitro
	maxFieldRunes    = 200
)

// sanitize makes in storable on both engines: PostgreSQL refuses U+0000
// and invalid UTF-8 in text, and no field is stored longer than its limit.
func sanitize(in Interaction) Interaction {
	if math.IsNaN(in.Score) || math.IsInf(in.Score, 0) {
		in.Score = 0 // SQLite stores NaN as NULL, which the schema refuses
	}
	in.Question = cleanText(in.Question, MaxQuestionRunes)
	in.GuildID = cleanText(in.GuildID, maxFieldRunes)
	in.Command = cleanText(in.Command, maxFieldRunes)
	in.PassageID = cleanText(in.PassageID, maxFieldRunes)
	return in
}

// cleanText drops NULs, replaces invalid UTF-8 and truncates v to max
// runes, on a rune boundary.
func cleanText(v string, max int) string {
	v = strings.ToValidUTF8(strings.ReplaceAll(v, "\x00", ""), "\uFFFD")
	n := 0
	for i := range v {
		if n == max {
			return v[:i]
		}
		n++
	}
	return v
}

// insertInteraction does nothing for an id already written, so a batch
// retried after a commit whose reply was lost writes nothing twice.
const insertInteraction = `INSERT INTO interactions
	(id, at_ms, guild_id, user_hash, command, question, answered, passage_id, score, latency_ms)
	VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
	ON CONFLICT (id) DO NOTHING`

func (s *Store) insert(ctx context.Context, r row) error {
	if _, err := s.db.ExecContext(ctx, s.q(insertInteraction), s.interactionArgs(r.id, r.in)...); err != nil {
		return fmt.Errorf("store: record %s %s: %w", r.in.Command, r.id, err)
	}
	return nil
}

func (s *Store) interactionArgs(id string, in Interaction) []any {
	return []any{id, in.At.UnixMilli(), in.GuildID, s.hashUser(in.UserID), in.Command, in.Question,
		in.Answered, in.PassageID, in.Score, in.Latency.Milliseconds()}
}

// Vote is a user's verdict on an answer.
type Vote int

// The votes: 👍 and 👎.
const (
	Down Vote = -1
	Up   Vote = 1
)

// Vote records userID's vote v on the answer of interaction id. A user has
// one vote per answer: voting again replaces it. changed reports whether the
// stored vote changed, so it is false when the same vote is cast again.
// It returns ErrUnknownInteraction or ErrNotAnswered (wrapped) when there is
// no answer to vote on.
func (s *Store) Vote(ctx context.Context, id, userID string, v Vote) (changed bool, err error) {
	if v != Up && v != Down {
		return false, fmt.Errorf("store: vote %d on %s: want Up or Down", v, id)
	}
	if err := s.flush(ctx); err != nil {
		return false, err
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return false, fmt.Errorf("store: vote on %s: %w", id, err)
	}
	defer tx.Rollback() // a no-op after Commit

	if err := s.checkAnswered(ctx, tx, id); err != nil {
		return false, fmt.Errorf("store: vote on %s: %w", id, err)
	}
	changed, err = s.putVote(ctx, tx, id, userID, v)
	if err != nil {
		return false, fmt.Errorf("store: vote on %s: %w", id, err)
	}
	if err := tx.Commit(); err != nil {
		return false, fmt.Errorf("store: vote on %s: commit: %w", id, err)
	}
	return changed, nil
}

// checkAnswered returns ErrUnknownInteraction or ErrNotAnswered unless
// interaction id has an answer to vote on.
func (s *Store) checkAnswered(ctx context.Context, tx *sql.Tx, id string) error {
	var answered bool
	err := tx.QueryRowContext(ctx, s.q(`SELECT answered FROM interactions WHERE id = ?`), id).Scan(&answered)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return ErrUnknownInteraction
	case err != nil:
		return err
	case !answered:
		return ErrNotAnswered
	}
	return nil
}

// putVote stores userID's vote on interaction id, and reports whether it
// changed.
func (s *Store) putVote(ctx context.Context, tx *sql.Tx, id, userID string, v Vote) (bool, error) {
	// The WHERE leaves an identical vote alone, so the row count tells
	// whether anything changed, on both engines.
	res, err := tx.ExecContext(ctx, s.q(`INSERT INTO votes (interaction_id, user_hash, vote, at_ms)
		VALUES (?, ?, ?, ?)
		ON CONFLICT (interaction_id, user_hash)
		DO UPDATE SET vote = excluded.vote, at_ms = excluded.at_ms
		WHERE votes.vote <> excluded.vote`),
		id, s.hashUser(userID), int(v), time.Now().UnixMilli())
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	if err != nil {
		return false, err
	}
	return n > 0, nil
}

// VoteCounts returns how many users found an answer helpful (👍) and not
// (👎), each user counted once with their latest vote.
func (s *Store) VoteCounts(ctx context.Context, id string) (up, down int, err error) {
	if err := s.flush(ctx); err != nil {
		return 0, 0, err
	}
	err = s.db.QueryRowContext(ctx, s.q(`SELECT
		COALESCE(SUM(CASE WHEN vote = 1 THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN vote = -1 THEN 1 ELSE 0 END), 0)
		FROM votes WHERE interaction_id = ?`), id).Scan(&up, &down)
	if err != nil {
		return 0, 0, fmt.Errorf("store: votes on %s: %w", id, err)
	}
	return up, down, nil
}

// Prune deletes the interactions recorded before before, and their votes,
// and returns how many interactions it deleted. The caller derives before
// from the retention, e.g. time.Now().AddDate(0, 0, -days).
func (s *Store) Prune(ctx context.Context, before time.Time) (int64, error) {
	if err := s.flush(ctx); err != nil {
		return 0, err
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return 0, fmt.Errorf("store: prune: %w", err)
	}
	defer tx.Rollback()
	ms := before.UnixMilli()
	// Votes go first, explicitly: the schema cascades too, but only where
	// foreign keys are enforced.
	if _, err := tx.ExecContext(ctx, s.q(`DELETE FROM votes WHERE interaction_id IN
		(SELECT id FROM interactions WHERE at_ms < ?)`), ms); err != nil {
		return 0, fmt.Errorf("store: prune votes: %w", err)
	}
	res, err := tx.ExecContext(ctx, s.q(`DELETE FROM interactions WHERE at_ms < ?`), ms)
	if err != nil {
		return 0, fmt.Errorf("store: prune interactions: %w", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return 0, fmt.Errorf("store: prune: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return 0, fmt.Errorf("store: prune: commit: %w", err)
	}
	return n, nil
}

// guildFilter returns the SQL condition and arguments for an optional guild
// ("" means every guild), for a query whose interactions table is i.
func guildFilter(guildID string) (string, []any) {
	if guildID == "" {
		return "", nil
	}
	return " AND i.guild_id = ?", []any{guildID}
}
