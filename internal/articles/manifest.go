package articles

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/sourcebot/newsbot/internal/index"
	"github.com/sourcebot/newsbot/internal/parallel"
)

// fileSum is one file of an index directory as it was written.
type fileSum struct {
	Path   string `json:"path"` // slash-separated, relative to the index directory
	Size   int64  `json:"size"`
	SHA256 string `json:"sha256"`
}

// sumFiles lists every file under dir but the manifest, with its size and
// SHA-256, in path order. Files are digested on every core.
func sumFiles(dir string) ([]fileSum, error) {
	files, err := listFiles(dir)
	if err != nil {
		return nil, err
	}
	errs := make([]error, len(files))
	parallel.For(len(files), func(i int) {
		files[i].SHA256, errs[i] = sha256File(filepath.Join(dir, filepath.FromSlash(files[i].Path)))
	})
	return files, firstOf(errs)
}

// listFiles lists the files under dir but the manifest, with their sizes.
// Anything but a regular file or a directory is an error.
func listFiles(dir string) ([]fileSum, error) {
	var out []fileSum
	err := filepath.WalkDir(dir, func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, err := filepath.Rel(dir, name)
		if err != nil {
			return err
		}
		rel = filepath.ToSlash(rel)
		if rel == manifestFile || rel == scratchMarker {
			return nil
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		if !info.Mode().IsRegular() {
			return fmt.Errorf("%s: not a regular file", rel)
		}
		out = append(out, fileSum{Path: rel, Size: info.Size()})
		return nil
	})
	slices.SortFunc(out, func(a, b fileSum) int { return strings.Compare(a.Path, b.Path) })
	return out, err
}

func sha256File(name string) (string, error) {
	f, err := os.Open(name)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", fmt.Errorf("read %s: %w", filepath.Base(name), err)
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// verifyFiles checks that dir holds exactly the files the manifest lists,
// each of its size and SHA-256: a damaged segment is found before bleve
// reads it (a flipped byte can make a search panic or allocate gigabytes).
// Sizes are compared first, as they cost nothing.
func verifyFiles(dir string, want []fileSum) error {
	if len(want) == 0 { // as an index written before the manifest listed files
		return errors.New("the manifest lists no files")
	}
	got, err := listFiles(dir)
	if err != nil {
		return err
	}
	wantBy := make(map[string]fileSum, len(want))
	for _, f := range want {
		wantBy[f.Path] = f
	}
	for _, f := range got {
		w, ok := wantBy[f.Path]
		switch {
		case !ok:
			return fmt.Errorf("%s is not in the manifest", f.Path)
		case w.Size != f.Size:
			return fmt.Errorf("%s has %d bytes, the manifest says %d", f.Path, f.Size, w.Size)
		}
	}
	if len(got) != len(wantBy) {
		return missingFile(got, want)
	}
	errs := make([]error, len(got))
	parallel.For(len(got), func(i int) {
		sum, err := sha256File(filepath.Join(dir, filepath.FromSlash(got[i].Path)))
		if err == nil && sum != wantBy[got[i].Path].SHA256 {
			err = fmt.Errorf("%s has changed since it was written (SHA-256 differs)", got[i].Path)
		}
		errs[i] = err
	})
	return firstOf(errs)
}

// firstOf is the first error in errs, saying how many more there are: a
// reason stays one line however many files are damaged.
func firstOf(errs []error) error {
	var first error
	more := 0
	for _, err := range errs {
		switch {
		case err == nil:
		case first == nil:
			first = err
		default:
			more++
		}
	}
	if more > 0 {
		return fmt.Errorf("%w (and %d more files)", first, more)
	}
	return first
}

// missingFile names a file the manifest lists that dir lacks.
func missingFile(got, want []fileSum) error {
	have := make(map[string]bool, len(got))
	for _, f := range got {
		have[f.Path] = true
	}
	for _, f := range want {
		if !have[f.Path] {
			return fmt.Errorf("%s is missing", f.Path)
		}
	}
	return errors.New("the manifest lists a file twice")
}

// idSamples is how many passage ids of articles.gob are looked up in the
// index at open: enough to catch another index's articles file, cheap at
// any size.
const idSamples = 32

// checkIDs looks up a spread of the passages of set in ix, so that an
// articles file that belongs to another index is never served beside it.
func checkIDs(ix *index.Index, set *articleSet) error {
	var ids []string
	for _, a := range set.Articles {
		for _, p := range a.Passages {
			ids = append(ids, p.ID)
		}
	}
	step := max(1, len(ids)/idSamples)
	for i := 0; i < len(ids); i += step {
		ok, err := ix.Has(ids[i])
		if err != nil {
			return err
		}
		if !ok {
			return fmt.Errorf("passage %s of %s is not in the index", ids[i], articlesFile)
		}
	}
	return nil
}
