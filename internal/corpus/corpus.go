// Package corpus turns raw article text, as copied from the web, into
// articles with metadata and passages in reading order.
//
// A raw file needs no markup: the headline is its first line, and the date,
// source and link are inferred from the cues news copy carries (a date line,
// weekday-and-date mentions, a sign-off, a © line, a citation line). An
// optional front-matter block at the top overrides what is inferred:
//
//	---
//	title: China condemns cyberattacks
//	source: Reuters
//	date: 2014-12-22
//	url: https://example.com/story
//	---
package corpus

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"unicode/utf8"

	"github.com/sourcebot/newsbot/internal/parallel"
)

// MaxFileSize bounds one article file. News copy is a few kilobytes; a file
// far larger than that is a mistake (a dump, a binary) and is skipped.
const MaxFileSize = 1 << 20

// Kind says what a passage is.
type Kind string

const (
	Body    Kind = "body"
	Caption Kind = "caption"
)

// Passage is one paragraph of an article, cleaned but otherwise verbatim.
type Passage struct {
	ID   string // stable: article ID, "/", position
	Kind Kind
	Text string
	// Context is text that belongs to this passage for retrieval but is not
	// part of it: for a quotation with no speaker of its own, the paragraph
	// that names the speaker.
	Context string
}

// Article is one news report.
type Article struct {
	ID       string // file name without extension
	File     string // file name as found
	Title    string
	Source   string
	Date     string // YYYY-MM-DD, or "" when the text carries no date
	URL      string // only when the text carries one
	Passages []Passage
}

// Skipped names a file that was not loaded, and why.
type Skipped struct {
	File string
	Err  error
}

func (s Skipped) String() string { return fmt.Sprintf("%s: %v", s.File, s.Err) }

// Errors a broken file is reported with; test with errors.Is.
var (
	ErrEmpty    = errors.New("empty file")
	ErrBinary   = errors.New("binary content")
	ErrEncoding = errors.New("not valid UTF-8")
	ErrTooLarge = fmt.Errorf("larger than %d bytes", MaxFileSize)
	ErrNoText   = errors.New("no article text after cleaning")
	ErrMeta     = errors.New("bad metadata block")
)

// IsArticleFile reports whether a file name in a data directory is an article.
func IsArticleFile(name string) bool {
	return strings.HasSuffix(name, ".txt") && !strings.HasPrefix(path.Base(name), ".")
}

// Load reads every article file at the top of fsys, in name order. A file
// that cannot be parsed is reported in skipped and the rest still load; err
// is only for a directory that cannot be read at all.
func Load(fsys fs.FS) (articles []Article, skipped []Skipped, err error) {
	return LoadProgress(fsys, nil)
}

// LoadProgress is Load, telling progress (when not nil) how many of the
// article files it has read so far.
func LoadProgress(fsys fs.FS, progress func(done, total int)) (articles []Article, skipped []Skipped, err error) {
	entries, err := fs.ReadDir(fsys, ".")
	if err != nil {
		return nil, nil, fmt.Errorf("read articles: %w", err)
	}
	sort.Slice(entries, func(i, j int) bool { return entries[i].Name() < entries[j].Name() })
	files := entries[:0]
	for _, e := range entries {
		if !e.IsDir() && IsArticleFile(e.Name()) {
			files = append(files, e)
		}
	}
	for i, r := range loadFiles(fsys, files, progress) {
		if r.err != nil {
			skipped = append(skipped, Skipped{File: files[i].Name(), Err: r.err})
		} else {
			articles = append(articles, r.a)
		}
	}
	return articles, skipped, nil
}

// loaded is one file's article, or why it did not load.
type loaded struct {
	a   Article
	err error
}

// loadFiles parses the files on every core, as they parse independently,
// and returns them in the order given, telling progress every hundred.
func loadFiles(fsys fs.FS, files []fs.DirEntry, progress func(done, total int)) []loaded {
	results := make([]loaded, len(files))
	var (
		done atomic.Int64
		mu   sync.Mutex // serialises progress calls
	)
	parallel.For(len(files), func(i int) {
		a, err := loadFile(fsys, files[i])
		results[i] = loaded{a, err}
		if n := int(done.Add(1)); progress != nil && (n%100 == 0 || n == len(files)) {
			mu.Lock()
			progress(n, len(files))
			mu.Unlock()
		}
	})
	return results
}

func loadFile(fsys fs.FS, e fs.DirEntry) (Article, error) {
	info, err := e.Info()
	if err != nil {
		return Article{}, err
	}
	if info.Size() > MaxFileSize {
		return Article{}, ErrTooLarge
	}
	raw, err := fs.ReadFile(fsys, e.Name())
	if err != nil {
		return Article{}, err
	}
	return Parse(e.Name(), raw)
}

// Parse cleans one raw article. name is its file name; the article ID is the
// name without its extension.
func Parse(name string, raw []byte) (Article, error) {
	if err := checkRaw(raw); err != nil {
		return Article{}, err
	}
	text := string(bytes.TrimPrefix(raw, []byte("\uFEFF")))
	text = strings.ReplaceAll(text, "\r\n", "\n")
	text = strings.ReplaceAll(text, "\r", "\n")
	if controlHeavy(text) {
		return Article{}, ErrBinary
	}

	meta, text, err := splitFrontMatter(text)
	if err != nil {
		return Article{}, fmt.Errorf("%w: %v", ErrMeta, err)
	}

	id := strings.TrimSuffix(path.Base(name), path.Ext(name))
	a := buildArticle(id, blocks(text))
	a.File = name
	meta.apply(&a)
	if len(a.Passages) == 0 {
		return Article{}, ErrNoText
	}
	if a.Title == "" {
		a.Title = id
	}
	return a, nil
}

// checkRaw refuses a file that cannot be an article: too large, empty,
// binary or not UTF-8.
func checkRaw(raw []byte) error {
	switch {
	case len(raw) > MaxFileSize:
		return ErrTooLarge
	case len(bytes.TrimSpace(raw)) == 0:
		return ErrEmpty
	case bytes.IndexByte(raw, 0) >= 0:
		return ErrBinary
	case !utf8.Valid(raw):
		return ErrEncoding
	}
	return nil
}

// controlHeavy catches binary data that happens to be valid UTF-8.
func controlHeavy(s string) bool {
	n, bad := 0, 0
	for _, r := range s {
		n++
		if r < 0x20 && r != '\n' && r != '\t' || r == utf8.RuneError {
			bad++
		}
	}
	return bad*20 > n
}

// blocks splits text into blank-line separated blocks, each cleaned of
// inline HTML and folded to single spaces. The headline is always a block of
// its own, even when the next line follows it directly.
func blocks(text string) []string {
	var out []string
	for _, b := range strings.Split(text, "\n\n") {
		if len(out) == 0 {
			if head, rest, ok := strings.Cut(strings.TrimSpace(b), "\n"); ok {
				out = append(out, cleanInline(head))
				b = rest
			}
		}
		if b = cleanInline(dropRepeatedLines(b)); b != "" {
			out = append(out, b)
		}
	}
	return out
}

// dropRepeatedLines keeps one copy of a line printed twice in a row, as a
// photo caption often is in copied text (once with straight and once with
// curly quotes), with no blank line between the copies.
func dropRepeatedLines(b string) string {
	if !strings.Contains(b, "\n") {
		return b
	}
	lines := strings.Split(b, "\n")
	kept := lines[:1]
	prev := foldQuotes(cleanInline(lines[0]))
	for _, l := range lines[1:] {
		f := foldQuotes(cleanInline(l))
		if f != "" && f == prev {
			continue
		}
		kept, prev = append(kept, l), f
	}
	return strings.Join(kept, "\n")
}
