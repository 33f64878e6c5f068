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

// needIndexOut is index's check: it has nowhere to write without --out.
func needIndexOut(c *config) error {
	if c.Index == "" {
		return usagef("index: say where to write the index (usage: bot index --out DIR [--data DIR])")
	}
	return nil
}

func runIndex(ctx context.Context, e *env, args []string) error {
	if len(args) > 0 {
		return usagef("index: unexpected argument %q", args[0])
	}
	start := time.Now()
	p := newProgress(e.stderr)
	opt := e.cfg.articles(e.log)
	opt.Progress = p.report
	lib, err := articles.Build(ctx, opt)
	p.done()
	if err != nil {
		return err
	}
	defer lib.Close()

	passages := lib.Index.Len()
	took := time.Since(start)
	fmt.Fprintf(e.stdout, "indexed %d articles, %d passages into %s in %v (%.0f passages/s)\n",
		len(lib.Engine.Articles()), passages, opt.Index, took.Round(time.Millisecond), float64(passages)/took.Seconds())
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
