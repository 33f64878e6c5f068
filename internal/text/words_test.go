package text

import (
	"slices"
	"testing"
)

func TestWords(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"Who hacked Sony?", []string{"who", "hacked", "sony"}},
		{"Sony's hack, Korea’s denial", []string{"sony's", "hack", "korea's", "denial"}},
		{"didn't 'quoted' words'", []string{"didn't", "quoted", "words"}},
		{"cyber-vandalism — 2014", []string{"cyber", "vandalism", "2014"}},
		{"Möngke ZÜRICH ﬁnance", []string{"mongke", "zurich", "finance"}},
		{"北京 said", []string{"北京", "said"}},
		{"?!", nil},
		{"", nil},
	}
	for _, tt := range tests {
		if got := Words(tt.in); !slices.Equal(got, tt.want) {
			t.Errorf("Words(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestStopAndFrameWords(t *testing.T) {
	for _, w := range []string{"the", "what", "did", "of", "what's", "it's", "again"} {
		if !StopWord(w) {
			t.Errorf("StopWord(%q) = false, want true", w)
		}
	}
	// Negations and content words are never stop words.
	for _, w := range []string{"no", "not", "nor", "against", "sony", "proof", "may", "said"} {
		if StopWord(w) {
			t.Errorf("StopWord(%q) = true, want false", w)
		}
	}
	for _, w := range []string{"say", "said", "tell", "please", "article", "can", "something", "whats"} {
		if !FrameWord(w) {
			t.Errorf("FrameWord(%q) = false, want true", w)
		}
	}
	for _, w := range []string{"no", "sony", "hack", "the", "may", "will", "ever"} {
		if FrameWord(w) {
			t.Errorf("FrameWord(%q) = true, want false", w)
		}
	}
	if got, want := len(StopWords()), len(stopWords); got != want {
		t.Errorf("StopWords() lists %d words, the set has %d: a word is listed twice", got, want)
	}
}

func TestStem(t *testing.T) {
	tests := []struct{ in, want string }{
		{"hacked", "hack"}, {"hacking", "hack"}, {"hacks", "hack"},
		{"stopped", "stop"}, {"stopping", "stop"}, {"falling", "fall"},
		{"release", "releas"}, {"released", "releas"}, {"releases", "releas"},
		{"companies", "company"}, {"press", "press"}, {"virus", "virus"}, {"thesis", "thesis"},
		{"ties", "tie"}, {"is", "is"}, {"bed", "bed"},
	}
	for _, tt := range tests {
		if got := Stem(tt.in); got != tt.want {
			t.Errorf("Stem(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestKey(t *testing.T) {
	if got := Key("sony's"); got != "sonys" {
		t.Errorf(`Key("sony's") = %q, want "sonys"`, got)
	}
}

func TestNegation(t *testing.T) {
	for w, want := range map[string]bool{
		"not": true, "no": true, "nor": true, "never": true, "cannot": true,
		"didn't": true, "won't": true, "isn't": true, "can't": true,
		"did": false, "note": false, "now": false, "nothing": false, "knot": false,
	} {
		if got := Negation(w); got != want {
			t.Errorf("Negation(%q) = %v, want %v", w, got, want)
		}
	}
}
