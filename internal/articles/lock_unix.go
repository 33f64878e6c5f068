//go:build unix

package articles

import (
	"errors"
	"os"
	"syscall"
	"time"
)

// canLock says whether lockFile really locks.
const canLock = true

// lockFile takes a lock on f, shared or exclusive, waiting up to timeout;
// errLockTimeout when another process holds a conflicting one.
func lockFile(f *os.File, exclusive bool, timeout time.Duration) error {
	how := syscall.LOCK_SH
	if exclusive {
		how = syscall.LOCK_EX
	}
	deadline := time.Now().Add(timeout)
	for {
		err := syscall.Flock(int(f.Fd()), how|syscall.LOCK_NB)
		if !errors.Is(err, syscall.EWOULDBLOCK) {
			return err
		}
		if time.Now().After(deadline) {
			return errLockTimeout
		}
		time.Sleep(50 * time.Millisecond)
	}
}
