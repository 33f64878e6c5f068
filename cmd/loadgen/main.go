// Command loadgen measures `bot http` under load: it drives the endpoint
// with signed /ask interactions and reports throughput and latency, and it
// serves a ceiling to measure the bot against.
//
// It signs with a fixed test key, so the server must run with its public
// key (print it with -print-key). One run against a running server:
//
//	DISCORD_PUBLIC_KEY=$(go run ./cmd/loadgen -print-key) bot http --addr 127.0.0.1:8080 &
//	go run ./cmd/loadgen -url http://127.0.0.1:8080/interactions -c 64 -d 20s
//
// The whole comparison that docs/PERFORMANCE.md reports, in one command: it
// starts the ceiling and the bot (store off, then SQLite) in turn, drives
// each at 16, 64 and 256 connections with repeated and all-new questions,
// for three rounds, and prints the medians as ratios to the ceiling:
//
//	go build -o /tmp/bot ./cmd/bot && go build -o /tmp/loadgen ./cmd/loadgen
//	/tmp/loadgen matrix -bot /tmp/bot
//
// -bot may be given several times, as LABEL=PATH with settings after
// commas, to compare builds or settings in the same rounds:
//
//	/tmp/loadgen matrix -bot before=/tmp/bot-main -bot after=/tmp/bot -bot gc100=/tmp/bot,BOT_GC_PERCENT=100,BOT_MEMORY_LIMIT=off
//
// -traffic all-new (or repeated) drives one kind only, and -c and -rounds
// narrow it further, for a quick check:
//
//	/tmp/loadgen matrix -traffic all-new -c 64 -bot main=/tmp/bot-main -bot new=/tmp/bot
//
// The ceiling alone (`loadgen ceiling -addr 127.0.0.1:8081`) is the least
// any interactions endpoint does: it checks the signature, decodes the
// interaction and sends a fixed reply.
//
// Every request is a distinct interaction from a distinct user, signed
// before the run starts (timestamps must stay within Discord's 5-minute
// window, so -d is capped at 4 minutes): the bot's replay guard and its
// per-user rate limit never answer in place of the engine. Replies other
// than answers (busy, already answered, rate limited) are counted as
// notices and left out of the latencies. The questions cycle through a
// realistic mix; with -unique each text is new (same meaning), so no
// answer comes from the bot's cache.
package main

import (
	"context"
	"crypto/ed25519"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"time"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "loadgen:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, args []string, out io.Writer) error {
	if len(args) > 0 {
		switch args[0] {
		case "ceiling":
			return runCeiling(ctx, args[1:], out)
		case "matrix":
			return runMatrix(ctx, args[1:], out)
		}
	}
	fs := flag.NewFlagSet("loadgen", flag.ContinueOnError)
	url := fs.String("url", "http://127.0.0.1:8080/interactions", "the endpoint")
	conc := fs.Int("c", 64, "concurrent connections")
	dur := fs.Duration("d", 20*time.Second, "how long to run (at most 4m)")
	warm := fs.Duration("warmup", 2*time.Second, "run this long before measuring")
	n := fs.Int("n", 0, "requests to sign beforehand; 0: enough for 32,000 a second")
	printKey := fs.Bool("print-key", false, "print the test public key (hex) and exit")
	unique := fs.Bool("unique", false, "make every question text different (same meaning), so no answer comes from the bot's cache")
	if help, err := parseFlags(fs, args, out); help || err != nil {
		return err
	}
	if *printKey {
		fmt.Fprintln(out, hex.EncodeToString(testKey().Public().(ed25519.PublicKey)))
		return nil
	}
	if *dur+*warm > 4*time.Minute || *conc < 1 {
		return errors.New("-d plus -warmup must be at most 4m, and -c at least 1")
	}
	res, err := drive(ctx, load{url: *url, conns: *conc, dur: *dur, warm: *warm, unique: *unique, n: *n})
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "requests  %d answers, %d notices, %d errors, over %.1fs with %d connections\n", res.answers, res.notices, res.errors, res.elapsed.Seconds(), *conc)
	fmt.Fprintf(out, "rate      %.0f answers/s\n", res.rate())
	fmt.Fprintf(out, "latency   p50 %.2fms  p99 %.2fms  p99.9 %.2fms  max %.2fms\n", ms(res.p50), ms(res.p99), ms(res.p999), ms(res.max))
	if res.notices > 0 {
		fmt.Fprintf(out, "notices   the first: %q\n", res.notice)
	}
	if res.short {
		fmt.Fprintln(out, "note      the pre-signed requests ran out: measured for less than -d (raise -n)")
	}
	if res.errors > 0 {
		return fmt.Errorf("%d requests failed, the first: %s", res.errors, res.failure)
	}
	return nil
}

// parseFlags parses args. Help (-h, -help) is no error: the usage goes to
// out and help is reported, so that the command exits 0. For any other
// error the usage goes to stderr, and the error is returned for main to
// print.
func parseFlags(fs *flag.FlagSet, args []string, out io.Writer) (help bool, err error) {
	fs.SetOutput(io.Discard) // the flag package would print the usage before we know where
	err = fs.Parse(args)
	switch {
	case errors.Is(err, flag.ErrHelp):
		fs.SetOutput(out)
		fs.Usage()
		return true, nil
	case err != nil:
		fs.SetOutput(os.Stderr)
		fs.Usage()
	}
	return false, err
}
