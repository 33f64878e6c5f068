package answer

import (
	"container/list"
	"slices"
	"sync"
)

// cache keeps the latest answers by exact question text: a class asks the
// same questions again and again, and an answer never changes while the
// articles don't. It is safe for concurrent use.
type cache struct {
	mu    sync.Mutex
	size  int
	order *list.List // front is most recent; values are *cacheEntry
	byKey map[string]*list.Element
}

type cacheEntry struct {
	key string
	ans Answer
	err error // nil or ErrNoAnswer
}

func newCache(size int) *cache {
	return &cache{size: size, order: list.New(), byKey: make(map[string]*list.Element, size)}
}

func (c *cache) get(key string) (*Answer, error, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	el, ok := c.byKey[key]
	if !ok {
		return nil, nil, false
	}
	c.order.MoveToFront(el)
	e := el.Value.(*cacheEntry)
	ans := e.ans.clone() // callers may change their Answer
	return &ans, e.err, true
}

func (c *cache) put(key string, ans *Answer, err error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if el, ok := c.byKey[key]; ok {
		c.order.MoveToFront(el)
		return
	}
	c.byKey[key] = c.order.PushFront(&cacheEntry{key: key, ans: ans.clone(), err: err})
	if c.order.Len() > c.size {
		last := c.order.Back()
		c.order.Remove(last)
		delete(c.byKey, last.Value.(*cacheEntry).key)
	}
}

// clone copies an answer deeply enough that changing the copy, its
// alternatives, highlights or dates leaves the original as it was. Articles
// are shared: nothing changes them.
func (a Answer) clone() Answer {
	a.Best = a.Best.clone()
	a.Alternatives = slices.Clone(a.Alternatives)
	for i := range a.Alternatives {
		a.Alternatives[i] = a.Alternatives[i].clone()
	}
	return a
}

func (r Result) clone() Result {
	r.Highlights = slices.Clone(r.Highlights)
	if r.When != nil {
		w := *r.When
		r.When = &w
	}
	return r
}
