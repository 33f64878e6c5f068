package index

import (
	"sync"
	"sync/atomic"
)

// memo caches what an index answers the same way every time (it does not
// change once built): term counts, word families, spellings, a concept's
// analyzed forms. It is bounded by entries: once full it stores no more,
// as questions bring words no passage has. Values are shared between
// callers, who must not change them.
type memo[K comparable, V any] struct {
	m    sync.Map
	size atomic.Int64
}

// maxMemo bounds each memo: a corpus's vocabulary and the words its
// readers ask about fit many times over, at about 50 bytes a term.
// maxMemoKey is the longest word kept: no word is longer, and a question
// of long junk words would otherwise fill a memo with kilobyte keys.
const (
	maxMemo    = 1 << 15
	maxMemoKey = 64
)

// memoable reports whether word w is short enough to be a memo's key.
func memoable(w string) bool { return len(w) <= maxMemoKey }

func (c *memo[K, V]) get(k K) (V, bool) {
	v, ok := c.m.Load(k)
	if !ok {
		var zero V
		return zero, false
	}
	return v.(V), true
}

func (c *memo[K, V]) put(k K, v V) {
	if c.size.Load() >= maxMemo {
		return
	}
	if _, loaded := c.m.LoadOrStore(k, v); !loaded {
		c.size.Add(1)
	}
}
