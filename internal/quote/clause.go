package quote

// Finding the reporting clauses of a sentence: the speech verb, its
// subject (before it, or after it when inverted) and its setting.

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

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

func onlyPunct(ts []tok) bool {
	for _, t := range ts {
		if t.kind != tPunct {
			return false
		}
	}
	return true
}

// is reports whether t is the punctuation mark.
func (t tok) is(mark string) bool { return t.kind == tPunct && t.text == mark }

func hasPunct(ts []tok, p string) bool {
	for _, t := range ts {
		if t.is(p) {
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

// clauses finds the reporting clauses of a sentence and resolves their
// subjects, then records them as speakers.
func (r *reader) clauses(s []tok) []clause {
	var out []clause
	for i, t := range s {
		if t.kind != tWord {
			continue
		}
		if c, ok := r.clauseAt(s, i); ok {
			out = append(out, r.record(c))
		}
	}
	return out
}

// clauseAt reads the reporting clause whose verb is the word s[i], if it
// is one.
func (r *reader) clauseAt(s []tok, i int) (clause, bool) {
	lw := strings.ToLower(s[i].text)
	if lw == "according" {
		return r.accordingTo(s, i)
	}
	if !reports(s, i, lw) {
		return clause{}, false
	}
	c := clause{verb: i, start: i, by: -1, act: actVerbs[lw], says: plainVerbs[lw]}
	if b := prevWord(s, i); b >= 0 && beVerbs[strings.ToLower(s[b].text)] {
		return r.passiveClause(s, c, b)
	}
	return r.activeClause(s, c, lw)
}

// accordingTo reads "according to X" at s[i].
func (r *reader) accordingTo(s []tok, i int) (clause, bool) {
	if i+1 >= len(s) || !strings.EqualFold(s[i+1].text, "to") {
		return clause{}, false
	}
	subj, end := nounAfter(s, i+2)
	c := clause{verb: i, start: i, after: end, by: -1}
	c.att, c.kind = r.resolve(s, i, subj, nil)
	return c, true
}

// reports reports whether the word s[i], lowercased lw, is a verb that
// reports speech where it stands.
func reports(s []tok, i int, lw string) bool {
	if !speechVerbs[lw] && !actVerbs[lw] {
		return false
	}
	if i == 0 || s[i-1].kind == tWord && participleCues[strings.ToLower(s[i-1].text)] {
		return false // "Asked whether …", "when asked at a briefing"
	}
	// "The US has asked China for help" is a request, not speech; "…?"
	// asked X is speech.
	request := requestVerbs[lw] && i+1 < len(s) && s[i+1].kind == tWord && !timeWords[strings.ToLower(s[i+1].text)]
	return !request || afterQuote(s, i)
}

// afterQuote reports whether s[i] follows a quotation, with at most one
// punctuation mark between.
func afterQuote(s []tok, i int) bool {
	return s[i-1].kind == tQuote || s[i-1].kind == tPunct && i >= 2 && s[i-2].kind == tQuote
}

// passiveClause reads "were dismissed as … by X", whose be verb is s[b]:
// the subject follows "by", and the setting follows the subject.
func (r *reader) passiveClause(s []tok, c clause, b int) (clause, bool) {
	by := findBy(s, c.verb+1)
	if by < 0 {
		return clause{}, false
	}
	subj, end := nounAfter(s, by+1)
	c.by, c.start = by, b
	c.att, c.kind = r.resolve(s, c.verb, subj, nil)
	c.att.How, c.after = r.how(s, end, "")
	return c, true
}

// activeClause reads "X said …", or inverted "said X, a …": the subject is
// before the verb lw, else the noun phrase after it with its appositive.
// The setting follows the verb, or opens the sentence ("In a statement, …").
func (r *reader) activeClause(s []tok, c clause, lw string) (clause, bool) {
	i := c.verb
	subj, appos := subjectBefore(s, i)
	howFrom := i + 1
	if len(subj) > 0 {
		c.start = subj[0]
	} else {
		var end int
		if subj, end = nounAfter(s, i+1); len(subj) == 0 {
			return clause{}, false
		}
		appos, howFrom = appositive(s, end)
	}
	c.att, c.kind = r.resolve(s, i, subj, appos)
	how, after := r.how(s, howFrom, lw)
	if how != "" {
		c.att.How = how
	} else if c.att.How == "" {
		c.att.How = r.howAtStart(s)
	}
	c.after = after
	return c, true
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
	for ; i < len(s) && s[i].kind == tWord && subjectWord(s[i].text, i == 0); i++ {
		subj = append(subj, i)
	}
	if len(subj) == 0 {
		return Attribution{}, kindUnknown
	}
	var appos []int
	if i < len(s) && s[i].is(",") {
		appos, _ = appositive(s, i)
	}
	if w := s[subj[0]].text; len(subj) == 1 && !pronouns[strings.ToLower(w)] {
		if _, ok := r.fullName(w); !ok {
			return Attribution{}, kindUnknown
		}
	}
	return r.resolve(s, len(s), subj, appos)
}

// subjectWord reports whether w may be part of a subject that opens a
// sentence (first: w opens it).
func subjectWord(w string, first bool) bool {
	lw := strings.ToLower(w)
	return isUpper(w) || isPossessive(w) || titleWords[lw] || personNouns[lw] || orgNouns[lw] || first && determiners[lw]
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
	if b := subjectStart(s, e); b < e {
		return indexes(b, e), nil
	}
	return nameAppositive(s, e)
}

// subjectStart is where the subject of a verb whose subject ends at e
// starts. "Police believe the man said …": a determiner inside starts the
// subject of the inner verb, unless "of" joins it ("head of the agency").
func subjectStart(s []tok, e int) int {
	b := wordsBack(s, e)
	for j := e - 1; j > b; j-- {
		if determiners[strings.ToLower(s[j].text)] && !strings.EqualFold(s[j-1].text, "of") && !isPossessive(s[j-1].text) {
			return j
		}
	}
	return b
}

// wordsBack is the first of the words that end at e, going back no
// further than punctuation or a clause word.
func wordsBack(s []tok, e int) int {
	b := e
	for b > 0 && s[b-1].kind == tWord && !clauseWords[strings.ToLower(s[b-1].text)] {
		b--
	}
	return b
}

// nameAppositive reads "Name, appositive," ending at e: a capitalised
// name, then an appositive between commas.
func nameAppositive(s []tok, e int) (subj, appos []int) {
	if e == 0 || !s[e-1].is(",") {
		return nil, nil
	}
	a := e - 1
	for a > 0 && s[a-1].kind == tWord {
		a--
	}
	if a == 0 || a == e-1 || !s[a-1].is(",") {
		return nil, nil
	}
	n := wordsBack(s, a-1)
	if n == a-1 || !isUpper(s[n].text) {
		return nil, nil
	}
	return indexes(n, a-1), indexes(a, e-1)
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
		if clauseWords[lw] || len(out) > 0 && (timeWords[lw] || settingOpeners[lw]) {
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

// settingOpeners start a setting after a name: "said Obama in an
// interview".
var settingOpeners = set("in", "at", "to", "during")

// appositive reads ", a fisherman whose boat sank" after a name at i.
func appositive(s []tok, i int) ([]int, int) {
	if i+1 >= len(s) || !s[i].is(",") || s[i+1].kind != tWord {
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
