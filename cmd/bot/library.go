package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/netip"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/sourcebot/newsbot/internal/articles"
	"github.com/sourcebot/newsbot/internal/extract"
	"github.com/sourcebot/newsbot/internal/fetch"
	"github.com/sourcebot/newsbot/internal/library"
	"github.com/sourcebot/newsbot/internal/store"
)

// answerSettings are those of a command that answers: its articles, and a
// server's library for --guild.
var answerSettings = uses(articleSettings, librarySettings)

// guildFlag adds --guild to a command.
func guildFlag(f *flag.FlagSet) *string {
	return f.String("guild", "", "the server `ID` whose library to use: its own articles, and the default ones unless it turned them off (reads BOT_DB)")
}

// withGuild adds --guild to an answering command: it then answers as the
// bot does in that server.
func withGuild(setup func(*flag.FlagSet) runner) func(*flag.FlagSet) runner {
	return func(f *flag.FlagSet) runner {
		g := guildFlag(f)
		run := setup(f)
		return func(ctx context.Context, e *env, args []string) error {
			if *g != "" {
				if err := checkGuild(strings.TrimPrefix(f.Name(), "bot "), *g); err != nil {
					return err
				}
			}
			e.guild = *g
			return run(ctx, e, args)
		}
	}
}

// checkGuild refuses what cannot be a server id, so that a typo is not
// taken for an empty library.
func checkGuild(cmd, id string) error {
	if id == "" {
		return usagef("%s: --guild ID is required", cmd)
	}
	if len(id) > 20 || strings.Trim(id, "0123456789") != "" {
		return usagef("%s: --guild %q is not a server id (Developer Mode → right-click the server → Copy Server ID)", cmd, id)
	}
	return nil
}

// useGuild makes lib answer from e.guild's library, when one was given.
func useGuild(ctx context.Context, e *env, lib *articles.Set) error {
	if e.guild == "" {
		return nil
	}
	st, err := openExistingStore(ctx, e)
	if err != nil {
		return err
	}
	libs, err := openLibraries(e, st, lib)
	if err != nil {
		st.Close()
		return err
	}
	lib.OnClose(func() error { return errors.Join(libs.Close(), st.Close()) })
	eng, err := libs.Engine(ctx, e.guild)
	if err != nil {
		return err
	}
	lib.Engine = eng
	return nil
}

// fetchAllowForTests are addresses the fetcher may reach despite its
// checks; only tests set it, for their servers on loopback.
var fetchAllowForTests []netip.AddrPort

// libraryOptions are the libraries' limits and fetch settings, as
// configured.
func (c *config) libraryOptions() library.Options {
	return library.Options{MaxArticles: c.LibraryMaxArticles, MaxText: c.LibraryMaxKiB * 1024, MaxPerHour: c.LibraryAddsPerHour,
		MaxOpen: c.LibraryOpen, CheckEvery: c.LibraryCheck}
}

// openLibraries opens the servers' libraries over st, with lib's articles
// as the defaults (nil: none, for libraries that only change), with the
// fetcher that goes with their limits.
func openLibraries(e *env, st *store.Store, lib *articles.Set) (*library.Libraries, error) {
	opt := e.cfg.libraryOptions()
	opt.Log = e.log
	fo := fetch.Options{Timeout: e.cfg.FetchTimeout, AttachmentHosts: e.cfg.AttachmentHosts, Log: e.log, AllowForTests: fetchAllowForTests}
	opt.Fetcher = fetch.New(library.FetchOptions(opt, fo))
	var base *library.Base
	if lib != nil {
		base = library.BaseOf(lib)
	}
	return library.New(st, base, opt)
}

// openLibraryStore opens BOT_DB to change a library: unlike a command
// that only reads, it may create the SQLite file.
func openLibraryStore(ctx context.Context, e *env) (*store.Store, error) {
	dsn := e.cfg.DB
	switch {
	case strings.EqualFold(dsn, "off"):
		return nil, errors.New("BOT_DB=off: the servers' libraries are kept in the store; point BOT_DB at the bot's store")
	case dsn == ":memory:":
		return nil, errors.New("BOT_DB=:memory: an in-memory store is gone when this command exits; point BOT_DB at the bot's store")
	}
	s, err := store.Open(ctx, dsn)
	if err != nil {
		return nil, storeOpenError(dsn, err)
	}
	return s, nil
}

// libraryRunner is a `bot library` subcommand, given its server and the
// libraries over the store.
type libraryRunner func(ctx context.Context, e *env, libs *library.Libraries, guild string, args []string) error

// librarySubcommand adds --guild and opens the store (creating it when
// write) and the libraries (with no default articles: these commands
// change a library, they answer nothing) for run.
func librarySubcommand(f *flag.FlagSet, write bool, run libraryRunner) runner {
	g := guildFlag(f)
	return func(ctx context.Context, e *env, args []string) error {
		if err := checkGuild(strings.TrimPrefix(f.Name(), "bot "), *g); err != nil {
			return err
		}
		open := openExistingStore
		if write {
			open = openLibraryStore
		}
		st, err := open(ctx, e)
		if err != nil {
			return err
		}
		defer st.Close()
		libs, err := openLibraries(e, st, nil)
		if err != nil {
			return err
		}
		defer libs.Close()
		return run(ctx, e, libs, *g, args)
	}
}

func libraryAddCommand(f *flag.FlagSet) runner { return librarySubcommand(f, true, runLibraryAdd) }

func libraryListCommand(f *flag.FlagSet) runner {
	asJSON := jsonFlag(f)
	return librarySubcommand(f, false, func(ctx context.Context, e *env, libs *library.Libraries, guild string, args []string) error {
		return runLibraryList(ctx, e, libs, guild, args, *asJSON)
	})
}

func libraryRemoveCommand(f *flag.FlagSet) runner {
	return librarySubcommand(f, false, runLibraryRemove)
}

func runLibraryAdd(ctx context.Context, e *env, libs *library.Libraries, guild string, args []string) error {
	if len(args) != 1 {
		return usagef("library add: want one FILE or URL (usage: bot library add --guild ID FILE|URL)")
	}
	d, err := readDraft(ctx, libs, args[0])
	if err != nil {
		return fmt.Errorf("library add: %w", err)
	}
	a, err := libs.Add(ctx, guild, "", d)
	if err != nil {
		return fmt.Errorf("library add: %w", err)
	}
	printDraft(e.stdout, d)
	fmt.Fprintf(e.stdout, "Added to server %s as %s.\n", guild, a.ID)
	return nil
}

// readDraft reads a file, or fetches a link, into a draft.
func readDraft(ctx context.Context, libs *library.Libraries, arg string) (library.Draft, error) {
	if strings.HasPrefix(arg, "http://") || strings.HasPrefix(arg, "https://") {
		return libs.ReadLink(ctx, arg)
	}
	file, err := os.Open(arg)
	if err != nil {
		return library.Draft{}, err
	}
	defer file.Close()
	// One byte past the download cap is enough for Read to refuse it.
	b, err := io.ReadAll(io.LimitReader(file, int64(libs.DownloadCap())+1))
	if err != nil {
		return library.Draft{}, fmt.Errorf("read %s: %w", arg, err)
	}
	return libs.Read(extract.Input{Name: filepath.Base(arg), Body: b})
}

// printDraft shows what an article will answer from: what the Discord
// preview shows.
func printDraft(w io.Writer, d library.Draft) {
	a := d.Article
	fmt.Fprintf(w, "%s\n", a.Title)
	fmt.Fprintf(w, "  %s · %s · %d passages\n", orDefault(a.Source, "no source given"), orDefault(a.Date, "no date given"), len(a.Passages))
	if d.Byline != "" {
		fmt.Fprintf(w, "  by %s\n", d.Byline)
	}
	if a.URL != "" {
		fmt.Fprintf(w, "  %s\n", a.URL)
	}
	if len(a.Passages) > 0 {
		fmt.Fprintf(w, "  first passage: %s\n", a.Passages[0].Text)
	}
}

type libraryArticleJSON struct {
	ID       string `json:"id"`
	Title    string `json:"title"`
	Source   string `json:"source"`
	Date     string `json:"date"`
	URL      string `json:"url"`
	Byline   string `json:"byline"`
	From     string `json:"from"` // the file name or link it was added from
	Passages int    `json:"passages"`
	AddedAt  string `json:"added_at"` // RFC 3339, UTC
	AddedBy  string `json:"added_by"` // "command line" or "discord"
}

type libraryJSON struct {
	Guild    string               `json:"guild"`
	Articles []libraryArticleJSON `json:"articles"`
}

func runLibraryList(ctx context.Context, e *env, libs *library.Libraries, guild string, args []string, asJSON bool) error {
	if len(args) > 0 {
		return usagef("library list: unexpected argument %q", args[0])
	}
	list, err := libs.List(ctx, guild)
	if err != nil {
		return fmt.Errorf("library list: %w", err)
	}
	if asJSON {
		out := libraryJSON{Guild: guild, Articles: []libraryArticleJSON{}}
		for _, a := range list {
			out.Articles = append(out.Articles, libraryArticleJSON{ID: a.ID, Title: a.Title, Source: a.Source, Date: a.Date,
				URL: a.URL, Byline: a.Byline, From: a.Name, Passages: a.Passages,
				AddedAt: a.AddedAt.UTC().Format(time.RFC3339), AddedBy: addedBy(a)})
		}
		return writeJSON(e.stdout, out)
	}
	if len(list) == 0 {
		fmt.Fprintf(e.stdout, "Server %s has no articles of its own: it answers from the default articles.\n", guild)
		return nil
	}
	for _, a := range list {
		fmt.Fprintf(e.stdout, "%s  %s\n  %s · %s · %d passages · added %s from %s\n", a.ID, a.Title,
			orDefault(a.Source, "no source"), orDefault(a.Date, "no date"), a.Passages,
			a.AddedAt.UTC().Format("2006-01-02 15:04 UTC"), addedBy(a))
	}
	return nil
}

// addedBy says where an article was added from; the store keeps no
// Discord user id, only its keyed hash.
func addedBy(a store.LibraryArticle) string {
	if a.AddedBy == "" {
		return "command line"
	}
	return "discord"
}

func runLibraryRemove(ctx context.Context, e *env, libs *library.Libraries, guild string, args []string) error {
	if len(args) == 0 {
		return usagef("library remove: want the ARTICLE's id or headline (usage: bot library remove --guild ID ARTICLE)")
	}
	a, err := libs.Find(ctx, guild, strings.Join(args, " "))
	if err != nil {
		return fmt.Errorf("library remove: %w", err)
	}
	if err := libs.Remove(ctx, guild, a.ID); err != nil {
		return fmt.Errorf("library remove: %w", err)
	}
	fmt.Fprintf(e.stdout, "Removed “%s” (%s) from server %s.\n", a.Title, a.ID, guild)
	return nil
}
