package articles

import (
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/sourcebot/newsbot/internal/corpus"
)

const insideArticle = `Inside link reaches the archive

BEIJING, Dec 23 (Reuters) - An article kept in a subdirectory and linked from the top is read like any other.
`

// hostileData is the embedded articles plus one file of each kind that
// must be skipped, and one symlink inside the directory that is followed.
// It returns the directory and the reason each skipped file should give.
func hostileData(t *testing.T) (dir string, want map[string]string) {
	t.Helper()
	dir = copyData(t)
	outside := t.TempDir()
	huge := filepath.Join(outside, "huge.txt")
	sparse(t, huge, 2<<30)
	sparse(t, filepath.Join(dir, "big.txt"), 2<<30)
	if err := syscall.Mkfifo(filepath.Join(dir, "pipe.txt"), 0o644); err != nil {
		t.Skipf("no FIFOs here: %v", err)
	}
	os.Mkdir(filepath.Join(dir, "sub"), 0o755)
	write(t, filepath.Join(dir, "sub", "inner.txt"), insideArticle)
	// As a Kubernetes ConfigMap volume lays it out: each file a link
	// through ..data, itself a link to the current version's directory.
	for link, target := range map[string]string{
		"..data":     "sub",
		"zero.txt":   "/dev/zero",
		"passwd.txt": "/etc/passwd",
		"huge.txt":   huge,
		"inside.txt": filepath.Join("..data", "inner.txt"),
	} {
		if err := os.Symlink(target, filepath.Join(dir, link)); err != nil {
			t.Fatal(err)
		}
	}
	return dir, map[string]string{
		"pipe.txt":   "not a regular file (a named pipe)",
		"zero.txt":   "a link to outside the articles directory",
		"passwd.txt": "a link to outside the articles directory",
		"huge.txt":   "a link to outside the articles directory",
		"big.txt":    corpus.ErrTooLarge.Error(),
	}
}

// sparse makes a file of size bytes that takes no space on disk.
func sparse(t *testing.T, name string, size int64) {
	t.Helper()
	f, err := os.Create(name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := f.Truncate(size); err != nil {
		t.Fatal(err)
	}
}

// openWithin opens the library, failing the test instead of hanging when
// loading blocks (a FIFO did).
func openWithin(t *testing.T, opt Options) (*Set, error) {
	t.Helper()
	type result struct {
		lib *Set
		err error
	}
	done := make(chan result, 1)
	go func() {
		lib, err := Open(context.Background(), opt)
		done <- result{lib, err}
	}()
	select {
	case r := <-done:
		if r.lib != nil {
			t.Cleanup(func() { r.lib.Close() })
		}
		return r.lib, r.err
	case <-time.After(20 * time.Second):
		t.Fatalf("Open(%+v) still loading after 20s", opt)
		return nil, nil
	}
}

func TestDataReadsOnlyRegularFilesInsideTheDirectory(t *testing.T) {
	dir, want := hostileData(t)
	for name, opt := range map[string]Options{
		"in memory": {Data: dir},
		"--index":   {Data: dir, Index: filepath.Join(t.TempDir(), "idx")},
		"read-only": {Data: dir, Index: filepath.Join(t.TempDir(), "idx"), ReadOnly: true},
	} { // /reload is Open in memory, as at start

		t.Run(name, func(t *testing.T) {
			lib, err := openWithin(t, opt)
			if err != nil {
				t.Fatalf("Open: %v", err)
			}
			got := map[string]string{}
			for _, s := range lib.Skipped {
				got[s.File] = s.Err.Error()
			}
			for file, reason := range want {
				if !strings.HasPrefix(got[file], reason) {
					t.Errorf("skipped %s: reason %q, want %q", file, got[file], reason)
				}
			}
			var titles []string
			for _, a := range lib.Engine.Articles() {
				titles = append(titles, a.Title)
			}
			if len(titles) != 3 || !strings.Contains(strings.Join(titles, "|"), "Inside link reaches the archive") {
				t.Errorf("loaded %q; want the 2 embedded articles and the one linked from inside", titles)
			}
			ans, err := lib.Engine.Ask(context.Background(), "root bash nologin daemon")
			if err == nil && strings.Contains(ans.Best.Passage.Text, "root:") {
				t.Errorf("served /etc/passwd: %q", ans.Best.Passage.Text)
			}
		})
	}
}

// TestHashingDoesNotReadLargeFiles: with --index every start digests the
// article files; a 100 MiB one must cost no more than the size limit.
func TestHashingDoesNotReadLargeFiles(t *testing.T) {
	dir := copyData(t)
	sparse(t, filepath.Join(dir, "dump.txt"), 100<<20)
	src := sourceOf(dir)
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	if _, err := src.hash(); err != nil {
		t.Fatalf("hash: %v", err)
	}
	runtime.ReadMemStats(&after)
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 8<<20 {
		t.Errorf("hashing allocated %d MiB for a 100 MiB file over the limit", alloc>>20)
	}
}

func TestReadFileStopsAtTheLimit(t *testing.T) {
	dir := t.TempDir()
	write(t, filepath.Join(dir, "a.txt"), strings.Repeat("x", corpus.MaxFileSize))
	d := articleDir{dir}
	if b, err := d.ReadFile("a.txt"); err != nil || len(b) != corpus.MaxFileSize {
		t.Fatalf("ReadFile at the limit: %d bytes, %v", len(b), err)
	}
	appendTo(t, filepath.Join(dir, "a.txt"), "y")
	if _, err := d.ReadFile("a.txt"); !errors.Is(err, corpus.ErrTooLarge) {
		t.Fatalf("ReadFile one byte over: %v, want ErrTooLarge", err)
	}
}

func TestMissingDataDirectoryIsNamed(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "no-such-articles")
	for _, opt := range []Options{{Data: dir}, {Data: dir, Index: filepath.Join(t.TempDir(), "idx")}} {
		_, err := Open(context.Background(), opt)
		if err == nil || !strings.Contains(err.Error(), dir) || !errors.Is(err, os.ErrNotExist) {
			t.Errorf("Open(%+v) = %v; want an error naming %s, not found", opt, err, dir)
		}
	}
	if _, err := Build(context.Background(), Options{Data: dir, Index: filepath.Join(t.TempDir(), "idx")}); err == nil || !strings.Contains(err.Error(), dir) {
		t.Errorf("Build = %v; want an error naming %s", err, dir)
	}
}

func TestABadSynonymListNamesItsFileAndLine(t *testing.T) {
	dir := copyData(t)
	appendTo(t, filepath.Join(dir, "synonyms.conf"), "\n"+strings.Repeat("alias, ", 20000)+"end\n")
	_, err := Open(context.Background(), Options{Data: dir})
	if err == nil || !strings.Contains(err.Error(), "synonyms.conf: synonyms line ") || strings.Contains(err.Error(), "token too long") {
		t.Errorf("Open with a 140 KB synonym line: %v; want an error naming synonyms.conf and the line", err)
	}
}

// TestOpenedFilesStopAtTheLimit: io.Copy would use *os.File's WriteTo and
// read past a LimitReader; an opened article file offers only Read.
func TestOpenedFilesStopAtTheLimit(t *testing.T) {
	dir := t.TempDir()
	write(t, filepath.Join(dir, "a.txt"), "small")
	f, err := articleDir{dir}.Open("a.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, ok := f.(io.WriterTo); ok {
		t.Error("an opened article file is an io.WriterTo, which bypasses the limit")
	}
	if _, ok := f.(io.ReaderAt); ok {
		t.Error("an opened article file is an io.ReaderAt, which bypasses the limit")
	}
}
