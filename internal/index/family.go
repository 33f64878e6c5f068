package index

import (
	"fmt"
	"unicode"
	"unicode/utf8"

	bleveindex "github.com/blevesearch/bleve_index_api"
)

// A question's word that the passages lack as written may be a name
// misspelt (spellings).

// minSpelling is the shortest word spellings corrects: shorter ones are
// within an edit of too many others.
const minSpelling = 5

// spellings lists the index terms a misspelt name may stand for ("Telnet"
// for "Telenet", "Tchaikovski" for "Tchaikovsky"): those within the edits
// a spelling checker allows for its length (one from minSpelling letters,
// two from 8) that start with its letter. More than maxExtensions of them
// is no one name, and gives none.
func (c *termCounter) spellings(term string) ([][]string, error) {
	n := len([]rune(term))
	if n < minSpelling {
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
		return nil, fmt.Errorf("terms near %q: %w", term, err)
	}
	defer d.Close()
	var out [][]string
	for len(out) <= maxExtensions {
		e, err := d.Next()
		if err != nil {
			return nil, fmt.Errorf("terms near %q: %w", term, err)
		}
		if e == nil {
			break
		}
		out = append(out, []string{e.Term})
	}
	if len(out) > maxExtensions {
		return nil, nil
	}
	return out, nil
}

// capitalised reports whether s opens with a capital: a name, or the
// question's first word.
func capitalised(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsUpper(r)
}
