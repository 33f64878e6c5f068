package synth

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"regexp"
	"strings"

	"github.com/sourcebot/newsbot/internal/corpus"
)

// Question is a question that exactly one passage of a generated corpus
// answers: the only passage holding its name, verb and word together.
type Question struct {
	Text        string // e.g. "Why did Talira Venkor approve the zoubrast?"
	PassageFile string // the article's file, e.g. "000042_synth.txt"
	PassageID   string // the corpus passage ID, e.g. "000042_synth/3"
	Name        string // the person the passage names
	Verb        string // what they did, as the passage says it ("approved")
	Word        string // the rare word they did it to
}

// factRE finds a fact sentence: "Talira Venkor approved the zoubrast".
var factRE = func() *regexp.Regexp {
	var alt []string
	for _, v := range verbs {
		alt = append(alt, v.past)
	}
	return regexp.MustCompile(`\b([A-Z][a-z]+ [A-Z][a-z]+) (` + strings.Join(alt, "|") + `) the ([a-z]+)\b`)
}()

var baseOf = func() map[string]string {
	m := map[string]string{}
	for _, v := range verbs {
		m[v.past] = v.base
	}
	return m
}()

// Questions loads the corpus Generate wrote into dir and returns up to n
// questions, each built from a body passage's fact sentence (a person, a
// verb and a rare word) and kept only when no other passage holds all
// three. The same corpus and seed give the same questions. It returns fewer
// than n when the corpus has fewer such passages.
func Questions(dir string, n int, seed uint64) ([]Question, error) {
	if n < 0 {
		return nil, fmt.Errorf("synth: question count must not be negative, got %d", n)
	}
	w, arts, err := loadCorpus(dir)
	if err != nil {
		return nil, err
	}
	var all []ref
	for i := range arts {
		for j := range arts[i].Passages {
			all = append(all, ref{arts[i].File, &arts[i].Passages[j]})
		}
	}
	if len(all) == 0 {
		return nil, errors.New("synth: no passages in " + dir)
	}

	r := rand.New(rand.NewPCG(seed, 0x7175657374696f6e)) // "question"
	order := r.Perm(len(all))
	var out []Question
	// Candidates come in batches; one pass over the corpus then finds every
	// passage holding a batch's words.
	for len(out) < n && len(order) > 0 {
		var batch []Question
		batch, order = w.candidates(all, order, 2*(n-len(out))+16)
		holding := holders(all, batch)
		for _, q := range batch {
			if len(out) == n {
				break
			}
			if count(holding[q.Word], q) == 1 {
				q.Text = questionText(r, q)
				out = append(out, q)
			}
		}
	}
	return out, nil
}

// ref is a passage and the file of its article.
type ref struct {
	file string
	p    *corpus.Passage
}

// candidates takes passages from the front of order until it has up to
// size candidate questions, one from each passage with a fact sentence, and
// returns them with the order left.
func (w *world) candidates(all []ref, order []int, size int) ([]Question, []int) {
	var batch []Question
	for len(batch) < size && len(order) > 0 {
		ref := all[order[0]]
		order = order[1:]
		if m, ok := w.fact(ref.p); ok {
			batch = append(batch, Question{PassageFile: ref.file, PassageID: ref.p.ID, Name: m[1], Verb: m[2], Word: m[3]})
		}
	}
	return batch, order
}

// holders maps the word of each question in batch to the passages that
// hold it, in corpus order.
func holders(all []ref, batch []Question) map[string][]*corpus.Passage {
	holding := map[string][]*corpus.Passage{}
	for _, q := range batch {
		holding[q.Word] = nil
	}
	for _, ref := range all {
		for _, tok := range tokens(ref.p.Text) {
			if ps, ok := holding[tok]; ok && (len(ps) == 0 || ps[len(ps)-1] != ref.p) {
				holding[tok] = append(ps, ref.p)
			}
		}
	}
	return holding
}

// fact finds the first fact sentence of a body passage that names a
// person: m[1] is the name, m[2] the verb, m[3] the rare word.
func (w *world) fact(p *corpus.Passage) (m []string, ok bool) {
	if p.Kind != corpus.Body {
		return nil, false
	}
	for _, m := range factRE.FindAllStringSubmatch(p.Text, -1) {
		if w.isPerson[m[1]] {
			return m, true
		}
	}
	return nil, false
}

// count is how many of ps hold q's name, verb and word.
func count(ps []*corpus.Passage, q Question) int {
	n := 0
	for _, p := range ps {
		if strings.Contains(p.Text, q.Name) && hasWord(p.Text, q.Verb) {
			n++
		}
	}
	return n
}

func hasWord(text, w string) bool {
	for _, tok := range tokens(text) {
		if tok == w {
			return true
		}
	}
	return false
}

func questionText(r *rand.Rand, q Question) string {
	base := baseOf[q.Verb]
	switch r.IntN(4) {
	case 0:
		return fmt.Sprintf("Why did %s %s the %s?", q.Name, base, q.Word)
	case 1:
		return fmt.Sprintf("When did %s %s the %s?", q.Name, base, q.Word)
	case 2:
		return fmt.Sprintf("Did %s %s the %s?", q.Name, base, q.Word)
	}
	return fmt.Sprintf("What happened after %s %s the %s?", q.Name, q.Verb, q.Word)
}

// loadCorpus loads the corpus Generate wrote into dir, with the world it
// was made from.
func loadCorpus(dir string) (*world, []corpus.Article, error) {
	w, err := theWorld()
	if err != nil {
		return nil, nil, fmt.Errorf("synth: %w", err)
	}
	arts, _, err := corpus.Load(os.DirFS(dir))
	if err != nil {
		return nil, nil, fmt.Errorf("synth: %w", err)
	}
	return w, arts, nil
}
