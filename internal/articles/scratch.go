package articles

import (
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
)

// A rebuild works in scratch directories beside the index, on its file
// system (a rename across file systems fails, and TMPDIR is often tmpfs):
// DIR.building-* for the new index, DIR.old-* for the old one on its way
// out. Each holds scratchMarker, locked while its process lives, so that
// one left by a killed process is known as this bot's, and as dead.
const scratchMarker = ".newsbot-scratch"

var scratchKinds = []string{".building-", ".old-"}

// scratchDir makes a marked, locked scratch directory beside dir. Closing
// the returned file releases it; removing it is the caller's.
func scratchDir(dir, kind string) (string, *os.File, error) {
	dir = filepath.Clean(dir)
	parent := filepath.Dir(dir) // "." for a bare name, never ""
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return "", nil, err
	}
	tmp, err := os.MkdirTemp(parent, filepath.Base(dir)+kind)
	if err != nil {
		return "", nil, err
	}
	marker, err := os.Create(filepath.Join(tmp, scratchMarker))
	if err == nil {
		err = lockFile(marker, true, 0)
	}
	if err != nil {
		if marker != nil {
			marker.Close()
		}
		os.RemoveAll(tmp)
		return "", nil, fmt.Errorf("scratch directory beside %s: %w", dir, err)
	}
	return tmp, marker, nil
}

// cleanStale removes the scratch directories beside dir that a process
// of this bot left behind: only those with the marker, and only when no
// live process holds it.
func cleanStale(dir string, log *slog.Logger) {
	if !canLock {
		return
	}
	dir = filepath.Clean(dir)
	for _, kind := range scratchKinds {
		matches, _ := filepath.Glob(filepath.Join(filepath.Dir(dir), globEscape(filepath.Base(dir))+kind+"*"))
		for _, m := range matches {
			switch removed, err := removeIfStale(m); {
			case err != nil:
				log.Warn("could not remove a stale build directory", "dir", m, "err", err)
			case removed:
				log.Info("removed a stale build directory", "dir", m)
			}
		}
	}
}

func removeIfStale(scratch string) (removed bool, err error) {
	marker, err := os.Open(filepath.Join(scratch, scratchMarker))
	if errors.Is(err, fs.ErrNotExist) {
		return false, nil // not ours: leave it
	}
	if err != nil {
		return false, err
	}
	defer marker.Close()
	if err := lockFile(marker, true, 0); errors.Is(err, errLockTimeout) {
		return false, nil // a build in progress
	} else if err != nil {
		return false, err
	}
	return true, os.RemoveAll(scratch)
}

// globEscape quotes the glob metacharacters of a literal name.
func globEscape(s string) string {
	out := make([]rune, 0, len(s))
	for _, r := range s {
		switch r {
		case '*', '?', '[', '\\':
			out = append(out, '\\')
		}
		out = append(out, r)
	}
	return string(out)
}
