package synth

import (
	"fmt"
	"math/rand/v2"
	"sort"
	"strings"
	"sync"

	"github.com/sourcebot/newsbot/data"
	"github.com/sourcebot/newsbot/internal/corpus"
)

// Sizes of the fixed world every corpus draws from.
const (
	vocabSize = 80_000
	numPeople = 5_000
	numPlaces = 1_500
	numOrgs   = 2_000
	// worldSeed makes the world; it is not Options.Seed, so corpora made
	// with different seeds still share one language and one cast.
	worldSeed = 0x6e657773 // "news"
)

// world is the vocabulary in Zipf rank order and the pools of names.
type world struct {
	words    []string // by rank: the seed articles' words by frequency, then pseudo-words
	attrib   []bool   // words[i] would make a quotation look attributed (said, told, …)
	seedN    int      // how many of words come from the seed articles
	people   []string // "First Last"
	isPerson map[string]bool
	places   []string
	orgs     []string
}

var theWorld = sync.OnceValues(newWorld)

// attribution lists the words corpus takes to mean a quotation names its
// speaker; a bare quotation must contain none of them.
var attribution = set("said says told tells added adds according stated states asked wrote writes insisted noted declared explained warned argued quoted")

// dropped never appear in generated prose: they are what corpus uses to spot
// copyright notices and citation lines.
var dropped = set("copyright reserved reproduced redistributed published permission retrieved citation")

// reserved are never made up as pseudo-words or names, so that no invented
// word reads as a date, a source, a credit or a caption cue.
var reserved = set("jan january feb february mar march apr april may jun june jul july aug august sep sept september oct october nov november dec december " +
	"monday tuesday wednesday thursday friday saturday sunday " +
	"reporting writing editing additional compiled produced by read more related share " +
	"photo picture image file reuters afp ap getty date posted updated")

func set(words string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(words) {
		m[w] = true
	}
	return m
}

func newWorld() (*world, error) {
	seed, err := seedWords()
	if err != nil {
		return nil, err
	}
	w := &world{seedN: len(seed), isPerson: map[string]bool{}}
	c := &coiner{r: rand.New(rand.NewPCG(worldSeed, 1)), used: map[string]bool{}}
	for _, s := range seed {
		w.words = append(w.words, s)
		c.used[s] = true
	}
	for _, v := range verbs {
		c.used[v.base], c.used[v.past], c.used[v.present] = true, true, true
	}
	for rank := len(w.words); rank < vocabSize; rank++ {
		w.words = append(w.words, c.word(syllables(c.r, rank)))
	}
	for _, s := range w.words {
		w.attrib = append(w.attrib, attribution[s])
	}
	w.cast(c)
	return w, nil
}

// syllables is how many syllables the pseudo-word of a rank has: rare
// words are longer, as in real language.
func syllables(r *rand.Rand, rank int) int {
	n := 1 + r.IntN(2)
	switch {
	case rank > 15_000:
		n = 2 + r.IntN(5)/3 // 2–3, a few 4
	case rank > 3_000:
		n = 2 + r.IntN(4)/3
	}
	return n
}

// cast makes up the world's people, places and organisations.
func (w *world) cast(c *coiner) {
	for len(w.people) < numPeople {
		p := c.name() + " " + c.name()
		w.people = append(w.people, p)
		w.isPerson[p] = true
	}
	for range numPlaces {
		w.places = append(w.places, c.name())
	}
	suffixes := []string{"Holdings", "Group", "Bank", "Institute", "Council", "Alliance", "Party", "Authority", "Foundation", "Partners", "Union", "Agency", "Ministry", "Commission"}
	for range numOrgs {
		head := c.name()
		if c.r.IntN(3) == 0 {
			head = w.places[c.r.IntN(len(w.places))]
		}
		w.orgs = append(w.orgs, head+" "+suffixes[c.r.IntN(len(suffixes))])
	}
}

// coiner makes up words and names, each unlike any other word of the
// world and unlike the words corpus reads as cues.
type coiner struct {
	r    *rand.Rand
	used map[string]bool
}

func (c *coiner) free(s string) bool { return !c.used[s] && !reserved[s] && !attribution[s] }

// word is a fresh pseudo-word of the syllables.
func (c *coiner) word(syllables int) string {
	for {
		s := pseudo(c.r, syllables)
		if len(s) >= 3 && c.free(s) && !dropped[s] {
			c.used[s] = true
			return s
		}
	}
}

// name is a fresh capitalised name.
func (c *coiner) name() string {
	for {
		s := capitalize(pseudoName(c.r, 2+c.r.IntN(4)/3))
		if ls := strings.ToLower(s); c.free(ls) {
			c.used[ls] = true
			return s
		}
	}
}

// seedWords lists the words of the embedded articles' passages that appear in
// lower case at least once, most frequent first. Capitalised-only words are
// the stories' own names (China, Sony), which the synthetic cast replaces.
func seedWords() ([]string, error) {
	arts, _, err := corpus.Load(data.FS)
	if err != nil {
		return nil, fmt.Errorf("load seed articles: %w", err)
	}
	count, lower := countWords(arts)
	var out []string
	for s := range lower {
		if (len(s) > 1 || s == "a") && !dropped[s] {
			out = append(out, s)
		}
	}
	if len(out) < 100 {
		return nil, fmt.Errorf("seed articles give only %d words", len(out))
	}
	sort.Slice(out, func(i, j int) bool {
		if count[out[i]] != count[out[j]] {
			return count[out[i]] > count[out[j]]
		}
		return out[i] < out[j]
	})
	return out, nil
}

// countWords counts the words of the articles' passages, lower-cased, and
// says which appear in lower case at least once.
func countWords(arts []corpus.Article) (count map[string]int, lower map[string]bool) {
	count, lower = map[string]int{}, map[string]bool{}
	for _, a := range arts {
		for _, p := range a.Passages {
			for _, tok := range tokens(p.Text) {
				lw := strings.ToLower(tok)
				count[lw]++
				if tok == lw {
					lower[lw] = true
				}
			}
		}
	}
	return count, lower
}

// tokens splits text into words of ASCII letters with inner apostrophes
// (folded to '), as "countries'" → "countries" and "don't" → "don't".
func tokens(s string) []string {
	var out []string
	for _, f := range strings.FieldsFunc(s, func(r rune) bool {
		return !('a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || r == '\'' || r == '’')
	}) {
		f = strings.Trim(strings.ReplaceAll(f, "’", "'"), "'")
		if f != "" {
			out = append(out, f)
		}
	}
	return out
}

var (
	onsets = []string{"b", "c", "d", "f", "g", "h", "j", "k", "l", "m", "n", "p", "r", "s", "t", "v", "w", "z",
		"br", "ch", "cl", "dr", "fl", "gr", "kr", "pl", "pr", "sh", "st", "th", "tr", "", ""}
	nuclei = []string{"a", "e", "i", "o", "u", "a", "e", "o", "ai", "ea", "io", "ou"}
	codas  = []string{"", "", "", "", "", "n", "r", "l", "s", "m", "nd", "rt", "st", "k", "x"}
)

// pseudo makes a pronounceable lower-case word of n syllables.
func pseudo(r *rand.Rand, n int) string {
	var b strings.Builder
	for range n {
		b.WriteString(onsets[r.IntN(len(onsets))])
		b.WriteString(nuclei[r.IntN(len(nuclei))])
		b.WriteString(codas[r.IntN(len(codas))])
	}
	return b.String()
}

// pseudoName makes a name of n syllables from simpler sounds than pseudo's,
// so that names read as names.
func pseudoName(r *rand.Rand, n int) string {
	const (
		onset = "bdfghjklmnprstvz"
		vowel = "aeiouaeioy"
		coda  = "nrlsmk"
	)
	var b strings.Builder
	for i := range n {
		if i == 0 || r.IntN(4) > 0 {
			b.WriteByte(onset[r.IntN(len(onset))])
		}
		b.WriteByte(vowel[r.IntN(len(vowel))])
		if r.IntN(3) == 0 {
			b.WriteByte(coda[r.IntN(len(coda))])
		}
	}
	return b.String()
}

func capitalize(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
