package index

import (
	"context"
	"fmt"
	"unicode"
	"unicode/utf8"

	bleveindex "github.com/blevesearch/bleve_index_api"
)

// A question's word that the passages lack as written may be a name
// misspelt (spellings), and one they have may also come in forms the
// stemmer does not join to it (family).

// minSpelling is the shortest word spellings corrects: shorter ones are
// within an edit of too many others. maxSpelling is the longest: no name
// is longer, and bleve's automaton for a word grows with it (from about
// 500 letters it fails, and the failure would mark the index damaged).
const (
	minSpelling = 5
	maxSpelling = 40
)

// maxSpellingSearches bounds the spelling searches of one question: each
// walks the term dictionary, and a long run of unknown capitalised words
// (pasted text through Find source) would otherwise cost 100 ms or more.
const maxSpellingSearches = 4

// spelling is r.spellings(term), cached per index: a word no passage has
// comes back in every question that asks after the same name.
func (ix *Index) spelling(r *termCounter, term string) ([][]string, error) {
	if s, ok := ix.spellings.Get(term); ok {
		return s, nil
	}
	s, err := r.spellings(term)
	if err != nil {
		return nil, err
	}
	if memoable(term) {
		ix.spellings.Put(term, s)
	}
	return s, nil
}

// spellings lists the index terms a misspelt name may stand for ("Telnet"
// for "Telenet", "Tchaikovski" for "Tchaikovsky"): those within the edits
// a spelling checker allows for its length (one from minSpelling letters,
// two from 8) that start with its letter. More than maxExtensions of them
// is no one name, and gives none.
func (c *termCounter) spellings(term string) ([][]string, error) {
	n := len([]rune(term))
	if n < minSpelling || n > maxSpelling {
		return nil, nil
	}
	edits := 1
	if n >= 8 {
		edits = 2
	}
	if err := c.open(); err != nil {
		return nil, err
	}
	fr, ok := c.r.(bleveindex.IndexReaderFuzzy)
	if !ok {
		return nil, nil
	}
	first, _ := utf8.DecodeRuneInString(term)
	d, err := fr.FieldDictFuzzy(fieldText, term, edits, string(first))
	if err != nil {
		// The automaton is built from the question's word, not read from
		// the index: a word it cannot take gets no correction, and must not
		// mark the index damaged.
		return nil, nil
	}
	out, err := fewTerms(d)
	if err != nil {
		return nil, fmt.Errorf("terms near %q: %w", term, err)
	}
	return out, nil
}

// minFamily is the shortest stem that stands for a word family: shorter
// common prefixes ("stat", "form") join unrelated words. (4 and 6 were
// tried: cross-validated top-1 and top-3 on SQuAD within 0.3 points of 5
// either way, and 5 is the middle.)
const minFamily = 5

// family lists the index terms of t's word family: the terms that extend
// t (up to maxExtensions, as extensions) and t's prefixes of minFamily
// letters or more that are terms. Families are cached with the counts (an
// index never changes), and callers must not change them.
func (ix *Index) family(ctx context.Context, r *termCounter, t string) ([][]string, error) {
	if f, ok := ix.families.Get(t); ok {
		return f, nil
	}
	f, err := ix.findFamily(ctx, r, t)
	if err != nil {
		return nil, err
	}
	if memoable(t) {
		ix.families.Put(t, f)
	}
	return f, nil
}

func (ix *Index) findFamily(ctx context.Context, r *termCounter, t string) ([][]string, error) {
	rs := []rune(t)
	if len(rs) < minFamily {
		return nil, nil
	}
	more, err := ix.extensions(t)
	if err != nil {
		return nil, err
	}
	var out [][]string
	for _, m := range more {
		if m[0] != t {
			out = append(out, m)
		}
	}
	for n := len(rs) - 1; n >= minFamily; n-- {
		k, err := r.count(ctx, string(rs[:n]))
		if err != nil {
			return nil, err
		}
		if k > 0 {
			out = append(out, []string{string(rs[:n])})
		}
	}
	return out, nil
}

// capitalised reports whether s opens with a capital: a name, or the
// question's first word.
func capitalised(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsUpper(r)
}
