package synth

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"slices"
	"time"

	"github.com/sourcebot/newsbot/internal/corpus"
)

// verb is an action a fact sentence reports, and a question asks about.
type verb struct{ base, past, present string }

var verbs = []verb{
	{"approve", "approved", "approves"}, {"reject", "rejected", "rejects"}, {"sign", "signed", "signs"},
	{"announce", "announced", "announces"}, {"launch", "launched", "launches"}, {"block", "blocked", "blocks"},
	{"back", "backed", "backs"}, {"criticise", "criticised", "criticises"}, {"delay", "delayed", "delays"},
	{"expand", "expanded", "expands"}, {"oppose", "opposed", "opposes"}, {"welcome", "welcomed", "welcomes"},
	{"propose", "proposed", "proposes"}, {"investigate", "investigated", "investigates"}, {"order", "ordered", "orders"},
	{"suspend", "suspended", "suspends"}, {"confirm", "confirmed", "confirms"}, {"review", "reviewed", "reviews"},
	{"fund", "funded", "funds"}, {"defend", "defended", "defends"}, {"question", "questioned", "questions"},
	{"cancel", "cancelled", "cancels"}, {"deny", "denied", "denies"}, {"endorse", "endorsed", "endorses"},
}

// outlet is a news source and the odds that an article from it names itself
// with a © line, a sign-off and a dateline.
type outlet struct {
	name                       string
	weight                     int
	credits                    []string // photo credits naming it; nil when it has no photo desk
	pCopy, pSignoff, pDateline float64
}

var outlets = []outlet{
	{"Reuters", 3, []string{"REUTERS/%s", "Reuters/%s"}, 0.1, 0.5, 0.6},
	{"AFP", 3, []string{"AFP Photo/%s", "AFP/Getty Images"}, 0.7, 0.15, 0.2},
	{"AP", 2, []string{"AP Photo/%s"}, 0.2, 0.1, 0.7},
	{"Harbor Wire", 1, nil, 0.4, 0.35, 0.35},
	{"Meridian Post", 1, nil, 0.4, 0.35, 0.35},
	{"Northgate Herald", 1, nil, 0.4, 0.35, 0.35},
	{"Civic Ledger", 1, nil, 0.4, 0.35, 0.35},
	{"Tidewater Daily", 1, nil, 0.4, 0.35, 0.35},
}

// agencies are the outlets with photo desks, whose credits close captions.
var agencies = outlets[:3]

// How an article names its source, in the order corpus prefers the cues.
type srcCue int

const (
	cueCopyright srcCue = iota // "© 2014 AFP"
	cueSignoff                 // "Reuters" alone on the last line
	cueDateline                // "BEIJING, Dec 22 (Reuters) -"
	cueCredit                  // "REUTERS/Jane Doe" closing a caption
)

// How an article gives its date, in the order corpus prefers the cues.
type dateCue int

const (
	dateLine     dateCue = iota // a line that is only a date
	dateCitation                // "(2014, December 22)" in a citation line
	dateDateline                // "BEIJING, Dec 22 (Reuters) -", year from elsewhere
	dateWeekday                 // "on Monday (December 22)", year from elsewhere
)

// How a caption is printed.
type capStyle int

const (
	capNone        capStyle = iota
	capOnce                 // once
	capTwiceBlocks          // twice, as two blocks (corpus keeps one)
	capTwiceLines           // twice on adjacent lines of one block, as in the Reuters seed (corpus keeps one)
	capTwicePlain           // twice as two blocks, with no credit: the repeat alone marks it a caption
)

// features records which raw-copy habits an article shows, for tests.
type features struct {
	src      srcCue
	date     dateCue
	caption  capStyle
	bare     int // bare quotations
	broken   int // paragraphs broken by stray blank lines
	html     int // paragraphs with inline HTML
	citation bool
}

// passage is what corpus should make of one generated paragraph.
type passage struct {
	kind corpus.Kind
	text string
	bare bool // a quotation naming no speaker; its context is the body passage before it
}

// article is one generated file and the metadata it is meant to carry.
type article struct {
	file                     string
	title, source, date, url string
	passages                 []passage
	raw                      []byte
	feat                     features
}

// Sentence bounds, in words.
const (
	minSentence = 12
	maxSentence = 35
	// rareFrom is the vocabulary rank that fact sentences draw their object
	// from, so that questions have a distinctive word to ask about.
	rareFrom = 5_000
)

var (
	firstDay = time.Date(2005, 1, 1, 0, 0, 0, 0, time.UTC)
	lastDay  = time.Date(2024, 12, 31, 0, 0, 0, 0, time.UTC)
)

// builder writes one article; every random choice comes from r.
type builder struct {
	w          *world
	r          *rand.Rand
	words      *rand.Zipf // vocabulary ranks
	fame       *rand.Zipf // people ranks: a few people are in the news a lot
	date       time.Time
	out        outlet
	people     []string
	orgs       []string
	places     []string
	curly      bool // attributed quotations use “ ”
	otherYears bool // years other than the article's may appear: a date line or citation pins the date
}

// Zipf parameters: P(rank k) ∝ (zipfV + k)^-zipfS.
const (
	zipfS = 1.07
	zipfV = 2.0
)

func articleName(i int) string { return fmt.Sprintf("%06d_synth.txt", i) }

// newArticle builds article i (from 1) of n passages.
func newArticle(w *world, seed uint64, i, n int) article {
	return newBuilder(w, seed, i).build(articleName(i), n)
}

// newBuilder starts article i with its own random stream, so that an
// article depends only on the seed and its index.
func newBuilder(w *world, seed uint64, i int) *builder {
	r := rand.New(rand.NewPCG(seed, uint64(i)*0x9e3779b97f4a7c15))
	b := &builder{
		w:     w,
		r:     r,
		words: rand.NewZipf(r, zipfS, zipfV, uint64(len(w.words)-1)),
		fame:  rand.NewZipf(r, 1.1, 10, uint64(len(w.people)-1)),
		date:  firstDay.AddDate(0, 0, r.IntN(int(lastDay.Sub(firstDay).Hours()/24)+1)),
		curly: r.IntN(2) == 0,
	}
	b.out = b.pickOutlet()
	for range 2 + r.IntN(3) {
		b.people = append(b.people, w.people[b.fame.Uint64()])
	}
	for range 1 + r.IntN(2) {
		b.orgs = append(b.orgs, w.orgs[r.IntN(len(w.orgs))])
		b.places = append(b.places, w.places[r.IntN(len(w.places))])
	}
	return b
}

func (b *builder) pickOutlet() outlet {
	total := 0
	for _, o := range outlets {
		total += o.weight
	}
	k := b.r.IntN(total)
	for _, o := range outlets {
		if k -= o.weight; k < 0 {
			return o
		}
	}
	panic("unreachable")
}

func (b *builder) chance(p float64) bool { return b.r.Float64() < p }

// sources says which cues name an article's source.
type sources struct {
	copy, signoff, dateline bool
	creditOnly              bool // only a photo credit names it
}

// cue is the cue corpus reads the source from: the one it ranks highest.
func (c sources) cue() srcCue {
	switch {
	case c.copy:
		return cueCopyright
	case c.signoff:
		return cueSignoff
	case c.dateline:
		return cueDateline
	default:
		return cueCredit
	}
}

// unit is one paragraph, or a speaker's paragraph and its bare quotation,
// which a caption must not separate.
type unit struct {
	raw      string
	passages []passage
}

func (b *builder) build(file string, n int) article {
	a := article{file: file, source: b.out.name, date: b.date.Format(time.DateOnly)}
	src := b.sources(n)
	a.feat.src = src.cue()
	a.feat.date = b.dateCue(src.dateline)
	a.feat.citation = a.feat.date == dateCitation || src.copy && b.chance(0.2)
	b.otherYears = a.feat.date == dateLine || a.feat.date == dateCitation
	// The date's year must be in the text when only a month and day are.
	needYear := !src.copy && (a.feat.date == dateWeekday || a.feat.date == dateDateline)

	a.title = b.headline()

	// Captions count as passages; the rest are body.
	withCaption := n >= 2 && (src.creditOnly || b.chance(0.5))
	body := n
	if withCaption {
		body--
	}

	var raw bytes.Buffer
	b.top(&raw, a)
	units := b.units(&a.feat, body, src.dateline, needYear)
	if withCaption {
		units = b.withCaption(units, &a.feat, src.creditOnly)
	}
	for _, u := range units {
		raw.WriteString(u.raw)
		raw.WriteString("\n\n")
		a.passages = append(a.passages, u.passages...)
	}
	b.bottom(&raw, &a, src)
	a.raw = bytes.TrimRight(raw.Bytes(), "\n")
	a.raw = append(a.raw, '\n')
	return a
}

// sources picks which cues name the source. A cue that corpus ranks lower
// may name another outlet (a Reuters photo in a Harbor Wire story); the
// highest one always names this article's outlet. An article of two
// passages or more from an outlet with a photo desk may be named by its
// photo credit alone.
func (b *builder) sources(n int) sources {
	c := sources{copy: b.chance(b.out.pCopy), signoff: b.chance(b.out.pSignoff), dateline: b.chance(b.out.pDateline)}
	if c.copy || c.signoff || c.dateline {
		return c
	}
	switch k := b.r.IntN(3); {
	case b.out.credits != nil && n >= 2:
		c.creditOnly = true
	case k == 0:
		c.copy = true
	case k == 1:
		c.signoff = true
	default:
		c.dateline = true
	}
	return c
}

// dateCue picks how the article gives its date; a dateline can give it
// only when the article has one.
func (b *builder) dateCue(dateline bool) dateCue {
	switch k := b.r.IntN(100); {
	case k < 30:
		return dateLine
	case k < 45:
		return dateCitation
	case k < 65 && dateline:
		return dateDateline
	default:
		return dateWeekday
	}
}

// top writes what comes before the body: a blank top now and then (copied
// from a page), the headline, and the date line when it gives the date.
func (b *builder) top(raw *bytes.Buffer, a article) {
	if b.chance(0.2) {
		raw.WriteString("\n\n")
	}
	raw.WriteString(a.title)
	if a.feat.date == dateLine {
		if b.chance(0.3) {
			raw.WriteString("\n")
		} else {
			raw.WriteString("\n\n")
		}
		raw.WriteString(b.dateLine())
	}
	raw.WriteString("\n\n")
}

// units writes the body: the lead, then body-1 more passages of quoted
// paragraphs, speakers with a bare quotation, and narrative, some of it
// broken by stray blank lines or marked up in HTML.
func (b *builder) units(feat *features, body int, dateline, needYear bool) []unit {
	lead := b.lead(dateline, feat.date, needYear)
	units := []unit{{lead, []passage{{kind: corpus.Body, text: lead}}}}
	htmlOK := b.out.name != "Reuters" && b.chance(0.3)
	for left := body - 1; left > 0; {
		switch k := b.r.IntN(100); {
		case left >= 2 && k < 15:
			intro, quote := b.speaker(), b.bareQuote()
			units = append(units, unit{intro + "\n\n" + quote, []passage{{kind: corpus.Body, text: intro}, {kind: corpus.Body, text: quote, bare: true}}})
			feat.bare++
			left -= 2
			continue
		case k < 40:
			q := b.quoted()
			units = append(units, unit{q, []passage{{kind: corpus.Body, text: q}}})
		default:
			units = append(units, b.narrativeUnit(feat, k, htmlOK))
		}
		left--
	}
	return units
}

// narrativeUnit is a narrative paragraph; k, drawn from 0..99, decides
// whether its copy is broken by a stray blank line or marked up.
func (b *builder) narrativeUnit(feat *features, k int, htmlOK bool) unit {
	p := b.narrative()
	rawP := p
	switch {
	case k >= 96:
		if s, ok := b.breakParagraph(p); ok {
			rawP = s
			feat.broken++
		}
	case htmlOK && k >= 80:
		if s, ok := b.markup(p); ok {
			rawP = s
			feat.html++
		}
	}
	return unit{rawP, []passage{{kind: corpus.Body, text: p}}}
}

// withCaption inserts a photo caption among the units: before the lead,
// as in the Reuters seed, or after any unit.
func (b *builder) withCaption(units []unit, feat *features, creditOnly bool) []unit {
	c := b.caption(creditOnly)
	feat.caption = c.style
	at := 0
	if !b.chance(0.6) {
		at = 1 + b.r.IntN(len(units))
	}
	return slices.Insert(units, at, unit{c.raw, []passage{{kind: corpus.Caption, text: c.text}}})
}

// bottom writes what closes the copy: the sign-off, the © line, the
// citation line (which gives the article its link) and a copyright notice.
func (b *builder) bottom(raw *bytes.Buffer, a *article, src sources) {
	if src.signoff {
		raw.WriteString(b.signoff())
		raw.WriteString("\n\n")
	}
	if src.copy {
		forms := []string{"© %d %s", "(c) %d %s", "Copyright %d %s", "Copyright © %d %s"}
		fmt.Fprintf(raw, forms[b.r.IntN(len(forms))], b.date.Year(), b.out.name)
		raw.WriteString("\n\n")
	}
	if a.feat.citation {
		b.citation(raw, a)
	}
	if a.feat.citation || src.copy && b.chance(0.5) {
		raw.WriteString("This document is subject to copyright. No part may be reproduced without the written permission of the publisher.\n")
	}
}

// citation writes the citation line and sets the article's link.
func (b *builder) citation(raw *bytes.Buffer, a *article) {
	a.url = b.url(a.title)
	link := a.url
	if b.chance(0.5) {
		link = "<u>" + link + "</u>"
	}
	got := b.date.AddDate(0, 0, 1+b.r.IntN(400))
	fmt.Fprintf(raw, "Citation: %s (%d, %s %d) retrieved %d %s %d from %s\n\n",
		a.title, b.date.Year(), b.date.Month(), b.date.Day(), got.Day(), got.Month(), got.Year(), link)
}
