package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/sourcebot/newsbot/internal/store"
)

// recordEvery is how often a serving bot writes the questions it answered.
const recordEvery = 200 * time.Millisecond

// defaultRetentionDays is how long questions are kept without BOT_RETENTION_DAYS.
const defaultRetentionDays = 90

// openFeedback opens the store BOT_DB names (default ./bot.db). It returns
// nil, with feedback off, when BOT_DB is "off", or when the default file
// cannot be opened (a read-only working directory, as in the container
// image); a BOT_DB that was set and cannot be opened is an error. While
// ctx lasts it prunes questions older than BOT_RETENTION_DAYS once a day.
func openFeedback(ctx context.Context, e *env) (*store.Store, error) {
	dsn, days := e.cfg.DB, e.cfg.RetentionDays
	if strings.EqualFold(dsn, "off") {
		e.log.Info("feedback is off (BOT_DB=off)")
		return nil, nil
	}
	s, err := store.Open(ctx, dsn)
	if err != nil {
		if dsn == "" {
			e.log.Warn("feedback is off: cannot open the default store; set BOT_DB", "path", store.DefaultPath, "err", err.Error())
			return nil, nil
		}
		return nil, storeOpenError(dsn, err)
	}
	s.SetMaxConns(e.cfg.DBMaxConns)
	// Questions are written in batches, off the answer's path.
	s.OnFlushError = func(err error) { e.log.Error("record questions", "err", err.Error()) }
	s.Batch(recordEvery)
	retention := time.Duration(days) * 24 * time.Hour
	go func() {
		defer func() {
			if p := recover(); p != nil {
				e.log.Error("prune old questions stopped by a panic", "panic", p)
			}
		}()
		for {
			if n, err := s.Prune(context.WithoutCancel(ctx), time.Now().Add(-retention)); err != nil {
				e.log.Error("prune old questions", "err", err.Error())
			} else if n > 0 {
				e.log.Info("pruned old questions", "rows", n, "retention_days", days)
			}
			select {
			case <-ctx.Done():
				return
			case <-time.After(24 * time.Hour):
			}
		}
	}()
	e.log.Info("feedback is on", "engine", s.Engine(), "retention_days", days)
	return s, nil
}

// closeFeedback writes the questions still queued, for up to
// store.CloseTimeout (while the database is away), and closes the store.
func closeFeedback(e *env, s *store.Store) {
	if err := s.Close(); err != nil {
		e.log.Error("close the feedback store", "err", err.Error())
	}
}

// openExistingStore opens BOT_DB for a command that only reads it: a SQLite
// file must already exist, so a wrong directory is said plainly instead of
// read as an empty, new store.
func openExistingStore(ctx context.Context, e *env) (*store.Store, error) {
	dsn := e.cfg.DB
	switch {
	case strings.EqualFold(dsn, "off"):
		return nil, errors.New("BOT_DB=off: there is no record of questions to read")
	case dsn == ":memory:":
		return nil, errors.New("BOT_DB=:memory: an in-memory store is gone when the bot exits; point BOT_DB at the bot's store")
	case !isPostgres(dsn):
		if err := storeFileExists(orDefault(dsn, store.DefaultPath)); err != nil {
			return nil, err
		}
	}
	s, err := store.Open(ctx, dsn)
	if err != nil {
		return nil, storeOpenError(dsn, err)
	}
	return s, nil
}

func isPostgres(dsn string) bool {
	return strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://")
}

// storeOpenError names the SQLite file BOT_DB points at and the likely
// cause; the driver's own error ("unable to open database file (14)")
// names neither.
func storeOpenError(dsn string, err error) error {
	if isPostgres(dsn) || dsn == ":memory:" {
		return fmt.Errorf("BOT_DB: %w", err)
	}
	path := absPath(orDefault(dsn, store.DefaultPath))
	if cause := sqliteCause(path); cause != "" {
		return fmt.Errorf("BOT_DB %s: %s: %w", path, cause, err)
	}
	return fmt.Errorf("BOT_DB %s: %w", path, err)
}

// sqliteCause guesses why the SQLite file at path cannot be opened, or "".
func sqliteCause(path string) string {
	dir := filepath.Dir(path)
	fi, err := os.Stat(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return "its directory " + dir + " does not exist"
	case err != nil:
		return permissionCause(dir, err)
	case !fi.IsDir():
		return dir + " is not a directory"
	}
	// SQLite writes the file and its -wal and -shm files beside it.
	probe, err := os.CreateTemp(dir, ".bot-db-probe-*")
	if err != nil {
		return permissionCause(dir, err)
	}
	probe.Close()
	os.Remove(probe.Name())
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return permissionCause(path, err)
	}
	if f != nil {
		f.Close()
	}
	return ""
}

// permissionCause says who may not write what, with the Docker volume case
// that leads there most often.
func permissionCause(what string, err error) string {
	if errors.Is(err, fs.ErrPermission) {
		return fmt.Sprintf("no permission to write %s as uid %d (a directory or volume owned by another user: "+
			"chown it to this user, or in Docker mount a named volume on /data, which the image owns)", what, os.Getuid())
	}
	return err.Error()
}

func absPath(path string) string {
	if abs, err := filepath.Abs(path); err == nil {
		return abs
	}
	return path
}

// storeFileExists says plainly when there is no store file at path.
func storeFileExists(path string) error {
	abs := absPath(path)
	fi, err := os.Stat(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return fmt.Errorf("no feedback store at %s (BOT_DB, default %s): nothing was recorded there; point BOT_DB at the store the bot writes", abs, store.DefaultPath)
	case err != nil:
		return fmt.Errorf("feedback store %s (BOT_DB): %w", abs, err)
	case fi.IsDir():
		return fmt.Errorf("feedback store %s (BOT_DB) is a directory, not a SQLite file", abs)
	}
	return nil
}

// dsnPassword is the password in a postgres:// URL, to keep out of logs.
func dsnPassword(dsn string) string {
	rest, ok := strings.CutPrefix(dsn, "postgres://")
	if !ok {
		rest, ok = strings.CutPrefix(dsn, "postgresql://")
	}
	userinfo, _, found := strings.Cut(rest, "@")
	if !ok || !found {
		return ""
	}
	_, pass, _ := strings.Cut(userinfo, ":")
	return pass
}

// gapsFlags are the flags of `bot gaps`.
type gapsFlags struct {
	json  bool
	days  int
	guild string
}

func gapsCommand(f *flag.FlagSet) runner {
	g := gapsFlags{days: 30}
	f.BoolVar(&g.json, "json", false, "print a JSON array")
	f.Var(intVar(&g.days, 1, maxDays), "days", "look back this many `DAYS`")
	f.StringVar(&g.guild, "guild", "", "only this guild's questions (default: all)")
	return func(ctx context.Context, e *env, args []string) error { return runGaps(ctx, e, args, g) }
}

func runGaps(ctx context.Context, e *env, args []string, g gapsFlags) error {
	if len(args) > 0 {
		return usagef("gaps: unexpected argument %q", args[0])
	}
	s, err := openExistingStore(ctx, e)
	if err != nil {
		return fmt.Errorf("gaps: %w", err)
	}
	defer s.Close()
	gs, err := s.Gaps(ctx, store.GapsQuery{GuildID: g.guild, Since: time.Now().Add(-time.Duration(g.days) * 24 * time.Hour)})
	if err != nil {
		return fmt.Errorf("gaps: %w", err)
	}
	if g.json {
		type gapJSON struct {
			Question   string   `json:"question"`
			Count      int      `json:"count"`
			NoAnswer   int      `json:"no_answer"`
			ThumbsDown int      `json:"thumbs_down"`
			LastAsked  string   `json:"last_asked"`
			Examples   []string `json:"examples"`
		}
		out := []gapJSON{}
		for _, g := range gs {
			out = append(out, gapJSON{g.Question, g.Count, g.NoAnswer, g.ThumbsDown, g.LastAsked.Format(time.RFC3339), append([]string{}, g.Examples...)})
		}
		return writeJSON(e.stdout, out)
	}
	if len(gs) == 0 {
		fmt.Fprintf(e.stdout, "No gaps in the last %d days: every question got an answer, and none got a 👎.\n", g.days)
		return nil
	}
	fmt.Fprintf(e.stdout, "Questions the articles did not answer, or answered unhelpfully, in the last %d days:\n\n", g.days)
	for _, g := range gs {
		fmt.Fprintf(e.stdout, "%3d×  %s\n      %d without an answer, %d 👎; last asked %s\n", g.Count, g.Question, g.NoAnswer, g.ThumbsDown, g.LastAsked.Format("2006-01-02"))
		for _, ex := range g.Examples {
			fmt.Fprintf(e.stdout, "      also: %s\n", ex)
		}
	}
	fmt.Fprintln(e.stdout, "\nAdd an article that answers them (see README: Adding articles), then /reload.")
	return nil
}
