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
	type fact struct {
		p                *corpus.Passage
		article          int
		surname, verb, w string
	}
	var facts []fact
	holds := map[string]map[*corpus.Passage]bool{} // token -> passages
	inArticle := map[[2]string]int{}               // (article, surname) -> passages naming them
	for ai := range arts {
		for pi := range arts[ai].Passages {
			p := &arts[ai].Passages[pi]
			seen := map[string]bool{}
			for _, t := range tokens(p.Text) {
				if holds[t] == nil {
					holds[t] = map[*corpus.Passage]bool{}
				}
				holds[t][p] = true
				if !seen[t] {
					seen[t] = true
					inArticle[[2]string{arts[ai].ID, t}]++
				}
			}
			if p.Kind != corpus.Body {
				continue
			}
			for _, m := range factRE.FindAllStringSubmatch(p.Text, -1) {
				if w.isPerson[m[1]] {
					_, surname, _ := strings.Cut(m[1], " ")
					facts = append(facts, fact{p, ai, surname, baseOf[m[2]], m[3]})
					break
				}
			}
		}
	}
	both := func(a, b string) int {
		n := 0
		for p := range holds[a] {
			if holds[b][p] {
				n++
			}
		}
		return n
	}

	r := rand.New(rand.NewPCG(seed, 0x68617264)) // "hard"
	var out []HardQuestion
	third := n / 3
	for _, i := range r.Perm(len(facts)) {
		if len(out) >= third {
			break
		}
		f := facts[i]
		if both(f.surname, f.w) != 1 {
			continue
		}
		alts := paraphrases[f.verb]
		for t, tmpl := range hardTemplates {
			if len(out) < third {
				out = append(out, HardQuestion{Text: fmt.Sprintf(tmpl, f.surname, alts[t%len(alts)], f.w), Kind: Paraphrase, PassageID: f.p.ID})
			}
		}
	}
	past := map[string]string{}
	for _, v := range verbs {
		past[v.base] = v.past
	}
	for _, i := range r.Perm(len(facts)) {
		if len(out) >= 2*third {
			break
		}
		f := facts[i]
		if both(f.surname, past[f.verb]) != 1 || inArticle[[2]string{arts[f.article].ID, f.surname}] < 2 {
			continue
		}
		for _, tmpl := range commonTemplates {
			if len(out) < 2*third {
				out = append(out, HardQuestion{Text: fmt.Sprintf(tmpl, f.surname, f.verb), Kind: Common, PassageID: f.p.ID})
			}
		}
	}
	for tries := 0; len(out) < n && tries < 20*n && len(facts) > 0; tries++ {
		f := facts[r.IntN(len(facts))]
		v := verbs[r.IntN(len(verbs))]
		if both(f.surname, v.past) > 0 {
			continue
		}
		tmpl := commonTemplates[r.IntN(len(commonTemplates))]
		out = append(out, HardQuestion{Text: fmt.Sprintf(tmpl, f.surname, v.base), Kind: Unanswerable})
	}
	return out, nil
}
