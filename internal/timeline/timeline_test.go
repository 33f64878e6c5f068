package timeline

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/sourcebot/newsbot/data"
	"github.com/sourcebot/newsbot/internal/corpus"
	"github.com/sourcebot/newsbot/internal/golden"
)

// The real articles the bot ships with.
var realIDs = []string{"000_e50f249042850110", "003_015fcc609321ff52"}

// corpora are the article sets the golden files are built from.
var corpora = []struct {
	name string
	fsys fs.FS
	ids  []string // nil: every article
}{
	{"real", data.FS, realIDs},
	// Two independent reports of another story, with other dates and
	// speakers.
	{"tasman", os.DirFS("../../testdata/heldout/articles"), nil},
	// Other weekdays, months and years: a Thursday in March 2019, New
	// Year's Day 2015, and an article with no date.
	{"synthetic", os.DirFS("testdata/synthetic"), nil},
}

func load(t *testing.T, fsys fs.FS, ids []string) []corpus.Article {
	t.Helper()
	articles, skipped, err := corpus.Load(fsys)
	if err != nil {
		t.Fatal(err)
	}
	if len(skipped) > 0 {
		t.Fatalf("corpus.Load skipped %v", skipped)
	}
	if ids == nil {
		return articles
	}
	var out []corpus.Article
	for _, id := range ids {
		i := slices.IndexFunc(articles, func(a corpus.Article) bool { return a.ID == id })
		if i < 0 {
			t.Fatalf("article %s not found", id)
		}
		out = append(out, articles[i])
	}
	return out
}

func TestBuildGolden(t *testing.T) {
	for _, c := range corpora {
		t.Run(c.name, func(t *testing.T) {
			got := render(Build(load(t, c.fsys, c.ids)))
			golden.Check(t, filepath.Join("testdata", c.name+".golden"), []byte(got))
		})
	}
}

// render is a readable text form of a timeline: each day, then each event's
// source, article date and headline, passage ID and phrase, and passage.
func render(days []Day) string {
	var b strings.Builder
	for i, d := range days {
		if i > 0 {
			b.WriteString("\n")
		}
		wd := ""
		if t, err := time.Parse(time.DateOnly, d.Date); err == nil {
			wd = " " + t.Weekday().String()
		}
		fmt.Fprintf(&b, "== %s%s\n", d.Date, wd)
		for _, e := range d.Events {
			a := e.Article
			fmt.Fprintf(&b, "\n%s (%s): %s\n", orNone(a.Source), orNone(a.Date), a.Title)
			fmt.Fprintf(&b, "%s %q\n", e.Passage.ID, e.Phrase)
			fmt.Fprintf(&b, "> %s\n", e.Passage.Text)
		}
	}
	return b.String()
}

func orNone(s string) string {
	if s == "" {
		return "none"
	}
	return s
}

// TestBuildRealArticles pins the events the product's issue asks for, by
// passage, independently of the golden file's layout.
func TestBuildRealArticles(t *testing.T) {
	days := Build(load(t, data.FS, realIDs))
	want := []struct{ date, passage, phrase, quote string }{
		{"2014-12-19", "000_e50f249042850110/7", "on Friday (December 19)", "after the FBI concluded on Friday (December 19) that Pyongyang was responsible"},
		{"2014-12-20", "003_015fcc609321ff52/8", "on Saturday", "Global Times newspaper in an editorial on Saturday"},
		{"2014-12-21", "000_e50f249042850110/5", "on Sunday (December 21)", "in a conversation with U.S. Secretary of State John Kerry on Sunday (December 21)"},
		{"2014-12-21", "003_015fcc609321ff52/2", "Sunday", "Wang Yi spoke Sunday by telephone with US Secretary of State John Kerry"},
		{"2014-12-21", "003_015fcc609321ff52/9", "Sunday", "Barack Obama said Sunday in an interview with CNN"},
		{"2014-12-22", "000_e50f249042850110/2", "on Monday (December 22)", "China said on Monday (December 22) that it opposed all forms of cyber attacks"},
		{"2014-12-22", "003_015fcc609321ff52/1", "Monday", "a statement said Monday"},
		{"2014-12-22", "003_015fcc609321ff52/5", "on Monday", "at a regular briefing on Monday"},
	}
	for _, w := range want {
		e, ok := find(days, w.date, w.passage)
		switch {
		case !ok:
			t.Errorf("Build(real) has no event %s on %s", w.passage, w.date)
		case e.Phrase != w.phrase || !strings.Contains(e.Passage.Text, w.quote):
			t.Errorf("Build(real) event %s on %s: phrase %q, passage %q; want phrase %q in a passage with %q", w.passage, w.date, e.Phrase, e.Passage.Text, w.phrase, w.quote)
		}
	}
	var dates []string
	for _, d := range days {
		dates = append(dates, d.Date)
	}
	if want := []string{"2014-12-19", "2014-12-20", "2014-12-21", "2014-12-22"}; !slices.Equal(dates, want) {
		t.Errorf("Build(real) days = %v, want %v (the caption's October 1, 2014 is a photo date)", dates, want)
	}
}

func find(days []Day, date, passage string) (Event, bool) {
	for _, d := range days {
		for _, e := range d.Events {
			if d.Date == date && e.Passage.ID == passage {
				return e, true
			}
		}
	}
	return Event{}, false
}

// TestBuildInvariants checks every corpus: days in order and distinct, each
// event verbatim from its article, a body passage, dated as its phrase
// says (checked by reckonDate, which shares no code with Resolve), and no
// passage twice on one day.
func TestBuildInvariants(t *testing.T) {
	for _, c := range corpora {
		t.Run(c.name, func(t *testing.T) {
			articles := load(t, c.fsys, c.ids)
			days := Build(articles)
			if len(days) == 0 {
				t.Fatal("Build returned no days")
			}
			for i, d := range days {
				if i > 0 && days[i-1].Date >= d.Date {
					t.Errorf("day %s after %s", d.Date, days[i-1].Date)
				}
				if len(d.Events) == 0 {
					t.Errorf("day %s has no events", d.Date)
				}
				seen := map[string]bool{}
				for _, e := range d.Events {
					if e.Date != d.Date {
						t.Errorf("event %s dated %s on day %s", e.Passage.ID, e.Date, d.Date)
					}
					if seen[e.Passage.ID] {
						t.Errorf("passage %s twice on %s", e.Passage.ID, d.Date)
					}
					seen[e.Passage.ID] = true
					if !slices.Contains(e.Article.Passages, e.Passage) {
						t.Errorf("event %s: passage not verbatim from article %s", e.Passage.ID, e.Article.ID)
					}
					if e.Passage.Kind == corpus.Caption {
						t.Errorf("event %s is a caption", e.Passage.ID)
					}
					if !strings.Contains(e.Passage.Text, e.Phrase) {
						t.Errorf("event %s: phrase %q is not in its passage", e.Passage.ID, e.Phrase)
					}
					if err := reckonDate(e.Article.Date, e.Phrase, e.Date); err != nil {
						t.Errorf("event %s (article of %s): %q on %s: %v", e.Passage.ID, orNone(e.Article.Date), e.Phrase, e.Date, err)
					}
				}
			}
		})
	}
}

// reckonDate checks that phrase can mean date in an article of the given
// date, reckoned from the words of the phrase with the time package alone:
// a written month and day (and year) must be the date's; a weekday must be
// its weekday, the latest on or before the article's date when bare, the
// one before or after it with "last" or "next"; "yesterday", "today",
// "tonight", "tomorrow" and "last night" count from the article's date.
// Without a year, a written day is within seven months of the article's.
func reckonDate(articleDate, phrase, date string) error {
	got, err := time.Parse(time.DateOnly, date)
	if err != nil {
		return fmt.Errorf("date %q is not YYYY-MM-DD", date)
	}
	ref, refErr := time.Parse(time.DateOnly, articleDate)
	days := func() int { return int(got.Sub(ref).Hours() / 24) }
	words := strings.FieldsFunc(phrase, func(r rune) bool { return strings.ContainsRune(" ,.()", r) })
	var weekday string
	var month, day, year int
	for _, w := range words {
		switch lw := strings.ToLower(w); {
		case slices.Contains(weekdayNames, w):
			weekday = w
		case monthOf(w) != 0:
			month = monthOf(w)
		case lw == "yesterday" || lw == "today" || lw == "tonight" || lw == "tomorrow" || lw == "night":
			if refErr != nil {
				return fmt.Errorf("a day word in an undated article")
			}
			want := map[string]int{"yesterday": -1, "today": 0, "tonight": 0, "tomorrow": 1, "night": -1}[lw]
			if days() != want {
				return fmt.Errorf("%q is %d days from the article date, want %d", w, days(), want)
			}
			return nil
		default:
			n, err := strconv.Atoi(strings.TrimRight(w, "stndrh"))
			switch {
			case err != nil:
			case n > 31:
				year = n
			default:
				day = n
			}
		}
	}
	if month != 0 {
		if int(got.Month()) != month || got.Day() != day {
			return fmt.Errorf("the phrase writes month %d day %d", month, day)
		}
		switch {
		case year != 0 && got.Year() != year:
			return fmt.Errorf("the phrase writes the year %d", year)
		case year == 0 && (refErr != nil || days() < -213 || days() > 213):
			return fmt.Errorf("no year written, and not within seven months of the article date")
		}
		return nil
	}
	if weekday == "" {
		return fmt.Errorf("the phrase names no day")
	}
	if got.Weekday().String() != weekday {
		return fmt.Errorf("%s is a %s, the phrase says %s", date, got.Weekday(), weekday)
	}
	if refErr != nil {
		return fmt.Errorf("a weekday in an undated article")
	}
	lo, hi := -6, 0 // bare: on or before the article date
	switch strings.ToLower(words[0]) {
	case "last":
		lo, hi = -7, -1
	case "next":
		lo, hi = 1, 7
	}
	if d := days(); d < lo || d > hi {
		return fmt.Errorf("%d days from the article date, want %d to %d", d, lo, hi)
	}
	return nil
}

var weekdayNames = []string{"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"}

// monthOf reads a month's name or its first three or four letters, as
// written in copy; 0 for another word.
func monthOf(w string) int {
	for m := time.January; m <= time.December; m++ {
		name := m.String()
		if w == name || len(w) >= 3 && len(w) <= 4 && strings.HasPrefix(name, w) {
			return int(m)
		}
	}
	return 0
}

// TestReckonDate checks the checker: it must reject wrong dates, or the
// invariants above prove nothing.
func TestReckonDate(t *testing.T) {
	tests := []struct {
		article, phrase, date string
		ok                    bool
	}{
		{"2014-12-22", "on Friday (December 19)", "2014-12-19", true},
		{"2014-12-22", "on Friday (December 19)", "2014-12-20", false},
		{"2014-12-22", "Sunday", "2014-12-21", true},
		{"2014-12-22", "Sunday", "2014-12-14", false}, // a week too far back
		{"2014-12-22", "Monday", "2014-12-22", true},
		{"2014-12-22", "Monday", "2014-12-29", false}, // bare weekdays point back
		{"2015-01-01", "last Thursday", "2014-12-25", true},
		{"2015-01-01", "last Thursday", "2015-01-01", false},
		{"2015-01-01", "next Thursday", "2015-01-08", true},
		{"2019-03-14", "yesterday", "2019-03-13", true},
		{"2019-03-14", "Yesterday", "2019-03-14", false},
		{"2019-03-01", "last night", "2019-02-28", true},
		{"2014-12-22", "on January 5", "2015-01-05", true},
		{"2014-12-22", "on January 5", "2016-01-05", false},
		{"2014-12-22", "on Dec. 30, 2009", "2009-12-30", true},
		{"2014-12-22", "on Dec. 30, 2009", "2014-12-30", false},
		{"", "on 4 July 2016", "2016-07-04", true},
		{"", "on Monday", "2014-12-22", false},
		{"2019-03-14", "on 3rd March", "2019-03-03", true},
	}
	for _, tt := range tests {
		if err := reckonDate(tt.article, tt.phrase, tt.date); (err == nil) != tt.ok {
			t.Errorf("reckonDate(%q, %q, %q) = %v, want ok %v", tt.article, tt.phrase, tt.date, err, tt.ok)
		}
	}
}

func TestBuildGroupsAndOrders(t *testing.T) {
	articles := []corpus.Article{
		{ID: "b", Date: "2014-12-22", Passages: []corpus.Passage{
			{ID: "b/1", Kind: corpus.Caption, Text: "Kerry in Washington, December 21, 2014. REUTERS/X"},
			{ID: "b/2", Kind: corpus.Body, Text: "Wang spoke on Sunday (December 21), and again Sunday night."},
			{ID: "b/3", Kind: corpus.Body, Text: "The FBI spoke on Friday; China replied on Monday."},
			{ID: "b/4", Kind: corpus.Body, Text: "Nothing dated here."},
		}},
		{ID: "a", Date: "2014-12-23", Passages: []corpus.Passage{
			{ID: "a/1", Kind: corpus.Body, Text: "Obama said Sunday it was vandalism."},
			{ID: "a/2", Kind: corpus.Body, Text: "He spoke yesterday."},
		}},
		{ID: "undated", Passages: []corpus.Passage{
			{ID: "undated/1", Kind: corpus.Body, Text: "On Sunday, and on December 21, 2014, it rained."},
		}},
	}
	got := map[string][]string{}
	var order []string
	for _, d := range Build(articles) {
		order = append(order, d.Date)
		for _, e := range d.Events {
			got[d.Date] = append(got[d.Date], e.Passage.ID+" "+e.Phrase)
		}
	}
	want := map[string][]string{
		// In article order (as given, not by ID), then reading order; the
		// caption left out; b/2 once though it names the day twice.
		"2014-12-19": {"b/3 on Friday"},
		"2014-12-21": {"b/2 on Sunday (December 21)", "a/1 Sunday", "undated/1 on December 21, 2014"},
		"2014-12-22": {"b/3 on Monday", "a/2 yesterday"},
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("Build events = %v, want %v", got, want)
	}
	if want := []string{"2014-12-19", "2014-12-21", "2014-12-22"}; !slices.Equal(order, want) {
		t.Errorf("Build days = %v, want %v", order, want)
	}
	if days := Build(nil); days != nil {
		t.Errorf("Build(nil) = %v, want nil", days)
	}
}

func ExampleBuild() {
	articles := []corpus.Article{{
		ID: "x", Title: "China condemns cyberattacks", Source: "Reuters", Date: "2014-12-22",
		Passages: []corpus.Passage{
			{ID: "x/1", Kind: corpus.Body, Text: "China said on Monday (December 22) that it opposed all forms of cyber attacks."},
			{ID: "x/2", Kind: corpus.Body, Text: "The FBI concluded on Friday (December 19) that Pyongyang was responsible."},
		},
	}}
	for _, d := range Build(articles) {
		for _, e := range d.Events {
			fmt.Printf("%s %s %q\n", d.Date, e.Passage.ID, e.Phrase)
		}
	}
	// Output:
	// 2014-12-19 x/2 "on Friday (December 19)"
	// 2014-12-22 x/1 "on Monday (December 22)"
}
