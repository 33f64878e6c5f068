package articles

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"

	"github.com/sourcebot/newsbot/internal/corpus"
)

// Reasons a file of an articles directory is not read; the file is then
// skipped and reported with its name.
var (
	ErrNotRegular = errors.New("not a regular file")
	ErrOutside    = errors.New("a link to outside the articles directory")
)

// articleDir is an articles directory (--data) as an fs.FS that reads only
// regular files inside it, and at most corpus.MaxFileSize bytes of each.
// A symlink is followed only when its target is inside the directory
// (as in a Kubernetes ConfigMap volume); a FIFO or device is never opened
// for blocking reads. Every path that reads article files goes through it:
// loading, hashing for --index, and /reload.
type articleDir struct{ dir string }

// Open opens a file for reading, after the checks above; reads stop one
// byte past corpus.MaxFileSize, so that a file that grows is still caught.
func (d articleDir) Open(name string) (fs.File, error) {
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrInvalid}
	}
	if name == "." {
		return os.Open(d.dir)
	}
	f, err := d.openRegular(name)
	if err != nil {
		return nil, &fs.PathError{Op: "open", Path: name, Err: err}
	}
	return &limitedFile{f: f, r: io.LimitReader(f, corpus.MaxFileSize+1)}, nil
}

// ReadDir lists the directory itself; its subdirectories are never read.
func (d articleDir) ReadDir(name string) ([]fs.DirEntry, error) {
	if name != "." {
		return nil, &fs.PathError{Op: "readdir", Path: name, Err: fs.ErrNotExist}
	}
	return os.ReadDir(d.dir)
}

// ReadFile reads a whole file, or fails with corpus.ErrTooLarge without
// reading more than one byte past the limit.
func (d articleDir) ReadFile(name string) ([]byte, error) {
	f, err := d.Open(name)
	if pe, ok := err.(*fs.PathError); ok {
		return nil, pe.Err // the caller names the file
	}
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var buf bytes.Buffer
	if info, err := f.Stat(); err == nil {
		buf.Grow(int(info.Size()) + bytes.MinRead) // Stat checked it is at most the limit
	}
	if _, err := buf.ReadFrom(f); err != nil {
		return nil, err
	}
	b := buf.Bytes()
	if len(b) > corpus.MaxFileSize {
		return nil, corpus.ErrTooLarge
	}
	return b, nil
}

// limitedFile is an fs.File whose reads stop past the limit. It embeds no
// *os.File, whose ReadAt and WriteTo would read past it.
type limitedFile struct {
	f *os.File
	r io.Reader
}

func (f *limitedFile) Read(p []byte) (int, error) { return f.r.Read(p) }
func (f *limitedFile) Stat() (fs.FileInfo, error) { return f.f.Stat() }
func (f *limitedFile) Close() error               { return f.f.Close() }

// openRegular opens name inside the directory, checking what it is before
// and after opening: the file may be swapped for a FIFO in between.
func (d articleDir) openRegular(name string) (*os.File, error) {
	info, err := d.stat(name)
	if err != nil {
		return nil, err
	}
	if err := checkRegular(info); err != nil {
		return nil, err
	}
	root, err := os.OpenRoot(d.dir) // refuses links out of the directory, whatever changed since
	if err != nil {
		return nil, err
	}
	defer root.Close() // the opened file outlives its root
	// O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer.
	f, err := root.OpenFile(name, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil, err
	}
	if info, err = f.Stat(); err == nil {
		err = checkRegular(info)
	}
	if err != nil {
		f.Close()
		return nil, err
	}
	return f, nil
}

// stat describes name, following a symlink only when its target is inside
// the directory, and giving a clear reason when it is not.
func (d articleDir) stat(name string) (fs.FileInfo, error) {
	full := filepath.Join(d.dir, filepath.FromSlash(name))
	info, err := os.Lstat(full)
	if err != nil || info.Mode()&fs.ModeSymlink == 0 {
		return info, err
	}
	target, err := filepath.EvalSymlinks(full)
	if err != nil {
		return nil, err
	}
	dir, err := filepath.EvalSymlinks(d.dir)
	if err != nil {
		return nil, err
	}
	rel, err := filepath.Rel(dir, target)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return nil, fmt.Errorf("%w (%s)", ErrOutside, target)
	}
	return os.Stat(target)
}

// checkRegular refuses anything but a regular file, saying what it is, and
// one over the size limit.
func checkRegular(info fs.FileInfo) error {
	m := info.Mode()
	switch {
	case m.IsRegular():
		if info.Size() > corpus.MaxFileSize {
			return corpus.ErrTooLarge
		}
		return nil
	case m&fs.ModeNamedPipe != 0:
		return fmt.Errorf("%w (a named pipe)", ErrNotRegular)
	case m&fs.ModeDevice != 0:
		return fmt.Errorf("%w (a device)", ErrNotRegular)
	case m.IsDir():
		return fmt.Errorf("%w (a directory)", ErrNotRegular)
	default:
		return fmt.Errorf("%w (%v)", ErrNotRegular, m.Type())
	}
}
