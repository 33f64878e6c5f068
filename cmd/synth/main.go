// Command synth writes a deterministic synthetic news corpus, in the raw
// format of the bot's articles, for scale tests and benchmarks. It is a
// development tool: the bot itself never needs it.
//
//	go run ./cmd/synth --out DIR [--passages 1000] [--seed 1] [--force]
//
// The same seed writes the same bytes. A directory that already holds
// article files (.txt) is refused unless --force is given; then an earlier
// synthetic corpus there is replaced, and other article files are left (and
// will load with it). Exit status: 2 on a usage error, 1 on any other
// failure.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"path/filepath"
	"time"

	"github.com/sourcebot/newsbot/internal/corpus"
	"github.com/sourcebot/newsbot/internal/synth"
)

// usageError is a mistake in how synth was called; it exits with status 2.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error { return usageError{fmt.Sprintf(format, args...)} }

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	err := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	if err != nil {
		fmt.Fprintln(os.Stderr, "synth:", err)
		if errors.As(err, new(usageError)) {
			os.Exit(2)
		}
		os.Exit(1)
	}
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("synth", flag.ContinueOnError)
	fs.SetOutput(stderr)
	out := fs.String("out", "", "write the articles into `DIR`, created if missing (required)")
	passages := fs.Int("passages", 1000, "how many passages to write, in articles of 6–14 passages")
	seed := fs.Uint64("seed", 1, "random seed: the same seed writes the same bytes")
	force := fs.Bool("force", false, "write into a directory that already holds .txt files, replacing an earlier synthetic corpus")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return usagef("%v", err)
	}
	switch {
	case fs.NArg() > 0:
		return usagef("unexpected argument %q", fs.Arg(0))
	case *out == "":
		return usagef("--out DIR is required")
	case *passages <= 0:
		return usagef("--passages must be positive, got %d", *passages)
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := prepare(*out, *force, slog.New(slog.NewTextHandler(stderr, nil))); err != nil {
		return err
	}
	start := time.Now()
	st, err := synth.Generate(*out, synth.Options{Passages: *passages, Seed: *seed})
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "wrote %d articles, %d passages, %d bytes to %s in %s\n",
		st.Articles, st.Passages, st.Bytes, *out, time.Since(start).Round(time.Millisecond))
	return nil
}

// prepare makes dir ready for a corpus: created if missing, refused when it
// holds article files unless force, and cleared of an earlier synthetic
// corpus, since a smaller one written over a larger must not keep its tail.
func prepare(dir string, force bool, log *slog.Logger) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	generated, others, err := articleFiles(dir)
	if err != nil {
		return err
	}
	if len(generated)+others == 0 {
		return nil
	}
	if !force {
		return usagef("%s already holds %d article files (.txt); use --force to write there anyway", dir, len(generated)+others)
	}
	for _, name := range generated {
		if err := os.Remove(filepath.Join(dir, name)); err != nil {
			return fmt.Errorf("clear earlier corpus: %w", err)
		}
	}
	if others > 0 {
		log.Warn("other article files stay in the output directory and will load with the corpus", "dir", dir, "files", others)
	}
	return nil
}

// articleFiles lists the article files of an earlier synthetic corpus in
// dir, and counts the other article files there.
func articleFiles(dir string) (generated []string, others int, err error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, 0, err
	}
	for _, en := range entries {
		switch {
		case en.IsDir() || !corpus.IsArticleFile(en.Name()):
		case synth.IsGenerated(en.Name()):
			generated = append(generated, en.Name())
		default:
			others++
		}
	}
	return generated, others, nil
}
