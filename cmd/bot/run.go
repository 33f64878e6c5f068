package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"sort"
	"strconv"
	"strings"

	"github.com/joho/godotenv"

	"github.com/sourcebot/newsbot/internal/articles"
	"github.com/sourcebot/newsbot/internal/discord"
)

// usageError is a mistake in how the bot was called; it exits with status 2.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error { return usageError{fmt.Sprintf(format, args...)} }

// env is the program's view of its environment: the process environment
// first, then the .env file.
type env struct {
	getenv func(string) string
	dotenv map[string]string
	stdout io.Writer
	stderr io.Writer
	log    *slog.Logger
	// secrets are blanked out of every log line.
	secrets *secrets
}

func (e *env) get(key string) string {
	if v := e.getenv(key); v != "" {
		return v
	}
	return e.dotenv[key]
}

type command struct {
	summary string
	run     func(ctx context.Context, e *env, args []string) error
}

var commands = map[string]command{
	"ask":      {"answer one question from the articles", runAsk},
	"sources":  {"list the articles the bot answers from", runSources},
	"compare":  {"the best passage from each source, side by side", runCompare},
	"timeline": {"the dated events across the articles, in order", runTimeline},
	"quote":    {"who said this? find a quotation and its speaker", runQuote},
	"gaps":     {"what the class asked that the articles could not answer (reads BOT_DB)", runGaps},
	"index":    {"build an on-disk index of the articles (--out DIR)", runIndex},
	"synth":    {"write a synthetic corpus for scale tests (--out DIR)", runSynth},
	"eval":     {"score the engine on a question set (TSV)", runEval},
	"serve":    {"run the bot on Discord's gateway (needs DISCORD_TOKEN)", runServe},
	"register": {"register the bot's commands with Discord, and nothing else", runRegister},
	"http":     {"serve Discord's HTTP interactions endpoint (needs DISCORD_PUBLIC_KEY)", runHTTP},
}

// run is the whole program, minus the process: tests call it directly.
func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) (err error) {
	dotenv, err := godotenv.Read(".env")
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("read .env: %w", err)
	}
	e := &env{getenv: getenv, dotenv: dotenv, stdout: stdout, stderr: stderr, secrets: &secrets{}}
	// The error is printed outside the log, so it is redacted here too.
	defer func() {
		if err != nil {
			err = e.secrets.redactError(err)
		}
	}()
	var level slog.Level
	if err := level.UnmarshalText([]byte(orDefault(e.get("LOG_LEVEL"), "warn"))); err != nil {
		return usagef("LOG_LEVEL: %v", err)
	}
	e.log = slog.New(redactor{next: slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: level}), secrets: e.secrets})
	libLog.Store(e.log)
	discord.SetLibraryLogger(e.log)

	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		usage(stdout)
		if len(args) == 0 {
			return usagef("no command given")
		}
		return nil
	}
	c, ok := commands[args[0]]
	if !ok {
		return usagef("unknown command %q (try: bot help)", args[0])
	}
	if err := c.run(ctx, e, args[1:]); !errors.Is(err, errHelp) {
		return err
	}
	return nil
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "usage: bot COMMAND [flags]\n\ncommands:")
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "  %-8s %s\n", n, commands[n].summary)
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

// libraryFlags adds --data, --index and --read-only, defaulting to
// BOT_DATA, BOT_INDEX and BOT_INDEX_READ_ONLY. Call the result after
// parsing.
func libraryFlags(e *env, f *flag.FlagSet) func() (articles.Options, error) {
	var opt articles.Options
	f.StringVar(&opt.Data, "data", e.get("BOT_DATA"), "read articles from `DIR` instead of the embedded ones (env BOT_DATA)")
	f.StringVar(&opt.Index, "index", e.get("BOT_INDEX"), "keep the index on disk in `DIR`, reused while the articles match (env BOT_INDEX)")
	f.BoolVar(&opt.ReadOnly, "read-only", false, "open --index without writing to it, so replicas can share it (env BOT_INDEX_READ_ONLY)")
	return func() (articles.Options, error) {
		set := false
		f.Visit(func(fl *flag.Flag) { set = set || fl.Name == "read-only" })
		if v := e.get("BOT_INDEX_READ_ONLY"); v != "" && !set {
			ro, err := strconv.ParseBool(v)
			if err != nil {
				return opt, usagef("BOT_INDEX_READ_ONLY=%q: want true or false", v)
			}
			opt.ReadOnly = ro
		}
		if opt.ReadOnly && opt.Index == "" {
			return opt, usagef("%s: --read-only needs --index DIR", f.Name())
		}
		opt.Log = e.log
		return opt, nil
	}
}

func orDefault(v, def string) string {
	if strings.TrimSpace(v) == "" {
		return def
	}
	return v
}
