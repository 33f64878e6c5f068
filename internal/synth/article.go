package synth

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

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

// headline is a news-style headline: a subject, a verb in the present
// tense, a distinctive word and a few more.
func (b *builder) headline() string {
	var s strings.Builder
	switch b.r.IntN(3) {
	case 0:
		s.WriteString(b.place())
	case 1:
		s.WriteString(b.org())
	default:
		p := b.person()
		s.WriteString(p[strings.IndexByte(p, ' ')+1:])
	}
	s.WriteString(" " + verbs[b.r.IntN(len(verbs))].present + " ")
	if b.chance(0.2) {
		s.WriteString("'" + b.rare() + "'")
	} else {
		s.WriteString(b.rare())
	}
	for range 1 + b.r.IntN(4) {
		s.WriteString(" " + b.content())
	}
	return s.String()
}

// dateLine is a line that is only the date, in one of the forms web copy
// prints it.
func (b *builder) dateLine() string {
	t := b.date
	clock := fmt.Sprintf("%d:%02d", 1+b.r.IntN(12), b.r.IntN(60))
	switch b.r.IntN(8) {
	case 0:
		return fmt.Sprintf("%s %d %d", t.Month(), t.Day(), t.Year())
	case 1:
		return fmt.Sprintf("%s %d, %d", t.Month(), t.Day(), t.Year())
	case 2:
		return fmt.Sprintf("%s %d, %d", apMonth(t.Month()), t.Day(), t.Year())
	case 3:
		return fmt.Sprintf("%s, %s %d, %d %s %s", t.Weekday(), apMonth(t.Month()), t.Day(), t.Year(), clock, []string{"AM", "PM"}[b.r.IntN(2)])
	case 4:
		return fmt.Sprintf("%d %s %d", t.Day(), t.Month(), t.Year())
	case 5:
		return t.Format(time.DateOnly)
	case 6:
		return fmt.Sprintf("Published: %s %d, %d", t.Month(), t.Day(), t.Year())
	default:
		return fmt.Sprintf("Updated: %d %s %d %s GMT", t.Day(), t.Month().String()[:3], t.Year(), clock)
	}
}

// apMonth abbreviates a month the way AP style does: "Dec.", "Sept.", "March".
func apMonth(m time.Month) string {
	switch m {
	case time.March, time.April, time.May, time.June, time.July:
		return m.String()
	case time.September:
		return "Sept."
	}
	return m.String()[:3] + "."
}

// datelineMonth abbreviates a month as a Reuters dateline does: "Dec", "Sept", "March".
func datelineMonth(m time.Month) string {
	return strings.TrimSuffix(apMonth(m), ".")
}

// weekdayDate mentions a day the way body copy does: "Monday (December 22)".
func (b *builder) weekdayDate(t time.Time) string {
	switch b.r.IntN(4) {
	case 0:
		return fmt.Sprintf("%s, %s %d,", t.Weekday(), apMonth(t.Month()), t.Day())
	case 1:
		return fmt.Sprintf("%s %d %s", t.Weekday(), t.Day(), t.Month())
	}
	return fmt.Sprintf("%s (%s %d)", t.Weekday(), t.Month(), t.Day())
}

// lead is the first body paragraph: it carries the dateline and, when the
// date comes from the body, the weekday-and-date mention.
func (b *builder) lead(dateline bool, cue dateCue, needYear bool) string {
	var s strings.Builder
	if dateline {
		city := strings.ToUpper(b.places[0])
		dash := []string{"-", "—", "–"}[b.r.IntN(3)]
		if cue == dateDateline {
			fmt.Fprintf(&s, "%s, %s %d (%s) %s ", city, datelineMonth(b.date.Month()), b.date.Day(), b.out.name, dash)
		} else {
			fmt.Fprintf(&s, "%s (%s) %s ", city, b.out.name, dash)
		}
	}
	if cue == dateWeekday {
		subj := []string{b.person(), b.org(), "Officials in " + b.place(), "The " + b.place() + " government"}[b.r.IntN(4)]
		b.sentence(&s, subj+" said on "+b.weekdayDate(b.date)+" that", false, '.')
	} else {
		b.sentence(&s, b.factHead(), false, '.')
	}
	if b.chance(0.4) {
		s.WriteByte(' ')
		b.sentence(&s, b.otherHead(), false, '.')
	}
	if needYear {
		s.WriteByte(' ')
		b.sentence(&s, fmt.Sprintf("%s %s the %s in %d", b.org(), verbs[b.r.IntN(len(verbs))].past, b.content(), b.date.Year()), false, '.')
	}
	return s.String()
}

// narrative is a paragraph of one to three sentences, one of them a fact
// sentence ("Name verbed the rareword ...") that questions are made from.
func (b *builder) narrative() string {
	var s strings.Builder
	k := 1 + b.r.IntN(3)
	fact := b.r.IntN(k)
	for i := range k {
		if i > 0 {
			s.WriteByte(' ')
		}
		head := b.otherHead()
		switch {
		case i == fact:
			head = b.factHead()
		case b.chance(0.1):
			// An earlier day, as in "told Kerry on Sunday (December 21)".
			head = fmt.Sprintf("%s met %s on %s", b.person(), b.person(), b.weekdayDate(b.date.AddDate(0, 0, -1-b.r.IntN(4))))
		}
		b.sentence(&s, head, false, '.')
	}
	return s.String()
}

func (b *builder) factHead() string {
	return b.person() + " " + verbs[b.r.IntN(len(verbs))].past + " the " + b.rare()
}

func (b *builder) otherHead() string {
	switch b.r.IntN(7) {
	case 0:
		return b.org() + " " + verbs[b.r.IntN(len(verbs))].past
	case 1:
		return "The " + b.content()
	case 2:
		return "In " + b.place() + ","
	case 3:
		return b.person() + ", " + b.role() + ", said"
	case 4:
		return "But the " + b.content()
	case 5:
		return "Analysts in " + b.place() + " said"
	}
	return "It"
}

func (b *builder) role() string {
	switch b.r.IntN(7) {
	case 0:
		return "a spokesman for " + b.org()
	case 1:
		return "a spokeswoman for " + b.org()
	case 2:
		return "the head of " + b.org()
	case 3:
		return "a senior official at " + b.org()
	case 4:
		return "an analyst at " + b.org()
	case 5:
		return b.place() + "'s foreign minister"
	}
	return "a lawmaker from " + b.place()
}

var quoteOpeners = []string{"We", "It", "This", "Our", "They", "There", "I think", "Nobody"}

// quote writes k quoted sentences, the last ending with end. With bare, it
// avoids every word that would attribute the quotation.
func (b *builder) quote(s *strings.Builder, k int, bare bool, end byte) {
	for i := range k {
		if i > 0 {
			s.WriteByte(' ')
		}
		e := byte('.')
		if i == k-1 {
			e = end
		}
		b.sentence(s, quoteOpeners[b.r.IntN(len(quoteOpeners))], bare, e)
	}
}

// quoted is a quotation with its attribution in the same paragraph.
func (b *builder) quoted() string {
	open, close := `"`, `"`
	if b.curly {
		open, close = "“", "”"
	}
	var s strings.Builder
	k := 1 + b.r.IntN(2)
	switch b.r.IntN(4) {
	case 0:
		s.WriteString(open)
		b.quote(&s, k, false, ',')
		s.WriteString(close + " " + b.person() + " said.")
	case 1:
		s.WriteString(open)
		b.quote(&s, k, false, ',')
		s.WriteString(close + " said " + b.person() + ", " + b.role() + ".")
	case 2:
		s.WriteString(b.person() + " said: " + open)
		b.quote(&s, k, false, '.')
		s.WriteString(close)
	default:
		s.WriteString(open)
		b.quote(&s, 1, false, ',')
		s.WriteString(close + " " + b.person() + " told reporters. " + open)
		b.quote(&s, 1, false, '.')
		s.WriteString(close)
	}
	return s.String()
}

// speaker is a paragraph naming who speaks in the bare quotation after it.
func (b *builder) speaker() string {
	var s strings.Builder
	b.sentence(&s, b.person()+", "+b.role()+", said", false, '.')
	if b.chance(0.4) {
		s.WriteByte(' ')
		b.sentence(&s, b.factHead(), false, '.')
	}
	return s.String()
}

// bareQuote is a quotation that names no speaker. It uses straight quotes:
// corpus only recognises a bare quotation by a leading ASCII quote.
func (b *builder) bareQuote() string {
	var s strings.Builder
	s.WriteByte('"')
	b.quote(&s, 1+b.r.IntN(2), true, '.')
	s.WriteByte('"')
	return s.String()
}

// sentence writes head and enough words after it for a sentence of 12–35
// words, then end.
func (b *builder) sentence(s *strings.Builder, head string, bare bool, end byte) {
	n := minSentence + b.r.IntN(12) + b.r.IntN(13) - len(strings.Fields(head))
	s.WriteString(head)
	b.filler(s, max(n, 1), bare)
	s.WriteByte(end)
}

// filler writes n words drawn by Zipf rank, with names and numbers mixed in.
func (b *builder) filler(s *strings.Builder, n int, bare bool) {
	for n > 0 {
		w, k := "", 1
		switch x := b.r.IntN(100); {
		case x < 3 && n >= 2:
			w, k = b.org(), 2
		case x < 6:
			w = b.place()
		case x < 8 && n >= 2:
			w, k = b.person(), 2
		case x < 10:
			w, k = b.number(n)
		case x < 11 && b.otherYears && n >= 2:
			w, k = "since "+strconv.Itoa(b.date.Year()-1-b.r.IntN(15)), 2
		default:
			w = b.word(bare)
		}
		s.WriteByte(' ')
		s.WriteString(w)
		if n -= k; n > 0 && b.r.IntN(16) == 0 {
			s.WriteByte(',')
		}
	}
}

// number is a figure as news prints it, of at most n words. None reads as a
// year, so that the only years in the text are those meant.
func (b *builder) number(n int) (string, int) {
	if n >= 2 {
		switch b.r.IntN(5) {
		case 0:
			return fmt.Sprintf("%d.%d percent", 1+b.r.IntN(60), b.r.IntN(10)), 2
		case 1:
			return fmt.Sprintf("$%d %s", 1+b.r.IntN(900), []string{"million", "billion"}[b.r.IntN(2)]), 2
		case 2:
			return fmt.Sprintf("about %d", 2+b.r.IntN(998)), 2
		}
	}
	if b.chance(0.5) {
		return fmt.Sprintf("%d,%03d", 1+b.r.IntN(99), b.r.IntN(1000)), 1
	}
	return strconv.Itoa(2 + b.r.IntN(998)), 1
}

// word draws a word by Zipf rank.
func (b *builder) word(bare bool) string {
	for {
		i := b.words.Uint64()
		if !bare || !b.w.attrib[i] {
			return b.w.words[i]
		}
	}
}

// content draws a word outside the hundred most frequent.
func (b *builder) content() string {
	for {
		if i := b.words.Uint64(); i >= 100 && !b.w.attrib[i] {
			return b.w.words[i]
		}
	}
}

// rare draws a word from the long tail, uniformly.
func (b *builder) rare() string {
	return b.w.words[rareFrom+b.r.IntN(len(b.w.words)-rareFrom)]
}

// person is mostly one of the story's cast, sometimes anyone.
func (b *builder) person() string {
	if b.chance(0.8) {
		return b.people[b.r.IntN(len(b.people))]
	}
	return b.w.people[b.fame.Uint64()]
}

func (b *builder) place() string {
	if b.chance(0.7) {
		return b.places[b.r.IntN(len(b.places))]
	}
	return b.w.places[b.r.IntN(len(b.w.places))]
}

func (b *builder) org() string {
	if b.chance(0.7) {
		return b.orgs[b.r.IntN(len(b.orgs))]
	}
	return b.w.orgs[b.r.IntN(len(b.w.orgs))]
}

// creditStarts are first words that would make a block a credit line
// ("Reporting by …", "Read more …"), dropped by corpus.
var creditStarts = set("reporting writing editing additional compiled produced by read related share")

// breakParagraph splits p where stray blank lines break web copy: mid
// sentence, after at least 8 words, so that corpus joins the halves again.
func (b *builder) breakParagraph(p string) (string, bool) {
	f := strings.Fields(p)
	var at []int
	for i := 8; i+3 <= len(f); i++ {
		last := f[i-1][len(f[i-1])-1]
		// Only where a reader could tell the break: the rest starts in lower
		// case, or what comes before is one unfinished sentence.
		next, _ := utf8.DecodeRuneInString(f[i])
		telling := unicode.IsLower(next) || !strings.ContainsAny(strings.Join(f[:i], " "), ".!?")
		if telling && (unicode.IsLetter(rune(last)) || unicode.IsDigit(rune(last))) && !creditStarts[strings.ToLower(f[i])] {
			at = append(at, i)
		}
	}
	if len(at) == 0 {
		return "", false
	}
	i := at[b.r.IntN(len(at))]
	sep := []string{"\n\n", "\n\n\n", "\n\n\n\n"}[b.r.IntN(3)]
	return strings.Join(f[:i], " ") + sep + strings.Join(f[i:], " "), true
}

// markup wraps a word or two of p in inline HTML, as copied web pages keep.
func (b *builder) markup(p string) (string, bool) {
	f := strings.Fields(p)
	if len(f) < 4 {
		return "", false
	}
	i := 1 + b.r.IntN(len(f)-2)
	j := min(i+1+b.r.IntN(2), len(f))
	open, close := "<u>", "</u>"
	if b.chance(0.3) {
		open, close = `<a href="https://example-news.test/tag/`+strings.Trim(strings.ToLower(f[i]), ",.$")+`">`, "</a>"
	}
	return strings.Join(f[:i], " ") + " " + open + strings.Join(f[i:j], " ") + close + tail(f[j:]), true
}

func tail(f []string) string {
	if len(f) == 0 {
		return ""
	}
	return " " + strings.Join(f, " ")
}

// generated caption: its raw text and the passage corpus should make of it.
type caption struct {
	raw, text string
	style     capStyle
}

func (b *builder) caption(creditOnly bool) caption {
	// The caption's date is the article's or a few days before, in the same year.
	t := b.date.AddDate(0, 0, -b.r.IntN(10))
	if t.Year() != b.date.Year() {
		t = b.date
	}
	when := fmt.Sprintf("%s %d, %d", t.Month(), t.Day(), t.Year())
	p1, p2, place := b.person(), b.person(), b.place()
	var text string
	switch b.r.IntN(3) {
	case 0:
		text = fmt.Sprintf("%s %s at %s's %s %s in %s %s.", p1, []string{"speaks", "arrives", "waves to supporters", "gestures"}[b.r.IntN(4)], b.org(), b.content(), b.content(), place, when)
	case 1:
		text = fmt.Sprintf("%s (R) delivers remarks as %s's %s %s (L) looks on, before their meeting in %s %s.", p1, b.place(), []string{"Foreign Minister", "Finance Minister", "President", "Prime Minister"}[b.r.IntN(4)], p2, place, when)
	default:
		text = fmt.Sprintf("%s, %s, attends a %s on the %s in %s's capital %s %s.", p1, b.role(), b.content(), b.rare(), place, b.place(), when)
	}

	// Credit: the article's own when it is the only source cue, else any
	// agency's, a "Photo:" label, or nothing at all.
	style := capOnce
	switch k := b.r.IntN(10); {
	case creditOnly:
		text += " " + b.credit(b.out)
	case k < 6:
		text += " " + b.credit(agencies[b.r.IntN(len(agencies))])
	case k < 9:
		text = []string{"Photo: ", "File photo: ", "Picture: "}[b.r.IntN(3)] + text
	default:
		style = capTwicePlain
	}
	curly := strings.ReplaceAll(text, "'", "’")
	if style == capOnce && b.chance(0.4) {
		style = capTwiceBlocks
		if b.chance(0.3) && len(text)+1+len(curly) <= 600 {
			style = capTwiceLines
		}
	}
	switch style {
	case capTwiceBlocks, capTwicePlain:
		return caption{raw: text + "\n\n" + curly, text: text, style: style}
	case capTwiceLines:
		return caption{raw: text + "\n" + curly, text: text, style: style}
	}
	return caption{raw: text, text: text, style: style}
}

func (b *builder) credit(o outlet) string {
	c := o.credits[b.r.IntN(len(o.credits))]
	if strings.Contains(c, "%s") {
		c = fmt.Sprintf(c, b.w.people[b.r.IntN(len(b.w.people))])
	}
	return c
}

func (b *builder) signoff() string {
	name := b.out.name
	switch b.r.IntN(4) {
	case 0:
		if !strings.Contains(name, " ") {
			return strings.ToUpper(name) // corpus reads "REUTERS" as Reuters, but "HARBOR WIRE" as "Harbor wire"
		}
	case 1:
		return "- " + name
	case 2:
		return "(" + name + ")"
	}
	return name
}

// url is the article's address on an invented site.
func (b *builder) url(title string) string {
	var slug []string
	for _, w := range tokens(strings.ToLower(title)) {
		slug = append(slug, strings.ReplaceAll(w, "'", ""))
	}
	return fmt.Sprintf("https://example-news.test/news/%s-%s.html", b.date.Format("2006-01"), strings.Join(slug, "-"))
}
