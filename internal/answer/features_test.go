package answer

import (
	"strings"
	"testing"

	"github.com/sourcebot/newsbot/internal/corpus"
	"github.com/sourcebot/newsbot/internal/index"
	"github.com/sourcebot/newsbot/internal/text"
)

// TestHoldsDate checks the answer-type feature of "when" questions: a
// passage holds a date when it names a day the timeline would date, a year
// or a century, that the question does not already say, near the words of
// the question that matched.
func TestHoldsDate(t *testing.T) {
	far := strings.Repeat("and then more words ", 4) // 16 words
	tests := []struct {
		question, passage string
		want              bool
	}{
		{"When did the FBI decide?", "the FBI concluded on Friday (December 19) that Pyongyang was responsible", true},
		{"When did Wang Yi speak?", "Wang Yi spoke Sunday by telephone", true},
		{"When was the attack?", "The attack was yesterday, officials said.", true},
		{"When was the abbey founded?", "The abbey was founded in 1066.", true},
		{"When did the style spread?", "The style spread in the 11th century.", true},
		{"When did China speak?", "BEIJING, Dec 22 (Reuters) - China said it opposed hacking.", false},
		{"When was the hack reported?", "The Sunday Times reported the hack.", false},
		{"When do sales peak?", "Sales peak on Black Friday.", false},
		{"When did Theresa May speak?", "Theresa May spoke to reporters.", false},
		{"When will they meet?", "They meet this Friday.", false},
		{"When did the march begin?", "Protesters may march through the city.", false},
		// The question already says the day: nothing new is named.
		{"What happened on Friday?", "The FBI spoke on Friday.", false},
		{"What happened on December 19?", "the FBI concluded on Friday (December 19)", true},
		{"What happened in 2014?", "Sony was hacked in 2014.", false},
		// A date far from the matched words answers something else.
		{"When did the FBI decide?", "The FBI decided " + far + "before the vote on Friday.", false},
		{"When did the FBI decide?", "On Friday, " + far + "the FBI decided.", false},
		{"When did the FBI decide?", "On Friday the FBI decided.", true},
	}
	for _, tt := range tests {
		got := holds(kindDate, tt.passage, questionWords(tt.question), matched(tt.question, tt.passage))
		if got != tt.want {
			t.Errorf("holds(date, %q) for %q = %v, want %v", tt.passage, tt.question, got, tt.want)
		}
	}
}

// matched stands in for the index: the spans of the passage's words that
// the question says, stop and frame words aside, compared by their first
// five letters (a crude stem).
func matched(question, passage string) []index.Span {
	stem := func(w string) string { return w[:min(len(w), 5)] }
	want := map[string]bool{}
	for _, w := range text.Words(question) {
		if !text.StopWord(w) && !text.FrameWord(w) {
			want[stem(w)] = true
		}
	}
	var out []index.Span
	eachWord(passage, func(w string, i, j int, _ bool) bool {
		if want[stem(strings.ToLower(w))] {
			out = append(out, index.Span{Start: i, End: j})
		}
		return false
	})
	return out
}

// TestFoldForDuplicates: two printings of a passage that differ only in
// quote style, diacritics or case are one passage among the alternatives.
func TestFoldForDuplicates(t *testing.T) {
	a, b := "“We are sorry,” Möngke’s spokesman said.", `"we are sorry," Mongke's spokesman said.`
	if fold(a) != fold(b) {
		t.Errorf("fold(%q) = %q, fold(%q) = %q; want them equal", a, fold(a), b, fold(b))
	}
	if fold("no proof") == fold("proof") {
		t.Error("fold makes different passages equal")
	}
}

// TestFamilyFeature: a concept the passage says only through a word of
// its family counts as a family match, not as said and not as context.
func TestFamilyFeature(t *testing.T) {
	arts := []corpus.Article{{ID: "a", Passages: []corpus.Passage{{ID: "a/0", Text: "The European powers met."}}}}
	e := New(arts, nil)
	q := &question{
		concepts: []index.Concept{{Surface: "Europe"}, {Surface: "powers"}},
		weights:  []float64{3, 1}, total: 4, maxW: 3, numbers: []bool{false, false},
	}
	h := index.Hit{TF: []int{0, 1}, ContextTF: []int{0, 0}, FamilyTF: []int{1, 0}, Pos: [][]int{nil, {2}}}
	f := e.candidateFeatures(q, h, passageRef{words: 4})
	if f[fFamily] != 0.75 || f[fCoverage] != 0.25 || f[fCount] != 0.5 {
		t.Errorf("family %v, coverage %v, count %v; want 0.75, 0.25, 0.5", f[fFamily], f[fCoverage], f[fCount])
	}
}

// TestKindOf reads the kind asked from the first question word, with the
// word after it, wherever it stands.
func TestKindOf(t *testing.T) {
	for q, want := range map[string]answerKind{
		"":                                   kindNone,
		"Who is Hua Chunying?":               kindName,
		"And WHEN did it start???!!!":        kindDate,
		"How many people died?":              kindNumber,
		"how":                                kindNone,
		"What year did it open?":             kindDate,
		"In what percentage of cases, which": kindNumber,
		"what did China say, who knows":      kindNone,
		"said \"where\"":                     kindName,
		"Tell me: how? many":                 kindNumber,
	} {
		if got := kindOf(q); got != want {
			t.Errorf("kindOf(%q) = %v, want %v", q, got, want)
		}
	}
}
