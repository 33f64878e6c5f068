package index

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Synonyms is a teacher-editable alias list: groups of words or names that
// mean the same thing in questions ("Pyongyang", "North Korea", "DPRK").
type Synonyms struct {
	groups [][]member
	// byFirst indexes members by the match key of their first word, longest first.
	byFirst map[string][]ref
}

type member struct {
	text  string   // as written in the list
	words []string // match keys, one per word
	exact bool     // written in capitals: match case-sensitively
}

type ref struct{ group, member int }

// Limits of a synonym list. Every word of a question is looked up among
// the members that start with it, and a word in a group is searched in
// each of the group's forms, so these bound what synonyms add to the cost
// of a question: at most maxGroupMembers forms of at most maxMemberWords
// words per question word. The list shipped has groups of up to 10.
const (
	maxLineBytes    = 2048
	maxGroupMembers = 32
	maxMemberWords  = 8
	// maxSameFirst bounds the members that start with one word, all of
	// which are tried at each question word that is that word.
	maxSameFirst = 32
	// maxSynonymForms bounds the synonym forms one question searches for,
	// all its words together; past it, a word is searched as written.
	maxSynonymForms = 128
)

// ParseSynonyms reads one group per line, members separated by commas;
// blank lines and lines starting with # are ignored. An error names the
// line, and says which limit it broke.
func ParseSynonyms(text string) (*Synonyms, error) {
	s := &Synonyms{byFirst: map[string][]ref{}}
	if err := s.Add(text); err != nil {
		return nil, err
	}
	return s, nil
}

// Add reads another list into s, as ParseSynonyms reads one; an error's
// line number is that list's own, and leaves s unusable.
func (s *Synonyms) Add(text string) error {
	for i, line := range strings.Split(text, "\n") {
		n := i + 1
		if len(line) > maxLineBytes {
			return fmt.Errorf("synonyms line %d: %d bytes long, at most %d", n, len(line), maxLineBytes)
		}
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		g, err := parseGroup(line)
		if err != nil {
			return fmt.Errorf("synonyms line %d: %w", n, err)
		}
		if err := s.addGroup(g); err != nil {
			return fmt.Errorf("synonyms line %d: %w", n, err)
		}
	}
	s.longestFirst()
	return nil
}

// addGroup adds a parsed group, indexing each member by its first word.
func (s *Synonyms) addGroup(g []member) error {
	for mi, m := range g {
		refs := s.byFirst[m.words[0]]
		if len(refs) >= maxSameFirst {
			return fmt.Errorf("more than %d members start with %q", maxSameFirst, m.words[0])
		}
		s.byFirst[m.words[0]] = append(refs, ref{len(s.groups), mi})
	}
	s.groups = append(s.groups, g)
	return nil
}

// longestFirst orders the members that share a first word longest first,
// so "North Korea" wins over "North"; members of one length keep their
// order.
func (s *Synonyms) longestFirst() {
	for _, refs := range s.byFirst {
		for i := 1; i < len(refs); i++ {
			for j := i; j > 0 && len(s.member(refs[j]).words) > len(s.member(refs[j-1]).words); j-- {
				refs[j], refs[j-1] = refs[j-1], refs[j]
			}
		}
	}
}

func parseGroup(line string) ([]member, error) {
	var g []member
	for _, f := range strings.Split(line, ",") {
		f = strings.TrimSpace(f)
		if f == "" {
			continue
		}
		ws := splitWords(f)
		switch {
		case len(ws) == 0:
			return nil, fmt.Errorf("%q has no words", f)
		case len(ws) > maxMemberWords:
			return nil, fmt.Errorf("%q has %d words, at most %d", f, len(ws), maxMemberWords)
		case len(g) == maxGroupMembers:
			return nil, fmt.Errorf("more than %d members in one group", maxGroupMembers)
		}
		m := member{text: f, exact: isCapitals(f)}
		for _, w := range ws {
			m.words = append(m.words, matchKey(w.text, m.exact))
		}
		g = append(g, m)
	}
	if len(g) < 2 {
		return nil, fmt.Errorf("a group needs at least two members")
	}
	return g, nil
}

func (s *Synonyms) member(r ref) member { return s.groups[r.group][r.member] }

// match finds the longest member that starts at words[i]; n is how many
// words it spans, and 0 when none does.
func (s *Synonyms) match(ws []word, i int) (group int, n int) {
	if s == nil {
		return -1, 0
	}
	for _, exact := range []bool{true, false} {
		for _, r := range s.byFirst[matchKey(ws[i].text, exact)] {
			m := s.member(r)
			if m.exact != exact || i+len(m.words) > len(ws) {
				continue
			}
			ok := true
			for k, w := range m.words {
				if matchKey(ws[i+k].text, m.exact) != w {
					ok = false
					break
				}
			}
			if ok {
				return r.group, len(m.words)
			}
		}
	}
	return -1, 0
}

// spend charges group g's members to a question's budget of synonym
// forms, and gives -1 (no group) once the budget cannot pay for them.
func (s *Synonyms) spend(g, budget int) (int, int) {
	if g < 0 {
		return g, budget
	}
	if k := len(s.groups[g]); k <= budget {
		return g, budget - k
	}
	return -1, budget
}

// Members lists the members of group g as written.
func (s *Synonyms) members(g int) []string {
	var out []string
	for _, m := range s.groups[g] {
		out = append(out, m.text)
	}
	return out
}

// Len is the number of groups.
func (s *Synonyms) Len() int {
	if s == nil {
		return 0
	}
	return len(s.groups)
}

// word is one word of user text with its byte offsets.
type word struct {
	text       string
	start, end int
}

// splitWords finds the words of s, keeping inner dots, hyphens and
// apostrophes ("U.S", "Jong-Un", "Korea's"): each word is a letter or
// digit, then the longest run of letters, digits and those marks that
// ends in a letter or digit. It is the expression
// [\p{L}\p{N}](?:[\p{L}\p{N}'’.-]*[\p{L}\p{N}])? scanned by hand (every
// question runs it; FuzzSplitWords holds the two to the same words).
func splitWords(s string) []word {
	var out []word
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		if !isWordRune(r) {
			i += n
			continue
		}
		start, end := i, i+n
		for j := end; j < len(s); {
			r, n := utf8.DecodeRuneInString(s[j:])
			if isWordRune(r) {
				end = j + n
			} else if !isInnerMark(r) {
				break
			}
			j += n
		}
		out = append(out, word{text: s[start:end], start: start, end: end})
		i = end
	}
	return out
}

// isWordRune is a letter or a digit, as \p{L} and \p{N} are.
func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsNumber(r) }

// isInnerMark is a mark a word may have inside it.
func isInnerMark(r rune) bool { return r == '\'' || r == '’' || r == '.' || r == '-' }

// matchKey is how a word is compared with list members: without dots or a
// possessive, and folded to lower case unless exact.
func matchKey(w string, exact bool) string {
	for _, suf := range []string{"'s", "’s", "'S", "’S"} {
		w = strings.TrimSuffix(w, suf)
	}
	w = strings.ReplaceAll(w, ".", "")
	if !exact {
		w = strings.ToLower(w)
	}
	return w
}

// isCapitals reports whether s has letters and all of them are capitals.
func isCapitals(s string) bool {
	letters := 0
	for _, r := range s {
		if unicode.IsLetter(r) {
			if !unicode.IsUpper(r) {
				return false
			}
			letters++
		}
	}
	return letters > 1
}
