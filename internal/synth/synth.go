// Package synth writes deterministic synthetic news corpora for scale tests.
//
// The articles are raw copy in the form the real seed articles take (see
// package corpus): a headline line, blank-line separated paragraphs,
// attributed and bare quotations, photo captions (some printed twice), and
// the cues corpus infers metadata from: date lines, weekday-and-date
// mentions, datelines, sign-offs, © lines and citation lines. Each file
// parses with corpus.Load into exactly the title, source, date, link and
// passages it was written to carry.
//
// The words follow a Zipf law over a fixed vocabulary: the words of the
// embedded seed articles, most frequent first, then pronounceable
// pseudo-words, so function words dominate and a long tail of rare words
// exists, as on real news. People, places and organisations are invented.
package synth

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
)

// Version changes whenever Generate writes other bytes for the same
// options, so that corpora kept between runs are made anew.
const Version = 2

// Options for Generate.
type Options struct {
	Passages int    // target number of passages (body + caption) across all articles
	Seed     uint64 // same seed, same bytes
}

// Stats says what Generate wrote.
type Stats struct {
	Articles, Passages int
	Bytes              int64
}

// Article sizes, in passages.
const (
	minPassages = 6
	maxPassages = 14
)

// Generate writes articles into dir, which must exist, named 000001_synth.txt
// and up. Files of those names are overwritten; others are left alone. The
// passage count is exactly opt.Passages; articles hold 6–14 passages each
// (fewer only when opt.Passages is below 6). The same Options write the same
// bytes.
func Generate(dir string, opt Options) (Stats, error) {
	if opt.Passages <= 0 {
		return Stats{}, fmt.Errorf("synth: passages must be positive, got %d", opt.Passages)
	}
	if fi, err := os.Stat(dir); err != nil {
		return Stats{}, fmt.Errorf("synth: %w", err)
	} else if !fi.IsDir() {
		return Stats{}, fmt.Errorf("synth: %s is not a directory", dir)
	}
	w, err := theWorld()
	if err != nil {
		return Stats{}, fmt.Errorf("synth: %w", err)
	}
	var st Stats
	for i, n := range plan(opt) {
		a := newArticle(w, opt.Seed, i+1, n)
		if err := os.WriteFile(filepath.Join(dir, a.file), a.raw, 0o644); err != nil {
			return st, fmt.Errorf("synth: %w", err)
		}
		st.Articles++
		st.Passages += len(a.passages)
		st.Bytes += int64(len(a.raw))
	}
	if st.Passages != opt.Passages {
		return st, errors.New("synth: internal error: passage plan does not add up")
	}
	return st, nil
}

// IsGenerated reports whether a file name is one Generate writes
// (000001_synth.txt), so that a tool can clear an earlier corpus.
func IsGenerated(name string) bool {
	num, ok := strings.CutSuffix(name, "_synth.txt")
	if !ok || len(num) < 6 {
		return false
	}
	for _, c := range num {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// plan splits the passage count into article sizes of 6–14 that add up to
// it exactly.
func plan(opt Options) []int {
	r := rand.New(rand.NewPCG(opt.Seed, 0))
	var sizes []int
	for left := opt.Passages; left > 0; {
		n := minPassages + r.IntN(maxPassages-minPassages+1)
		switch {
		case left <= maxPassages:
			n = left
		case left-n < minPassages:
			n = left - minPassages
		}
		sizes = append(sizes, n)
		left -= n
	}
	return sizes
}
