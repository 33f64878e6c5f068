// Package library loads the articles and synonym list, from the embedded
// set or a directory, and builds the answer engine over them.
package library

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"

	"github.com/sourcebot/newsbot/data"
	"github.com/sourcebot/newsbot/internal/answer"
	"github.com/sourcebot/newsbot/internal/corpus"
	"github.com/sourcebot/newsbot/internal/index"
)

// Library is a loaded set of articles with its engine.
type Library struct {
	Engine  *answer.Engine
	Index   *index.Index
	Skipped []corpus.Skipped // files that were reported and not loaded
	// Examples are example questions for help and autocomplete; a
	// directory without its own list has none, as the embedded ones are
	// about the embedded articles.
	Examples []string
}

// Close releases the index.
func (l *Library) Close() error { return l.Index.Close() }

// Load reads the articles in dir, or the embedded ones when dir is "", and
// indexes them. A broken file is listed in Skipped; an error means no
// article could be loaded at all.
func Load(ctx context.Context, dir string) (*Library, error) {
	fsys, where := fs.FS(data.FS), "embedded articles"
	if dir != "" {
		fsys, where = os.DirFS(dir), dir
	}
	articles, skipped, err := corpus.Load(fsys)
	if err != nil {
		return nil, fmt.Errorf("load %s: %w", where, err)
	}
	if len(articles) == 0 {
		return nil, fmt.Errorf("load %s: no readable article files (*.txt), %d skipped", where, len(skipped))
	}
	syn, err := loadSynonyms(fsys)
	if err != nil {
		return nil, fmt.Errorf("load %s: %w", where, err)
	}
	ix, err := index.Build(ctx, articles, syn)
	if err != nil {
		return nil, err
	}
	examples, err := loadExamples(fsys)
	if err != nil {
		ix.Close()
		return nil, fmt.Errorf("load %s: %w", where, err)
	}
	return &Library{Engine: answer.New(articles, ix), Index: ix, Skipped: skipped, Examples: examples}, nil
}

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

// loadSynonyms reads the directory's synonym list, falling back to the
// embedded one so that a directory of plain articles still knows the aliases.
func loadSynonyms(fsys fs.FS) (*index.Synonyms, error) {
	b, err := fs.ReadFile(fsys, data.SynonymsFile)
	if errors.Is(err, fs.ErrNotExist) {
		b, err = fs.ReadFile(data.FS, data.SynonymsFile)
	}
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", data.SynonymsFile, err)
	}
	syn, err := index.ParseSynonyms(string(b))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", data.SynonymsFile, err)
	}
	return syn, nil
}
