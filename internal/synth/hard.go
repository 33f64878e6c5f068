package synth

import (
	"fmt"
	"math/rand/v2"
	"strings"

	"github.com/sourcebot/newsbot/internal/corpus"
)

// Kinds of hard question.
const (
	// Paraphrase asks about a fact in other words: the person's surname
	// only, and another verb for what they did.
	Paraphrase = "paraphrase"
	// Common asks what a person did with common words only: the surname
	// and the verb, not the rare word; other passages name the same person
	// doing other things (the distractors), and only one has that verb.
	Common = "common words"
	// Unanswerable asks what a person did that no passage says they did
	// (the same people, another claim): the right reply is "no answer".
	Unanswerable = "unanswerable"
)

// HardQuestion is a question that tests ranking rather than matching: it
// does not repeat its passage's words.
type HardQuestion struct {
	Text      string
	Kind      string
	PassageID string // "" for Unanswerable
}

// paraphrases are other words for the facts' verbs, as a reader would ask.
var paraphrases = map[string][]string{
	"approve": {"give the go-ahead to", "sign off on"}, "reject": {"turn down", "refuse"},
	"sign": {"put their name to", "agree to"}, "announce": {"unveil", "make public"},
	"launch": {"start", "roll out"}, "block": {"stop", "stand in the way of"},
	"back": {"support", "side with"}, "criticise": {"attack", "find fault with"},
	"delay": {"postpone", "hold up"}, "expand": {"enlarge", "widen"},
	"oppose": {"resist", "fight"}, "welcome": {"praise", "greet"},
	"propose": {"suggest", "put forward"}, "investigate": {"look into", "probe"},
	"order": {"demand", "call for"}, "suspend": {"halt", "freeze"},
	"confirm": {"verify", "acknowledge"}, "review": {"examine", "reassess"},
	"fund": {"pay for", "finance"}, "defend": {"justify", "stand up for"},
	"question": {"doubt", "challenge"}, "cancel": {"scrap", "call off"},
	"deny": {"dispute", "reject claims about"}, "endorse": {"support", "vouch for"},
}

var commonTemplates = []string{"What did %s %s?", "Which plan did %s %s?", "What was it that %s chose to %s?"}

var hardTemplates = []string{"Why did %s %s the %s?", "When did %s %s the %s?", "Did %s %s the %s?", "What led %s to %s the %s?"}

// HardQuestions loads the corpus Generate wrote into dir and returns up to
// n questions, a third of each kind: paraphrases of one passage's fact
// (kept only when no other passage holds both its surname and its rare
// word), questions in common words (kept only when one passage holds the
// surname and the verb, and the article names the person elsewhere too),
// and unanswerable ones (a surname and a verb that no passage holds
// together). The same corpus and seed give the same questions.
func HardQuestions(dir string, n int, seed uint64) ([]HardQuestion, error) {
	w, arts, err := loadCorpus(dir)
	if err != nil {
		return nil, err
	}
	x := newFacts(w, arts)
	r := rand.New(rand.NewPCG(seed, 0x68617264)) // "hard"
	third := n / 3
	out := x.paraphrased(r, nil, third)
	out = x.common(r, out, 2*third)
	return x.unanswerable(r, out, n), nil
}

// fact is a fact sentence of a body passage: the surname of its person,
// the base of its verb and its rare word.
type fact struct {
	p                *corpus.Passage
	article          string // the article's ID
	surname, verb, w string
}

// facts are a corpus's fact sentences, with which passages hold each token
// and how many passages of each article name it.
type facts struct {
	all       []fact
	holds     map[string]map[*corpus.Passage]bool // token -> passages
	inArticle map[[2]string]int                   // (article, token) -> passages naming it
}

func newFacts(w *world, arts []corpus.Article) *facts {
	x := &facts{holds: map[string]map[*corpus.Passage]bool{}, inArticle: map[[2]string]int{}}
	for ai := range arts {
		for pi := range arts[ai].Passages {
			p := &arts[ai].Passages[pi]
			x.add(arts[ai].ID, p)
			if m, ok := w.fact(p); ok {
				_, surname, _ := strings.Cut(m[1], " ")
				x.all = append(x.all, fact{p, arts[ai].ID, surname, baseOf[m[2]], m[3]})
			}
		}
	}
	return x
}

// add records the tokens of passage p of article id.
func (x *facts) add(id string, p *corpus.Passage) {
	seen := map[string]bool{}
	for _, t := range tokens(p.Text) {
		if x.holds[t] == nil {
			x.holds[t] = map[*corpus.Passage]bool{}
		}
		x.holds[t][p] = true
		if !seen[t] {
			seen[t] = true
			x.inArticle[[2]string{id, t}]++
		}
	}
}

// both is how many passages hold tokens a and b.
func (x *facts) both(a, b string) int {
	n := 0
	for p := range x.holds[a] {
		if x.holds[b][p] {
			n++
		}
	}
	return n
}

// paraphrased appends, up to upto questions in all, paraphrases of facts
// that only their passage holds the surname and rare word of.
func (x *facts) paraphrased(r *rand.Rand, out []HardQuestion, upto int) []HardQuestion {
	for _, i := range r.Perm(len(x.all)) {
		if len(out) >= upto {
			break
		}
		f := x.all[i]
		if x.both(f.surname, f.w) != 1 {
			continue
		}
		alts := paraphrases[f.verb]
		for t, tmpl := range hardTemplates {
			if len(out) < upto {
				out = append(out, HardQuestion{Text: fmt.Sprintf(tmpl, f.surname, alts[t%len(alts)], f.w), Kind: Paraphrase, PassageID: f.p.ID})
			}
		}
	}
	return out
}

// common appends, up to upto questions in all, questions in common words
// about facts whose passage alone holds the surname and the verb, of
// people their article names elsewhere too.
func (x *facts) common(r *rand.Rand, out []HardQuestion, upto int) []HardQuestion {
	past := map[string]string{}
	for _, v := range verbs {
		past[v.base] = v.past
	}
	for _, i := range r.Perm(len(x.all)) {
		if len(out) >= upto {
			break
		}
		f := x.all[i]
		if x.both(f.surname, past[f.verb]) != 1 || x.inArticle[[2]string{f.article, f.surname}] < 2 {
			continue
		}
		for _, tmpl := range commonTemplates {
			if len(out) < upto {
				out = append(out, HardQuestion{Text: fmt.Sprintf(tmpl, f.surname, f.verb), Kind: Common, PassageID: f.p.ID})
			}
		}
	}
	return out
}

// unanswerable appends, up to n questions in all, questions pairing a
// surname with a verb that no passage holds together.
func (x *facts) unanswerable(r *rand.Rand, out []HardQuestion, n int) []HardQuestion {
	for tries := 0; len(out) < n && tries < 20*n && len(x.all) > 0; tries++ {
		f := x.all[r.IntN(len(x.all))]
		v := verbs[r.IntN(len(verbs))]
		if x.both(f.surname, v.past) > 0 {
			continue
		}
		tmpl := commonTemplates[r.IntN(len(commonTemplates))]
		out = append(out, HardQuestion{Text: fmt.Sprintf(tmpl, f.surname, v.base), Kind: Unanswerable})
	}
	return out
}
