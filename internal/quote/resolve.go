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
