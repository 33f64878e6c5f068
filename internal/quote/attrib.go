package quote

// Reading an article's attributions: which reporting clause, if any,
// gives each quotation its speaker. Finding the clauses is in clause.go,
// turning a subject into a speaker in resolve.go, and the setting ("in an
// interview with CNN") in setting.go.

import (
	"fmt"
	"strings"
	"unicode"

	"github.com/sourcebot/newsbot/internal/corpus"
)

// kind says what a speaker is, which decides what a pronoun may stand for.
type kind uint8

const (
	kindUnknown kind = iota
	kindPerson       // "he", "she"
	kindOrg          // "it"
	kindDoc          // "the statement": speaks for its issuer; "it" too
)

// speaker is someone the article has reported as speaking, in reading order.
type speaker struct {
	att  Attribution
	kind kind
	says bool // reported with a plain "said", as a statement is
}

// mention is a full name the article gives, with the role written before it.
type mention struct {
	name, role string
}

// found is what the reader decided about one quotation.
type found struct {
	att      Attribution
	fragment bool
	label    bool // another's label inside someone's sentence: it does not carry to a bare quotation after it
}

// reader reads one article in order, keeping who has spoken so far, so
// that "he", "the statement" and a bare surname can be resolved.
type reader struct {
	text     string // the paragraph being read
	speakers []speaker
	topics   []speaker // people who are the subject of a sentence, for "he" and "she"
	mentions []mention
}

// readArticle returns the attributed quotations of an article.
func readArticle(a *corpus.Article) []Match {
	r := &reader{}
	var (
		out      []Match
		prevText string // the last body paragraph
		prev     found  // who speaks at its end
	)
	for _, p := range a.Passages {
		if p.Kind != corpus.Body {
			// A caption stands apart from the paragraphs around it.
			q := r.paragraph(p.Text, found{})
			out = appendMatches(out, a, p, q.quotes, q.res)
			continue
		}
		if p.Context != "" && p.Context != prevText {
			// The caller's passages skip the paragraph that names the
			// speaker; corpus.Passage.Context still holds it.
			prev = r.paragraph(p.Context, found{}).speaker(r)
		}
		q := r.paragraph(p.Text, prev)
		out = appendMatches(out, a, p, q.quotes, q.res)
		prevText, prev = p.Text, q.speaker(r)
	}
	return out
}

func appendMatches(out []Match, a *corpus.Article, p corpus.Passage, quotes []span, res []found) []Match {
	for i, q := range quotes {
		out = append(out, Match{
			Quote: p.Text[q.start:q.end], Start: q.start, End: q.end,
			Attribution: res[i].att, Fragment: res[i].fragment,
			Article: a, Passage: p,
		})
	}
	return out
}

// para is one paragraph as read: its quotations and who said each.
type para struct {
	quotes  []span
	sents   [][]tok
	clauses [][]clause
	res     []found // by quotation
	last    int     // the last quotation with a speaker, or -1
}

// paragraph reads one paragraph. before is who spoke at the end of the
// paragraph before, for a quotation that opens this one with no speaker.
func (r *reader) paragraph(text string, before found) para {
	p := para{quotes: findQuotes(text), last: -1}
	r.text = text
	p.sents = sentences(tokenize(text, p.quotes))
	p.clauses = make([][]clause, len(p.sents))
	for i, s := range p.sents {
		r.addMentions(s)
		p.clauses[i] = r.clauses(s)
		r.addTopic(s)
	}
	p.res = make([]found, len(p.quotes))
	for si, s := range p.sents {
		for k, t := range s {
			if t.kind != tQuote {
				continue
			}
			f, ok := r.attribute(p.sents, p.clauses, si, k)
			if !ok && onlyQuote(s) {
				// A quotation standing as a sentence of its own continues
				// the one before it, or the paragraph before.
				switch {
				case p.last >= 0:
					f = found{att: p.res[p.last].att}
				case si == 0:
					f = before
				}
			}
			p.res[t.quote] = f
			if f.att.Speaker != "" && !f.label {
				p.last = t.quote
			}
		}
	}
	return p
}

// speaker is who a bare quotation in the next paragraph belongs to: the
// last speaker quoted here, else the last reporting clause, else the
// person the last sentence is about ("Whitcombe rejected calls …").
func (p para) speaker(r *reader) found {
	if p.last >= 0 {
		return found{att: p.res[p.last].att}
	}
	for i := len(p.clauses) - 1; i >= 0; i-- {
		for j := len(p.clauses[i]) - 1; j >= 0; j-- {
			if c := p.clauses[i][j]; !c.act && c.att.Speaker != "" {
				return found{att: c.att}
			}
		}
	}
	for i := len(p.sents) - 1; i >= 0; i-- {
		if att, k := r.subjectOf(p.sents[i]); att.Speaker != "" && k != kindUnknown {
			return found{att: att}
		}
	}
	return found{}
}

// onlyQuote reports whether a sentence is a quotation and nothing else.
func onlyQuote(s []tok) bool {
	n := 0
	for _, t := range s {
		switch t.kind {
		case tWord:
			return false
		case tQuote:
			n++
		}
	}
	return n == 1
}

// attribute picks the clause that reports the quotation s[k] of sentence si.
// The closest reading wins: a clause right after the quotation, then a
// passive "… by X", then the nearest speech verb before it, then a
// reporting clause closing the sentence.
func (r *reader) attribute(sents [][]tok, clauses [][]clause, si, k int) (found, bool) {
	s, cs := sents[si], clauses[si]
	if r.isTitle(s, k) {
		// A film or book title is a name, not speech; any speaker would be wrong.
		return found{}, true
	}
	lowerStart := startsLower(s[k].text)
	wordBefore := k > 0 && s[k-1].kind == tWord

	// "…", as X labelled it: the words are X's, whoever reports them.
	if f, ok := r.labelAfter(s, cs, k); ok {
		return f, true
	}
	// "…," X said. / "…," said X. / "…", according to X.
	for _, c := range cs {
		if !c.passive() && c.start > k && c.start-k <= 2 && onlyPunct(s[k+1:c.start]) {
			return found{att: c.att, fragment: lowerStart || wordBefore}, true
		}
	}
	// "…." X said. — a short reporting sentence after a quotation that ends one.
	if onlyPunct(s[k+1:]) && si+1 < len(sents) && len(sents[si+1]) <= 12 {
		for _, c := range clauses[si+1] {
			if !c.act && !c.passive() && c.start == 0 {
				return found{att: c.att, fragment: lowerStart || wordBefore}, true
			}
		}
	}
	// dismissed as "…" by X
	for _, c := range cs {
		if c.passive() && c.verb < k && k < c.by {
			return found{att: c.att, fragment: true}, true
		}
	}
	// X said: "…" / X told CNN "…" / X said … "fragment"
	best := -1
	for i, c := range cs {
		if c.verb < k && !c.passive() {
			best = i
		}
	}
	if best >= 0 {
		c := cs[best]
		reach := 25
		if c.act {
			reach = 8
		}
		if between := words(s[c.verb+1 : k]); between <= reach && !hasPunct(s[c.verb+1:k], ";") {
			f := found{att: c.att, fragment: !onlyPunct(s[min(c.after, k):k]) || lowerStart}
			if neg := negationBefore(s, c.verb+1, k); f.fragment && neg != "" && c.att.Speaker != "" {
				f.att = Attribution{Doubt: fmt.Sprintf("the words sit under %q in what %s is reported to have said, "+
					"so they may be words %s rejects", neg, c.att.Speaker, c.att.Speaker)}
			}
			return f, true
		}
	}
	// …, X said Monday.
	for _, c := range cs {
		if c.start > k && !c.act && !c.passive() && c.start > 0 && s[c.start-1].text == "," && closesSentence(s, c.after) {
			return found{att: c.att, fragment: wordBefore || k > 0 || lowerStart}, true
		}
	}
	return found{}, false
}

// labelAfter reads `"…", as X called it`: a label clause right after the
// quotation gives the words to its subject. When the subject cannot be
// resolved ("as they call it") no one is credited, and Doubt says why.
func (r *reader) labelAfter(s []tok, cs []clause, k int) (found, bool) {
	for _, c := range cs {
		if !labelVerbs[strings.ToLower(s[c.verb].text)] || c.passive() || c.start <= k+1 ||
			!strings.EqualFold(s[c.start-1].text, "as") || !onlyPunct(s[k+1:c.start-1]) {
			continue
		}
		if c.att.Speaker != "" {
			return found{att: Attribution{Speaker: c.att.Speaker, Role: c.att.Role}, fragment: true, label: true}, true
		}
		end := min(c.verb+2, len(s)) // the verb and its "it"
		return found{att: Attribution{Doubt: fmt.Sprintf("the article gives the words as someone else's (%q)",
			r.text[s[c.start-1].pos:s[end-1].end])}, fragment: true, label: true}, true
	}
	return found{}, false
}

// negationBefore is the negating word in s[from:k] within the quotation's
// own clause (up to punctuation or a clause word other than "that"), or "".
func negationBefore(s []tok, from, k int) string {
	for i := k - 1; i >= from; i-- {
		t := s[i]
		if t.kind != tWord {
			return ""
		}
		lw := strings.ToLower(t.text)
		if clauseWords[lw] && lw != "that" {
			return ""
		}
		if negators[lw] || strings.HasSuffix(lw, "n't") || strings.HasSuffix(lw, "n’t") {
			return t.text
		}
	}
	return ""
}

// closesSentence reports whether only time words and punctuation follow i
// up to the end of the sentence or the next comma.
func closesSentence(s []tok, i int) bool {
	for ; i < len(s); i++ {
		t := s[i]
		if t.kind == tPunct && t.text == "," {
			return true
		}
		if t.kind == tQuote || t.kind == tWord && !timeWords[strings.ToLower(t.text)] && !isNumber(t.text) {
			return false
		}
	}
	return true
}

// isTitle reports whether the quotation s[k] is a capitalised name after a
// cue such as "the comedy" or "a song called".
func (r *reader) isTitle(s []tok, k int) bool {
	fs := strings.Fields(s[k].text)
	if len(fs) == 0 || len(fs) > 8 {
		return false
	}
	for i, f := range fs {
		f = strings.TrimFunc(f, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
		if f == "" {
			continue
		}
		if !isUpper(f) && (i == 0 || !smallWords[f]) {
			return false
		}
	}
	for i, n := k-1, 0; i >= 0 && n < 3; i-- {
		if s[i].kind == tQuote {
			break
		}
		if s[i].kind != tWord {
			continue
		}
		if titleCues[strings.ToLower(s[i].text)] {
			return true
		}
		n++
	}
	return false
}
