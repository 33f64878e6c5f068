package quote

import (
	"errors"
	"testing"
	"unicode/utf8"

	"github.com/sourcebot/newsbot/internal/badinput"
)

// FuzzFind checks that Find never panics, and that a match it returns is
// the passage's own text with a Similarity in 0..1.
func FuzzFind(f *testing.F) {
	for _, s := range badinput.MustLoad(f, "../../testdata/bad_questions.txt") {
		f.Add(s)
	}
	for _, s := range []string{
		"senseless cultural arrogance", "senseles cultural arogance", `"act of cyber-vandalism"`, "“act of war”",
		"we resolutely oppose all forms of cyberattacks", "I am not going anywhere", "‘walls buy time’",
		`who said "The Interview"?`, "to be or not to be", "<@123> act of war @everyone",
	} {
		f.Add(s)
	}
	ix := mustIndex(f)
	f.Fuzz(func(t *testing.T, text string) {
		best, others, err := ix.Find(text)
		if err != nil {
			if !errors.Is(err, ErrNotFound) && !errors.Is(err, ErrBadInput) {
				t.Fatalf("Find(%q): unexpected error %v", text, err)
			}
			if utf8.ValidString(text) && utf8.RuneCountInString(text) <= MaxRunes && errors.Is(err, ErrBadInput) && len(termWords(text)) > 0 {
				t.Fatalf("Find(%q) = %v for text with words", text, err)
			}
			return
		}
		for _, m := range append([]Match{best}, others...) {
			if m.Start < 0 || m.Start > m.End || m.End > len(m.Passage.Text) || m.Passage.Text[m.Start:m.End] != m.Quote {
				t.Fatalf("Find(%q): Passage.Text[%d:%d] is not Quote %q", text, m.Start, m.End, m.Quote)
			}
			if m.Similarity < 0 || m.Similarity > 1 {
				t.Fatalf("Find(%q): Similarity %v outside 0..1", text, m.Similarity)
			}
		}
	})
}

// FuzzQuotes checks that any paragraph reads without a panic, and that
// every quotation found in it is its own text.
func FuzzQuotes(f *testing.F) {
	for _, s := range []string{
		`"We will win," said Jane Doe, a local farmer.`, `China "opposes it," it said.`, `‘a’ 'b' “c” «d» „e“`,
		`"unclosed`, `dismissed as "x" by`, `"“”"`, `, said`, `according to`, `told`, `"a," "b," said`,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		for _, sp := range findQuotes(text) {
			if sp.open > sp.start || sp.start > sp.end || sp.end > sp.close || sp.close > len(text) {
				t.Fatalf("findQuotes(%q): bad span %+v", text, sp)
			}
		}
		a := articleOf(text)
		for _, m := range readArticle(&a) {
			if m.Passage.Text[m.Start:m.End] != m.Quote {
				t.Fatalf("readArticle(%q): Quote %q is not the text at [%d:%d]", text, m.Quote, m.Start, m.End)
			}
		}
	})
}
