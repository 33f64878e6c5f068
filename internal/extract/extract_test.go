package extract

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/sourcebot/newsbot/internal/corpus"
	"github.com/sourcebot/newsbot/internal/golden"
)

// noise is text each test page puts around its story, which must never
// reach a passage.
var noise = []string{"MUST NOT APPEAR", "NAVIGATION LINK TEXT", "ADVERTISEMENT", "SPONSORED", "RELATED LINK",
	"COMMENT TEXT", "FOOTER TEXT", "Archives", "Subscribe"}

func TestHTMLPages(t *testing.T) {
	for _, tc := range []struct {
		file, url                            string
		title, source, date, wantURL, byline string
		passages                             int
		first, last                          string
	}{
		{
			file: "news-site.html", url: "https://courier.example/news/12345",
			title: "Schools reopen after the flood", source: "The Riverside Courier", date: "2025-03-14",
			wantURL: "https://courier.example/2025/03/schools-reopen", byline: "Maria Alvarez", passages: 5,
			first: "RIVERSIDE — All twelve of the district's schools reopened on Thursday",
			last:  "according to a letter sent home with pupils.",
		},
		{
			// No canonical link: the address it was fetched from; the
			// date and author from JSON-LD.
			file: "blog-jsonld.html", url: "https://notes.example/2024/11/library",
			title: "Council votes to keep the library open", source: "Northside Notes", date: "2024-11-05",
			wantURL: "https://notes.example/2024/11/library", byline: "Sam Lee", passages: 4,
			first: "The city council voted 6 to 3 on Tuesday night",
			last:  "when a new part-time librarian starts.",
		},
		{
			// An uploaded file: no address at all, the canonical one it states.
			file: "news-site.html", url: "",
			title: "Schools reopen after the flood", source: "The Riverside Courier", date: "2025-03-14",
			wantURL: "", byline: "Maria Alvarez", passages: 5,
			first: "RIVERSIDE — All twelve", last: "sent home with pupils.",
		},
	} {
		t.Run(tc.file+" "+tc.url, func(t *testing.T) {
			body, err := os.ReadFile(filepath.Join("testdata", tc.file))
			if err != nil {
				t.Fatal(err)
			}
			a, d, err := Parse("lib1", Input{Name: tc.file, URL: tc.url, Body: body})
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			if a.Title != tc.title || a.Source != tc.source || a.Date != tc.date || d.Byline != tc.byline || a.File != tc.file {
				t.Errorf("Parse = title %q, source %q, date %q, byline %q, file %q; want %q, %q, %q, %q, %q",
					a.Title, a.Source, a.Date, d.Byline, a.File, tc.title, tc.source, tc.date, tc.byline, tc.file)
			}
			if tc.url != "" && a.URL != tc.wantURL {
				t.Errorf("URL = %q, want %q", a.URL, tc.wantURL)
			}
			if len(a.Passages) != tc.passages {
				t.Errorf("%d passages, want %d: %q", len(a.Passages), tc.passages, texts(a))
			}
			if len(a.Passages) > 0 && (!strings.HasPrefix(a.Passages[0].Text, tc.first) || !strings.HasSuffix(a.Passages[len(a.Passages)-1].Text, tc.last)) {
				t.Errorf("passages run %q … %q; want %q … %q", a.Passages[0].Text, a.Passages[len(a.Passages)-1].Text, tc.first, tc.last)
			}
			for _, p := range a.Passages {
				if !strings.HasPrefix(p.ID, "lib1/") {
					t.Errorf("passage id %q: want it under the article id lib1", p.ID)
				}
				for _, n := range noise {
					if strings.Contains(p.Text, n) {
						t.Errorf("passage %q carries the page's %q", p.Text, n)
					}
				}
			}
			if tc.url != "" {
				golden.Check(t, filepath.Join("testdata", strings.TrimSuffix(tc.file, ".html")+".golden"), []byte("byline: "+d.Byline+"\n"+string(d.Text)))
			}
		})
	}
}

func texts(a corpus.Article) []string {
	var out []string
	for _, p := range a.Passages {
		out = append(out, p.Text)
	}
	return out
}

// TestTextSurvivesMarkup: words of the article that look like markup are
// kept as they are, though corpus strips tags and reads entities.
func TestTextSurvivesMarkup(t *testing.T) {
	page := `<html><head><title>Tags</title></head><body><article><h1>Tags</h1>
<p>The committee said the clause &lt;b&gt; was a typo, and that AT&amp;T had filed its response to the regulator in full on time this week.</p>
<p>The second paragraph has enough words in it to be kept as part of the story by the reader view, which wants some text.</p>
</article></body></html>`
	a, _, err := Parse("x", Input{Name: "tags.html", Body: []byte(page)})
	if err != nil {
		t.Fatal(err)
	}
	if want := "The committee said the clause <b> was a typo, and that AT&T had filed"; !strings.HasPrefix(a.Passages[0].Text, want) {
		t.Errorf("passage = %q, want it to start %q", a.Passages[0].Text, want)
	}
}

func TestMarkdown(t *testing.T) {
	md := "# Council votes to keep the library open\n\n" +
		"The council voted **6 to 3** on Tuesday, said [Priya Shah](https://example.com/shah \"bio\"), to keep the *Northside* branch open.\n\n" +
		"## Budget\n\nThe budget of about $400,000 comes from the reserve_fund_2024 account.\n"
	a, d, err := Parse("m", Input{Name: "week2.md", Body: []byte(md)})
	if err != nil {
		t.Fatal(err)
	}
	if d.Kind != Markdown || a.Title != "Council votes to keep the library open" {
		t.Errorf("kind %q, title %q", d.Kind, a.Title)
	}
	want := []string{
		"The council voted 6 to 3 on Tuesday, said Priya Shah, to keep the Northside branch open.",
		"Budget",
		"The budget of about $400,000 comes from the reserve_fund_2024 account.",
	}
	if got := texts(a); !slices.Equal(got, want) {
		t.Errorf("passages = %q, want %q", got, want)
	}
}

// TestBrokenGetCorpusReasons: a file that fails gets the reason a broken
// --data file gets.
func TestBrokenGetCorpusReasons(t *testing.T) {
	noArticle, err := os.ReadFile("testdata/no-article.html")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		in   Input
		want error
	}{
		{Input{Name: "empty.txt", Body: []byte("  \n\n ")}, corpus.ErrEmpty},
		{Input{Name: "bin.txt", Body: []byte("PK\x03\x04\x00\x00binary")}, corpus.ErrBinary},
		{Input{Name: "latin1.txt", Body: []byte("Caf\xe9 news\n\nText")}, corpus.ErrEncoding},
		{Input{Name: "meta.md", Body: []byte("---\ntitle: x\ndate: yesterday\n---\nHeadline\n\nText.")}, corpus.ErrMeta},
		{Input{Name: "login.html", Body: noArticle}, corpus.ErrNoText},
		{Input{Name: "empty.html", Body: []byte("\n")}, corpus.ErrEmpty},
		{Input{Name: "report.pdf", Body: []byte("%PDF-1.7")}, ErrUnsupported},
		{Input{Name: "page", ContentType: "image/png", Body: []byte("\x89PNG")}, ErrUnsupported},
	} {
		_, _, err := Parse("x", tc.in)
		if !errors.Is(err, tc.want) {
			t.Errorf("Parse(%s) error = %v, want %v", tc.in.Name, err, tc.want)
		}
	}
}

func TestKindOf(t *testing.T) {
	for _, tc := range []struct {
		in   Input
		want string
	}{
		{Input{Name: "a.txt"}, Text},
		{Input{Name: "a.TXT"}, Text},
		{Input{Name: "a.md"}, Markdown},
		{Input{Name: "a.htm"}, HTML},
		{Input{Name: "story", ContentType: "text/html"}, HTML},
		{Input{Name: "story.txt", ContentType: "text/html"}, HTML}, // the server's word first
		{Input{Name: "story", ContentType: "text/plain"}, Text},
		{Input{Name: "story", Body: []byte("<!doctype html><html><body>")}, HTML},
	} {
		if got, err := KindOf(tc.in); got != tc.want || err != nil {
			t.Errorf("KindOf(%+v) = %q, %v; want %q", tc.in, got, err, tc.want)
		}
	}
}

// FuzzExtract: any document either fails with an error or makes an article
// corpus parses; nothing panics.
func FuzzExtract(f *testing.F) {
	for _, name := range []string{"news-site.html", "blog-jsonld.html", "no-article.html"} {
		b, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(name, b)
	}
	f.Add("a.md", []byte("# Head\n\n**bold** [x](y) *it*"))
	f.Add("a.txt", []byte("---\ntitle: x\n---\nHead\n\nText."))
	f.Fuzz(func(t *testing.T, name string, body []byte) {
		a, _, err := Parse("f", Input{Name: name, Body: body})
		if err == nil && len(a.Passages) == 0 {
			t.Errorf("Parse(%q) succeeded with no passages", name)
		}
	})
}
