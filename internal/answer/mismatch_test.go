package answer

import (
	"testing"
)

// TestMismatchSigns: the word-level signs of an altered question, each on
// a question that has it and one that does not.
func TestMismatchSigns(t *testing.T) {
	tests := []struct {
		name, question, passage string
		sign                    func(q, p string) bool
		want                    bool
	}{
		{"antonym", "Who was the first king?", "Harold was the last king.", turnedIn, true},
		{"antonym, word said too", "Who was the first king?", "Harold was the last king and the first to fall.", turnedIn, false},
		{"antonym, verb forms", "Why did prices increase?", "Prices decreased because demand fell.", turnedIn, true},
		{"no antonym", "Who was the first king?", "Harold was king.", turnedIn, false},
		{"count", "How many layers did it have at first, four?", "It had three layers.", countIn, true},
		{"count in figures", "Who was the 4th son?", "The third son was Ogedei.", countIn, true},
		{"count said", "Who was the third son?", "The third son was Ogedei.", countIn, false},
		{"superlative", "What was the largest city?", "Rouen was a city.", superlativeIn, true},
		{"superlative said", "What was the largest city?", "Rouen was the largest city.", superlativeIn, false},
		{"denial", "Who did not sign the treaty?", "The king signed the treaty.", deniedIn, true},
		{"prefix non-", "Where was the non-Catholic church?", "The church was in Rouen.", deniedIn, true},
		{"denial echoed", "Who did not sign the treaty?", "The king did not sign the treaty.", deniedIn, false},
		{"no denial", "Who signed the treaty?", "The king signed the treaty.", deniedIn, false},
	}
	for _, tt := range tests {
		if got := tt.sign(tt.question, tt.passage); got != tt.want {
			t.Errorf("%s: %q of %q = %v, want %v", tt.name, tt.question, tt.passage, got, tt.want)
		}
	}
}

func turnedIn(q, p string) bool { return turned(questionWords(q), stems(p), stems(p)) }
func countIn(q, p string) bool  { return countMissing(questionWords(q), stems(p)) }
func superlativeIn(q, p string) bool {
	return superlativeMissing(questionWords(q), stems(p))
}
func deniedIn(q, p string) bool { return denies(questionWords(q)) && !denies(questionWords(p)) }

// TestAntonymsEmbedded: the embedded WordNet list is read, both ways.
func TestAntonymsEmbedded(t *testing.T) {
	ants := antonyms()
	if len(ants) < 3000 {
		t.Errorf("%d words with antonyms, want the WordNet list's thousands", len(ants))
	}
	for _, pair := range [][2]string{{"first", "last"}, {"increase", "decrease"}, {"win", "lose"}} {
		for _, p := range [][2]string{pair, {pair[1], pair[0]}} {
			found := false
			for _, v := range ants[stemOf(p[0])] {
				found = found || v == stemOf(p[1])
			}
			if !found {
				t.Errorf("%q has no antonym %q", p[0], p[1])
			}
		}
	}
}

func stemOf(w string) string {
	for s := range stems(w) {
		return s
	}
	return ""
}
