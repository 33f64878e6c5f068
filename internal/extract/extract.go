// Package extract turns a document a teacher gives the bot, a .txt or .md
// file or a web page, into an article in the text format corpus.Parse
// reads, so that it is parsed, and refused with the same reasons, as a
// --data file.
//
// A web page goes through readability (codeberg.org/readeck/go-readability,
// a port of Firefox's Reader View), which drops the navigation, ads,
// scripts and comments around the story. Its headline, byline, publication
// date and canonical URL are kept where the page states them; the headline,
// site name, date and URL go into the article's front-matter block, the
// byline into Doc.Byline (the article format has no author).
package extract

import (
	"bytes"
	"errors"
	"fmt"

	"net/url"
	"path"
	"regexp"
	"strings"
	"time"

	readability "codeberg.org/readeck/go-readability/v2"
	xhtml "golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/sourcebot/newsbot/internal/corpus"
)

// Kinds of input.
const (
	Text     = "text"
	Markdown = "markdown"
	HTML     = "html"
)

// ErrUnsupported is returned for a document that is none of the kinds.
var ErrUnsupported = errors.New("not a .txt, .md or .html document")

// Input is a document as it arrived.
type Input struct {
	Name        string // its file name, or the link's last path element
	ContentType string // the media type it was served with, if any
	URL         string // the page's address, for a link; "" for a file
	Body        []byte
}

// Doc is an article ready for corpus.Parse.
type Doc struct {
	Kind   string // Text, Markdown or HTML
	Text   []byte // the article in corpus's format
	Byline string // the author(s) the page names, or ""
}

// KindOf says what in is, from its media type, then its name's extension.
func KindOf(in Input) (string, error) {
	switch in.ContentType {
	case "text/html", "application/xhtml+xml":
		return HTML, nil
	case "text/markdown", "text/x-markdown":
		return Markdown, nil
	}
	switch strings.ToLower(path.Ext(in.Name)) {
	case ".html", ".htm":
		return HTML, nil
	case ".md", ".markdown":
		return Markdown, nil
	case ".txt":
		return Text, nil
	}
	if in.ContentType == "text/plain" {
		return Text, nil
	}
	if in.ContentType == "" && bytes.Contains(bytes.ToLower(in.Body[:min(len(in.Body), 512)]), []byte("<html")) {
		return HTML, nil
	}
	return "", fmt.Errorf("%w (%s)", ErrUnsupported, describe(in))
}

func describe(in Input) string {
	if in.ContentType != "" {
		return in.ContentType
	}
	return in.Name
}

// Extract makes in an article for corpus.Parse. A page with no text the
// reader can find fails with corpus.ErrNoText, as an empty file does.
func Extract(in Input) (Doc, error) {
	kind, err := KindOf(in)
	if err != nil {
		return Doc{}, err
	}
	switch kind {
	case HTML:
		return fromHTML(in)
	case Markdown:
		return Doc{Kind: Markdown, Text: fromMarkdown(in.Body)}, nil
	}
	return Doc{Kind: Text, Text: in.Body}, nil
}

// Parse extracts in and parses it as corpus.Parse does a --data file named
// id+".txt": its errors are corpus's (ErrEmpty, ErrBinary, ErrNoText, ...).
func Parse(id string, in Input) (corpus.Article, Doc, error) {
	d, err := Extract(in)
	if err != nil {
		return corpus.Article{}, Doc{}, err
	}
	a, err := corpus.Parse(id+".txt", d.Text)
	if err != nil {
		return corpus.Article{}, Doc{}, err
	}
	a.File = in.Name
	return a, d, nil
}

var (
	mdHeading = regexp.MustCompile(`(?m)^#{1,6}[ \t]+(.*?)[ \t#]*$`)
	mdLink    = regexp.MustCompile(`!?\[([^\]\n]*)\]\([^)\s]*(?:\s+"[^"]*")?\)`)
	mdBold    = regexp.MustCompile(`(\*\*|__)([^*_\n]+?)(\*\*|__)`)
	mdItalic  = regexp.MustCompile(`(^|[\s(])\*([^*\s][^*\n]*?)\*`)
)

// fromMarkdown drops the Markdown that would otherwise be quoted as text:
// heading marks, link targets and emphasis marks. What is left reads as
// the plain article format.
func fromMarkdown(b []byte) []byte {
	b = mdHeading.ReplaceAll(b, []byte("$1"))
	b = mdLink.ReplaceAll(b, []byte("$1"))
	b = mdBold.ReplaceAll(b, []byte("$2"))
	return mdItalic.ReplaceAll(b, []byte("$1$2"))
}

// fromHTML reads the article out of a web page. A page that makes the
// reader panic is refused like one it finds nothing in.
func fromHTML(in Input) (d Doc, err error) {
	defer func() {
		if r := recover(); r != nil {
			d, err = Doc{}, fmt.Errorf("%w: the page could not be read (%v)", corpus.ErrNoText, r)
		}
	}()
	if len(bytes.TrimSpace(in.Body)) == 0 {
		return Doc{}, corpus.ErrEmpty
	}
	doc, err := xhtml.Parse(bytes.NewReader(in.Body))
	if err != nil {
		return Doc{}, fmt.Errorf("read the page: %w", err)
	}
	page, _ := url.Parse(in.URL)
	canonical := canonicalURL(doc, page)
	dropAds(doc)
	art, err := readability.FromDocument(doc, page)
	if err != nil || art.Node == nil {
		return Doc{}, fmt.Errorf("%w: no article found on the page", corpus.ErrNoText)
	}
	title := oneLine(art.Title())
	paras := paragraphs(art.Node)
	if len(paras) > 0 && title != "" && strings.EqualFold(paras[0], title) {
		paras = paras[1:] // the headline, already the first line
	}
	if len(paras) == 0 {
		return Doc{}, fmt.Errorf("%w: no article found on the page", corpus.ErrNoText)
	}
	var b bytes.Buffer
	b.WriteString("---\n")
	field := func(k, v string) {
		if v = oneLine(v); v != "" {
			fmt.Fprintf(&b, "%s: %s\n", k, v)
		}
	}
	field("title", title)
	field("source", sourceName(art.SiteName(), canonical, page))
	if t, err := art.PublishedTime(); err == nil {
		field("date", t.UTC().Format(time.DateOnly))
	}
	field("url", canonical)
	b.WriteString("---\n")
	// The text is escaped because corpus strips tags and unescapes
	// entities: "a <b> tag" in the article's words survives the trip.
	b.WriteString(escape.Replace(firstNonEmpty(title, "Untitled")))
	for _, p := range paras {
		b.WriteString("\n\n")
		b.WriteString(escape.Replace(p))
	}
	b.WriteString("\n")
	return Doc{Kind: HTML, Text: b.Bytes(), Byline: oneLine(art.Byline())}, nil
}

// escape protects what corpus would read as markup: a tag, an entity.
var escape = strings.NewReplacer("&", "&amp;", "<", "&lt;")

// oneLine folds white space, so a value fits a front-matter line; quotes
// at the ends would be taken off by the parser, so they go.
func oneLine(s string) string {
	return strings.Trim(strings.Join(strings.Fields(s), " "), `"'`)
}

func firstNonEmpty(vs ...string) string {
	for _, v := range vs {
		if v != "" {
			return v
		}
	}
	return ""
}

// sourceName is the publication: the site's name as the page gives it, or
// the host of its address.
func sourceName(site, canonical string, page *url.URL) string {
	if site != "" {
		return site
	}
	for _, raw := range []string{canonical, urlString(page)} {
		if u, err := url.Parse(raw); err == nil && u.Hostname() != "" {
			return strings.TrimPrefix(u.Hostname(), "www.")
		}
	}
	return ""
}

func urlString(u *url.URL) string {
	if u == nil {
		return ""
	}
	return u.String()
}

// canonicalURL is the page's own address as it states it (<link
// rel=canonical>, then og:url), else the address it was fetched from; only
// http(s) addresses are kept.
func canonicalURL(doc *xhtml.Node, page *url.URL) string {
	var found []string
	for n := range doc.Descendants() {
		if n.Type != xhtml.ElementNode {
			continue
		}
		switch {
		case n.DataAtom == atom.Link && hasToken(attr(n, "rel"), "canonical"):
			found = append([]string{attr(n, "href")}, found...) // canonical first
		case n.DataAtom == atom.Meta && attr(n, "property") == "og:url":
			found = append(found, attr(n, "content"))
		}
	}
	found = append(found, urlString(page))
	for _, raw := range found {
		u, err := url.Parse(strings.TrimSpace(raw))
		if err != nil || raw == "" {
			continue
		}
		if page != nil {
			u = page.ResolveReference(u)
		}
		if (u.Scheme == "http" || u.Scheme == "https") && u.Host != "" {
			u.Fragment = ""
			return u.String()
		}
	}
	return ""
}

func attr(n *xhtml.Node, key string) string {
	for _, a := range n.Attr {
		if a.Namespace == "" && strings.EqualFold(a.Key, key) {
			return a.Val
		}
	}
	return ""
}

func hasToken(list, tok string) bool {
	for _, f := range strings.Fields(list) {
		if strings.EqualFold(f, tok) {
			return true
		}
	}
	return false
}

// dropAds removes the elements a page marks as advertising, by a class or
// id such as "ad", "ad-slot" or "sponsored": readability keeps an ad that
// sits among the story's paragraphs.
func dropAds(doc *xhtml.Node) {
	var ads []*xhtml.Node
	for n := range doc.Descendants() {
		if n.Type == xhtml.ElementNode && isAd(attr(n, "class")+" "+attr(n, "id")) {
			ads = append(ads, n)
		}
	}
	for _, n := range ads {
		if n.Parent != nil {
			n.Parent.RemoveChild(n)
		}
	}
}

var adToken = regexp.MustCompile(`^(?:ads?|advert|advertisement|advertising|sponsored|sponsor|promo|(?:ad|ads|advert)[-_].*|.*[-_](?:ad|ads|advert))$`)

func isAd(names string) bool {
	for _, f := range strings.Fields(strings.ToLower(names)) {
		if adToken.MatchString(f) {
			return true
		}
	}
	return false
}

// blockAtoms are the elements that end a paragraph.
var blockAtoms = map[atom.Atom]bool{
	atom.P: true, atom.Div: true, atom.H1: true, atom.H2: true, atom.H3: true, atom.H4: true, atom.H5: true,
	atom.H6: true, atom.Li: true, atom.Ul: true, atom.Ol: true, atom.Blockquote: true, atom.Pre: true,
	atom.Figure: true, atom.Figcaption: true, atom.Section: true, atom.Article: true, atom.Header: true,
	atom.Footer: true, atom.Table: true, atom.Tr: true, atom.Td: true, atom.Th: true, atom.Dl: true,
	atom.Dt: true, atom.Dd: true, atom.Hr: true, atom.Main: true,
}

// skipAtoms hold no article text; readability removes most, but not all.
var skipAtoms = map[atom.Atom]bool{
	atom.Script: true, atom.Style: true, atom.Noscript: true, atom.Template: true, atom.Svg: true,
	atom.Iframe: true, atom.Form: true, atom.Button: true, atom.Nav: true, atom.Aside: true, atom.Select: true,
}

// paragraphs is the text of n, one string per block, white space folded.
func paragraphs(n *xhtml.Node) []string {
	var out []string
	var cur strings.Builder
	flush := func() {
		if s := strings.Join(strings.Fields(cur.String()), " "); s != "" {
			out = append(out, s)
		}
		cur.Reset()
	}
	var walk func(*xhtml.Node)
	walk = func(n *xhtml.Node) {
		switch n.Type {
		case xhtml.TextNode:
			cur.WriteString(n.Data)
			return
		case xhtml.ElementNode:
			if skipAtoms[n.DataAtom] {
				return
			}
			if n.DataAtom == atom.Br {
				cur.WriteString(" ")
				return
			}
		}
		block := n.Type == xhtml.ElementNode && blockAtoms[n.DataAtom]
		if block {
			flush()
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
		if block {
			flush()
		}
	}
	walk(n)
	flush()
	return out
}
