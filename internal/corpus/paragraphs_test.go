package corpus

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestWikipediaParagraphsStayApart: every paragraph of the SQuAD articles
// is one passage. Their paragraphs end in "[citation needed]", lists and
// headings as often as in full stops, and start with capitals: no evidence
// of a broken sentence, so nothing may be joined.
func TestWikipediaParagraphsStayApart(t *testing.T) {
	files, err := filepath.Glob("../../testdata/squad/articles/*.txt")
	if err != nil || len(files) == 0 {
		t.Fatalf("no SQuAD articles: %v", err)
	}
	blank := regexp.MustCompile(`\n\s*\n`)
	for _, f := range files {
		raw, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		a, err := Parse(filepath.Base(f), raw)
		if err != nil {
			t.Fatal(err)
		}
		_, body, _ := strings.Cut(string(raw), "\n---\n")
		paragraphs := len(blank.Split(strings.TrimSpace(body), -1)) - 1 // the headline is not a passage
		if len(a.Passages) != paragraphs {
			t.Errorf("%s: %d passages from %d paragraphs", filepath.Base(f), len(a.Passages), paragraphs)
		}
	}
}

func TestJoinOnlyBrokenSentences(t *testing.T) {
	const head = "A headline\n\n"
	tests := []struct {
		name, body string
		want       []string
	}{
		{"next block starts in lower case", "The minister said the talks would resume on Monday and that both sides\n\n\nhad agreed to meet again.",
			[]string{"The minister said the talks would resume on Monday and that both sides had agreed to meet again."}},
		{"one unfinished sentence before a name", "The film about a fictional plot to kill the country's leader infuriated\n\n\nNorth Korea, which denied any part in it.",
			[]string{"The film about a fictional plot to kill the country's leader infuriated North Korea, which denied any part in it."}},
		{"citation needed, then a new paragraph", "The duchy grew rich. Its dukes built many abbeys across the land [citation needed]\n\nThe Normans later invaded England.",
			[]string{"The duchy grew rich. Its dukes built many abbeys across the land [citation needed]", "The Normans later invaded England."}},
		{"a list item, then a new paragraph", "The treaty was signed by several parties. Among them were the following powers\n\nBritain agreed to the terms in 1763.",
			[]string{"The treaty was signed by several parties. Among them were the following powers", "Britain agreed to the terms in 1763."}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := Parse("x.txt", []byte(head+tt.body))
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, p := range a.Passages {
				got = append(got, p.Text)
			}
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("passages:\n%q\nwant:\n%q", got, tt.want)
			}
		})
	}
}

func TestOnlyHTMLTagsAreStripped(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Packets were first described <Uyless Black, 1999> in a report.", "Packets were first described <Uyless Black, 1999> in a report."},
		{"a <u>marked</u> word and a <a href=\"https://x.test/\">link</a>", "a marked word and a link"},
		{"if x <y and y> z then", "if x <y and y> z then"},
		{"a line<br/>break and <SPAN class=\"c\">caps</SPAN>", "a linebreak and caps"},
	}
	for _, tt := range tests {
		if got := cleanInline(tt.in); got != tt.want {
			t.Errorf("cleanInline(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
