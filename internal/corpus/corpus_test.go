package corpus

import (
	"bytes"
	"errors"
	"os"
	"strings"
	"testing"
	"testing/fstest"
)

const (
	reutersFile = "000_e50f249042850110.txt"
	afpFile     = "003_015fcc609321ff52.txt"
)

func mustParse(t *testing.T, name string) Article {
	t.Helper()
	raw, err := os.ReadFile("../../data/" + name)
	if err != nil {
		t.Fatal(err)
	}
	a, err := Parse(name, raw)
	if err != nil {
		t.Fatalf("Parse(%s): %v", name, err)
	}
	return a
}

func texts(a Article, kind Kind) []string {
	var out []string
	for _, p := range a.Passages {
		if p.Kind == kind {
			out = append(out, p.Text)
		}
	}
	return out
}

func TestMetadataFromRawCopy(t *testing.T) {
	tests := []struct {
		file                     string
		title, source, date, url string
		passages                 int
	}{
		{reutersFile, "China condemns cyberattacks, but says no proof Nokor hacked Sony", "Reuters", "2014-12-22", "", 10},
		{afpFile, "China condemns 'cyber terrorism' in wake of Sony attack", "AFP", "2014-12-22",
			"https://phys.org/news/2014-12-china-condemns-cyber-terrorism-sony.html", 10},
	}
	for _, tt := range tests {
		t.Run(tt.source, func(t *testing.T) {
			a := mustParse(t, tt.file)
			if a.Title != tt.title || a.Source != tt.source || a.Date != tt.date || a.URL != tt.url {
				t.Errorf("Parse(%s) = title %q source %q date %q url %q\nwant title %q source %q date %q url %q",
					tt.file, a.Title, a.Source, a.Date, a.URL, tt.title, tt.source, tt.date, tt.url)
			}
			if len(a.Passages) != tt.passages {
				t.Errorf("Parse(%s): %d passages, want %d", tt.file, len(a.Passages), tt.passages)
			}
		})
	}
}

func TestCleaningRules(t *testing.T) {
	reuters, afp := mustParse(t, reutersFile), mustParse(t, afpFile)
	all := append(append([]Passage{}, reuters.Passages...), afp.Passages...)
	has := func(sub string) int {
		n := 0
		for _, p := range all {
			if strings.Contains(p.Text, sub) {
				n++
			}
		}
		return n
	}

	t.Run("caption printed twice is kept once, as a caption", func(t *testing.T) {
		caps := texts(reuters, Caption)
		if len(caps) != 1 || !strings.HasSuffix(caps[0], "REUTERS/Jonathan Ernst") {
			t.Fatalf("captions = %q, want the one Reuters caption", caps)
		}
		if n := has("delivers remarks"); n != 1 {
			t.Errorf("caption text appears in %d passages, want 1", n)
		}
		if n := strings.Count(caps[0], "delivers remarks"); n != 1 {
			t.Errorf("the caption passage holds the caption %d times: %q", n, caps[0])
		}
	})
	t.Run("paragraph broken by blank lines is one passage", func(t *testing.T) {
		want := "the country's leader infuriated North Korea, although Pyongyang"
		if n := has(want); n != 1 {
			t.Errorf("%q in %d passages, want 1", want, n)
		}
	})
	t.Run("inline HTML is removed", func(t *testing.T) {
		for _, p := range all {
			if strings.ContainsAny(p.Text, "<>") {
				t.Errorf("passage %s keeps markup: %q", p.ID, p.Text)
			}
		}
		if has("China opposes cyber attacks and cyber terrorism in all of its forms") != 1 {
			t.Error("the <u>-marked AFP quote is not intact")
		}
	})
	t.Run("headline is metadata, not a passage", func(t *testing.T) {
		if has("in wake of Sony attack") != 0 || has("says no proof Nokor") != 0 {
			t.Error("a headline became a passage")
		}
	})
	for _, line := range []string{"© 2014 AFP", "Citation:", "subject to copyright", "December 22 2014"} {
		t.Run("metadata line dropped: "+line, func(t *testing.T) {
			if n := has(line); n != 0 {
				t.Errorf("%q found in %d passages", line, n)
			}
		})
	}
	t.Run("sign-off dropped", func(t *testing.T) {
		for _, p := range reuters.Passages {
			if p.Text == "Reuters" {
				t.Error("the sign-off became a passage")
			}
		}
	})
	t.Run("passages in reading order", func(t *testing.T) {
		body := texts(afp, Body)
		if !strings.HasPrefix(body[0], "China's foreign minister condemned") || !strings.HasPrefix(body[len(body)-1], `"I think it was an act of cyber vandalism`) {
			t.Errorf("AFP body runs %q … %q", body[0][:30], body[len(body)-1][:30])
		}
	})
	t.Run("a bare quotation carries its speaker's paragraph", func(t *testing.T) {
		last := afp.Passages[len(afp.Passages)-1]
		if !strings.Contains(last.Context, "Barack Obama said Sunday") {
			t.Errorf("context of %q = %q, want the Obama paragraph", last.Text[:30], last.Context)
		}
		for _, p := range reuters.Passages {
			if strings.HasPrefix(p.Text, "“We resolutely oppose") && p.Context != "" {
				t.Error("a quote that names its speaker (Hua Chunying told…) got a context")
			}
		}
	})
}

func TestBareQuotations(t *testing.T) {
	const speaker = "The mayor, Jane Doe, spoke to reporters outside the town hall on the flooding."
	tests := []struct {
		quote string
		bare  bool
	}{
		{`"We will rebuild every house on this street, and we will start tomorrow morning."`, true},
		{`“We will rebuild every house on this street, and we will start tomorrow morning.”`, true},
		{`"I said we would rebuild, and I told them we would start tomorrow morning."`, true},
		{`"We will rebuild every house on this street," she said, standing by the river.`, false},
		{`“We will rebuild every house on this street,” Doe told reporters on the bridge.`, false},
		{`The council said it would meet again on the flooding and the repairs next week.`, false},
	}
	for _, tt := range tests {
		a, err := Parse("x.txt", []byte("Town promises to rebuild\n\n"+speaker+"\n\n"+tt.quote+"\n"))
		if err != nil {
			t.Fatal(err)
		}
		last := a.Passages[len(a.Passages)-1]
		if got := last.Context == speaker; got != tt.bare {
			t.Errorf("%s: context = %q, want bare quotation %v", tt.quote, last.Context, tt.bare)
		}
	}
}

func TestInferredMetadata(t *testing.T) {
	tests := []struct {
		name, text           string
		source, date, urlish string
	}{
		{"weekday with year from a © line", "Headline here\n\nOfficials said on Tuesday (March 3) that the plan would go ahead as announced.\n\n© 2015 AFP\n", "AFP", "2015-03-03", ""},
		{"weekday picks the year it falls on", "Headline\n\nA photo taken March 1, 2014. REUTERS/Jane Doe\n\nThe minister said on Tuesday (March 3) that the plan would go ahead as announced, aides said in 2015.\n\nReuters\n", "Reuters", "2015-03-03", ""},
		{"date line wins over body mentions", "Headline\n\nMarch 4 2015\n\nThe minister said on Tuesday (March 3) that the plan would go ahead as planned.\n", "", "2015-03-04", ""},
		{"Reuters dateline", "Headline\n\nBEIJING, Dec 22 (Reuters) - China said there was no proof yet of who was behind the attack in 2014.\n", "Reuters", "2014-12-22", ""},
		{"citation line gives date and link", "Headline\n\nThe statement said the ministry opposed every form of attack on anyone.\n\nCitation: Headline (2015, June 9) retrieved 24 May 2024 from https://phys.org/news/x.html\n", "phys.org", "2015-06-09", "https://phys.org/news/x.html"},
		{"no cues, no invented metadata", "Headline\n\nSomething happened somewhere and people talked about it at length.\n", "", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := Parse("x.txt", []byte(tt.text))
			if err != nil {
				t.Fatal(err)
			}
			if a.Source != tt.source || a.Date != tt.date || a.URL != tt.urlish {
				t.Errorf("Parse = source %q date %q url %q, want %q %q %q", a.Source, a.Date, a.URL, tt.source, tt.date, tt.urlish)
			}
		})
	}
}

func TestFrontMatterOverrides(t *testing.T) {
	raw := "---\ntitle: Better title\nsource: Example News\ndate: 2020-01-02\nurl: https://example.com/a\n---\nHeadline as copied\n\nBody text that says something worth quoting in full.\n\nReuters\n"
	a, err := Parse("a.txt", []byte(raw))
	if err != nil {
		t.Fatal(err)
	}
	if a.Title != "Better title" || a.Source != "Example News" || a.Date != "2020-01-02" || a.URL != "https://example.com/a" {
		t.Errorf("Parse = %q %q %q %q, want the front matter's values", a.Title, a.Source, a.Date, a.URL)
	}
	if len(a.Passages) != 1 {
		t.Errorf("%d passages, want 1", len(a.Passages))
	}
}

func TestBrokenFiles(t *testing.T) {
	good, _ := os.ReadFile("../../data/" + afpFile)
	tests := []struct {
		name string
		raw  []byte
		want error
	}{
		{"empty.txt", nil, ErrEmpty},
		{"blank.txt", []byte(" \n\n\t\n"), ErrEmpty},
		{"binary.txt", []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), ErrBinary},
		{"controls.txt", bytes.Repeat([]byte("\x01\x02\x03a"), 50), ErrBinary},
		{"latin1.txt", []byte("Headline\n\nCaf\xe9 owners said on Monday that they would stay open.\n"), ErrEncoding},
		{"huge.txt", bytes.Repeat([]byte("word "), MaxFileSize/5+1), ErrTooLarge},
		{"boilerplate.txt", []byte("Headline only\n\n© 2014 AFP\n\nThis document is subject to copyright.\n"), ErrNoText},
		{"badmeta.txt", []byte("---\ntitle: x\ndate: 22 Dec\n---\nHeadline\n\nBody.\n"), ErrMeta},
		{"unclosed.txt", []byte("---\ntitle: x\nHeadline\n\nBody.\n"), ErrMeta},
		{"unknownkey.txt", []byte("---\nauthor: x\n---\nHeadline\n\nBody.\n"), ErrMeta},
	}
	fsys := fstest.MapFS{"good.txt": {Data: good}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse(tt.name, tt.raw)
			if !errors.Is(err, tt.want) {
				t.Errorf("Parse(%s) error = %v, want %v", tt.name, err, tt.want)
			}
		})
		fsys[tt.name] = &fstest.MapFile{Data: tt.raw}
	}
	fsys["notes.md"] = &fstest.MapFile{Data: []byte("not an article")}

	arts, skipped, err := Load(fsys)
	if err != nil {
		t.Fatal(err)
	}
	if len(arts) != 1 || arts[0].Source != "AFP" {
		t.Errorf("Load kept %d articles, want only good.txt", len(arts))
	}
	if len(skipped) != len(tests) {
		t.Errorf("Load skipped %d files, want %d: %v", len(skipped), len(tests), skipped)
	}
	for _, s := range skipped {
		if s.File == "" || !strings.Contains(s.String(), s.File) {
			t.Errorf("skip report %q does not name the file", s)
		}
	}
}

func FuzzParse(f *testing.F) {
	// Seeds are short excerpts carrying the cues of the two sample articles,
	// not the whole files (TestMetadataFromRawCopy covers those): every new
	// input the fuzzer finds is minimized, and minimizing a []byte costs
	// O(len²) calls, so multi-KB seeds tie up every worker for up to
	// -fuzzminimizetime (60s) each. Even with these, run with
	// -fuzzminimizetime=1000x (a few-hundred-byte input still takes ~10s).
	f.Add([]byte("China condemns cyberattacks\n\nKerry (R) speaks in Washington October 1, 2014. REUTERS/Jonathan Ernst\n\n" +
		"China said on Monday (December 22) that it opposed all forms of cyber attacks.\n\n" +
		"\u201cWe resolutely oppose all forms of cyberattacks,\u201d Hua Chunying told a news conference.\n\nReuters\n"))
	f.Add([]byte("\n\nChina condemns 'cyber terrorism'\n\nDecember 22 2014\n\nChina's <u>foreign ministry</u> said, a US official told AFP.\n\n" +
		"\"I think it was an act of cyber vandalism.\"\n\n\u00a9 2014 AFP\n\n" +
		"Citation: China condemns (2014, December 22) retrieved 24 May 2024 from <u>https://phys.org/news/2014-12-x.html</u>\n\n" +
		"This document is subject to copyright.\n"))
	f.Add([]byte("---\ntitle: t\ndate: 2020-01-02\n---\nH\n\nBody on Monday (Jan 6) here.\n"))
	f.Add([]byte("H\n\n\n\nx\n\n© 2014\n\nCitation: (2014, Feb 30) retrieved from https://"))
	f.Fuzz(func(t *testing.T, raw []byte) {
		if len(raw) > 64<<10 {
			return // article-sized input; TestBrokenFiles covers the size limit
		}
		a, err := Parse("f.txt", raw)
		if err != nil {
			return
		}
		if len(a.Passages) == 0 {
			t.Fatal("Parse succeeded with no passages")
		}
		if a.Date != "" && len(a.Date) != len("2006-01-02") {
			t.Fatalf("date %q is not ISO", a.Date)
		}
		for _, p := range a.Passages {
			if strings.TrimSpace(p.Text) == "" || p.ID == "" {
				t.Fatalf("empty passage %+v", p)
			}
		}
	})
}
