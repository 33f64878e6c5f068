package library

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"path"
	"strings"
	"time"

	"github.com/sourcebot/newsbot/internal/corpus"
	"github.com/sourcebot/newsbot/internal/extract"
	"github.com/sourcebot/newsbot/internal/fetch"
	"github.com/sourcebot/newsbot/internal/store"
)

// Fetcher downloads links and Discord attachments; *fetch.Fetcher is one.
type Fetcher interface {
	URL(ctx context.Context, link string) (fetch.Page, error)
	Attachment(ctx context.Context, link string) (fetch.Page, error)
}

// Errors of adding an article, besides extract's, corpus's, fetch's and
// the store's ErrLibraryFull and ErrTooManyAdditions; test with errors.Is.
var (
	ErrTextTooLarge = errors.New("the article's text is larger than the limit")
	ErrDuplicate    = errors.New("this article is already in the server's library")
	ErrNoFetcher    = errors.New("this bot does not fetch links")
)

// draftID is the article id of a draft: a placeholder, replaced by the
// store's id when the draft is added.
const draftID = "draft"

// Draft is an article read and parsed but not stored yet: what a preview
// shows, and what Add stores.
type Draft struct {
	Name    string         // the file name, or the link
	Text    []byte         // the article in corpus's format, as stored
	Article corpus.Article // what it will answer from
	Byline  string         // the author the page names, or ""
}

// Read makes a Draft of a document: its text must fit MaxText, and it must
// parse as a --data file does (the same reasons when it does not).
func (l *Libraries) Read(in extract.Input) (Draft, error) {
	if len(in.Body) > l.downloadCap() {
		return Draft{}, fmt.Errorf("%s: %w", in.Name, l.tooLarge(len(in.Body)))
	}
	a, doc, err := extract.Parse(draftID, in)
	if err != nil {
		return Draft{}, fmt.Errorf("%s: %w", in.Name, err)
	}
	if len(doc.Text) > l.opt.MaxText {
		return Draft{}, fmt.Errorf("%s: %w", in.Name, l.tooLarge(len(doc.Text)))
	}
	name := in.Name
	if in.URL != "" {
		name = in.URL
	}
	return Draft{Name: name, Text: doc.Text, Article: a, Byline: doc.Byline}, nil
}

func (l *Libraries) tooLarge(n int) error {
	return fmt.Errorf("%w (%d KiB; the limit is %d KiB)", ErrTextTooLarge, (n+1023)/1024, l.opt.MaxText/1024)
}

// downloadCap is the most bytes read of a document: a page's markup is
// several times its text, so four times the text limit.
func (l *Libraries) downloadCap() int { return int(FetchOptions(l.opt, fetch.Options{}).MaxBytes) }

// DownloadCap is the most bytes of a document Read takes.
func (l *Libraries) DownloadCap() int { return l.downloadCap() }

// FetchOptions are o with the download cap that goes with opt's limits,
// for the Fetcher of Options.
func FetchOptions(opt Options, o fetch.Options) fetch.Options {
	o.MaxBytes = int64(4 * opt.withDefaults().MaxText)
	return o
}

// ReadLink fetches a web page (or a text file) and makes a Draft of it.
func (l *Libraries) ReadLink(ctx context.Context, link string) (Draft, error) {
	f := l.opt.Fetcher
	if f == nil {
		return Draft{}, ErrNoFetcher
	}
	p, err := f.URL(ctx, link)
	if err != nil {
		return Draft{}, err
	}
	return l.Read(extract.Input{Name: nameOf(p.URL), ContentType: p.ContentType, URL: p.URL, Body: p.Body})
}

// ReadAttachment fetches a Discord attachment named name and makes a
// Draft of it. An attachment's link is signed and expires, so it is not
// kept as the article's URL.
func (l *Libraries) ReadAttachment(ctx context.Context, name, link string) (Draft, error) {
	f := l.opt.Fetcher
	if f == nil {
		return Draft{}, ErrNoFetcher
	}
	p, err := f.Attachment(ctx, link)
	if err != nil {
		return Draft{}, err
	}
	// The file's own extension decides (Discord serves .md as
	// text/plain); the type it was served as only for a name without one.
	ct := p.ContentType
	if path.Ext(name) != "" {
		if _, err := extract.KindOf(extract.Input{Name: name}); err != nil {
			return Draft{}, fmt.Errorf("%s: %w", name, err)
		}
		ct = ""
	}
	return l.Read(extract.Input{Name: name, ContentType: ct, Body: p.Body})
}

// nameOf is the last element of a link's path, or its host.
func nameOf(link string) string {
	u, err := url.Parse(link)
	if err != nil {
		return link
	}
	if b := path.Base(u.Path); b != "/" && b != "." && b != "" {
		return b
	}
	return u.Hostname()
}

// Add stores d in guildID's library as added by userID (a raw Discord id;
// "" for the command line) and returns it as stored. It returns
// ErrDuplicate, store.ErrLibraryFull or store.ErrTooManyAdditions
// (wrapped) when it is refused.
func (l *Libraries) Add(ctx context.Context, guildID, userID string, d Draft) (store.LibraryArticle, error) {
	if guildID == "" {
		return store.LibraryArticle{}, errors.New("library: articles are added to a server, and no server was given")
	}
	if len(d.Text) > l.opt.MaxText {
		return store.LibraryArticle{}, l.tooLarge(len(d.Text))
	}
	have, err := l.st.LibraryArticles(ctx, guildID, false)
	if err != nil {
		return store.LibraryArticle{}, err
	}
	a := d.Article
	for _, h := range have {
		if h.Title == a.Title && h.Source == a.Source && h.Date == a.Date && (h.URL == a.URL || h.Name == d.Name) {
			return store.LibraryArticle{}, fmt.Errorf("%w (%q, added %s)", ErrDuplicate, h.Title, h.AddedAt.UTC().Format("2006-01-02 15:04 UTC"))
		}
	}
	row := store.LibraryArticle{GuildID: guildID, Name: d.Name, Text: string(d.Text), Title: a.Title, Source: a.Source,
		Date: a.Date, URL: a.URL, Byline: d.Byline, Passages: len(a.Passages)}
	id, err := l.st.AddArticle(ctx, row, userID, store.Limits{MaxArticles: l.opt.MaxArticles, MaxPerHour: l.opt.MaxPerHour})
	if err != nil {
		return store.LibraryArticle{}, err
	}
	l.changed(guildID)
	row.ID = id
	return row, nil
}

// List returns guildID's articles, without their text, oldest first.
func (l *Libraries) List(ctx context.Context, guildID string) ([]store.LibraryArticle, error) {
	return l.st.LibraryArticles(ctx, guildID, false)
}

// Find returns the article of guildID that ref names: its id, or its
// headline when exactly one article has it (ignoring case).
func (l *Libraries) Find(ctx context.Context, guildID, ref string) (store.LibraryArticle, error) {
	list, err := l.List(ctx, guildID)
	if err != nil {
		return store.LibraryArticle{}, err
	}
	var byTitle []store.LibraryArticle
	for _, a := range list {
		if a.ID == ref {
			return a, nil
		}
		if strings.EqualFold(a.Title, strings.TrimSpace(ref)) {
			byTitle = append(byTitle, a)
		}
	}
	switch len(byTitle) {
	case 1:
		return byTitle[0], nil
	case 0:
		return store.LibraryArticle{}, fmt.Errorf("%q: %w", ref, store.ErrUnknownArticle)
	}
	return store.LibraryArticle{}, fmt.Errorf("%q: %d articles have that headline; give the id", ref, len(byTitle))
}

// Remove deletes article id from guildID's library; it is answered from no
// more, here at once and on other replicas within CheckEvery.
func (l *Libraries) Remove(ctx context.Context, guildID, id string) error {
	if err := l.st.RemoveArticle(ctx, guildID, id); err != nil {
		return err
	}
	l.changed(guildID)
	return nil
}

// UserHash is the keyed hash the store keeps of a Discord user id, to
// compare with store.LibraryArticle.AddedBy.
func (l *Libraries) UserHash(id string) string { return l.st.UserHash(id) }

// State is guildID's library settings and version.
func (l *Libraries) State(ctx context.Context, guildID string) (store.LibraryState, error) {
	return l.st.Library(ctx, guildID)
}

// SetTeacherRole sets the role whose members may change guildID's library
// besides those with Manage Server; "" clears it.
func (l *Libraries) SetTeacherRole(ctx context.Context, guildID, roleID string) error {
	return l.st.SetTeacherRole(ctx, guildID, roleID)
}

// SetDefaults says whether guildID answers from the default articles too.
func (l *Libraries) SetDefaults(ctx context.Context, guildID string, on bool) error {
	if err := l.st.SetLibraryDefaults(ctx, guildID, on); err != nil {
		return err
	}
	l.changed(guildID)
	return nil
}

// changed makes the next Engine of guildID read its version at once.
func (l *Libraries) changed(guildID string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if el, ok := l.entries[guildID]; ok {
		el.Value.(*entry).checked = time.Time{}
	}
}
