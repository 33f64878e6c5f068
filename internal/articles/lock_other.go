//go:build !unix

package articles

import (
	"os"
	"time"
)

// canLock says whether lockFile really locks: without it, no scratch
// directory can be told dead, and none is removed.
const canLock = false

// lockFile does nothing where there is no flock: only the index's own
// bolt lock, taken when rebuilding, keeps writers apart there.
func lockFile(f *os.File, exclusive bool, timeout time.Duration) error { return nil }
