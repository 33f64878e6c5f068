package quote

// Resolving a clause's subject to a speaker: pronouns, "the statement",
// surnames, and names with a role, against what the article has named so
// far (coreference).

import "strings"

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
	if subj[0] < verb && !opensSubject(first) {
		// Before its verb a subject opens with a name, an article or a
		// pronoun; anything else is the tail of another clause. After the
		// verb ("according to engineering firm X") there is no such doubt.
		return Attribution{}, kindUnknown
	}
	if lf := strings.ToLower(first); len(subj) == 1 && pronouns[lf] {
		return r.pronoun(lf)
	}
	ws := make([]string, len(subj))
	for i, j := range subj {
		ws[i] = s[j].text
	}
	if att, k, ok := r.known(s, verb, subj, appos, ws); ok {
		return att, k
	}
	name, role, k := r.named(s, subj, ws)
	if a := r.roleOf(s, appos); a != "" && (role == "" || honorifics[strings.ToLower(role)]) {
		role = a
	}
	if k == kindUnknown && len(appos) > 0 {
		k = kindPerson
	}
	return Attribution{Speaker: name, Role: role}, k
}

// known resolves a subject the article has already told of: a document
// that speaks for its issuer, a name given before, a publication, or "the"
// and a name.
func (r *reader) known(s []tok, verb int, subj, appos []int, ws []string) (Attribution, kind, bool) {
	if att, k, ok := r.document(ws); ok {
		return att, k, true
	}
	if att, k, ok := r.nameOf(s, verb, subj, appos, ws); ok {
		return att, k, true
	}
	if att, k, ok := r.publication(s, subj, ws); ok {
		return att, k, true
	}
	return r.theName(s, subj, ws)
}

// opensSubject reports whether w may open a subject: a name, an article, a
// pronoun or a possessive.
func opensSubject(w string) bool {
	lw := strings.ToLower(w)
	return isUpper(w) || determiners[lw] || pronouns[lw] || isPossessive(w)
}

// document reads "the statement", which speaks for its issuer: the last
// organisation that "said" something (one that asked or warned was doing
// something else).
func (r *reader) document(ws []string) (Attribution, kind, bool) {
	last := ws[len(ws)-1]
	how, ok := documentNouns[strings.ToLower(last)]
	if !ok || isUpper(last) {
		return Attribution{}, kindUnknown, false
	}
	for i := len(r.speakers) - 1; i >= 0; i-- {
		if sp := r.speakers[i]; sp.kind == kindOrg && sp.says {
			return Attribution{Speaker: sp.att.Speaker, Role: sp.att.Role, How: how}, kindDoc, true
		}
	}
	return Attribution{How: how}, kindDoc, true
}

// nameOf reads "Mia Castellano of the Canberra Cyber Policy Institute": the
// name before "of" is the speaker, and what follows is the role unless the
// name brings one.
func (r *reader) nameOf(s []tok, verb int, subj, appos []int, ws []string) (Attribution, kind, bool) {
	for i, w := range ws {
		if w != "of" || i < 2 || i+1 >= len(ws) || nameRun(ws[:i]) != i {
			continue
		}
		att, k := r.resolve(s, verb, subj[:i], appos)
		if att.Role == "" {
			att.Role = r.phrase(s, subj[i:])
		}
		return att, k, true
	}
	return Attribution{}, kindUnknown, false
}

// publication reads "China's Global Times newspaper" as "the Global Times".
func (r *reader) publication(s []tok, subj []int, ws []string) (Attribution, kind, bool) {
	last := len(ws) - 1
	if last < 1 || !mediaNouns[strings.ToLower(ws[last])] {
		return Attribution{}, kindUnknown, false
	}
	b := 0
	for b < last && (determiners[strings.ToLower(ws[b])] || isPossessive(ws[b])) {
		b++
	}
	if b == last || nameRun(ws[b:last]) != last-b {
		return Attribution{}, kindUnknown, false
	}
	return Attribution{Speaker: "the " + r.phrase(s, subj[b:last]), Role: lowerFirst(r.phrase(s, subj))}, kindOrg, true
}

// theName reads "The Harbour Residents Association" as "the Harbour
// Residents Association".
func (r *reader) theName(s []tok, subj []int, ws []string) (Attribution, kind, bool) {
	if len(ws) < 2 || ws[0] != "The" || nameRun(ws) != len(ws) {
		return Attribution{}, kindUnknown, false
	}
	return Attribution{Speaker: lowerFirst(r.phrase(s, subj))}, kindOr(nounKind(ws), kindOrg), true
}

// named reads a subject by the name it ends with: none ("the company"), all
// name ("Wang Yi", or a surname given in full before), or a role and a name
// ("Foreign Ministry spokeswoman Hua Chunying").
func (r *reader) named(s []tok, subj []int, ws []string) (name, role string, k kind) {
	switch n := nameRun(ws); n {
	case 0:
		return lowerFirst(r.phrase(s, subj)), "", nounKind(ws)
	case len(ws):
		return r.allName(s, subj, ws)
	default:
		return r.roleAndName(s, subj, ws, n)
	}
}

// allName reads a subject that is a name and nothing else. One word is a
// surname given in full before, with its role, or else an organisation
// ("Sony").
func (r *reader) allName(s []tok, subj []int, ws []string) (name, role string, k kind) {
	name = r.phrase(s, subj)
	if len(ws) > 1 {
		if nounKind(ws) == kindOrg {
			return name, "", kindOrg
		}
		return name, "", kindPerson
	}
	if m, ok := r.fullName(name); ok {
		return m.name, m.role, kindPerson
	}
	return name, "", kindOrg
}

// roleAndName reads a subject whose last n words are a name and whose head
// is a role: "U.S. President Barack Obama". "the Wellsby Gazette" is a name
// with its article, not a role.
func (r *reader) roleAndName(s []tok, subj []int, ws []string, n int) (name, role string, k kind) {
	head := subj[:len(subj)-n]
	name = r.phrase(s, subj[len(subj)-n:])
	if strings.EqualFold(ws[0], "the") && len(head) == 1 {
		return "the " + name, "", kindOr(nounKind(ws), kindOrg)
	}
	role = lowerFirst(r.phrase(s, head))
	if n == 1 {
		if m, ok := r.fullName(name); ok {
			name = m.name
		}
	}
	if honorifics[strings.ToLower(strings.TrimSuffix(role, "."))] {
		role = ""
	}
	return name, role, kindOr(nounKind(ws[:len(ws)-n]), kindPerson)
}

// kindOr is k, or def when k is unknown.
func kindOr(k, def kind) kind {
	if k == kindUnknown {
		return def
	}
	return k
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
		if !capitalised(s[i]) {
			i++
			continue
		}
		j := i
		for j < len(s) && capitalised(s[j]) {
			j++
		}
		r.addMention(s, i, j)
		i = j
	}
}

func capitalised(t tok) bool { return t.kind == tWord && isUpper(t.text) }

// addMention records the full name that ends the capitalised words s[i:j],
// if they end with one, with the role before it.
func (r *reader) addMention(s []tok, i, j int) {
	ws := make([]string, 0, j-i)
	for _, t := range s[i:j] {
		ws = append(ws, t.text)
	}
	n := nameRun(ws)
	if n < 2 || nounKind(ws[len(ws)-n:]) != kindUnknown {
		return
	}
	b := j - n
	rb := b
	for rb > 0 && s[rb-1].kind == tWord && roleWord(s, rb-1) {
		rb--
	}
	var role string
	if rb < b {
		role = lowerFirst(r.text[s[rb].pos:s[b-1].end])
	}
	r.mentions = append(r.mentions, mention{name: r.text[s[b].pos:s[j-1].end], role: role})
}

// roleWord reports whether the word s[i] may be part of a role written
// before a name: "chief executive", "Secretary of State".
func roleWord(s []tok, i int) bool {
	w := s[i].text
	lw := strings.ToLower(w)
	return isUpper(w) || titleWords[lw] || personNouns[lw] || lw == "of" && i >= 1 && titleWords[strings.ToLower(s[i-1].text)]
}
