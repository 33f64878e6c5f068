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
			if t.kind == tQuote {
				p.credit(r, si, k, before)
			}
		}
	}
	return p
}

// credit decides who said the quotation s[k] of sentence si. A quotation
// standing as a sentence of its own with no clause of its own continues the
// one before it, or the paragraph before (before).
func (p *para) credit(r *reader, si, k int, before found) {
	s, q := p.sents[si], p.sents[si][k].quote
	f, ok := r.attribute(p.sents, p.clauses, si, k)
	if !ok && onlyQuote(s) {
		switch {
		case p.last >= 0:
			f = found{att: p.res[p.last].att}
		case si == 0:
			f = before
		}
	}
	p.res[q] = f
	if f.att.Speaker != "" && !f.label {
		p.last = q
	}
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

// site is a quotation in its paragraph: token k of sentence s, with the
// reporting clauses of s and of the sentence after it.
type site struct {
	text   string // the paragraph
	s      []tok
	cs     []clause
	k      int
	next   []tok    // the sentence after, or nil
	nextCs []clause // its clauses
}

// readings are the ways a reporting clause may give a quotation its
// speaker, tried in order: the closest reading wins.
var readings = []func(site) (found, bool){
	site.labelAfter,    // "…", as X labelled it
	site.clauseAfter,   // "…," X said. / "…," said X. / "…", according to X.
	site.sentenceAfter, // "…." X said.
	site.passiveAround, // dismissed as "…" by X
	site.verbBefore,    // X said: "…" / X told CNN "…" / X said … "fragment"
	site.closingClause, // …, X said Monday.
}

// attribute picks the clause that reports the quotation s[k] of sentence si.
// It reports false when no clause does.
func (r *reader) attribute(sents [][]tok, clauses [][]clause, si, k int) (found, bool) {
	q := site{text: r.text, s: sents[si], cs: clauses[si], k: k}
	if r.isTitle(q.s, k) {
		// A film or book title is a name, not speech; any speaker would be wrong.
		return found{}, true
	}
	if si+1 < len(sents) {
		q.next, q.nextCs = sents[si+1], clauses[si+1]
	}
	for _, read := range readings {
		if f, ok := read(q); ok {
			return f, true
		}
	}
	return found{}, false
}

// cut reports whether the quotation reads as cut out of a longer sentence:
// it starts in lowercase or right after a word.
func (q site) cut() bool {
	return startsLower(q.s[q.k].text) || q.k > 0 && q.s[q.k-1].kind == tWord
}

// clauseAfter reads a reporting clause right after the quotation, with
// only punctuation between: "…," X said.
func (q site) clauseAfter() (found, bool) {
	for _, c := range q.cs {
		if !c.passive() && c.start > q.k && c.start-q.k <= 2 && onlyPunct(q.s[q.k+1:c.start]) {
			return found{att: c.att, fragment: q.cut()}, true
		}
	}
	return found{}, false
}

// sentenceAfter reads a short reporting sentence after a quotation that
// ends its own: "…." X said.
func (q site) sentenceAfter() (found, bool) {
	if !onlyPunct(q.s[q.k+1:]) || len(q.next) > 12 {
		return found{}, false
	}
	for _, c := range q.nextCs {
		if !c.act && !c.passive() && c.start == 0 {
			return found{att: c.att, fragment: q.cut()}, true
		}
	}
	return found{}, false
}

// passiveAround reads a quotation inside a passive clause: dismissed as
// "…" by X. Such words are always a fragment.
func (q site) passiveAround() (found, bool) {
	for _, c := range q.cs {
		if c.passive() && c.verb < q.k && q.k < c.by {
			return found{att: c.att, fragment: true}, true
		}
	}
	return found{}, false
}

// verbBefore reads the last speech verb before the quotation, when the
// quotation is within its reach: X said: "…", X told CNN "…", X said …
// "fragment". A fragment under a negation is left in doubt.
func (q site) verbBefore() (found, bool) {
	c, ok := q.lastVerbBefore()
	if !ok || !q.reaches(c) {
		return found{}, false
	}
	f := found{att: c.att, fragment: !onlyPunct(q.s[min(c.after, q.k):q.k]) || startsLower(q.s[q.k].text)}
	if neg := negationBefore(q.s, c.verb+1, q.k); f.fragment && neg != "" && c.att.Speaker != "" {
		f.att = Attribution{Doubt: fmt.Sprintf("the words sit under %q in what %s is reported to have said, "+
			"so they may be words %s rejects", neg, c.att.Speaker, c.att.Speaker)}
	}
	return f, true
}

// lastVerbBefore is the last active clause whose verb comes before the
// quotation.
func (q site) lastVerbBefore() (clause, bool) {
	best := -1
	for i, c := range q.cs {
		if c.verb < q.k && !c.passive() {
			best = i
		}
	}
	if best < 0 {
		return clause{}, false
	}
	return q.cs[best], true
}

// reaches reports whether the verb of c reaches the quotation: within 25
// words (an act verb, 8) and no ";" between.
func (q site) reaches(c clause) bool {
	reach := 25
	if c.act {
		reach = 8
	}
	between := q.s[c.verb+1 : q.k]
	return words(between) <= reach && !hasPunct(between, ";")
}

// closingClause reads a reporting clause that closes the sentence after a
// comma: …, X said Monday. A quotation that does not open the sentence is
// then a fragment of it.
func (q site) closingClause() (found, bool) {
	for _, c := range q.cs {
		if c.start > q.k && !c.act && !c.passive() && c.start > 0 && q.s[c.start-1].text == "," && closesSentence(q.s, c.after) {
			return found{att: c.att, fragment: q.k > 0 || startsLower(q.s[q.k].text)}, true
		}
	}
	return found{}, false
}

// labelAfter reads `"…", as X called it`: a label clause right after the
// quotation gives the words to its subject. When the subject cannot be
// resolved ("as they call it") no one is credited, and Doubt says why.
func (q site) labelAfter() (found, bool) {
	s, k := q.s, q.k
	for _, c := range q.cs {
		if !labelVerbs[strings.ToLower(s[c.verb].text)] || c.passive() || c.start <= k+1 ||
			!strings.EqualFold(s[c.start-1].text, "as") || !onlyPunct(s[k+1:c.start-1]) {
			continue
		}
		if c.att.Speaker != "" {
			return found{att: Attribution{Speaker: c.att.Speaker, Role: c.att.Role}, fragment: true, label: true}, true
		}
		end := min(c.verb+2, len(s)) // the verb and its "it"
		return found{att: Attribution{Doubt: fmt.Sprintf("the article gives the words as someone else's (%q)",
			q.text[s[c.start-1].pos:s[end-1].end])}, fragment: true, label: true}, true
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
		if t.is(",") {
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
	return titleCase(s[k].text) && titleCueBefore(s, k)
}

// titleCase reports whether a quotation of up to eight words is written as
// a title: every word capitalised but small words after the first.
func titleCase(q string) bool {
	fs := strings.Fields(q)
	if len(fs) == 0 || len(fs) > 8 {
		return false
	}
	for i, f := range fs {
		f = strings.TrimFunc(f, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
		if f != "" && !isUpper(f) && (i == 0 || !smallWords[f]) {
			return false
		}
	}
	return true
}

// titleCueBefore reports whether one of the three words before the
// quotation s[k], after any quotation, is a cue such as "comedy" or
// "called".
func titleCueBefore(s []tok, k int) bool {
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
