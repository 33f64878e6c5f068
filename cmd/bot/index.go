package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"

	"github.com/sourcebot/newsbot/internal/articles"
)

func runIndex(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "index")
	out := fs.String("out", e.get("BOT_INDEX"), "write the index to `DIR` (env BOT_INDEX)")
	data := fs.String("data", e.get("BOT_DATA"), "read articles from `DIR` instead of the embedded ones (env BOT_DATA)")
	rest, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return usagef("index: unexpected argument %q", rest[0])
	}
	if *out == "" {
		return usagef("index: say where to write the index (usage: bot index --out DIR [--data DIR])")
	}
	if err := checkDataDir(*data); err != nil {
		return err
	}
	start := time.Now()
	p := newProgress(e.stderr)
	lib, err := articles.Build(ctx, articles.Options{Data: *data, Index: *out, Log: e.log, Progress: p.report})
	p.done()
	if err != nil {
		return err
	}
	defer lib.Close()

	passages := lib.Index.Len()
	took := time.Since(start)
	fmt.Fprintf(e.stdout, "indexed %d articles, %d passages into %s in %v (%.0f passages/s)\n",
		len(lib.Engine.Articles()), passages, *out, took.Round(time.Millisecond), float64(passages)/took.Seconds())
	fmt.Fprintf(e.stdout, "skipped %d files\n", len(lib.Skipped))
	for _, s := range lib.Skipped {
		fmt.Fprintf(e.stdout, "  %s\n", s)
	}
	return nil
}

// progress shows how far a long build has got: a bar on a terminal, and a
// plain line every few seconds (and at the end of each stage) otherwise,
// so that logs and CI output stay readable.
type progress struct {
	w     io.Writer
	tty   bool
	bar   *progressbar.ProgressBar
	stage string
	last  time.Time
}

// plainEvery is how often plain progress lines are written.
const plainEvery = 2 * time.Second

func newProgress(w io.Writer) *progress {
	f, ok := w.(*os.File)
	return &progress{w: w, tty: ok && term.IsTerminal(int(f.Fd()))}
}

func (p *progress) report(stage string, done, total int) {
	unit := map[string]string{"reading": "files", "indexing": "passages"}[stage]
	if stage != p.stage {
		p.done()
		p.stage = stage
		if p.tty {
			p.bar = progressbar.NewOptions(total, progressbar.OptionSetWriter(p.w),
				progressbar.OptionSetDescription(fmt.Sprintf("%-8s", stage)), progressbar.OptionShowCount(),
				progressbar.OptionSetItsString(unit), progressbar.OptionShowIts(),
				progressbar.OptionThrottle(100*time.Millisecond), progressbar.OptionFullWidth())
		}
	}
	if p.bar != nil {
		p.bar.Set(done)
		return
	}
	if now := time.Now(); done == total || now.Sub(p.last) >= plainEvery {
		p.last = now
		fmt.Fprintf(p.w, "%s: %d/%d %s (%.0f%%)\n", stage, done, total, unit, 100*float64(done)/float64(max(total, 1)))
	}
}

// done ends the bar of the current stage, if any.
func (p *progress) done() {
	if p.bar != nil {
		p.bar.Finish()
		fmt.Fprintln(p.w)
		p.bar = nil
	}
}
