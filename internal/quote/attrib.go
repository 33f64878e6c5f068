package quote

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

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

// clause is a reporting clause in a sentence: a speech verb, its subject
// and the setting. Token indexes are into the sentence.
type clause struct {
	verb  int  // the verb ("according" for "according to")
	start int  // first token of the clause: the subject, or the verb when the subject follows it
	after int  // first token after the verb and its object, setting or (inverted) subject
	by    int  // for a passive clause, the token "by"; else -1
	act   bool // an act verb ("condemned"), which reaches only a fragment close after it
	says  bool // the verb is a plain "said" or "says"
	att   Attribution
	kind  kind
}

func (c clause) passive() bool { return c.by >= 0 }

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

func onlyPunct(ts []tok) bool {
	for _, t := range ts {
		if t.kind != tPunct {
			return false
		}
	}
	return true
}

func hasPunct(ts []tok, p string) bool {
	for _, t := range ts {
		if t.kind == tPunct && t.text == p {
			return true
		}
	}
	return false
}

func words(ts []tok) int {
	n := 0
	for _, t := range ts {
		if t.kind == tWord {
			n++
		}
	}
	return n
}

func startsLower(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsLower(r)
}

func isNumber(w string) bool {
	r, _ := utf8.DecodeRuneInString(w)
	return unicode.IsDigit(r)
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

// clauses finds the reporting clauses of a sentence and resolves their
// subjects, then records them as speakers.
func (r *reader) clauses(s []tok) []clause {
	var out []clause
	for i := 0; i < len(s); i++ {
		t := s[i]
		if t.kind != tWord {
			continue
		}
		lw := strings.ToLower(t.text)
		if lw == "according" {
			if i+1 < len(s) && strings.EqualFold(s[i+1].text, "to") {
				subj, end := nounAfter(s, i+2)
				c := clause{verb: i, start: i, after: end, by: -1}
				c.att, c.kind = r.resolve(s, i, subj, nil)
				out = append(out, r.record(c))
			}
			continue
		}
		act := actVerbs[lw]
		if !speechVerbs[lw] && !act {
			continue
		}
		if i == 0 || s[i-1].kind == tWord && participleCues[strings.ToLower(s[i-1].text)] {
			continue // "Asked whether …", "when asked at a briefing"
		}
		if requestVerbs[lw] && i+1 < len(s) && s[i+1].kind == tWord && !timeWords[strings.ToLower(s[i+1].text)] &&
			!(s[i-1].kind == tQuote || s[i-1].kind == tPunct && i >= 2 && s[i-2].kind == tQuote) {
			continue // "The US has asked China for help" is a request, not speech
		}
		c := clause{verb: i, start: i, by: -1, act: act, says: lw == "said" || lw == "says" || lw == "stated" || lw == "announced"}
		if b := prevWord(s, i); b >= 0 && beVerbs[strings.ToLower(s[b].text)] {
			by := findBy(s, i+1)
			if by < 0 {
				continue
			}
			subj, end := nounAfter(s, by+1)
			c.by, c.start = by, b
			c.att, c.kind = r.resolve(s, i, subj, nil)
			c.att.How, c.after = r.how(s, end, "")
			out = append(out, r.record(c))
			continue
		}
		subj, appos := subjectBefore(s, i)
		howFrom := i + 1
		if len(subj) == 0 {
			var end int
			subj, end = nounAfter(s, i+1)
			if len(subj) == 0 {
				continue
			}
			appos, howFrom = appositive(s, end)
		} else {
			c.start = subj[0]
		}
		c.att, c.kind = r.resolve(s, i, subj, appos)
		how, after := r.how(s, howFrom, lw)
		if how != "" {
			c.att.How = how
		} else if c.att.How == "" {
			c.att.How = r.howAtStart(s)
		}
		c.after = after
		out = append(out, r.record(c))
	}
	return out
}

// record adds a clause's speaker to those the article has named.
func (r *reader) record(c clause) clause {
	if c.att.Speaker != "" {
		r.speakers = append(r.speakers, speaker{att: c.att, kind: c.kind, says: c.says})
		if c.kind == kindPerson {
			r.topics = append(r.topics, speaker{att: c.att, kind: c.kind})
		}
	}
	return c
}

// addTopic records the person a sentence opens with, whom a later "he" or
// "she" is likely to mean even when the sentence reports no speech.
func (r *reader) addTopic(s []tok) {
	if att, k := r.subjectOf(s); k == kindPerson && att.Speaker != "" {
		r.topics = append(r.topics, speaker{att: att, kind: k})
	}
}

// subjectOf resolves the noun phrase a sentence opens with when it names
// someone: "Whitcombe rejected calls …", "Opposition councillor Raj Patel
// took the floor". A lone capitalised word that names no one known
// ("Shares fell …") is not taken for a speaker.
func (r *reader) subjectOf(s []tok) (Attribution, kind) {
	var subj []int
	i := 0
	for ; i < len(s) && s[i].kind == tWord; i++ {
		w := s[i].text
		lw := strings.ToLower(w)
		if !isUpper(w) && !isPossessive(w) && !titleWords[lw] && !personNouns[lw] && !orgNouns[lw] && !(i == 0 && determiners[lw]) {
			break
		}
		subj = append(subj, i)
	}
	if len(subj) == 0 {
		return Attribution{}, kindUnknown
	}
	var appos []int
	if i < len(s) && s[i].kind == tPunct && s[i].text == "," {
		appos, _ = appositive(s, i)
	}
	lw := strings.ToLower(s[subj[0]].text)
	if len(subj) == 1 && !pronouns[lw] {
		if _, ok := r.fullName(s[subj[0]].text); !ok {
			return Attribution{}, kindUnknown
		}
	}
	return r.resolve(s, len(s), subj, appos)
}

// prevWord is the index of the word before i, skipping auxiliaries and
// adverbs ("has also said"), or -1.
func prevWord(s []tok, i int) int {
	for j := i - 1; j >= 0; j-- {
		if s[j].kind != tWord {
			return -1
		}
		lw := strings.ToLower(s[j].text)
		if !auxiliaries[lw] && !strings.HasSuffix(lw, "ly") {
			return j
		}
	}
	return -1
}

// findBy finds the "by" of a passive clause before its clause ends.
func findBy(s []tok, i int) int {
	for lim := i + 12; i < len(s) && i < lim; i++ {
		t := s[i]
		if t.kind == tPunct && t.text != "," {
			return -1
		}
		if t.kind == tWord && strings.EqualFold(t.text, "by") {
			return i
		}
		if t.kind == tWord && clauseWords[strings.ToLower(t.text)] && !strings.EqualFold(t.text, "as") {
			return -1
		}
	}
	return -1
}

// subjectBefore returns the token indexes of the subject of the verb at i,
// and of an appositive after it: "Hua Chunying, a … spokeswoman, said".
func subjectBefore(s []tok, i int) (subj, appos []int) {
	e := i
	for e > 0 && s[e-1].kind == tWord && auxiliaries[strings.ToLower(s[e-1].text)] {
		e--
	}
	b := e
	for b > 0 && s[b-1].kind == tWord && !clauseWords[strings.ToLower(s[b-1].text)] {
		b--
	}
	// "Police believe the man said …": a determiner inside starts the
	// subject of the inner verb, unless "of" joins it ("head of the agency").
	for j := e - 1; j > b; j-- {
		if determiners[strings.ToLower(s[j].text)] && !strings.EqualFold(s[j-1].text, "of") && !isPossessive(s[j-1].text) {
			b = j
			break
		}
	}
	if b < e {
		return indexes(b, e), nil
	}
	// Name, appositive, said
	if e > 0 && s[e-1].kind == tPunct && s[e-1].text == "," {
		a := e - 1
		for a > 0 && s[a-1].kind == tWord {
			a--
		}
		if a > 0 && a < e-1 && s[a-1].kind == tPunct && s[a-1].text == "," {
			n := a - 1
			for n > 0 && s[n-1].kind == tWord && !clauseWords[strings.ToLower(s[n-1].text)] {
				n--
			}
			if n < a-1 && isUpper(s[n].text) {
				return indexes(n, a-1), indexes(a, e-1)
			}
		}
	}
	return nil, nil
}

// relatives open a relative clause, which ends a role.
var relatives = set("who", "whose", "which", "that", "whom")

func indexes(b, e int) []int {
	out := make([]int, 0, e-b)
	for i := b; i < e; i++ {
		out = append(out, i)
	}
	return out
}

// nounAfter reads the noun phrase starting at i: up to punctuation, a
// quotation, a clause word, or a preposition that starts a setting ("said
// Obama in an interview"). "of" stays: "Mia Castellano of the … Institute".
func nounAfter(s []tok, i int) ([]int, int) {
	var out []int
	for ; i < len(s); i++ {
		t := s[i]
		if t.kind != tWord {
			break
		}
		lw := strings.ToLower(t.text)
		if clauseWords[lw] || len(out) > 0 && (timeWords[lw] || lw == "in" || lw == "at" || lw == "to" || lw == "during") {
			break
		}
		out = append(out, i)
		if t.stop || len(out) >= 10 {
			i++
			break
		}
	}
	return out, i
}

// appositive reads ", a fisherman whose boat sank" after a name at i.
func appositive(s []tok, i int) ([]int, int) {
	if i+1 >= len(s) || s[i].kind != tPunct || s[i].text != "," || s[i+1].kind != tWord {
		return nil, i
	}
	if lw := strings.ToLower(s[i+1].text); !determiners[lw] && !isUpper(s[i+1].text) {
		return nil, i
	}
	var out []int
	j := i + 1
	for ; j < len(s) && s[j].kind == tWord; j++ {
		out = append(out, j)
		if s[j].stop {
			j++
			break
		}
	}
	if len(out) > 12 {
		return nil, i
	}
	return out, j
}

// phrase is the paragraph text of the tokens idx, as written.
func (r *reader) phrase(s []tok, idx []int) string {
	if len(idx) == 0 {
		return ""
	}
	return r.text[s[idx[0]].pos:s[idx[len(idx)-1]].end]
}

// resolve turns a subject into an attribution: a pronoun to the speaker it
// stands for, "the statement" to its issuer, a surname to the full name
// given earlier, and a name with a role before it into the two.
func (r *reader) resolve(s []tok, verb int, subj, appos []int) (Attribution, kind) {
	if len(subj) == 0 || len(subj) > 10 {
		return Attribution{}, kindUnknown
	}
	first := s[subj[0]].text
	lf := strings.ToLower(first)
	if !isUpper(first) && !determiners[lf] && !pronouns[lf] && !isPossessive(first) && subj[0] < verb {
		// Before its verb a subject opens with a name, an article or a
		// pronoun; anything else is the tail of another clause. After the
		// verb ("according to engineering firm X") there is no such doubt.
		return Attribution{}, kindUnknown
	}
	if len(subj) == 1 && pronouns[lf] {
		return r.pronoun(lf)
	}
	ws := make([]string, len(subj))
	for i, j := range subj {
		ws[i] = s[j].text
	}
	last := strings.ToLower(ws[len(ws)-1])

	// "the statement" speaks for its issuer: the last organisation that
	// "said" something (one that asked or warned was doing something else).
	if how, ok := documentNouns[last]; ok && !isUpper(ws[len(ws)-1]) {
		for i := len(r.speakers) - 1; i >= 0; i-- {
			if sp := r.speakers[i]; sp.kind == kindOrg && sp.says {
				return Attribution{Speaker: sp.att.Speaker, Role: sp.att.Role, How: how}, kindDoc
			}
		}
		return Attribution{How: how}, kindDoc
	}

	// "Mia Castellano of the Canberra Cyber Policy Institute"
	for i, w := range ws {
		if w == "of" && i > 0 && i+1 < len(ws) && nameRun(ws[:i]) == i && i >= 2 {
			att, k := r.resolve(s, verb, subj[:i], appos)
			if att.Role == "" {
				att.Role = r.phrase(s, subj[i:])
			}
			return att, k
		}
	}

	// "China's Global Times newspaper" is "the Global Times".
	if mediaNouns[last] && len(ws) >= 2 {
		b := 0
		for b < len(ws)-1 && (determiners[strings.ToLower(ws[b])] || isPossessive(ws[b])) {
			b++
		}
		if b < len(ws)-1 && nameRun(ws[b:len(ws)-1]) == len(ws)-1-b {
			return Attribution{Speaker: "the " + r.phrase(s, subj[b:len(subj)-1]), Role: lowerFirst(r.phrase(s, subj))}, kindOrg
		}
	}

	// "The Harbour Residents Association" is "the Harbour Residents Association".
	if len(ws) > 1 && ws[0] == "The" && nameRun(ws) == len(ws) {
		k := nounKind(ws)
		if k == kindUnknown {
			k = kindOrg
		}
		return Attribution{Speaker: lowerFirst(r.phrase(s, subj))}, k
	}

	n := nameRun(ws)
	role := ""
	var att Attribution
	k := kindUnknown
	switch {
	case n == 0:
		att.Speaker = lowerFirst(r.phrase(s, subj))
		k = nounKind(ws)
	case n == len(ws):
		name := r.phrase(s, subj)
		if len(ws) == 1 {
			if m, ok := r.fullName(name); ok {
				att.Speaker, role, k = m.name, m.role, kindPerson
				break
			}
			att.Speaker, k = name, kindOrg
			break
		}
		att.Speaker, k = name, kindPerson
		if nounKind(ws) == kindOrg {
			k = kindOrg
		}
	default:
		head := subj[:len(subj)-n]
		name := r.phrase(s, subj[len(subj)-n:])
		if strings.EqualFold(ws[0], "the") && len(head) == 1 {
			// "by the Wellsby Gazette"
			att.Speaker, k = "the "+name, nounKind(ws)
			if k == kindUnknown {
				k = kindOrg
			}
			break
		}
		role = lowerFirst(r.phrase(s, head))
		if n == 1 {
			if m, ok := r.fullName(name); ok {
				name = m.name
			}
		}
		att.Speaker = name
		k = nounKind(ws[:len(ws)-n])
		if k == kindUnknown {
			k = kindPerson
		}
		if honorifics[strings.ToLower(strings.TrimSuffix(role, "."))] {
			role = ""
		}
	}
	if a := r.roleOf(s, appos); a != "" && (role == "" || honorifics[strings.ToLower(role)]) {
		role = a
	}
	att.Role = role
	if k == kindUnknown && len(appos) > 0 {
		k = kindPerson
	}
	return att, k
}

// roleOf trims an appositive to the role it gives: "a fisherman whose boat
// sank" is "a fisherman"; "a … spokeswoman in Beijing" drops the place.
func (r *reader) roleOf(s []tok, appos []int) string {
	if len(appos) == 0 || relatives[strings.ToLower(s[appos[0]].text)] {
		return "" // ", who voted against the plan," is no role
	}
	end := len(appos)
	for i, j := range appos {
		lw := strings.ToLower(s[j].text)
		if i > 0 && relatives[lw] {
			end = i
			break
		}
	}
	if end >= 2 {
		if lw := strings.ToLower(s[appos[end-2]].text); (lw == "in" || lw == "at") && isUpper(s[appos[end-1]].text) {
			end -= 2
		}
	}
	return r.phrase(s, appos[:end])
}

// nameRun is how many words at the end of ws form a name: capitalised,
// not a title ("President") and not a possessive ("China's").
func nameRun(ws []string) int {
	n := 0
	for i := len(ws) - 1; i >= 0; i-- {
		w := ws[i]
		if !isUpper(w) || isNumber(w) || titleWords[strings.ToLower(strings.TrimSuffix(w, "."))] || isPossessive(w) || strings.Contains(w, ".") {
			break
		}
		n++
	}
	return n
}

func isPossessive(w string) bool {
	return strings.HasSuffix(w, "'s") || strings.HasSuffix(w, "’s") || strings.HasSuffix(w, "s'") || strings.HasSuffix(w, "s’")
}

// nounKind classifies a noun phrase by its nouns.
func nounKind(ws []string) kind {
	for i := len(ws) - 1; i >= 0; i-- {
		lw := strings.ToLower(strings.TrimRight(ws[i], "'’s"))
		if l := strings.ToLower(ws[i]); personNouns[l] || personNouns[lw] {
			return kindPerson
		}
		if l := strings.ToLower(ws[i]); orgNouns[l] || mediaNouns[l] {
			return kindOrg
		}
	}
	return kindUnknown
}

// lowerFirst lowercases a leading article: "The company" → "the company".
func lowerFirst(s string) string {
	for _, d := range []string{"The ", "A ", "An "} {
		if strings.HasPrefix(s, d) {
			return strings.ToLower(d[:1]) + s[1:]
		}
	}
	return s
}

// pronoun resolves "he", "she" and "it" to the last speaker that fits.
// "they", "we", "I" and "you" are left unresolved: a group is too easy to
// get wrong, and a wrong speaker is worse than none.
func (r *reader) pronoun(p string) (Attribution, kind) {
	switch p {
	case "he", "she":
		if n := len(r.topics); n > 0 {
			sp := r.topics[n-1]
			return Attribution{Speaker: sp.att.Speaker, Role: sp.att.Role}, kindPerson
		}
	case "it":
		for i := len(r.speakers) - 1; i >= 0; i-- {
			sp := r.speakers[i]
			switch sp.kind {
			case kindDoc:
				return sp.att, kindDoc
			case kindOrg:
				return Attribution{Speaker: sp.att.Speaker, Role: sp.att.Role}, kindOrg
			}
		}
	}
	return Attribution{}, kindUnknown
}

// fullName finds the full name an article gave before for a surname (or a
// given name, as in "Wang" for "Wang Yi").
func (r *reader) fullName(w string) (mention, bool) {
	w = strings.TrimSuffix(strings.TrimSuffix(w, "'s"), "’s")
	for i := len(r.mentions) - 1; i >= 0; i-- {
		m := r.mentions[i]
		fs := strings.Fields(m.name)
		if len(fs) > 1 && (fs[len(fs)-1] == w || fs[0] == w) {
			return m, true
		}
	}
	return mention{}, false
}

// addMentions records the full names in a sentence with the role written
// before each: "Tasman Mobile chief executive Daniel Whitcombe".
func (r *reader) addMentions(s []tok) {
	for i := 0; i < len(s); {
		if s[i].kind != tWord || !isUpper(s[i].text) {
			i++
			continue
		}
		j := i
		for j < len(s) && s[j].kind == tWord && isUpper(s[j].text) {
			j++
		}
		ws := make([]string, 0, j-i)
		for _, t := range s[i:j] {
			ws = append(ws, t.text)
		}
		if n := nameRun(ws); n >= 2 && nounKind(ws[len(ws)-n:]) == kindUnknown {
			b := j - n
			rb := b
			for rb > 0 && s[rb-1].kind == tWord {
				lw := strings.ToLower(s[rb-1].text)
				if !isUpper(s[rb-1].text) && !titleWords[lw] && !personNouns[lw] && !(lw == "of" && rb >= 2 && titleWords[strings.ToLower(s[rb-2].text)]) {
					break
				}
				rb--
			}
			var role string
			if rb < b {
				role = lowerFirst(r.text[s[rb].pos:s[b-1].end])
			}
			r.mentions = append(r.mentions, mention{name: r.text[s[b].pos:s[j-1].end], role: role})
		}
		i = j
	}
}

// how reads the setting after a reporting verb: "to CNN", "at a regular
// news conference in Beijing", "in an interview with CNN", "in an
// editorial". It returns the setting and the token after what the verb
// governs (its object and setting), so a quotation right there is the
// whole of what was said rather than a fragment of it.
func (r *reader) how(s []tok, i int, verb string) (string, int) {
	i = skipTime(s, i)
	if verb == "told" || verb == "tells" {
		obj, head, end := r.object(s, i)
		if obj == "" {
			return "", i
		}
		if eventNouns[strings.ToLower(s[head].text)] {
			return "at " + obj, skipTime(s, end)
		}
		return "to " + obj, skipTime(s, end)
	}
	start := i
	for j := i; j < len(s); j++ {
		t := s[j]
		if t.kind == tPunct {
			break
		}
		if t.kind == tQuote {
			if verb != "" && !actVerbs[verb] {
				// "She added Wang Yi "reaffirmed …" in a conversation with
				// Kerry": past the quotation the setting is someone else's.
				break
			}
			continue
		}
		lw := strings.ToLower(t.text)
		if lw == "that" {
			break
		}
		if lw != "in" && lw != "at" && lw != "on" && lw != "to" {
			continue
		}
		if h, end := r.setting(s, j); h != "" {
			if j == start {
				return h, skipTime(s, end)
			}
			return h, start
		}
	}
	return "", start
}

// skipTime skips "Sunday", "on Monday (December 22)" and the like.
func skipTime(s []tok, i int) int {
	for i < len(s) {
		t := s[i]
		switch {
		case t.kind == tPunct && t.text == "(":
			j := i + 1
			for j < len(s) && !(s[j].kind == tPunct && s[j].text == ")") {
				j++
			}
			if j >= len(s) {
				return i
			}
			i = j + 1
		case t.kind == tWord && (timeWords[strings.ToLower(t.text)] || isNumber(t.text)):
			i++
		default:
			return i
		}
	}
	return i
}

// object reads what follows "told": "CNN", "reporters in Sydney", "a
// regular news conference in Beijing", "local radio station 3WB". head is
// the index of its last word before any place.
func (r *reader) object(s []tok, i int) (obj string, head, end int) {
	j, head := i, -1
	for ; j < len(s) && s[j].kind == tWord; j++ {
		lw := strings.ToLower(s[j].text)
		if j == i && (pronouns[lw] || clauseWords[lw]) {
			return "", -1, i
		}
		if j > i && (determiners[lw] || pronouns[lw] || clauseWords[lw] || timeWords[lw] || prepositions[lw]) {
			break
		}
		if lw == "in" || lw == "at" {
			if j > i && j+1 < len(s) && s[j+1].kind == tWord && isUpper(s[j+1].text) {
				k := j + 1
				for k < len(s) && s[k].kind == tWord && isUpper(s[k].text) {
					k++
					if s[k-1].stop {
						break
					}
				}
				j = k
			}
			break
		}
		if j > i && !isUpper(s[j].text) && isUpper(s[j-1].text) && !determiners[strings.ToLower(s[i].text)] {
			break // "told CNN the attack …"
		}
		head = j
		if s[j].stop {
			j++
			break
		}
	}
	if head < 0 {
		return "", -1, i
	}
	return r.text[s[i].pos:s[j-1].end], head, j
}

// prepositions end the object of "told".
var prepositions = set("about", "after", "before", "for", "by", "of", "with", "during", "on", "outside", "following")

// setting reads a setting phrase at the preposition s[j], or "".
func (r *reader) setting(s []tok, j int) (string, int) {
	prep := strings.ToLower(s[j].text)
	end := j + 1
	found := false
	for ; end < len(s) && end <= j+7 && s[end].kind == tWord; end++ {
		lw := strings.ToLower(s[end].text)
		if settingNouns[lw] || prep == "to" && (lw == "reporters" || lw == "journalists") ||
			prep == "on" && (lw == "twitter" || lw == "facebook" || lw == "television" || lw == "radio" || lw == "weibo" || lw == "x" || lw == "instagram" || lw == "tiktok") {
			found = true
			end++
			break
		}
		if s[end].stop || clauseWords[lw] || timeWords[lw] && end > j+1 {
			break
		}
	}
	if !found {
		return "", j
	}
	// "… with CNN", "… in Beijing"
	for end+1 < len(s) && s[end].kind == tWord {
		lw := strings.ToLower(s[end].text)
		if lw != "with" && lw != "in" && lw != "at" && lw != "of" {
			break
		}
		k := end + 1
		for k < len(s) && s[k].kind == tWord && k < end+9 {
			kw := strings.ToLower(s[k].text)
			if clauseWords[kw] || timeWords[kw] || kw == "in" || kw == "at" {
				break
			}
			k++
			if s[k-1].stop {
				break
			}
		}
		if k == end+1 {
			break
		}
		end = k
	}
	return r.text[s[j].pos:s[end-1].end], end
}

// howAtStart reads a setting that opens the sentence: "In a statement, …".
func (r *reader) howAtStart(s []tok) string {
	if len(s) == 0 || s[0].kind != tWord {
		return ""
	}
	if lw := strings.ToLower(s[0].text); lw != "in" && lw != "at" && lw != "on" {
		return ""
	}
	h, _ := r.setting(s, 0)
	if h == "" {
		return ""
	}
	return strings.ToLower(h[:1]) + h[1:]
}
