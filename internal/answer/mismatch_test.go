package answer

import (
	"slices"
	"strings"
	"testing"
)

// TestSentences: a passage splits where a sentence ends, not at an
// initial or an abbreviation with periods.
func TestSentences(t *testing.T) {
	tests := []struct {
		passage string
		want    []string
	}{
		{"The Normans came. They stayed.", []string{"The Normans came.", "They stayed."}},
		{"He said \"no.\" Then he left!  Why? 1066 was the year.", []string{`He said "no."`, "Then he left!", "Why?", "1066 was the year."}},
		{"J. Smith met the U.S. Army. It rained.", []string{"J. Smith met the U.S. Army.", "It rained."}},
		{"It cost 3.5 million. e.g. the rest", []string{"It cost 3.5 million. e.g. the rest"}},
		{"No closing mark", []string{"No closing mark"}},
		// News copy closes a quotation with curly marks after the stop.
		{"“We are sorry.” The company paid. He said ‘no.’ Then he left.", []string{"“We are sorry.”", "The company paid.", "He said ‘no.’", "Then he left."}},
	}
	for _, tt := range tests {
		var got []string
		for _, s := range sentences(tt.passage) {
			got = append(got, tt.passage[s[0]:s[1]])
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("sentences(%q) = %q, want %q", tt.passage, got, tt.want)
		}
	}
}

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

// FuzzSentences: on any text, even invalid UTF-8, the sentences are
// in-bounds, in order, and leave out nothing but the spaces between them.
func FuzzSentences(f *testing.F) {
	for _, s := range []string{"The Normans came. They stayed.", "“We are sorry.” The company paid.", "A. B. C.", "x.\xff. Y", ". . .", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		end := 0
		for _, r := range sentences(s) {
			if r[0] < end || r[1] <= r[0] || r[1] > len(s) || strings.Trim(s[end:r[0]], " ") != "" {
				t.Fatalf("sentences(%q): range %v after %d", s, r, end)
			}
			end = r[1]
		}
		if end != len(s) {
			t.Fatalf("sentences(%q) ends at %d, want %d", s, end, len(s))
		}
	})
}
