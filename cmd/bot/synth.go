package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/sourcebot/newsbot/internal/corpus"
	"github.com/sourcebot/newsbot/internal/synth"
)

// runSynth writes a synthetic corpus for scale tests: `bot synth --out DIR`.
func synthCommand(fs *flag.FlagSet) runner {
	out := fs.String("out", "", "write the articles into `DIR`, created if missing (required)")
	passages := fs.Int("passages", 1000, "how many passages to write, in articles of 6–14 passages")
	seed := fs.Uint64("seed", 1, "random seed: the same seed writes the same bytes")
	force := fs.Bool("force", false, "write into a directory that already holds .txt files, replacing an earlier synthetic corpus")
	return func(ctx context.Context, e *env, rest []string) error {
		return runSynth(ctx, e, rest, *out, *passages, *seed, *force)
	}
}

func runSynth(ctx context.Context, e *env, rest []string, out string, passages int, seed uint64, force bool) error {
	switch {
	case len(rest) > 0:
		return usagef("synth: unexpected argument %q", rest[0])
	case out == "":
		return usagef("synth: --out DIR is required")
	case passages <= 0:
		return usagef("synth: --passages must be positive, got %d", passages)
	}
	if err := ctx.Err(); err != nil {
		return err
	}

	if err := os.MkdirAll(out, 0o755); err != nil {
		return fmt.Errorf("synth: %w", err)
	}
	entries, err := os.ReadDir(out)
	if err != nil {
		return fmt.Errorf("synth: %w", err)
	}
	var generated, others int
	for _, en := range entries {
		switch {
		case en.IsDir() || !corpus.IsArticleFile(en.Name()):
		case synth.IsGenerated(en.Name()):
			generated++
		default:
			others++
		}
	}
	if generated+others > 0 {
		if !force {
			return usagef("synth: %s already holds %d article files (.txt); use --force to write there anyway", out, generated+others)
		}
		// A smaller corpus written over a larger one must not keep its tail.
		for _, en := range entries {
			if !en.IsDir() && synth.IsGenerated(en.Name()) {
				if err := os.Remove(filepath.Join(out, en.Name())); err != nil {
					return fmt.Errorf("synth: clear earlier corpus: %w", err)
				}
			}
		}
		if others > 0 {
			e.log.Warn("other article files stay in the output directory and will load with the corpus", "dir", out, "files", others)
		}
	}

	start := time.Now()
	st, err := synth.Generate(out, synth.Options{Passages: passages, Seed: seed})
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "wrote %d articles, %d passages, %d bytes to %s in %s\n",
		st.Articles, st.Passages, st.Bytes, out, time.Since(start).Round(time.Millisecond))
	return nil
}
