package quote

import (
	"slices"
	"strings"
	"testing"
	"unicode"
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
		{"Mr. Smith went to St. Louis on Jan. 15. He stayed.", []string{"Mr. Smith went to St. Louis on Jan. 15.", "He stayed."}},
		{"It opened on Jan. 5. He came. They won 3. Then", []string{"It opened on Jan. 5.", "He came.", "They won 3.", "Then"}},
		{"\"We will go. We will win,\" he said. Then he left.", []string{"\"We will go. We will win,\" he said.", "Then he left."}},
		// News copy closes a quotation with curly marks after the stop.
		{"“We are sorry.” The company paid. He said ‘no.’ Then he left.", []string{"“We are sorry.”", "The company paid.", "He said ‘no.’", "Then he left."}},
	}
	for _, tt := range tests {
		var got []string
		for _, s := range Sentences(tt.passage) {
			got = append(got, tt.passage[s[0]:s[1]])
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("Sentences(%q) = %q, want %q", tt.passage, got, tt.want)
		}
	}
}

// FuzzSentences: on any text, even invalid UTF-8, the sentences are
// in-bounds, in order, and leave out nothing but the spaces between them.
func FuzzSentences(f *testing.F) {
	for _, s := range []string{"The Normans came. They stayed.", "“We are sorry.” The company paid.", "A. B. C.", "x.\xff. Y", ". . .", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := Sentences(s)
		if len(got) == 0 {
			if strings.IndexFunc(s, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) >= 0 {
				t.Fatalf("Sentences(%q): none, in a text with words", s)
			}
			return
		}
		end := 0
		for _, r := range got {
			if r[0] < end || r[1] <= r[0] || r[1] > len(s) || strings.TrimSpace(s[end:r[0]]) != "" {
				t.Fatalf("Sentences(%q): range %v after %d", s, r, end)
			}
			end = r[1]
		}
		if want := len(strings.TrimRightFunc(s, unicode.IsSpace)); end != want {
			t.Fatalf("Sentences(%q) ends at %d, want %d", s, end, want)
		}
	})
}
