package corpus

import (
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// maxMetaLen bounds the blocks that can be metadata (a sign-off, a ©
// line, a citation, a caption); longer blocks are prose.
const maxMetaLen = 600

// joinMinWords is how long a block must be before a missing full stop means
// "broken mid-sentence" rather than "a subhead".
const joinMinWords = 8

var attributionRE = regexp.MustCompile(`(?i)\b(?:said|says|told|tells|added|adds|according to|stated|states|asked|wrote|writes|insisted|noted|declared|explained|warned|argued|quoted)\b`)

// block is one cleaned block with what the parser decided it is.
type block struct {
	pos  int // position among the raw blocks
	kind Kind
	text string
}

// buildArticle classifies the blocks of one article and infers its metadata.
func buildArticle(id string, raw []string) Article {
	a := Article{ID: id}
	if len(raw) == 0 {
		return a
	}
	a.Title, raw = raw[0], raw[1:]
	rd := reading{seen: map[string]int{}, lastBody: lastBodyBlock(raw)}
	for i, b := range raw {
		rd.add(i, b)
	}
	passages := joinBroken(rd.kept)
	var body []string
	for _, p := range passages {
		if p.kind == Body {
			body = append(body, p.text)
		}
	}
	a.URL = rd.url
	a.Date = rd.date(body)
	a.Source = firstNonEmpty(rd.copySrc, rd.signSrc, datelineSource(body), rd.creditSrc, rd.citeHost)
	a.Passages = numbered(id, passages)
	return a
}

// cues are what an article's blocks say about it besides its passages: the
// first of each cue, and every year they name.
type cues struct {
	url, citeHost               string
	dateLine, citeDate          time.Time
	copySrc, signSrc, creditSrc string
	years                       []int
}

// reading reads the blocks after the headline in order: it keeps the
// passages and takes the metadata of the rest.
type reading struct {
	cues
	kept     []block
	seen     map[string]int // folded text -> index in kept
	lastBody int
}

// add reads block i, b: a long block is prose; a short one may be metadata
// alone, and is else a passage.
func (rd *reading) add(i int, b string) {
	if len(b) > maxMetaLen {
		rd.years = append(rd.years, yearsIn(b)...)
		rd.kept = append(rd.kept, block{pos: i, kind: Body, text: b})
		return
	}
	if rd.metadata(b, i > rd.lastBody) {
		return
	}
	rd.keep(i, b)
}

// metadata takes what the block b says about the article when b is only
// metadata (a © line, a notice, a credit line, a citation, a date line, or
// after the body a sign-off), and reports whether it was.
func (m *cues) metadata(b string, afterBody bool) bool {
	if cm := copyrightRE.FindStringSubmatch(b); cm != nil && words(b) <= 8 {
		m.copyright(b, cm[2])
		return true
	}
	if isNotice(b) || creditLine.MatchString(b) {
		return true
	}
	if isCitation(b) {
		m.citation(b)
		return true
	}
	if t, ok := parseDateLine(b); ok {
		if m.dateLine.IsZero() {
			m.dateLine = t
		}
		m.years = append(m.years, t.Year())
		return true
	}
	if s := signoff(b); s != "" && afterBody {
		if m.signSrc == "" {
			m.signSrc = s
		}
		return true
	}
	return false
}

// copyright takes the source a © line b names (its holder, unless b is a
// notice) and its years.
func (m *cues) copyright(b, holder string) {
	if s := sourceName(holder); s != "" && m.copySrc == "" && !isNotice(b) {
		m.copySrc = s
	}
	m.years = append(m.years, yearsIn(b)...)
}

// citation takes the link, its host and the date of a citation line.
func (m *cues) citation(b string) {
	if u := urlRE.FindString(b); u != "" && m.url == "" {
		m.url = strings.TrimRight(u, ".,;")
		if pu, err := url.Parse(m.url); err == nil {
			m.citeHost = strings.TrimPrefix(pu.Hostname(), "www.")
		}
	}
	if t, ok := citationDate(b); ok && m.citeDate.IsZero() {
		m.citeDate = t
	}
}

// keep keeps block i, b, as a passage: a caption when it reads as one or
// when it repeats an earlier block, as web copies print a caption twice
// (alt text and figure caption).
func (rd *reading) keep(i int, b string) {
	rd.years = append(rd.years, yearsIn(b)...)
	key := foldQuotes(b)
	if j, dup := rd.seen[key]; dup {
		rd.kept[j].kind = Caption
		return
	}
	kind := Body
	if isCaption(b) {
		kind = Caption
		if rd.creditSrc == "" {
			rd.creditSrc = captionCredit(b)
		}
	}
	rd.seen[key] = len(rd.kept)
	rd.kept = append(rd.kept, block{pos: i, kind: kind, text: b})
}

// date is the article's date: its date line, else its citation's date,
// else a month and day in the body with the year the blocks make likeliest.
func (m *cues) date(body []string) string {
	switch {
	case !m.dateLine.IsZero():
		return m.dateLine.Format(time.DateOnly)
	case !m.citeDate.IsZero():
		return m.citeDate.Format(time.DateOnly)
	}
	if md, ok := bodyDate(body); ok {
		if t, ok := pickYear(md, m.years); ok {
			return t.Format(time.DateOnly)
		}
	}
	return ""
}

// numbered makes the passages of article id, numbered from 1; a bare
// quotation carries the body passage before it as its context.
func numbered(id string, passages []block) []Passage {
	var out []Passage
	prev := ""
	for _, p := range passages {
		ps := Passage{ID: fmt.Sprintf("%s/%d", id, len(out)+1), Kind: p.kind, Text: p.text}
		if p.kind == Body && isBareQuote(p.text) {
			ps.Context = prev
		}
		if p.kind == Body {
			prev = p.text
		}
		out = append(out, ps)
	}
	return out
}

// lastBodyBlock is the position of the last block that reads like prose, so
// that a short line after it can be taken for a sign-off.
func lastBodyBlock(raw []string) int {
	last := -1
	for i, b := range raw {
		if words(b) >= 6 && !copyrightRE.MatchString(b) && !isNotice(b) && !isCitation(b) {
			last = i
		}
	}
	return last
}

// joinBroken rejoins a paragraph that stray blank lines broke mid-sentence:
// a long body block with no closing punctuation runs on into the next one
// only on evidence of a break mid-sentence: the next block starts in lower
// case or with punctuation that continues a clause, or the block is one
// unfinished sentence (no full stop anywhere in it). A paragraph of full
// sentences that ends in "[citation needed]" or a list item stays as it is.
func joinBroken(kept []block) []block {
	var out []block
	for _, b := range kept {
		if n := len(out); n > 0 {
			p := &out[n-1]
			if p.kind == Body && b.kind == Body && !endsSentence(p.text) && words(p.text) >= joinMinWords &&
				(continues(b.text) || !strings.ContainsAny(p.text, ".!?")) {
				p.text += " " + b.text
				continue
			}
		}
		out = append(out, b)
	}
	return out
}

// continues reports whether a block starts the way the rest of a broken
// sentence does: in lower case, or with a comma, semicolon, closing bracket
// or dash.
func continues(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsLower(r) || strings.ContainsRune(",;:)]–—-", r)
}

// isBareQuote reports whether a paragraph is a quotation that does not say
// who is speaking, so its speaker is in the paragraph before.
func isBareQuote(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return strings.ContainsRune(`"“‘'`, r) && !attributionRE.MatchString(outsideQuotes(s))
}

// outsideQuotes is s without what is inside double quotation marks: a
// speech verb inside a quotation ("I said we would win") names no
// speaker. Single quotes are left alone, as they double as apostrophes.
func outsideQuotes(s string) string {
	var b strings.Builder
	in := false
	for _, r := range s {
		switch r {
		case '"':
			in = !in
			continue
		case '“':
			in = true
			continue
		case '”':
			in = false
			continue
		}
		if !in {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// datelineSource reads "(Reuters)" from a dateline such as "BEIJING, Dec 22 (Reuters) -".
func datelineSource(body []string) string {
	if len(body) == 0 {
		return ""
	}
	if m := datelineRE.FindStringSubmatch(body[0]); m != nil {
		return sourceName(m[1])
	}
	return ""
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return ""
}
