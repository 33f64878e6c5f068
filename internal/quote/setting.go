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
