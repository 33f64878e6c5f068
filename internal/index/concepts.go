package index

import (
	"context"
	"fmt"
	"slices"
	"strings"

	bleveindex "github.com/blevesearch/bleve_index_api"
)

// Concept is one thing a question names: a word, or a name of several words,
// with the aliases that mean the same.
type Concept struct {
	Surface    string // as the question writes it
	Start, End int    // byte offsets of Surface in the question
	// Alts are the ways a passage can say it, each as index terms; one of
	// several terms is a phrase.
	Alts [][]string
	// DocFreq is how many passages say it, in any of its ways: from the
	// term dictionary, so an estimate when it has several forms.
	DocFreq int
	// Expanded is set when the question's own word is in no passage and
	// Alts were widened to index terms that extend it.
	Expanded bool
	// Family are other words of the same family that passages have, each
	// one index term: longer ones ("european" for "europ", "revolutionari"
	// for "revolut") and shorter ones ("protest" for "protestant"), which
	// the stemmer does not join. They are searched, but count apart from
	// Alts (Hit.FamilyTF): a relative is not the word.
	Family [][]string
}

// Concepts splits a question into concepts and counts how many passages
// carry each. Words that analyze to nothing (stop words) are left out.
// A damaged index gives an error wrapping ErrDamaged.
func (ix *Index) Concepts(ctx context.Context, question string) (_ []Concept, err error) {
	if err := ix.Damaged(); err != nil {
		return nil, err
	}
	defer ix.guard(ctx, "reading the term dictionary", &err)
	r := &termCounter{ix: ix}
	defer r.close()
	ws := splitWords(question)
	var out []Concept
	budget, spelled := maxSynonymForms, 0
	for i := 0; i < len(ws); {
		c := Concept{Start: ws[i].start}
		g, n := ix.syn.match(ws, i)
		g, budget = ix.syn.spend(g, budget)
		if n == 0 {
			n = 1
		}
		c.End = ws[i+n-1].end
		c.Surface = question[c.Start:c.End]
		c.Alts = ix.alts(c.Surface, g)
		i += n
		if len(c.Alts) == 0 {
			continue
		}
		df, err := ix.docFreq(ctx, r, c)
		if err != nil {
			return nil, err
		}
		if df, err = ix.widen(ctx, r, &c, df, &spelled); err != nil {
			return nil, err
		}
		c.DocFreq = df
		out = append(out, c)
	}
	return out, nil
}

// widen widens a concept of one word that df passages have: if none has
// it, to index terms that extend it or, for a name, to its spellings (at
// most maxSpellingSearches a question, counted in spelled); if some have
// it, with its family. It returns the concept's new document frequency.
func (ix *Index) widen(ctx context.Context, r *termCounter, c *Concept, df int, spelled *int) (int, error) {
	if len(c.Alts) != 1 || len(c.Alts[0]) != 1 {
		return df, nil
	}
	word := c.Alts[0][0]
	if df > 0 {
		// The stemmer joins "settled" and "settle", not "settlement".
		fam, err := ix.family(ctx, r, word)
		c.Family = fam
		return df, err
	}
	// A word no passage has may still share its stem with one that does:
	// "leads" and "leader", "interviewed" and "interview"; or be a name
	// misspelt.
	more, err := ix.extensions(word)
	if err == nil && len(more) == 0 && capitalised(c.Surface) && *spelled < maxSpellingSearches {
		*spelled++
		more, err = ix.spelling(r, word)
	}
	if err != nil || len(more) == 0 {
		return df, err
	}
	c.Alts = append(c.Alts, more...)
	c.Expanded = true
	return ix.docFreq(ctx, r, *c)
}

// docFreq estimates from the term dictionary how many passages say c: the
// sum over its forms, a phrase counting as its rarest word, capped at the
// number of passages. It is exact when c has one single-word form, and
// zero exactly when no passage has any form's words.
func (ix *Index) docFreq(ctx context.Context, r *termCounter, c Concept) (int, error) {
	total := 0
	for _, alt := range c.Alts {
		n := -1
		for _, t := range alt {
			k, err := r.count(ctx, t)
			if err != nil {
				return 0, err
			}
			if n < 0 || k < n {
				n = k
			}
		}
		total += max(n, 0)
	}
	return min(total, ix.size), nil
}

// termCounter counts the passages that have a term, from the cache or
// else from an index reader it opens on its first miss.
type termCounter struct {
	ix *Index
	r  bleveindex.IndexReader
}

// count is how many passages have term t in their text.
func (c *termCounter) count(ctx context.Context, t string) (int, error) {
	if k, ok := c.ix.counts.Get(t); ok {
		return k, nil
	}
	if err := c.open(); err != nil {
		return 0, err
	}
	tfr, err := c.r.TermFieldReader(ctx, []byte(t), fieldText, false, false, false)
	if err != nil {
		return 0, fmt.Errorf("count %q: %w", t, err)
	}
	k := int(tfr.Count())
	tfr.Close()
	if memoable(t) {
		c.ix.counts.Put(t, k)
	}
	return k, nil
}

// open opens the index reader on first use.
func (c *termCounter) open() error {
	if c.r != nil {
		return nil
	}
	adv, err := c.ix.bl.Advanced()
	if err != nil {
		return fmt.Errorf("index reader: %w", err)
	}
	if c.r, err = adv.Reader(); err != nil {
		return fmt.Errorf("index reader: %w", err)
	}
	return nil
}

func (c *termCounter) close() {
	if c.r != nil {
		c.r.Close()
	}
}

// Prefix expansion limits: stems shorter than this match too much, and a
// common prefix is no longer one word's family.
const (
	minPrefix     = 4
	maxExtensions = 6
)

// extensions lists the index terms that extend term ("lead" -> "leader"),
// cached per index: a word no passage has comes back in every question
// that says it, and walking the dictionary was a third of Concepts.
func (ix *Index) extensions(term string) ([][]string, error) {
	if len([]rune(term)) < minPrefix {
		return nil, nil
	}
	if e, ok := ix.extended.Get(term); ok {
		return e, nil
	}
	e, err := ix.findExtensions(term)
	if err == nil && memoable(term) {
		ix.extended.Put(strings.Clone(term), e)
	}
	return e, err
}

// findExtensions is extensions without the cache.
func (ix *Index) findExtensions(term string) ([][]string, error) {
	d, err := ix.bl.FieldDictPrefix(fieldText, []byte(term))
	if err != nil {
		return nil, fmt.Errorf("terms with prefix %q: %w", term, err)
	}
	out, err := fewTerms(d)
	if err != nil {
		return nil, fmt.Errorf("terms with prefix %q: %w", term, err)
	}
	return out, nil
}

// fewTerms reads dictionary d's terms, each as a one-term form, and closes
// it; more than maxExtensions of them stand for no one word, and give none.
func fewTerms(d bleveindex.FieldDict) ([][]string, error) {
	defer d.Close()
	var out [][]string
	for len(out) <= maxExtensions {
		e, err := d.Next()
		if err != nil {
			return nil, err
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

// formsKey names a concept's forms: its surface and its synonym group.
type formsKey struct {
	surface string
	group   int
}

// alts analyzes a concept's surface and, when it is in synonym group g,
// every member of the group; duplicates and stop-word-only forms are dropped.
// The forms are cached per index (analysis was a twentieth of a new
// question's time); the slice returned is the caller's to append to, its
// forms shared and never changed.
func (ix *Index) alts(surface string, g int) [][]string {
	k := formsKey{surface, g}
	if v, ok := ix.forms.Get(k); ok {
		return slices.Clip(v)
	}
	out := ix.analyzeForms(surface, g)
	if memoable(surface) {
		// surface is a slice of the question: a copy keeps no question alive.
		k.surface = strings.Clone(surface)
		ix.forms.Put(k, out)
	}
	return slices.Clip(out)
}

// analyzeForms is alts without the cache.
func (ix *Index) analyzeForms(surface string, g int) [][]string {
	forms := []string{surface}
	if g >= 0 {
		forms = append(forms, ix.syn.members(g)...)
	}
	seen := map[string]bool{}
	var out [][]string
	for _, f := range forms {
		terms := ix.Analyze(f)
		key := strings.Join(terms, " ")
		if len(terms) == 0 || seen[key] {
			continue
		}
		seen[key] = true
		out = append(out, terms)
	}
	return out
}
