// Package memo keeps what is worked out the same way every time (it
// reads something that does not change), bounded by entries.
package memo

import (
	"sync"
	"sync/atomic"
)

// DefaultMax is the bound of a Memo whose Max is 0: a corpus's vocabulary,
// or the passages questions reach, fit many times over.
const DefaultMax = 1 << 15

// Memo maps keys to values computed once. Once it holds Max entries it
// stores no more, and what is not kept is computed each time: questions
// bring words no passage has, and a memo must not grow with them. Values
// are shared between callers, who must not change them. The zero Memo is
// ready to use.
type Memo[K comparable, V any] struct {
	Max  int64 // the most entries kept; 0 means DefaultMax
	m    sync.Map
	size atomic.Int64
}

// Get returns k's value, if kept.
func (c *Memo[K, V]) Get(k K) (V, bool) {
	v, ok := c.m.Load(k)
	if !ok {
		var zero V
		return zero, false
	}
	return v.(V), true
}

// Put keeps v for k, unless the memo is full.
func (c *Memo[K, V]) Put(k K, v V) {
	if c.Full() {
		return
	}
	if _, loaded := c.m.LoadOrStore(k, v); !loaded {
		c.size.Add(1)
	}
}

// Of returns k's value, computing it with f and keeping it if it is not
// kept yet.
func (c *Memo[K, V]) Of(k K, f func() V) V {
	if v, ok := c.Get(k); ok {
		return v
	}
	v := f()
	c.Put(k, v)
	return v
}

// Full reports whether the memo keeps no more.
func (c *Memo[K, V]) Full() bool { return c.size.Load() >= c.max() }

// Len is the number of entries kept.
func (c *Memo[K, V]) Len() int { return int(c.size.Load()) }

// Range calls f for each entry kept, as sync.Map's Range does.
func (c *Memo[K, V]) Range(f func(K, V) bool) {
	c.m.Range(func(k, v any) bool { return f(k.(K), v.(V)) })
}

func (c *Memo[K, V]) max() int64 {
	if c.Max > 0 {
		return c.Max
	}
	return DefaultMax
}
