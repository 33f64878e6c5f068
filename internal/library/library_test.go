package library

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/sourcebot/newsbot/internal/answer"
	"github.com/sourcebot/newsbot/internal/articles"
	"github.com/sourcebot/newsbot/internal/corpus"
	"github.com/sourcebot/newsbot/internal/extract"
	"github.com/sourcebot/newsbot/internal/fetch"
	"github.com/sourcebot/newsbot/internal/index"
	"github.com/sourcebot/newsbot/internal/store"
	"github.com/sourcebot/newsbot/internal/store/storetest"
)

const floodQuestion = "when did the schools reopen after the flood?"

var (
	baseOnce sync.Once
	baseSet  *articles.Set
)

// defaults is the embedded articles, loaded once for the package's tests.
func defaults(tb testing.TB) *Base {
	tb.Helper()
	baseOnce.Do(func() {
		var err error
		if baseSet, err = articles.Load(context.Background(), ""); err != nil {
			tb.Fatalf("load the embedded articles: %v", err)
		}
	})
	return BaseOf(baseSet)
}

func openStore(tb testing.TB, dsn string) *store.Store {
	tb.Helper()
	s, err := store.Open(context.Background(), dsn)
	if err != nil {
		tb.Fatalf("store.Open: %v", err)
	}
	tb.Cleanup(func() { s.Close() })
	return s
}

func newLibraries(tb testing.TB, st Store, opt Options) *Libraries {
	tb.Helper()
	opt.Log = slog.New(slog.NewTextHandler(tbWriter{tb}, nil))
	l, err := New(st, defaults(tb), opt)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { l.Close() })
	return l
}

type tbWriter struct{ tb testing.TB }

func (w tbWriter) Write(p []byte) (int, error) {
	w.tb.Log(strings.TrimSpace(string(p)))
	return len(p), nil
}

// readFile makes a draft of a testdata file.
func readFile(tb testing.TB, l *Libraries, name string) Draft {
	tb.Helper()
	return readUpload(tb, l, filepath.Join("testdata", name), name)
}

// councilPage is the web page internal/extract tests readability on (its
// JSON-LD case); here it is a teacher's upload named council.html.
const councilPage = "../extract/testdata/blog-jsonld.html"

// readUpload reads the file at path as an upload called name.
func readUpload(tb testing.TB, l *Libraries, path, name string) Draft {
	tb.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		tb.Fatal(err)
	}
	d, err := l.Read(extract.Input{Name: name, Body: b})
	if err != nil {
		tb.Fatalf("Read(%s): %v", name, err)
	}
	return d
}

func mustAdd(tb testing.TB, l *Libraries, guild, file string) store.LibraryArticle {
	tb.Helper()
	a, err := l.Add(context.Background(), guild, "teacher-"+guild, readFile(tb, l, file))
	if err != nil {
		tb.Fatalf("Add(%s, %s): %v", guild, file, err)
	}
	return a
}

func engine(tb testing.TB, l *Libraries, guild string) *answer.Engine {
	tb.Helper()
	e, err := l.Engine(context.Background(), guild)
	if err != nil {
		tb.Fatalf("Engine(%q): %v", guild, err)
	}
	return e
}

// answeredFrom is the id of the article that answers q in guild, or "".
func answeredFrom(tb testing.TB, l *Libraries, guild, q string) string {
	tb.Helper()
	ans, err := engine(tb, l, guild).Ask(context.Background(), q)
	if errors.Is(err, answer.ErrNoAnswer) {
		return ""
	}
	if err != nil {
		tb.Fatalf("Ask(%q) in %q: %v", q, guild, err)
	}
	return ans.Best.Article.ID
}

func hasArticle(e *answer.Engine, id string) bool {
	for _, a := range e.Articles() {
		if a.ID == id {
			return true
		}
	}
	return false
}

func TestServersSeeOnlyTheirOwn(t *testing.T) {
	l := newLibraries(t, openStore(t, ":memory:"), Options{})
	base := defaults(t)
	if engine(t, l, "") != base.Engine || engine(t, l, "nolib") != base.Engine {
		t.Fatalf("a DM and a server without a library: want the default engine")
	}
	if got := answeredFrom(t, l, "A", floodQuestion); got != "" {
		t.Fatalf("before any addition the flood question is answered from %s", got)
	}

	added := mustAdd(t, l, "A", "schools.txt")
	if added.ID == "" || added.Title != "Schools reopen after the flood" || added.Passages != 4 || added.Source != "The Riverside Courier" {
		t.Errorf("Add = %+v", added)
	}
	if got := answeredFrom(t, l, "A", floodQuestion); got != added.ID {
		t.Errorf("A's flood question answered from %q, want its own article %s", got, added.ID)
	}
	ans, err := engine(t, l, "A").Ask(context.Background(), floodQuestion)
	if err != nil || !strings.Contains(ans.Best.Passage.Text, "reopened on Thursday") {
		t.Errorf("A's answer = %+v, %v", ans, err)
	}
	// The default articles still answer there.
	if got := answeredFrom(t, l, "A", "what did China say about proof?"); got == "" || got == added.ID {
		t.Errorf("A's question on the default articles answered from %q", got)
	}
	for _, g := range []string{"B", ""} {
		if got := answeredFrom(t, l, g, floodQuestion); got != "" {
			t.Errorf("server %q answers the flood question from %s: another server's article", g, got)
		}
		if hasArticle(engine(t, l, g), added.ID) {
			t.Errorf("server %q lists A's article among its sources", g)
		}
	}

	// Removed: gone from answers, sources and "More passages".
	passage := ans.Best.Passage.ID
	if _, ok := engine(t, l, "A").Passage(passage); !ok {
		t.Fatalf("Passage(%s) before removal: not found", passage)
	}
	if err := l.Remove(context.Background(), "A", added.ID); err != nil {
		t.Fatal(err)
	}
	e := engine(t, l, "A")
	if got := answeredFrom(t, l, "A", floodQuestion); got != "" {
		t.Errorf("after removal the flood question is answered from %s", got)
	}
	if hasArticle(e, added.ID) {
		t.Errorf("after removal A's sources still list the article")
	}
	if _, ok := e.Passage(passage); ok {
		t.Errorf("after removal Passage(%s) is still found", passage)
	}
}

func TestDefaultsOff(t *testing.T) {
	l := newLibraries(t, openStore(t, ":memory:"), Options{})
	ctx := context.Background()
	if err := l.SetDefaults(ctx, "A", false); err != nil {
		t.Fatal(err)
	}
	if n := len(engine(t, l, "A").Articles()); n != 0 {
		t.Errorf("defaults off, no articles: %d articles, want none", n)
	}
	if got := answeredFrom(t, l, "A", "what did China say about proof?"); got != "" {
		t.Errorf("defaults off: answered from the default article %s", got)
	}
	added := mustAdd(t, l, "A", "schools.txt")
	e := engine(t, l, "A")
	if len(e.Articles()) != 1 || e.Articles()[0].ID != added.ID {
		t.Errorf("defaults off: articles %v, want only %s", e.Articles(), added.ID)
	}
	if got := answeredFrom(t, l, "A", floodQuestion); got != added.ID {
		t.Errorf("defaults off: flood question answered from %q", got)
	}
	if err := l.SetDefaults(ctx, "A", true); err != nil {
		t.Fatal(err)
	}
	if n := len(engine(t, l, "A").Articles()); n != 1+len(defaults(t).Engine.Articles()) {
		t.Errorf("defaults back on: %d articles", n)
	}
	if got := answeredFrom(t, l, "B", "what did China say about proof?"); got == "" {
		t.Errorf("A's setting turned B's defaults off")
	}
}

// countingStore counts the store calls a library makes.
type countingStore struct {
	Store
	states, lists atomic.Int64
	fail          atomic.Bool
}

func (c *countingStore) Library(ctx context.Context, g string) (store.LibraryState, error) {
	c.states.Add(1)
	if c.fail.Load() {
		return store.LibraryState{}, errors.New("database is away")
	}
	return c.Store.Library(ctx, g)
}

func (c *countingStore) LibraryArticles(ctx context.Context, g string, text bool) ([]store.LibraryArticle, error) {
	if text {
		c.lists.Add(1)
	}
	return c.Store.LibraryArticles(ctx, g, text)
}

// TestVersionCheckedCheaply: within CheckEvery an engine is served with no
// store call; after it, one cheap version read, and a rebuild only when the
// version moved.
func TestVersionCheckedCheaply(t *testing.T) {
	cs := &countingStore{Store: openStore(t, ":memory:")}
	l := newLibraries(t, cs, Options{CheckEvery: time.Hour})
	now := time.Now()
	l.now = func() time.Time { return now }
	mustAdd(t, l, "A", "schools.txt")
	first := engine(t, l, "A")
	states, lists := cs.states.Load(), cs.lists.Load()
	for range 100 {
		if engine(t, l, "A") != first {
			t.Fatal("the engine changed with no change to the library")
		}
	}
	if s, li := cs.states.Load()-states, cs.lists.Load()-lists; s != 0 || li != 0 {
		t.Errorf("100 uses within CheckEvery made %d version reads and %d article reads, want none", s, li)
	}
	now = now.Add(time.Hour)
	engine(t, l, "A")
	if s, li := cs.states.Load()-states, cs.lists.Load()-lists; s != 1 || li != 0 {
		t.Errorf("a use after CheckEvery made %d version reads and %d article reads, want 1 and 0", s, li)
	}
	// The store is away: the server's last engine answers, never the
	// defaults alone.
	cs.fail.Store(true)
	now = now.Add(time.Hour)
	if engine(t, l, "A") != first {
		t.Errorf("with the store away: want the last engine of A")
	}
	if _, err := l.Engine(context.Background(), "never-seen"); err == nil {
		t.Errorf("a server never seen, with the store away: want an error, not the default articles")
	}
}

func TestLRUBound(t *testing.T) {
	l := newLibraries(t, openStore(t, ":memory:"), Options{MaxOpen: 2})
	for _, g := range []string{"A", "B", "C"} {
		mustAdd(t, l, g, "schools.txt")
		engine(t, l, g)
	}
	if engines, indexes := l.Open(); engines != 2 || indexes != 2 {
		t.Errorf("Open() = %d engines, %d indexes; want 2 and 2 with MaxOpen 2", engines, indexes)
	}
	// Servers without a library of their own do not push an index out.
	a := engine(t, l, "C")
	for i := range 50 {
		engine(t, l, fmt.Sprintf("nolib%d", i))
	}
	if engine(t, l, "C") != a {
		t.Errorf("50 servers without a library evicted C's index")
	}
	// And they are remembered only so far.
	for i := range 3 * entriesPerIndex {
		engine(t, l, fmt.Sprintf("nolib%d", i))
	}
	if engines, _ := l.Open(); engines != 2*entriesPerIndex {
		t.Errorf("Open() = %d engines after %d servers; want at most %d", engines, 3*entriesPerIndex, 2*entriesPerIndex)
	}
	// An evicted server is built again, and answers the same.
	if got := answeredFrom(t, l, "A", floodQuestion); got == "" {
		t.Errorf("evicted server A no longer answers from its article")
	}
}

func TestSetBaseRebuilds(t *testing.T) {
	l := newLibraries(t, openStore(t, ":memory:"), Options{})
	added := mustAdd(t, l, "A", "schools.txt")
	before := engine(t, l, "A")
	// New default articles, as /reload makes: one article of our own.
	b, err := os.ReadFile("testdata/schools.txt")
	if err != nil {
		t.Fatal(err)
	}
	a, err := corpus.Parse("reloaded.txt", b)
	if err != nil {
		t.Fatal(err)
	}
	set, err := articlesFrom([]corpus.Article{a})
	if err != nil {
		t.Fatal(err)
	}
	l.SetBase(set)
	after := engine(t, l, "A")
	if after == before || !hasArticle(after, "reloaded") || !hasArticle(after, added.ID) || hasArticle(after, baseSet.Engine.Articles()[0].ID) {
		t.Errorf("after SetBase A's articles are %v: want the new defaults and its own", ids(after))
	}
	if engine(t, l, "") != set.Engine {
		t.Errorf("a DM after SetBase: want the new defaults")
	}
}

func ids(e *answer.Engine) []string {
	var out []string
	for _, a := range e.Articles() {
		out = append(out, a.ID)
	}
	return out
}

func TestLimits(t *testing.T) {
	ctx := context.Background()
	l := newLibraries(t, openStore(t, ":memory:"), Options{MaxArticles: 1, MaxPerHour: 1, MaxText: 1024})
	if _, err := l.Read(extract.Input{Name: "big.txt", Body: []byte("Headline\n\n" + strings.Repeat("word ", 300))}); !errors.Is(err, ErrTextTooLarge) {
		t.Errorf("Read of 1.5 KiB with MaxText 1 KiB: %v, want ErrTextTooLarge", err)
	}
	small := func() Draft {
		d, err := l.Read(extract.Input{Name: "s.txt", Body: []byte("Headline\n\nA short article about the flood in the town.")})
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	if _, err := l.Add(ctx, "A", "t1", small()); err != nil {
		t.Fatal(err)
	}
	if _, err := l.Add(ctx, "A", "t2", readFileSmall(t, l)); !errors.Is(err, store.ErrLibraryFull) {
		t.Errorf("second article with MaxArticles 1: %v, want ErrLibraryFull", err)
	}
	if _, err := l.Add(ctx, "B", "t1", small()); err != nil {
		t.Fatalf("first in B: %v", err)
	}
	if _, err := l.Add(ctx, "C", "t1", small()); err != nil {
		t.Errorf("another server's library has its own hourly count: %v", err)
	}
	if err := l.Remove(ctx, "B", mustList(t, l, "B")[0].ID); err != nil {
		t.Fatal(err)
	}
	if _, err := l.Add(ctx, "B", "t1", readFileSmall(t, l)); !errors.Is(err, store.ErrTooManyAdditions) {
		t.Errorf("second addition by t1 in B within the hour: %v, want ErrTooManyAdditions", err)
	}
	if _, err := l.Add(ctx, "C", "t1", small()); !errors.Is(err, ErrDuplicate) {
		t.Errorf("the same article twice: %v, want ErrDuplicate", err)
	}
}

func readFileSmall(t *testing.T, l *Libraries) Draft {
	d, err := l.Read(extract.Input{Name: "other.txt", Body: []byte("Another headline\n\nAnother short article.")})
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func mustList(t *testing.T, l *Libraries, g string) []store.LibraryArticle {
	t.Helper()
	list, err := l.List(context.Background(), g)
	if err != nil {
		t.Fatal(err)
	}
	return list
}

// TestBrokenFiles: a file that fails gets the reason a --data file gets.
func TestBrokenFiles(t *testing.T) {
	l := newLibraries(t, openStore(t, ":memory:"), Options{})
	b, _ := os.ReadFile("testdata/broken.txt")
	for _, tc := range []struct {
		in   extract.Input
		want error
		text string
	}{
		{extract.Input{Name: "broken.txt", Body: b}, corpus.ErrMeta, `broken.txt: bad metadata block: line 3: date "last Tuesday" is not YYYY-MM-DD`},
		{extract.Input{Name: "empty.md", Body: []byte("\n")}, corpus.ErrEmpty, "empty.md: empty file"},
		{extract.Input{Name: "scan.pdf", Body: []byte("%PDF")}, extract.ErrUnsupported, "scan.pdf: not a .txt, .md or .html document (scan.pdf)"},
	} {
		_, err := l.Read(tc.in)
		if !errors.Is(err, tc.want) || err.Error() != tc.text {
			t.Errorf("Read(%s) = %v, want %q", tc.in.Name, err, tc.text)
		}
	}
}

func TestHTMLFile(t *testing.T) {
	l := newLibraries(t, openStore(t, ":memory:"), Options{})
	d := readUpload(t, l, councilPage, "council.html")
	a, err := l.Add(context.Background(), "A", "t", d)
	if err != nil {
		t.Fatal(err)
	}
	if a.Title != "Council votes to keep the library open" || a.Byline != "Sam Lee" || a.Date != "2024-11-05" || a.Name != "council.html" {
		t.Errorf("Add(council.html) = %+v", a)
	}
	if got := answeredFrom(t, l, "A", "how did the council vote on the library?"); got != a.ID {
		t.Errorf("council question answered from %q, want %s", got, a.ID)
	}
}

// TestReplicas: two bots on one database; a change through one is
// answered from by the other within a few seconds.
func TestReplicas(t *testing.T) {
	for _, tc := range sharedStores {
		t.Run(tc.name, func(t *testing.T) {
			dsn := tc.dsn(t)
			opt := Options{CheckEvery: 100 * time.Millisecond}
			one := newLibraries(t, openStore(t, dsn), opt)
			two := newLibraries(t, openStore(t, dsn), opt)
			if got := answeredFrom(t, two, "A", floodQuestion); got != "" {
				t.Fatalf("replica two answers before any addition, from %s", got)
			}
			added := mustAdd(t, one, "A", "schools.txt")
			waitFor(t, "replica two answers from the article added on one", func() bool {
				return answeredFrom(t, two, "A", floodQuestion) == added.ID
			})
			if err := two.Remove(context.Background(), "A", added.ID); err != nil {
				t.Fatal(err)
			}
			waitFor(t, "replica one forgets the article removed on two", func() bool {
				return !hasArticle(engine(t, one, "A"), added.ID)
			})
		})
	}
}

func waitFor(t *testing.T, what string, ok func() bool) {
	t.Helper()
	start := time.Now()
	for !ok() {
		if time.Since(start) > 3*time.Second {
			t.Fatalf("%s: not within 3s", what)
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Logf("%s: after %v", what, time.Since(start).Round(time.Millisecond))
}

// articlesFrom is a Base of articles, as a reload makes one.
func articlesFrom(as []corpus.Article) (*Base, error) {
	syn, err := articles.GeneralSynonyms()
	if err != nil {
		return nil, err
	}
	ix, err := index.Build(context.Background(), as, syn)
	if err != nil {
		return nil, err
	}
	return &Base{Engine: answer.New(as, ix), Synonyms: syn}, nil
}

var discard = slog.New(slog.DiscardHandler)

// TestConcurrentUse asks from many goroutines while the library changes:
// every engine handed out answers, from the server's own articles or the
// defaults, and never fails (run it with -race).
func TestConcurrentUse(t *testing.T) {
	// The changer adds as fast as it can: on a fast machine it passed
	// the default additions per hour before the askers were done.
	l := newLibraries(t, openStore(t, filepath.Join(t.TempDir(), "bot.db")), Options{CheckEvery: time.Millisecond, MaxPerHour: 1 << 30})
	l.opt.Log = discard
	ctx := context.Background()
	stop := make(chan struct{})
	var changes sync.WaitGroup
	changes.Go(func() {
		for i := 0; ; i++ {
			select {
			case <-stop:
				return
			default:
			}
			a := mustAdd(t, l, "A", "schools.txt")
			if err := l.Remove(ctx, "A", a.ID); err != nil {
				t.Error(err)
				return
			}
		}
	})
	var askers sync.WaitGroup
	for g := range 6 {
		askers.Go(func() {
			guild := []string{"A", "B", ""}[g%3]
			for range 30 {
				e, err := l.Engine(ctx, guild)
				if err != nil {
					t.Errorf("Engine(%q): %v", guild, err)
					return
				}
				if _, err := e.Ask(ctx, floodQuestion); err != nil && !errors.Is(err, answer.ErrNoAnswer) {
					t.Errorf("Ask in %q: %v", guild, err)
					return
				}
			}
		})
	}
	askers.Wait()
	close(stop)
	changes.Wait()
	if _, indexes := l.Open(); indexes > 1 {
		t.Errorf("%d server indexes open, want at most A's", indexes)
	}
}

// fakeFetcher serves one page for every link.
type fakeFetcher struct{ page fetch.Page }

func (f fakeFetcher) URL(_ context.Context, link string) (fetch.Page, error) {
	p := f.page
	p.URL = link
	return p, nil
}

func (f fakeFetcher) Attachment(ctx context.Context, link string) (fetch.Page, error) {
	return f.URL(ctx, link)
}

func TestReadAttachment(t *testing.T) {
	md := "# Schools reopen after the flood\n\nAll twelve schools **reopened** on Thursday, the superintendent said.\n"
	l := newLibraries(t, openStore(t, ":memory:"), Options{Fetcher: fakeFetcher{fetch.Page{ContentType: "text/plain", Body: []byte(md)}}})
	d, err := l.ReadAttachment(context.Background(), "week1.md", "https://cdn.example/attachments/1/2/week1.md?hm=sig")
	if err != nil {
		t.Fatal(err)
	}
	// Discord serves .md as text/plain: the file's own name decides.
	if d.Article.Title != "Schools reopen after the flood" || d.Article.Passages[0].Text != "All twelve schools reopened on Thursday, the superintendent said." {
		t.Errorf("ReadAttachment = %+v", d.Article)
	}
	if d.Name != "week1.md" || d.Article.URL != "" {
		t.Errorf("name %q, url %q: want the file name, and no signed attachment link kept", d.Name, d.Article.URL)
	}
	if _, err := newLibraries(t, openStore(t, ":memory:"), Options{}).ReadLink(context.Background(), "https://example.com/"); !errors.Is(err, ErrNoFetcher) {
		t.Errorf("ReadLink with no fetcher: %v", err)
	}
}

// sharedStores are the stores that replicas can share: a SQLite file and
// PostgreSQL (skipped without BOT_TEST_POSTGRES).
var sharedStores = []struct {
	name string
	dsn  func(t *testing.T) string
}{
	{"sqlite-file", func(t *testing.T) string { return filepath.Join(t.TempDir(), "bot.db") }},
	{"postgres", func(t *testing.T) string { return storetest.PostgresDSN(t) }},
}
