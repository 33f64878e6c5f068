package index

import (
	"context"
	"errors"
	"fmt"
)

// ErrDamaged means the index cannot be trusted: a search over it panicked
// or failed. An Index that returned it once returns it from every later
// Search and Concepts, and Damaged reports it, so that a server can stop
// taking traffic and the command line can fail clearly.
var ErrDamaged = errors.New("the index is damaged")

// damage is the first failure that marked an index damaged.
type damage struct{ err error }

// Damaged returns an error wrapping ErrDamaged once a search has found the
// index damaged, and nil until then.
func (ix *Index) Damaged() error {
	if d := ix.damage.Load(); d != nil {
		return d.err
	}
	return nil
}

// guard turns a panic or a failure of bleve into ErrDamaged and remembers
// it; op names what was being done. It must be deferred.
func (ix *Index) guard(ctx context.Context, op string, err *error) {
	if r := recover(); r != nil {
		*err = ix.markDamaged(fmt.Errorf("%s panicked: %v", op, r))
		return
	}
	if *err == nil || ctx.Err() != nil || errors.Is(*err, ErrNoConcepts) || errors.Is(*err, ErrDamaged) {
		return // a cancelled question says nothing about the index
	}
	*err = ix.markDamaged(*err)
}

func (ix *Index) markDamaged(cause error) error {
	ix.damage.CompareAndSwap(nil, &damage{fmt.Errorf("%w: %w", ErrDamaged, cause)})
	return ix.Damaged()
}

// Has reports whether the index holds a passage with this id; opening an
// index uses it to check that the articles stored beside it are the ones
// it was built from.
func (ix *Index) Has(id string) (ok bool, err error) {
	defer func() {
		if r := recover(); r != nil {
			ok, err = false, fmt.Errorf("%w: look up %q panicked: %v", ErrDamaged, id, r)
		}
	}()
	d, err := ix.bl.Document(id)
	if err != nil {
		return false, fmt.Errorf("look up %q: %w", id, err)
	}
	return d != nil, nil
}
