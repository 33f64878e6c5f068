//go:build !unix

package library

import (
	"os"
	"time"
)

// lockFile does nothing where there is no flock: only the index's own
// bolt lock, taken when rebuilding, keeps writers apart there.
func lockFile(f *os.File, exclusive bool, timeout time.Duration) error { return nil }
