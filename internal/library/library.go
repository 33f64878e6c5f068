// Package library gives each Discord server the answer engine over its own
// articles: the ones its teachers added (kept in the store), and the
// default articles as well unless the server turned them off. In DMs, and
// in a server that never added an article, the default articles answer.
//
// A server's index is built from the store the first time the server asks
// something, and kept in a bounded LRU of open indexes. Each use checks the
// server's library version in the store, at most every CheckEvery, and
// rebuilds the index when it changed, so an article added or removed
// through one replica is answered from (or gone) on every replica within
// a few seconds.
package library

import (
	"container/list"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"golang.org/x/sync/singleflight"

	"github.com/sourcebot/newsbot/internal/answer"
	"github.com/sourcebot/newsbot/internal/articles"
	"github.com/sourcebot/newsbot/internal/corpus"
	"github.com/sourcebot/newsbot/internal/index"
	"github.com/sourcebot/newsbot/internal/store"
)

// Defaults of Options.
const (
	DefaultMaxArticles = 200
	DefaultMaxText     = corpus.MaxFileSize // 1 MiB: also the most corpus parses
	DefaultMaxPerHour  = 20
	DefaultMaxOpen     = 32
	DefaultCheckEvery  = 3 * time.Second
	// closeGrace is how long a replaced or evicted index stays open, so
	// that answers already running on it finish (an answer has 10 s).
	closeGrace = time.Minute
)

// Store is what a library keeps in the store.
type Store interface {
	Library(ctx context.Context, guildID string) (store.LibraryState, error)
	LibraryArticles(ctx context.Context, guildID string, withText bool) ([]store.LibraryArticle, error)
	AddArticle(ctx context.Context, a store.LibraryArticle, userID string, lim store.Limits) (string, error)
	RemoveArticle(ctx context.Context, guildID, id string) error
	SetLibraryDefaults(ctx context.Context, guildID string, on bool) error
	SetTeacherRole(ctx context.Context, guildID, roleID string) error
	UserHash(id string) string
}

// Options are the limits of the libraries; zero fields take the defaults.
type Options struct {
	MaxArticles int           // articles per server
	MaxText     int           // bytes of article text per article, at most DefaultMaxText
	MaxPerHour  int           // additions per teacher per hour
	MaxOpen     int           // server indexes kept open
	CheckEvery  time.Duration // how often a server's version is checked, at most
	// Fetcher downloads links and attachments; give it FetchOptions'
	// download cap. nil refuses them (files can still be Read).
	Fetcher Fetcher
	Log     *slog.Logger
}

func (o Options) withDefaults() Options {
	if o.MaxArticles <= 0 {
		o.MaxArticles = DefaultMaxArticles
	}
	if o.MaxText <= 0 || o.MaxText > DefaultMaxText {
		o.MaxText = DefaultMaxText
	}
	if o.MaxPerHour <= 0 {
		o.MaxPerHour = DefaultMaxPerHour
	}
	if o.MaxOpen <= 0 {
		o.MaxOpen = DefaultMaxOpen
	}
	if o.CheckEvery <= 0 {
		o.CheckEvery = DefaultCheckEvery
	}
	if o.Log == nil {
		o.Log = slog.New(slog.DiscardHandler)
	}
	return o
}

// Base is the default articles: their engine, and the synonym lists that
// apply to them (nil for the general vocabulary alone).
type Base struct {
	Engine   *answer.Engine
	Synonyms *index.Synonyms
}

// BaseOf is the Base of a loaded set of articles.
func BaseOf(s *articles.Set) *Base { return &Base{Engine: s.Engine, Synonyms: s.Synonyms} }

// Libraries are the servers' libraries over one store.
type Libraries struct {
	st      Store
	opt     Options
	general *index.Synonyms
	builds  singleflight.Group
	now     func() time.Time // the clock, for tests

	mu      sync.Mutex
	base    *Base
	entries map[string]*list.Element // of *entry, most recently used first
	lru     *list.List
	closed  bool
}

// entry is one server's engine as last built.
type entry struct {
	guild   string
	version int64
	base    *Base // the Base it includes, or nil when it has none
	engine  *answer.Engine
	ix      *index.Index // nil when the engine is the Base's own or an empty one
	checked time.Time    // when the version was last read from the store
	bytes   int          // of article text it holds, for logs
}

// New returns the libraries of st, over the default articles base. A nil
// base makes libraries that only add, list and remove: Engine fails.
func New(st Store, base *Base, opt Options) (*Libraries, error) {
	general, err := articles.GeneralSynonyms()
	if err != nil {
		return nil, err
	}
	return &Libraries{st: st, opt: opt.withDefaults(), general: general, now: time.Now, base: base,
		entries: map[string]*list.Element{}, lru: list.New()}, nil
}

// Options returns the limits in force.
func (l *Libraries) Options() Options { return l.opt }

// SetBase swaps in new default articles (after a reload). Servers that
// include them are rebuilt on their next use.
func (l *Libraries) SetBase(b *Base) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.base = b
}

// Base returns the default articles in use.
func (l *Libraries) Base() *Base {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.base
}

// Engine returns the engine that answers in guildID ("" for a DM). It
// fails only when the store cannot be read and there is no earlier engine
// of that server to answer from: never with another server's articles.
func (l *Libraries) Engine(ctx context.Context, guildID string) (*answer.Engine, error) {
	base := l.Base()
	if base == nil {
		return nil, errors.New("library: no default articles to answer from")
	}
	if guildID == "" {
		return base.Engine, nil
	}
	if e := l.fresh(guildID, base); e != nil {
		return e.engine, nil
	}
	st, err := l.st.Library(ctx, guildID)
	if err != nil {
		if e := l.cached(guildID); e != nil {
			l.opt.Log.Warn("library: cannot check the server's version; answering from the last one", "guild", guildID, "err", err.Error())
			return e.engine, nil
		}
		return nil, fmt.Errorf("library of %s: %w", guildID, err)
	}
	if e := l.cached(guildID); e != nil && e.version == st.Version && e.base == baseIf(st.Defaults, base) {
		l.touch(guildID, st.Version)
		return e.engine, nil
	}
	v, err, _ := l.builds.Do(fmt.Sprintf("%s@%d", guildID, st.Version), func() (any, error) {
		return l.build(ctx, guildID, st, base)
	})
	if err != nil {
		return nil, err
	}
	e := v.(*entry)
	l.put(e)
	return e.engine, nil
}

func baseIf(on bool, b *Base) *Base {
	if on {
		return b
	}
	return nil
}

// fresh returns guildID's entry if its version was checked within
// CheckEvery and it was built over base.
func (l *Libraries) fresh(guildID string, base *Base) *entry {
	l.mu.Lock()
	defer l.mu.Unlock()
	el, ok := l.entries[guildID]
	if !ok {
		return nil
	}
	e := el.Value.(*entry)
	if l.now().Sub(e.checked) >= l.opt.CheckEvery || (e.base != nil && e.base != base) {
		return nil
	}
	l.lru.MoveToFront(el)
	return e
}

func (l *Libraries) cached(guildID string) *entry {
	l.mu.Lock()
	defer l.mu.Unlock()
	if el, ok := l.entries[guildID]; ok {
		return el.Value.(*entry)
	}
	return nil
}

// touch notes that guildID's entry is still at version.
func (l *Libraries) touch(guildID string, version int64) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if el, ok := l.entries[guildID]; ok {
		if e := el.Value.(*entry); e.version == version {
			e.checked = l.now()
			l.lru.MoveToFront(el)
		}
	}
}

// build makes guildID's engine at state st.
func (l *Libraries) build(ctx context.Context, guildID string, st store.LibraryState, base *Base) (*entry, error) {
	start := l.now()
	e := &entry{guild: guildID, version: st.Version, base: baseIf(st.Defaults, base), checked: start}
	if st.Version == 0 { // never had a library
		e.engine = base.Engine
		return e, nil
	}
	stored, err := l.st.LibraryArticles(ctx, guildID, true)
	if err != nil {
		return nil, fmt.Errorf("library of %s: %w", guildID, err)
	}
	own := l.parse(guildID, stored)
	for _, a := range stored {
		e.bytes += len(a.Text)
	}
	if len(own) == 0 && st.Defaults {
		e.engine = base.Engine
		return e, nil
	}
	all, syn := own, l.general
	if st.Defaults {
		all = append(append([]corpus.Article(nil), base.Engine.Articles()...), own...)
		if base.Synonyms != nil {
			syn = base.Synonyms
		}
	}
	ix, err := index.Build(ctx, all, syn)
	if err != nil {
		return nil, fmt.Errorf("library of %s: index: %w", guildID, err)
	}
	e.ix, e.engine = ix, answer.New(all, ix)
	l.opt.Log.Info("library: built a server's index", "guild", guildID, "version", st.Version, "articles", len(own),
		"defaults", st.Defaults, "passages", e.engine.Passages(), "took", l.now().Sub(start).Round(time.Millisecond).String())
	return e, nil
}

// parse reads the stored articles as corpus does; one that no longer
// parses (the parser changed since it was added) is logged and left out.
func (l *Libraries) parse(guildID string, stored []store.LibraryArticle) []corpus.Article {
	var out []corpus.Article
	for _, s := range stored {
		a, err := Parse(s)
		if err != nil {
			l.opt.Log.Warn("library: a stored article no longer parses; left out", "guild", guildID, "article", s.ID, "err", err.Error())
			continue
		}
		out = append(out, a)
	}
	return out
}

// Parse makes a stored article a corpus article again; its id is the
// store's, so its passages' ids are unique across servers and defaults.
func Parse(s store.LibraryArticle) (corpus.Article, error) {
	a, err := corpus.Parse(s.ID+".txt", []byte(s.Text))
	if err != nil {
		return corpus.Article{}, err
	}
	a.File = s.Name
	return a, nil
}

// put installs e as its server's engine, unless a newer one is already
// there, and evicts what is past the bounds (see evict).
func (l *Libraries) put(e *entry) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.closed {
		l.retire(e)
		return
	}
	if el, ok := l.entries[e.guild]; ok {
		old := el.Value.(*entry)
		if old == e {
			return
		}
		if old.version > e.version {
			l.retire(e)
			return
		}
		l.retire(old)
		el.Value = e
		l.lru.MoveToFront(el)
	} else {
		l.entries[e.guild] = l.lru.PushFront(e)
	}
	l.evict()
}

// entriesPerIndex bounds the servers remembered without an index of their
// own (they answer from the defaults, and cost a few hundred bytes), so
// that many such servers never push a built index out.
const entriesPerIndex = 100

// evict drops the least recently used server indexes past MaxOpen, and the
// least recently used servers past entriesPerIndex × MaxOpen.
func (l *Libraries) evict() {
	indexes := 0
	for el := l.lru.Front(); el != nil; el = el.Next() {
		if el.Value.(*entry).ix != nil {
			indexes++
		}
	}
	for el := l.lru.Back(); el != nil && indexes > l.opt.MaxOpen; {
		prev := el.Prev()
		if el.Value.(*entry).ix != nil {
			l.drop(el)
			indexes--
		}
		el = prev
	}
	for l.lru.Len() > entriesPerIndex*l.opt.MaxOpen {
		l.drop(l.lru.Back())
	}
}

func (l *Libraries) drop(el *list.Element) {
	old := l.lru.Remove(el).(*entry)
	delete(l.entries, old.guild)
	l.retire(old)
}

// retire closes e's index once answers running on it have had time to
// finish.
func (l *Libraries) retire(e *entry) {
	if e.ix == nil {
		return
	}
	ix := e.ix
	time.AfterFunc(closeGrace, func() {
		defer func() {
			if r := recover(); r != nil {
				l.opt.Log.Error("library: closing a server's index panicked", "guild", e.guild, "panic", fmt.Sprint(r))
			}
		}()
		if err := ix.Close(); err != nil {
			l.opt.Log.Warn("library: close a server's index", "guild", e.guild, "err", err.Error())
		}
	})
}

// Open reports how many server engines are kept, and how many of them hold
// an index of their own.
func (l *Libraries) Open() (engines, indexes int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	for el := l.lru.Front(); el != nil; el = el.Next() {
		engines++
		if el.Value.(*entry).ix != nil {
			indexes++
		}
	}
	return engines, indexes
}

// Close closes every server index now; the Libraries answer nothing after.
func (l *Libraries) Close() error {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.closed = true
	var errs []error
	for el := l.lru.Front(); el != nil; el = el.Next() {
		if e := el.Value.(*entry); e.ix != nil {
			errs = append(errs, e.ix.Close())
		}
	}
	l.entries, l.lru = map[string]*list.Element{}, list.New()
	return errors.Join(errs...)
}
