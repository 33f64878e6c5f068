package articles

import (
	"bufio"
	"context"
	"crypto/sha256"
	"encoding/gob"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"sync"
	"time"

	"github.com/sourcebot/newsbot/data"
	"github.com/sourcebot/newsbot/internal/corpus"
	"github.com/sourcebot/newsbot/internal/index"
	"github.com/sourcebot/newsbot/internal/parallel"
)

// An index directory holds:
//
//	manifest.json  what the index was built from, and the size and SHA-256
//	               of every other file; written last, so an index without
//	               one is incomplete
//	articles.gob   the parsed articles, so that opening parses nothing
//	bleve/         the bleve index of their passages
//	lock           empty; a process that serves the index holds a lock on
//	               it, exclusive unless read-only
//
// bleve itself only ever opens an index read-only once it is built: opened
// read-write it rewrites root.bolt and merges segments, and the files
// would no longer match the manifest.
const (
	manifestFile = "manifest.json"
	articlesFile = "articles.gob"
	bleveDir     = "bleve"
	lockName     = "lock"
	// formatVersion changes whenever parsing or indexing changes what an
	// index holds, so that indexes built by older code are rebuilt.
	formatVersion = 5
)

type manifest struct {
	Format   int           `json:"format"`
	Hash     string        `json:"hash"` // of the article files and synonym list
	Articles int           `json:"articles"`
	Passages int           `json:"passages"`
	Skipped  []skippedFile `json:"skipped,omitempty"`
	Built    time.Time     `json:"built"`
	Files    []fileSum     `json:"files"` // every file of the index but this one
}

type skippedFile struct {
	File   string `json:"file"`
	Reason string `json:"reason"`
}

// Build indexes the articles into opt.Index, replacing what is there, and
// returns the library served from it.
func Build(ctx context.Context, opt Options) (*Set, error) {
	opt = opt.withDefaults()
	if opt.Index == "" {
		return nil, errors.New("build index: no directory given")
	}
	if err := checkDataDir(opt.Data); err != nil {
		return nil, err
	}
	src := sourceOf(opt.Data)
	hash, err := src.hash()
	if err != nil {
		return nil, err
	}
	return rebuild(ctx, src, opt, hash, "asked to build it")
}

// openDisk serves the index in opt.Index when it was built from exactly
// these articles, and rebuilds it otherwise.
func openDisk(ctx context.Context, src source, opt Options) (*Set, error) {
	if !opt.ReadOnly {
		cleanStale(opt.Index, opt.Log)
	}
	// Digesting the articles takes about as long as opening the index:
	// do both at once, and serve the index only once they agree.
	hash := sync.OnceValues(src.hash)
	go hash()
	lib, why, err := openBuilt(src, opt, hash)
	if err != nil || lib != nil {
		return lib, err
	}
	h, err := hash()
	if err != nil {
		return nil, err
	}
	opt.Log.Warn("rebuilding the index", "index", opt.Index, "reason", why)
	return rebuild(ctx, src, opt, h, why)
}

// openBuilt opens the index in opt.Index if it was built from the articles
// whose digest hash returns. When it was not, or cannot be read, it says
// why in a phrase; err is for an index that another process holds, or
// articles that cannot be read.
func openBuilt(src source, opt Options, hash func() (string, error)) (lib *Set, why string, err error) {
	m, err := readManifest(opt.Index)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		if _, statErr := os.Stat(opt.Index); statErr != nil {
			return nil, "there is no index yet", nil
		}
		return nil, "the index is incomplete (no " + manifestFile + ")", nil
	case err != nil:
		return nil, fmt.Sprintf("the index is damaged (%v)", err), nil
	case m.Format != formatVersion:
		return nil, fmt.Sprintf("the index was built by another version (format %d, want %d)", m.Format, formatVersion), nil
	}
	syn, err := src.synonyms()
	if err != nil {
		return nil, "", err
	}
	lock, err := takeLock(opt.Index, !opt.ReadOnly)
	if errors.Is(err, index.ErrLocked) {
		return nil, "", fmt.Errorf("%w; processes that share an index must all open it with --read-only (BOT_INDEX_READ_ONLY=true)", err)
	}
	if err != nil {
		return nil, fmt.Sprintf("the index is damaged (%v)", err), nil
	}
	lib, why, err = openLocked(src, opt, syn, m, hash)
	if lib == nil {
		lock.Close()
		return nil, why, err
	}
	lib.lock = lock
	return lib, "", nil
}

// openLocked is openBuilt once the index's lock is held.
func openLocked(src source, opt Options, syn *index.Synonyms, m manifest, hash func() (string, error)) (lib *Set, why string, err error) {
	ix, set, err := openWhole(opt.Index, syn, m)
	if err != nil {
		return nil, fmt.Sprintf("the index is damaged (%v)", err), nil
	}
	h, err := hash()
	if err != nil || h != m.Hash {
		ix.Close()
		return nil, "the articles or synonym list changed since it was built", err
	}
	if set.Examples, err = loadExamples(src.fsys); err != nil {
		ix.Close()
		return nil, "", fmt.Errorf("load %s: %w", src.where, err)
	}
	for _, s := range m.Skipped {
		set.Skipped = append(set.Skipped, corpus.Skipped{File: s.File, Err: errors.New(s.Reason)})
	}
	set.syn = syn
	return set.library(ix), "", nil
}

// openWhole opens the index in dir and reads its articles, when they are
// whole: the files the manifest lists, as written, and the passages it
// counts, with the same ids in both. An error says what is damaged.
func openWhole(dir string, syn *index.Synonyms, m manifest) (*index.Index, *articleSet, error) {
	if err := verifyFiles(dir, m.Files); err != nil {
		return nil, nil, err
	}
	ix, err := index.Open(filepath.Join(dir, bleveDir), syn, true)
	if err != nil {
		return nil, nil, err
	}
	set, err := readArticles(dir)
	if err == nil && (set.passages() != m.Passages || ix.Len() != m.Passages) {
		err = fmt.Errorf("%d passages in the index, %d in %s, %d in the manifest", ix.Len(), set.passages(), articlesFile, m.Passages)
	}
	if err == nil {
		err = checkIDs(ix, set)
	}
	if err != nil {
		ix.Close()
		return nil, nil, err
	}
	return ix, set, nil
}

// rebuild parses the articles and indexes them into opt.Index; read-only,
// it indexes them in memory instead and leaves the directory alone.
func rebuild(ctx context.Context, src source, opt Options, hash, why string) (*Set, error) {
	set, err := src.parse(opt.Progress)
	if err != nil {
		return nil, err
	}
	if opt.ReadOnly {
		opt.Log.Warn("the index is read-only: indexing in memory instead", "index", opt.Index)
		ix, err := index.Build(ctx, set.Articles, set.syn)
		if err != nil {
			return nil, err
		}
		lib := set.library(ix)
		lib.Rebuilt = why + "; indexed in memory, as the index is read-only"
		return lib, nil
	}
	if err := writeIndex(ctx, opt, set, hash); err != nil {
		return nil, fmt.Errorf("build index %s: %w", opt.Index, err)
	}
	lock, err := takeLock(opt.Index, true)
	if err != nil {
		return nil, err
	}
	ix, err := index.Open(filepath.Join(opt.Index, bleveDir), set.syn, true)
	if err != nil {
		lock.Close()
		return nil, err
	}
	lib := set.library(ix)
	lib.Rebuilt, lib.lock = why, lock
	return lib, nil
}

// writeIndex builds the index beside dir and then swaps it in, so that a
// crash midway leaves the old index, or none, but never half of one.
func writeIndex(ctx context.Context, opt Options, set *articleSet, hash string) error {
	dir := filepath.Clean(opt.Index)
	if err := checkReplaceable(dir); err != nil {
		return err
	}
	cleanStale(dir, opt.Log)
	tmp, marker, err := scratchDir(dir, ".building-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp) // after a successful swap it is gone already
	defer marker.Close()

	if err := buildInto(ctx, tmp, opt, set); err != nil {
		return err
	}
	files, err := sumFiles(tmp)
	if err != nil {
		return err
	}
	m := manifest{Format: formatVersion, Hash: hash, Articles: len(set.Articles), Passages: set.passages(), Built: time.Now().UTC(), Files: files}
	for _, s := range set.Skipped {
		m.Skipped = append(m.Skipped, skippedFile{s.File, s.Err.Error()})
	}
	if err := writeManifest(tmp, m); err != nil {
		return err
	}
	if err := swapDir(tmp, dir); err != nil {
		return err
	}
	os.Remove(filepath.Join(dir, scratchMarker)) // left behind, it is ignored
	return nil
}

// buildInto writes what an index directory holds besides its manifest
// into tmp: the bleve index, the articles and the lock file.
func buildInto(ctx context.Context, tmp string, opt Options, set *articleSet) error {
	ix, err := index.Create(ctx, filepath.Join(tmp, bleveDir), set.Articles, set.syn, progressFor(opt.Progress, "indexing"))
	if err != nil {
		return err
	}
	if err := ix.Close(); err != nil {
		return fmt.Errorf("close new index: %w", err)
	}
	if err := writeArticles(tmp, set); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(tmp, lockName), nil, 0o644)
}

// checkReplaceable refuses to replace a directory this bot did not write,
// and one that another process is serving.
func checkReplaceable(dir string) error {
	entries, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) || err == nil && len(entries) == 0 {
		return nil
	}
	if err != nil {
		return err
	}
	_, errManifest := os.Stat(filepath.Join(dir, manifestFile))
	_, errBleve := os.Stat(filepath.Join(dir, bleveDir))
	if errManifest != nil && errBleve != nil {
		return fmt.Errorf("%s holds files that are not a bot index; refusing to replace them", dir)
	}
	return notServed(dir, errBleve == nil)
}

// notServed reports index.ErrLocked when another process holds the index
// in dir; hasBleve says dir holds a bleve index.
func notServed(dir string, hasBleve bool) error {
	switch lock, err := takeLock(dir, true); {
	case err == nil:
		lock.Close()
		return nil
	case errors.Is(err, index.ErrLocked):
		return err
	}
	if !hasBleve {
		return nil
	}
	// No lock file: an older bot's index, locked by bleve alone.
	ix, err := index.Open(filepath.Join(dir, bleveDir), nil, false)
	if errors.Is(err, index.ErrLocked) {
		return err
	}
	if err == nil {
		ix.Close()
	}
	return nil
}

// swapDir puts the directory built at tmp in dir's place.
func swapDir(tmp, dir string) error {
	if _, err := os.Stat(dir); errors.Is(err, fs.ErrNotExist) {
		return os.Rename(tmp, dir)
	}
	// The old index moves into a fresh directory: os.Rename will not
	// replace a directory, even an empty one.
	trash, marker, err := scratchDir(dir, ".old-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(trash)
	defer marker.Close()
	old := filepath.Join(trash, filepath.Base(dir))
	if err := os.Rename(dir, old); err != nil {
		return err
	}
	if err := os.Rename(tmp, dir); err != nil {
		os.Rename(old, dir)
		return err
	}
	return nil
}

// hash is a digest of everything an index is built from: the article
// files (including ones that will be skipped), the synonym list in effect
// and the index format. Files are read and digested on every core: a bot
// restarting on a large archive does this before it can answer.
func (src source) hash() (string, error) {
	entries, err := fs.ReadDir(src.fsys, ".")
	if err != nil {
		return "", fmt.Errorf("read %s: %w", src.where, err)
	}
	var names []string
	for _, e := range entries {
		if !e.IsDir() && corpus.IsArticleFile(e.Name()) {
			names = append(names, e.Name())
		}
	}
	sort.Strings(names)
	type digest struct {
		sum  [sha256.Size]byte
		size int
	}
	sums := make([]digest, len(names))
	parallel.For(len(names), func(i int) {
		b, err := fs.ReadFile(src.fsys, names[i])
		if err != nil {
			// Unreadable now is skipped at build; digest the reason.
			b = []byte("unreadable: " + err.Error())
		}
		sums[i] = digest{sha256.Sum256(b), len(b)}
	})
	h := sha256.New()
	fmt.Fprintf(h, "newsbot index format %d\n", formatVersion)
	for i, name := range names {
		fmt.Fprintf(h, "%s\x00%d\x00%x\n", name, sums[i].size, sums[i].sum)
	}
	syn, err := src.synonymsText()
	if err != nil {
		return "", fmt.Errorf("load %s: %w", src.where, err)
	}
	fmt.Fprintf(h, "%s\x00%d\x00%x\n", data.SynonymsFile, len(syn), sha256.Sum256(syn))
	return "sha256:" + hex.EncodeToString(h.Sum(nil)), nil
}

// takeLock locks the index in dir for serving it: exclusively, or shared
// with other read-only processes. It fails with index.ErrLocked when
// another process holds a conflicting lock for longer than
// index.LockTimeout. Closing the file releases it.
func takeLock(dir string, exclusive bool) (*os.File, error) {
	f, err := os.Open(filepath.Join(dir, lockName))
	if err != nil {
		return nil, err
	}
	err = lockFile(f, exclusive, index.LockTimeout)
	if errors.Is(err, errLockTimeout) {
		err = fmt.Errorf("open index %s: %w (waited %v)", dir, index.ErrLocked, index.LockTimeout)
	}
	if err != nil {
		f.Close()
		return nil, err
	}
	return f, nil
}

var errLockTimeout = errors.New("lock timeout")

func readManifest(dir string) (manifest, error) {
	var m manifest
	b, err := os.ReadFile(filepath.Join(dir, manifestFile))
	if err != nil {
		return m, err
	}
	if err := json.Unmarshal(b, &m); err != nil {
		return m, fmt.Errorf("%s: %w", manifestFile, err)
	}
	return m, nil
}

func writeManifest(dir string, m manifest) error {
	b, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return err
	}
	return writeFileSync(filepath.Join(dir, manifestFile), func(w *bufio.Writer) error {
		_, err := w.Write(append(b, '\n'))
		return err
	})
}

func readArticles(dir string) (*articleSet, error) {
	f, err := os.Open(filepath.Join(dir, articlesFile))
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var set articleSet
	if err := gob.NewDecoder(bufio.NewReaderSize(f, 1<<16)).Decode(&set.Articles); err != nil {
		return nil, fmt.Errorf("%s: %w", articlesFile, err)
	}
	return &set, nil
}

func writeArticles(dir string, set *articleSet) error {
	return writeFileSync(filepath.Join(dir, articlesFile), func(w *bufio.Writer) error {
		return gob.NewEncoder(w).Encode(set.Articles)
	})
}

// writeFileSync writes a file and syncs it, so that the manifest written
// after it never describes data still in flight.
func writeFileSync(name string, write func(*bufio.Writer) error) error {
	f, err := os.Create(name)
	if err != nil {
		return err
	}
	w := bufio.NewWriterSize(f, 1<<16)
	err = write(w)
	if err == nil {
		err = w.Flush()
	}
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("write %s: %w", filepath.Base(name), err)
	}
	return nil
}
