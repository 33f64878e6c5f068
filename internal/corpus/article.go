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

	var (
		kept                        []block
		seen                        = map[string]int{} // folded text -> index in kept
		dateLine, citeDate          time.Time
		copySrc, signSrc, creditSrc string
		citeHost                    string
		years                       []int
		lastBody                    = lastBodyBlock(raw)
	)
	for i, b := range raw {
		if len(b) > maxMetaLen {
			years = append(years, yearsIn(b)...)
			kept = append(kept, block{pos: i, kind: Body, text: b})
			continue
		}
		if m := copyrightRE.FindStringSubmatch(b); m != nil && words(b) <= 8 {
			if s := sourceName(m[2]); s != "" && copySrc == "" && !isNotice(b) {
				copySrc = s
			}
			years = append(years, yearsIn(b)...)
			continue
		}
		if isNotice(b) || creditLine.MatchString(b) {
			continue
		}
		if isCitation(b) {
			if u := urlRE.FindString(b); u != "" && a.URL == "" {
				a.URL = strings.TrimRight(u, ".,;")
				if pu, err := url.Parse(a.URL); err == nil {
					citeHost = strings.TrimPrefix(pu.Hostname(), "www.")
				}
			}
			if t, ok := citationDate(b); ok && citeDate.IsZero() {
				citeDate = t
			}
			continue
		}
		if t, ok := parseDateLine(b); ok {
			if dateLine.IsZero() {
				dateLine = t
			}
			years = append(years, t.Year())
			continue
		}
		if s := signoff(b); s != "" && i > lastBody {
			if signSrc == "" {
				signSrc = s
			}
			continue
		}
		years = append(years, yearsIn(b)...)
		key := foldQuotes(b)
		if j, dup := seen[key]; dup {
			// Web copies print a caption twice (alt text and figure caption).
			kept[j].kind = Caption
			continue
		}
		kind := Body
		if isCaption(b) {
			kind = Caption
			if creditSrc == "" {
				creditSrc = captionCredit(b)
			}
		}
		seen[key] = len(kept)
		kept = append(kept, block{pos: i, kind: kind, text: b})
	}

	passages := joinBroken(kept)
	var body []string
	for _, p := range passages {
		if p.kind == Body {
			body = append(body, p.text)
		}
	}

	switch {
	case !dateLine.IsZero():
		a.Date = dateLine.Format(time.DateOnly)
	case !citeDate.IsZero():
		a.Date = citeDate.Format(time.DateOnly)
	default:
		if md, ok := bodyDate(body); ok {
			if t, ok := pickYear(md, years); ok {
				a.Date = t.Format(time.DateOnly)
			}
		}
	}

	a.Source = firstNonEmpty(copySrc, signSrc, datelineSource(body), creditSrc, citeHost)

	prev := ""
	for _, p := range passages {
		ps := Passage{ID: fmt.Sprintf("%s/%d", id, len(a.Passages)+1), Kind: p.kind, Text: p.text}
		if p.kind == Body && isBareQuote(p.text) {
			ps.Context = prev
		}
		if p.kind == Body {
			prev = p.text
		}
		a.Passages = append(a.Passages, ps)
	}
	return a
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
