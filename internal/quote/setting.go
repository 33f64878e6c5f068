package quote

// Reading the setting of a reporting clause: "told CNN", "at a regular
// news conference", "in an interview with CNN".

import "strings"

// how reads the setting after a reporting verb: "to CNN", "at a regular
// news conference in Beijing", "in an interview with CNN", "in an
// editorial". It returns the setting and the token after what the verb
// governs (its object and setting), so a quotation right there is the
// whole of what was said rather than a fragment of it.
func (r *reader) how(s []tok, i int, verb string) (string, int) {
	i = skipTime(s, i)
	if verb == "told" || verb == "tells" {
		return r.toldWhom(s, i)
	}
	start := i
	for j := i; j < len(s) && !settingEnds(s[j], verb); j++ {
		if s[j].kind != tWord || !settingPreps[strings.ToLower(s[j].text)] {
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

// settingEnds reports whether the setting of verb is looked for no further
// than t: punctuation, "that", or a quotation after a speech verb ("She
// added Wang Yi "reaffirmed …" in a conversation with Kerry": past the
// quotation the setting is someone else's).
func settingEnds(t tok, verb string) bool {
	switch t.kind {
	case tPunct:
		return true
	case tQuote:
		return verb != "" && !actVerbs[verb]
	}
	return strings.ToLower(t.text) == "that"
}

// settingPreps open a setting phrase.
var settingPreps = set("in", "at", "on", "to")

// toldWhom reads the object of "told" at s[i] as a setting: "to CNN", or
// "at a news conference".
func (r *reader) toldWhom(s []tok, i int) (string, int) {
	obj, head, end := r.object(s, i)
	if obj == "" {
		return "", i
	}
	if eventNouns[strings.ToLower(s[head].text)] {
		return "at " + obj, skipTime(s, end)
	}
	return "to " + obj, skipTime(s, end)
}

// skipTime skips "Sunday", "on Monday (December 22)" and the like.
func skipTime(s []tok, i int) int {
	for i < len(s) {
		t := s[i]
		switch {
		case t.is("("):
			j := i + 1
			for j < len(s) && !s[j].is(")") {
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
		if endsObject(lw, j == i) {
			break
		}
		if lw == "in" || lw == "at" {
			if j > i {
				j = placeAfter(s, j)
			}
			break
		}
		if j > i && nameEnds(s, i, j) {
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

// endsObject reports whether the word lw ends the object of "told" before
// it (first: lw would be the object's first word, and there is none).
func endsObject(lw string, first bool) bool {
	if pronouns[lw] || clauseWords[lw] {
		return true
	}
	return !first && (determiners[lw] || timeWords[lw] || prepositions[lw])
}

// nameEnds reports whether the object that starts at s[i] ends before the
// word s[j]: a lowercase word after a capitalised one ends a name ("told
// CNN the attack …"), unless the object opened with a determiner ("a
// regular news conference").
func nameEnds(s []tok, i, j int) bool {
	return !isUpper(s[j].text) && isUpper(s[j-1].text) && !determiners[strings.ToLower(s[i].text)]
}

// placeAfter reads the capitalised place after the "in" or "at" at s[j]:
// "reporters in Sydney". It returns the token after the place, or j when
// there is none.
func placeAfter(s []tok, j int) int {
	k := j + 1
	for k < len(s) && s[k].kind == tWord && isUpper(s[k].text) {
		k++
		if s[k-1].stop {
			break
		}
	}
	if k == j+1 {
		return j
	}
	return k
}

// prepositions end the object of "told".
var prepositions = set("about", "after", "before", "for", "by", "of", "with", "during", "on", "outside", "following")

// settingAfter are the words beside settingNouns that make a setting after
// a preposition: "to reporters", "on Twitter".
var settingAfter = map[string]map[string]bool{
	"to": set("reporters", "journalists"),
	"on": set("twitter", "facebook", "television", "radio", "weibo", "x", "instagram", "tiktok"),
}

// settingLinks join more to a setting: "in an interview with CNN", "at a
// briefing in Beijing".
var settingLinks = set("with", "in", "at", "of")

// setting reads a setting phrase at the preposition s[j], or "".
func (r *reader) setting(s []tok, j int) (string, int) {
	end, ok := settingNoun(s, j)
	if !ok {
		return "", j
	}
	// "… with CNN", "… in Beijing"
	for end+1 < len(s) && s[end].kind == tWord && settingLinks[strings.ToLower(s[end].text)] {
		k := linkedPhrase(s, end)
		if k == end+1 {
			break
		}
		end = k
	}
	return r.text[s[j].pos:s[end-1].end], end
}

// settingNoun finds, within seven words after the preposition s[j], the
// noun that makes them a setting ("in an interview", "to reporters"), and
// returns the token after it.
func settingNoun(s []tok, j int) (int, bool) {
	nouns := settingAfter[strings.ToLower(s[j].text)]
	for end := j + 1; end < len(s) && end <= j+7 && s[end].kind == tWord; end++ {
		lw := strings.ToLower(s[end].text)
		if settingNouns[lw] || nouns[lw] {
			return end + 1, true
		}
		if s[end].stop || clauseWords[lw] || timeWords[lw] && end > j+1 {
			return 0, false
		}
	}
	return 0, false
}

// linkedPhrase reads the words after the link s[l] ("with", "in"): up to
// eight, ending before a clause or time word or another "in" or "at", or
// after a full stop. It returns the token after them, l+1 when there are
// none.
func linkedPhrase(s []tok, l int) int {
	k := l + 1
	for k < len(s) && s[k].kind == tWord && k < l+9 {
		kw := strings.ToLower(s[k].text)
		if clauseWords[kw] || timeWords[kw] || kw == "in" || kw == "at" {
			break
		}
		k++
		if s[k-1].stop {
			break
		}
	}
	return k
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
