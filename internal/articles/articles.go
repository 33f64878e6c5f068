// Package articles loads the articles and synonym list, from the embedded
// set or a directory, and builds the answer engine over them.
package articles

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"strings"

	"github.com/sourcebot/newsbot/data"
	"github.com/sourcebot/newsbot/internal/answer"
	"github.com/sourcebot/newsbot/internal/corpus"
	"github.com/sourcebot/newsbot/internal/index"
)

// Set is a loaded set of articles with its engine.
type Set struct {
	Engine *answer.Engine
	Index  *index.Index
	// Synonyms are the synonym lists that apply to these articles, for
	// an index that adds articles to them (a server's library).
	Synonyms *index.Synonyms
	Skipped  []corpus.Skipped // files that were reported and not loaded
	// Examples are example questions for help and autocomplete; a
	// directory without its own list has none, as the embedded ones are
	// about the embedded articles.
	Examples []string
	// Rebuilt says why an on-disk index was built rather than opened as it
	// was; "" when it was opened, or when the index is in memory.
	Rebuilt string

	lock    *os.File       // held while an on-disk index is served
	closers []func() error // run first by Close
}

// OnClose makes Close run f first: for what was opened over the set, such
// as a server's library that answers in its place.
func (l *Set) OnClose(f func() error) { l.closers = append(l.closers, f) }

// Damaged is nil while the index serves, and an error wrapping
// index.ErrDamaged once a search found it damaged: it then answers
// nothing more, and a server should report itself not ready.
func (l *Set) Damaged() error { return l.Index.Damaged() }

// Close releases the index.
func (l *Set) Close() error {
	var errs []error
	for _, f := range l.closers {
		errs = append(errs, f())
	}
	l.closers = nil
	err := errors.Join(append(errs, l.Index.Close())...)
	if l.lock != nil {
		l.lock.Close()
	}
	return err
}

// Options say where the articles are and where their index is kept.
type Options struct {
	// Data is a directory of article files; "" means the embedded ones.
	Data string
	// Index is a directory for an on-disk index; "" keeps it in memory.
	Index string
	// ReadOnly opens the on-disk index without writing to it, so that any
	// number of processes can share it. A stale or damaged one is then not
	// rebuilt on disk: the articles are indexed in memory instead.
	ReadOnly bool
	// Log receives warnings, such as a rebuilt index; nil is silent.
	Log *slog.Logger
	// Progress is told how far reading and indexing have got; nil
	// reports nothing.
	Progress Progress
}

// Progress is told, during a stage ("reading", "indexing"), how many of
// its total steps (files, passages) are done.
type Progress func(stage string, done, total int)

func (opt Options) withDefaults() Options {
	if opt.Log == nil {
		opt.Log = slog.New(slog.DiscardHandler)
	}
	return opt
}

// progressFor narrows p to one stage; nil stays nil.
func progressFor(p Progress, stage string) func(done, total int) {
	if p == nil {
		return nil
	}
	return func(done, total int) { p(stage, done, total) }
}

// Load reads the articles in dir, or the embedded ones when dir is "", and
// indexes them in memory.
func Load(ctx context.Context, dir string) (*Set, error) {
	return Open(ctx, Options{Data: dir})
}

// Open loads the articles as opt says. A broken file is listed in Skipped;
// an error means no article could be loaded at all, or an on-disk index
// that cannot be used (another process has it).
func Open(ctx context.Context, opt Options) (*Set, error) {
	opt = opt.withDefaults()
	if err := checkDataDir(opt.Data); err != nil {
		return nil, err
	}
	src := sourceOf(opt.Data)
	if opt.Index != "" {
		return openDisk(ctx, src, opt)
	}
	set, err := src.parse(opt.Progress)
	if err != nil {
		return nil, err
	}
	ix, err := index.Build(ctx, set.Articles, set.syn)
	if err != nil {
		return nil, err
	}
	return set.library(ix), nil
}

// source is where articles come from.
type source struct {
	fsys  fs.FS
	where string // for messages
}

func sourceOf(dir string) source {
	if dir == "" {
		return source{data.FS, "embedded articles"}
	}
	return source{articleDir{dir}, dir}
}

// checkDataDir says clearly, naming it, that a --data directory is missing.
func checkDataDir(dir string) error {
	if dir == "" {
		return nil
	}
	info, err := os.Stat(dir)
	var pe *fs.PathError
	switch {
	case errors.As(err, &pe):
		return fmt.Errorf("articles directory %s: %w", dir, pe.Err)
	case err != nil:
		return fmt.Errorf("articles directory %s: %w", dir, err)
	case !info.IsDir():
		return fmt.Errorf("articles directory %s: not a directory", dir)
	}
	return nil
}

// articleSet is a parsed article directory: what an index is built from.
type articleSet struct {
	Articles []corpus.Article
	Skipped  []corpus.Skipped
	Examples []string
	syn      *index.Synonyms
}

func (s *articleSet) library(ix *index.Index) *Set {
	return &Set{Engine: answer.New(s.Articles, ix), Index: ix, Synonyms: s.syn, Skipped: s.Skipped, Examples: s.Examples}
}

func (s *articleSet) passages() int {
	n := 0
	for _, a := range s.Articles {
		n += len(a.Passages)
	}
	return n
}

func (src source) parse(progress Progress) (*articleSet, error) {
	articles, skipped, err := corpus.LoadProgress(src.fsys, progressFor(progress, "reading"))
	if err != nil {
		return nil, fmt.Errorf("load %s: %w", src.where, err)
	}
	if len(articles) == 0 {
		return nil, fmt.Errorf("load %s: no readable article files (*.txt), %d skipped", src.where, len(skipped))
	}
	syn, err := src.synonyms()
	if err != nil {
		return nil, err
	}
	examples, err := loadExamples(src.fsys)
	if err != nil {
		return nil, fmt.Errorf("load %s: %w", src.where, err)
	}
	return &articleSet{Articles: articles, Skipped: skipped, Examples: examples, syn: syn}, nil
}

func (src source) synonyms() (*index.Synonyms, error) {
	own, err := src.ownSynonyms()
	if err != nil {
		return nil, fmt.Errorf("load %s: %w", src.where, err)
	}
	syn, err := GeneralSynonyms()
	if err != nil {
		return nil, err
	}
	if err := syn.Add(string(own)); err != nil {
		return nil, fmt.Errorf("load %s: %s: %w", src.where, data.SynonymsFile, err)
	}
	return syn, nil
}

// synonymsText is every synonym list that applies to the directory, for
// the on-disk index's content hash.
func (src source) synonymsText() ([]byte, error) {
	own, err := src.ownSynonyms()
	if err != nil {
		return nil, err
	}
	return append(append(generalSynonyms(), '\n'), own...), nil
}

// ownSynonyms reads the directory's own synonym list; a directory without
// one has none (the embedded one names the embedded articles' people and
// places, which mean nothing elsewhere).
func (src source) ownSynonyms() ([]byte, error) {
	b, err := fs.ReadFile(src.fsys, data.SynonymsFile)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", data.SynonymsFile, err)
	}
	return b, nil
}

// GeneralSynonyms is the general news vocabulary alone, for articles that
// bring no synonym list of their own (a server's library without the
// default articles).
func GeneralSynonyms() (*index.Synonyms, error) {
	syn, err := index.ParseSynonyms(string(generalSynonyms()))
	if err != nil {
		return nil, fmt.Errorf("embedded %s: %w", data.GeneralFile, err)
	}
	return syn, nil
}

// generalSynonyms is the general news vocabulary, embedded.
func generalSynonyms() []byte {
	b, err := fs.ReadFile(data.FS, data.GeneralFile)
	if err != nil {
		panic(err) // embedded at build time
	}
	return b
}

// Synonyms returns the synonym lists that apply to the articles directory
// dir ("" for the embedded one): the general vocabulary and its own list.
func Synonyms(dir string) (*index.Synonyms, error) { return sourceOf(dir).synonyms() }

func loadExamples(fsys fs.FS) ([]string, error) {
	b, err := fs.ReadFile(fsys, data.ExamplesFile)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", data.ExamplesFile, err)
	}
	var out []string
	for _, line := range strings.Split(string(b), "\n") {
		if line = strings.TrimSpace(line); line != "" && !strings.HasPrefix(line, "#") {
			out = append(out, line)
		}
	}
	return out, nil
}
