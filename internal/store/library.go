package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// # Libraries
//
// A server's library is the articles its teachers added, kept here so that
// replicas sharing one PostgreSQL database answer from the same articles.
// Every change to a server's library (an article added or removed, its
// settings changed) bumps that server's version, so a replica notices a
// change with one cheap query (Library) and rebuilds only then.

var (
	// ErrUnknownArticle is returned by RemoveArticle for an id that names
	// no article of that server.
	ErrUnknownArticle = errors.New("no such article in this server's library")
	// ErrLibraryFull is returned by AddArticle when the server has
	// Limits.MaxArticles articles already.
	ErrLibraryFull = errors.New("the server's library is full")
	// ErrTooManyAdditions is returned by AddArticle when the user added
	// Limits.MaxPerHour articles in the last hour.
	ErrTooManyAdditions = errors.New("too many articles added in the last hour")
)

// LibraryArticle is one article of a server's library.
type LibraryArticle struct {
	ID      string // 16 characters of [a-z2-7], made by AddArticle
	GuildID string
	Name    string // the file name or link it came from
	// Text is the article in the format corpus.Parse reads (empty in
	// listings made without text).
	Text                             string
	Title, Source, Date, URL, Byline string
	Passages                         int
	// AddedBy is the keyed hash of the user who added it ("" when added
	// from the command line); compare it with UserHash.
	AddedBy string
	AddedAt time.Time
}

// Limits bound what AddArticle accepts; 0 means no bound.
type Limits struct {
	MaxArticles int // articles per server
	MaxPerHour  int // additions per user per hour (the CLI's user "" is not limited)
}

// LibraryState is a server's library settings and its version. A server
// that never had a library has version 0, the default articles on and no
// teacher role.
type LibraryState struct {
	Version     int64
	Defaults    bool   // the embedded (or --data) articles are answered from too
	TeacherRole string // a role id whose members may change the library; "" for none
}

// UserHash is the form of a Discord user id the store keeps, to compare
// with LibraryArticle.AddedBy.
func (s *Store) UserHash(id string) string { return s.hashUser(id) }

// Library returns guildID's library state: one indexed row, cheap enough to
// ask every few seconds.
func (s *Store) Library(ctx context.Context, guildID string) (LibraryState, error) {
	st := LibraryState{Defaults: true}
	err := s.db.QueryRowContext(ctx, s.q(`SELECT version, defaults, teacher_role FROM library_guilds WHERE guild_id = ?`),
		guildID).Scan(&st.Version, &st.Defaults, &st.TeacherRole)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return LibraryState{}, fmt.Errorf("store: library of %s: %w", guildID, err)
	}
	return st, nil
}

// bumpLibrary increments guildID's version inside tx, making its row if
// needed. On PostgreSQL the update locks the row until tx ends, so
// concurrent changes to one server's library take turns and its limits
// hold; SQLite's transactions take the write lock at BEGIN anyway.
func (s *Store) bumpLibrary(ctx context.Context, tx *sql.Tx, guildID string) error {
	_, err := tx.ExecContext(ctx, s.q(`INSERT INTO library_guilds (guild_id, version, defaults, teacher_role)
		VALUES (?, 1, ?, '')
		ON CONFLICT (guild_id) DO UPDATE SET version = library_guilds.version + 1`), guildID, true)
	if err != nil {
		return fmt.Errorf("bump version: %w", err)
	}
	return nil
}

// inTx runs f in a transaction and commits it; what names the change in
// errors.
func (s *Store) inTx(ctx context.Context, what string, f func(tx *sql.Tx) error) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("store: %s: %w", what, err)
	}
	defer tx.Rollback() // a no-op after Commit
	if err := f(tx); err != nil {
		return fmt.Errorf("store: %s: %w", what, err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("store: %s: commit: %w", what, err)
	}
	return nil
}

// AddArticle stores a in a.GuildID's library as added by userID (a raw
// Discord id, stored only as its keyed hash; "" for the CLI) and returns
// its new id. It returns ErrLibraryFull or ErrTooManyAdditions (wrapped)
// when lim forbids it, and stores nothing then.
func (s *Store) AddArticle(ctx context.Context, a LibraryArticle, userID string, lim Limits) (string, error) {
	id, err := newID()
	if err != nil {
		return "", err
	}
	now := time.Now()
	user := s.hashUser(userID)
	err = s.inTx(ctx, "add article to "+a.GuildID, func(tx *sql.Tx) error {
		if err := s.bumpLibrary(ctx, tx, a.GuildID); err != nil {
			return err
		}
		if err := s.checkLimits(ctx, tx, a.GuildID, user, now, lim); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, s.q(`INSERT INTO library_articles
			(id, guild_id, name, body, title, source, date, url, byline, passages, added_by, added_at_ms)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
			id, a.GuildID, cleanText(a.Name, maxFieldRunes), cleanText(a.Text, len(a.Text)),
			cleanText(a.Title, maxFieldRunes), cleanText(a.Source, maxFieldRunes), cleanText(a.Date, maxFieldRunes),
			cleanText(a.URL, MaxQuestionRunes), cleanText(a.Byline, maxFieldRunes), a.Passages, user, now.UnixMilli()); err != nil {
			return err
		}
		if user == "" {
			return nil
		}
		_, err := tx.ExecContext(ctx, s.q(`INSERT INTO library_additions (guild_id, user_hash, at_ms) VALUES (?, ?, ?)`),
			a.GuildID, user, now.UnixMilli())
		return err
	})
	if err != nil {
		return "", err
	}
	return id, nil
}

// checkLimits refuses an addition that lim forbids, and forgets additions
// older than the hour it counts.
func (s *Store) checkLimits(ctx context.Context, tx *sql.Tx, guildID, user string, now time.Time, lim Limits) error {
	if lim.MaxArticles > 0 {
		var n int
		if err := tx.QueryRowContext(ctx, s.q(`SELECT COUNT(*) FROM library_articles WHERE guild_id = ?`), guildID).Scan(&n); err != nil {
			return fmt.Errorf("count articles: %w", err)
		}
		if n >= lim.MaxArticles {
			return fmt.Errorf("%w (%d articles, the most allowed)", ErrLibraryFull, n)
		}
	}
	if user == "" || lim.MaxPerHour <= 0 {
		return nil
	}
	hourAgo := now.Add(-time.Hour).UnixMilli()
	if _, err := tx.ExecContext(ctx, s.q(`DELETE FROM library_additions WHERE guild_id = ? AND user_hash = ? AND at_ms < ?`),
		guildID, user, hourAgo); err != nil {
		return fmt.Errorf("forget old additions: %w", err)
	}
	var n int
	if err := tx.QueryRowContext(ctx, s.q(`SELECT COUNT(*) FROM library_additions WHERE guild_id = ? AND user_hash = ?`),
		guildID, user).Scan(&n); err != nil {
		return fmt.Errorf("count additions: %w", err)
	}
	if n >= lim.MaxPerHour {
		return fmt.Errorf("%w (%d, the most allowed)", ErrTooManyAdditions, n)
	}
	return nil
}

// LibraryArticles returns guildID's articles, oldest first; with withText
// false their Text is left empty, for listings.
func (s *Store) LibraryArticles(ctx context.Context, guildID string, withText bool) ([]LibraryArticle, error) {
	body := `''`
	if withText {
		body = `body`
	}
	rows, err := s.db.QueryContext(ctx, s.q(`SELECT id, name, `+body+`, title, source, date, url, byline, passages, added_by, added_at_ms
		FROM library_articles WHERE guild_id = ? ORDER BY added_at_ms, id`), guildID)
	if err != nil {
		return nil, fmt.Errorf("store: articles of %s: %w", guildID, err)
	}
	defer rows.Close()
	var out []LibraryArticle
	for rows.Next() {
		a := LibraryArticle{GuildID: guildID}
		var ms int64
		if err := rows.Scan(&a.ID, &a.Name, &a.Text, &a.Title, &a.Source, &a.Date, &a.URL, &a.Byline, &a.Passages, &a.AddedBy, &ms); err != nil {
			return nil, fmt.Errorf("store: articles of %s: %w", guildID, err)
		}
		a.AddedAt = time.UnixMilli(ms)
		out = append(out, a)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: articles of %s: %w", guildID, err)
	}
	return out, nil
}

// RemoveArticle deletes article id from guildID's library. It returns
// ErrUnknownArticle (wrapped) when that library has no such article; an
// article of another server is never touched.
func (s *Store) RemoveArticle(ctx context.Context, guildID, id string) error {
	return s.inTx(ctx, "remove article "+id+" from "+guildID, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, s.q(`DELETE FROM library_articles WHERE guild_id = ? AND id = ?`), guildID, id)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n == 0 {
			return ErrUnknownArticle
		}
		return s.bumpLibrary(ctx, tx, guildID)
	})
}

// SetLibraryDefaults says whether guildID answers from the default
// articles as well as its own.
func (s *Store) SetLibraryDefaults(ctx context.Context, guildID string, on bool) error {
	return s.setLibrary(ctx, guildID, "defaults", on)
}

// SetTeacherRole sets the role whose members may change guildID's library
// besides those with Manage Server; "" clears it.
func (s *Store) SetTeacherRole(ctx context.Context, guildID, roleID string) error {
	return s.setLibrary(ctx, guildID, "teacher_role", cleanText(roleID, maxFieldRunes))
}

// setLibrary sets one column of guildID's library settings; column is
// one of this file's constants, never user text.
func (s *Store) setLibrary(ctx context.Context, guildID, column string, v any) error {
	return s.inTx(ctx, "set "+column+" of "+guildID, func(tx *sql.Tx) error {
		if err := s.bumpLibrary(ctx, tx, guildID); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, s.q(`UPDATE library_guilds SET `+column+` = ? WHERE guild_id = ?`), v, guildID)
		return err
	})
}
