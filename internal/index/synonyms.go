package index

import (
	"bufio"
	"fmt"
	"regexp"
	"strings"
	"unicode"
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

// ParseSynonyms reads one group per line, members separated by commas;
// blank lines and lines starting with # are ignored.
func ParseSynonyms(text string) (*Synonyms, error) {
	s := &Synonyms{byFirst: map[string][]ref{}}
	sc := bufio.NewScanner(strings.NewReader(text))
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		var g []member
		for _, f := range strings.Split(line, ",") {
			f = strings.TrimSpace(f)
			if f == "" {
				continue
			}
			ws := splitWords(f)
			if len(ws) == 0 {
				return nil, fmt.Errorf("synonyms line %d: %q has no words", n, f)
			}
			m := member{text: f, exact: isCapitals(f)}
			for _, w := range ws {
				m.words = append(m.words, matchKey(w.text, m.exact))
			}
			g = append(g, m)
		}
		if len(g) < 2 {
			return nil, fmt.Errorf("synonyms line %d: a group needs at least two members", n)
		}
		s.groups = append(s.groups, g)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read synonyms: %w", err)
	}
	for gi, g := range s.groups {
		for mi, m := range g {
			s.byFirst[m.words[0]] = append(s.byFirst[m.words[0]], ref{gi, mi})
		}
	}
	for k, rs := range s.byFirst {
		// Longest first, so "North Korea" wins over "North".
		refs := rs
		for i := 1; i < len(refs); i++ {
			for j := i; j > 0 && len(s.member(refs[j]).words) > len(s.member(refs[j-1]).words); j-- {
				refs[j], refs[j-1] = refs[j-1], refs[j]
			}
		}
		s.byFirst[k] = refs
	}
	return s, nil
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

var wordRE = regexp.MustCompile(`[\p{L}\p{N}](?:[\p{L}\p{N}'’.-]*[\p{L}\p{N}])?`)

// splitWords finds the words of s, keeping inner dots, hyphens and
// apostrophes ("U.S", "Jong-Un", "Korea's").
func splitWords(s string) []word {
	var out []word
	for _, loc := range wordRE.FindAllStringIndex(s, -1) {
		out = append(out, word{text: s[loc[0]:loc[1]], start: loc[0], end: loc[1]})
	}
	return out
}

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
