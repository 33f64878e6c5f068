package index

import (
	"context"
	"errors"
	"fmt"

	"github.com/blevesearch/bleve/v2"
)

// ErrDamaged means the index cannot be trusted: a search over it panicked
// or failed, and so did a probe that asks nothing of the question. An Index that returned it once returns it from every later
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

// guard decides what a panic or a failure of bleve means; op names what
// was being done. It must be deferred. The question may have caused it (a
// word no automaton can be built for, a bug in bleve that one input
// reaches): then only that question fails. Otherwise the index is marked
// damaged. A probe that asks nothing of the question tells them apart, so
// that no hostile question can take a server's index out of service.
func (ix *Index) guard(ctx context.Context, op string, err *error) {
	if r := recover(); r != nil {
		*err = fmt.Errorf("%s panicked: %v", op, r)
	} else if *err == nil || ctx.Err() != nil || errors.Is(*err, ErrNoConcepts) || errors.Is(*err, ErrDamaged) {
		return // a cancelled question says nothing about the index
	}
	if perr := ix.probe(); perr != nil {
		*err = ix.markDamaged(fmt.Errorf("%w (and a probe failed too: %w)", *err, perr))
		return
	}
	*err = fmt.Errorf("%w: %w", ErrQuestion, *err)
}

// ErrQuestion means one question could not be searched although the index
// answers others: the question, not the index, is at fault.
var ErrQuestion = errors.New("this question could not be searched")

// probe reads the index as every question does, with nothing of a
// question in it: one stored passage with its term locations, and a term
// of the passages' dictionary through an index reader. It recovers its own
// panics.
func (ix *Index) probe() (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("probe panicked: %v", r)
		}
	}()
	req := bleve.NewSearchRequestOptions(bleve.NewMatchAllQuery(), 1, 0, false)
	req.IncludeLocations = true
	if _, err := ix.bl.SearchInContext(context.Background(), req); err != nil {
		return fmt.Errorf("probe search: %w", err)
	}
	r := &termCounter{ix: ix}
	defer r.close()
	if err := r.open(); err != nil {
		return fmt.Errorf("probe: %w", err)
	}
	d, err := r.r.FieldDict(fieldText)
	if err != nil {
		return fmt.Errorf("probe term dictionary: %w", err)
	}
	defer d.Close()
	if _, err := d.Next(); err != nil {
		return fmt.Errorf("probe term dictionary: %w", err)
	}
	return nil
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
