package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"sort"
	"strings"

	"github.com/sourcebot/newsbot/internal/discord"
)

// usageError is a mistake in how the bot was called; it exits with status 2.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error { return usageError{fmt.Sprintf(format, args...)} }

// env is what a command runs with: its configuration, its output and its
// logger.
type env struct {
	cfg    config
	stdout io.Writer
	stderr io.Writer
	log    *slog.Logger
	// secrets are blanked out of every log line.
	secrets *secrets
	// guild is the server whose library a command answers from (--guild);
	// "" for the default articles.
	guild string
}

// A command is one entry of the command table: the configuration it reads
// (LOG_LEVEL always), which is loaded and validated in full before it runs,
// and its own flags.
type command struct {
	summary  string
	settings []string
	// flagAs renames a setting's flag for this command.
	flagAs map[string]flagDoc
	// check says what the command cannot run without, once every value is valid.
	check func(c *config) error
	// setup adds the command's own flags to f and returns what runs it
	// once they are parsed, with the arguments left.
	setup func(f *flag.FlagSet) runner
}

type runner func(ctx context.Context, e *env, args []string) error

// noFlags is the setup of a command with no flags of its own.
func noFlags(r runner) func(*flag.FlagSet) runner { return func(*flag.FlagSet) runner { return r } }

// commands is the command table. A name may be two words ("library add"):
// the longest match runs.
var commands = map[string]command{
	"ask":      {summary: "answer one question from the articles", settings: answerSettings, setup: withGuild(askCommand)},
	"sources":  {summary: "list the articles the bot answers from", settings: answerSettings, setup: withGuild(sourcesCommand)},
	"compare":  {summary: "the best passage from each source, side by side", settings: answerSettings, setup: withGuild(compareCommand)},
	"timeline": {summary: "the dated events across the articles, in order", settings: answerSettings, setup: withGuild(timelineCommand)},
	"quote":    {summary: "who said this? find a quotation and its speaker", settings: answerSettings, setup: withGuild(quoteCommand)},
	"gaps":     {summary: "what the class asked that the articles could not answer (reads BOT_DB)", settings: []string{"BOT_DB"}, setup: gapsCommand},
	"index": {summary: "build an on-disk index of the articles (--out DIR)", settings: []string{"BOT_DATA", "BOT_INDEX"}, setup: noFlags(runIndex),
		flagAs: map[string]flagDoc{"BOT_INDEX": {"out", "write the index to `DIR`"}}, check: needIndexOut},
	"eval":           {summary: "score the engine on a question set (TSV)", settings: answerSettings, setup: withGuild(evalCommand)},
	"library add":    {summary: "add an article (a file or a link) to a server's library (BOT_DB)", settings: librarySettings, setup: libraryAddCommand},
	"library list":   {summary: "the articles of a server's library", settings: librarySettings, setup: libraryListCommand},
	"library remove": {summary: "remove an article from a server's library", settings: librarySettings, setup: libraryRemoveCommand},
	"serve": {summary: "run the bot on Discord's gateway (needs DISCORD_TOKEN)", setup: noFlags(runServe), check: needToken,
		settings: uses(articleSettings, discordSettings, serveSettings, librarySettings, []string{"ASK_CHANNEL_IDS"})},
	"register": {summary: "register the bot's commands with Discord, and nothing else", settings: discordSettings, check: needToken, setup: noFlags(runRegister)},
	"http": {summary: "serve Discord's HTTP interactions endpoint (needs DISCORD_PUBLIC_KEY)", setup: noFlags(runHTTP), check: needPublicKey,
		settings: uses(articleSettings, serveSettings, httpSettings, librarySettings)},
}

// lookup finds the command args name, and the arguments after its name.
func lookup(args []string) (name string, c command, rest []string, ok bool) {
	if len(args) > 1 {
		if c, ok := commands[args[0]+" "+args[1]]; ok {
			return args[0] + " " + args[1], c, args[2:], true
		}
	}
	c, ok = commands[args[0]]
	return args[0], c, args[1:], ok
}

// run is the whole program, minus the process: tests call it directly.
// The configuration comes from the flags in args, then getenv, then the
// .env that dotenv reads.
func run(ctx context.Context, args []string, getenv func(string) string, dotenv func() (map[string]string, error), stdout, stderr io.Writer) (err error) {
	e := &env{stdout: stdout, stderr: stderr, secrets: &secrets{}}
	// The error is printed outside the log, so it is redacted here too.
	defer func() {
		if err != nil {
			err = e.secrets.redactError(err)
		}
	}()
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		usage(stdout)
		if len(args) == 0 {
			return usagef("no command given")
		}
		return nil
	}
	name, c, args, ok := lookup(args)
	if !ok {
		if subs := subcommands(name); len(subs) > 0 {
			return usagef("%s: want one of: %s", name, strings.Join(subs, ", "))
		}
		return usagef("unknown command %q (try: bot help)", name)
	}
	cmd, args, err := configure(e, name, c, args, getenv, dotenv)
	if errors.Is(err, errHelp) {
		return nil
	}
	if err != nil {
		return err
	}
	e.log = slog.New(redactor{next: slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: e.cfg.LogLevel}), secrets: e.secrets})
	libLog.Store(e.log)
	discord.SetLibraryLogger(e.log)
	if err := cmd(ctx, e, args); !errors.Is(err, errHelp) {
		return err
	}
	return nil
}

// configure loads and validates the configuration of command c into e,
// with its flags among args, and returns what runs it with the arguments
// left. Nothing is loaded or opened before this has said yes.
func configure(e *env, name string, c command, args []string, getenv func(string) string, dotenv func() (map[string]string, error)) (runner, []string, error) {
	dot, err := dotenv()
	if err != nil {
		return nil, nil, err
	}
	e.cfg = defaultConfig()
	l, err := newLoader(&e.cfg, c.settings, c.flagAs)
	if err != nil {
		return nil, nil, err
	}
	l.read(getenv, dot, e.secrets)
	fs := newFlags(e, name)
	l.bind(fs)
	cmd := c.setup(fs)
	rest, err := parse(fs, args)
	if err != nil {
		return nil, nil, err
	}
	err = l.done(fs)
	if err == nil && c.check != nil {
		err = c.check(&e.cfg)
	}
	if err != nil {
		return nil, nil, err
	}
	e.secrets.add(dsnPassword(e.cfg.DB))
	return cmd, rest, nil
}

// subcommands are the second words of the commands named name and one
// more word ("add" of "library add"), in order.
func subcommands(name string) []string {
	var subs []string
	for n := range commands {
		if sub, ok := strings.CutPrefix(n, name+" "); ok {
			subs = append(subs, sub)
		}
	}
	sort.Strings(subs)
	return subs
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "usage: bot COMMAND [flags]\n\ncommands:")
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	width := 0
	for _, n := range names {
		width = max(width, len(n))
	}
	for _, n := range names {
		fmt.Fprintf(w, "  %-*s  %s\n", width, n, commands[n].summary)
	}
}

// errHelp is returned for --help once the usage is printed: help is not an
// error, so run turns it into success.
var errHelp = errors.New("help requested")

// flagOutput is a flag set's output: its messages go to stderr, and its
// usage to stdout when help was asked for.
type flagOutput struct{ stdout, stderr io.Writer }

func (o flagOutput) Write(p []byte) (int, error) { return o.stderr.Write(p) }

// newFlags returns a flag set that reports errors instead of exiting.
func newFlags(e *env, name string) *flag.FlagSet {
	f := flag.NewFlagSet("bot "+name, flag.ContinueOnError)
	f.SetOutput(flagOutput{stdout: e.stdout, stderr: e.stderr})
	f.Usage = func() {} // parse prints it, to stdout or stderr
	return f
}

// printUsage writes f's flags to w.
func printUsage(f *flag.FlagSet, w io.Writer) {
	out := f.Output()
	f.SetOutput(w)
	defer f.SetOutput(out)
	fmt.Fprintf(w, "usage: %s [flags] [arguments]\n\nflags:\n", f.Name())
	f.PrintDefaults()
}

// parse parses flags anywhere among the arguments ("ask --json why?" and
// "ask why? --json" both work) and maps flag errors to usage errors.
func parse(f *flag.FlagSet, args []string) ([]string, error) {
	var rest []string
	for {
		if err := f.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				if o, ok := f.Output().(flagOutput); ok {
					printUsage(f, o.stdout)
				}
				return nil, errHelp
			}
			printUsage(f, f.Output())
			return nil, usagef("%s: %v", f.Name(), err)
		}
		args = f.Args()
		if len(args) == 0 {
			return rest, nil
		}
		if args[0] == "--" {
			return append(rest, args[1:]...), nil
		}
		rest = append(rest, args[0])
		args = args[1:]
	}
}

func orDefault(v, def string) string {
	if strings.TrimSpace(v) == "" {
		return def
	}
	return v
}
