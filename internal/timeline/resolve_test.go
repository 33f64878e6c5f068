package timeline

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// resolveCases are written as "phrase=date" for each mention, in order.
var resolveCases = []struct {
	name, date, text string
	want             []string
}{
	// The real articles, dated Monday 22 December 2014.
	{"weekday beside date", "2014-12-22",
		"after the FBI concluded on Friday (December 19) that Pyongyang was responsible",
		[]string{"on Friday (December 19)=2014-12-19"}},
	{"bare weekday", "2014-12-22", "Wang Yi spoke Sunday by telephone", []string{"Sunday=2014-12-21"}},
	{"on weekday", "2014-12-22", "in an editorial on Saturday, adding", []string{"on Saturday=2014-12-20"}},
	{"own weekday is the article date", "2014-12-22", "a statement said Monday, as the US", []string{"Monday=2014-12-22"}},
	{"sentence-initial On", "2014-12-22", "On Sunday, Obama spoke.", []string{"On Sunday=2014-12-21"}},
	{"possessive", "2014-12-22", "Saturday's editorial", []string{"Saturday=2014-12-20"}},
	{"explicit day wins over a wrong weekday", "2014-12-22", "on Friday (December 18)", []string{"on Friday (December 18)=2014-12-18"}},
	{"weekday, date and year", "2014-12-22", "Monday, Dec. 22, 2014 10:05 AM", []string{"Monday, Dec. 22, 2014=2014-12-22"}},
	{"weekday then day first", "2014-12-22", "on Sunday 21 December at noon", []string{"on Sunday 21 December=2014-12-21"}},
	{"unclosed bracket: weekday and date apart", "2014-12-22", "on Friday (December 19 local time", []string{"on Friday=2014-12-19", "December 19=2014-12-19"}},
	{"bracket without a date", "2014-12-22", "on Friday (local time)", []string{"on Friday=2014-12-19"}},
	{"two weekdays", "2014-12-22", "on Friday and Saturday", []string{"on Friday=2014-12-19", "Saturday=2014-12-20"}},
	{"same day twice", "2014-12-22", "on Sunday (December 21) and again Sunday",
		[]string{"on Sunday (December 21)=2014-12-21", "Sunday=2014-12-21"}},

	// Weekday arithmetic across month and year boundaries.
	{"back across a year", "2015-01-01", "on Monday", []string{"on Monday=2014-12-29"}},
	{"last is strictly before", "2015-01-01", "last Thursday", []string{"last Thursday=2014-12-25"}},
	{"last across a year", "2015-01-01", "Last Friday", []string{"Last Friday=2014-12-26"}},
	{"next is strictly after", "2015-01-01", "next Thursday", []string{"next Thursday=2015-01-08"}},
	{"next across a year", "2014-12-29", "next Friday", []string{"next Friday=2015-01-02"}},
	{"back across February", "2015-03-01", "on Saturday", []string{"on Saturday=2015-02-28"}},
	{"back to a leap day", "2016-03-01", "on Monday", []string{"on Monday=2016-02-29"}},
	{"Thursday in March 2019", "2019-03-14", "on Tuesday, last Friday, next Monday and Thursday",
		[]string{"on Tuesday=2019-03-12", "last Friday=2019-03-08", "next Monday=2019-03-18", "Thursday=2019-03-14"}},
	// By design: bare weekdays point back even after "will"; only "next"
	// points forward.
	{"will on weekday still points back", "2019-03-14", "Repairs will start on Monday", []string{"on Monday=2019-03-11"}},
	{"this weekday is not resolved", "2019-03-14", "they meet this Friday", nil},

	// Day words.
	{"yesterday", "2019-03-14", "reported them yesterday", []string{"yesterday=2019-03-13"}},
	{"yesterday across a year", "2015-01-01", "Yesterday's storm", []string{"Yesterday=2014-12-31"}},
	{"today, tonight, tomorrow", "2019-03-14", "today, tonight and tomorrow",
		[]string{"today=2019-03-14", "tonight=2019-03-14", "tomorrow=2019-03-15"}},
	{"last night", "2019-03-01", "said last night", []string{"last night=2019-02-28"}},
	{"Today after a quote", "2019-03-14", `"We wait." Today the council votes.`, []string{"Today=2019-03-14"}},
	{"Today as a title", "2019-03-14", "told USA Today and the BBC's Today programme", nil},
	{"vague phrases", "2019-03-14", "last week, recently, this month, over the weekend, the previous day, last year", nil},
	{"on today is not a phrase", "2019-03-14", "on today's agenda", []string{"today=2019-03-14"}},

	// Month and day: the year that puts it nearest the article date.
	{"month day", "2019-03-14", "seen on March 3 by", []string{"on March 3=2019-03-03"}},
	{"month day back across a year", "2019-03-14", "on Dec. 30 had found", []string{"on Dec. 30=2018-12-30"}},
	{"month day forward across a year", "2014-12-22", "report on January 5.", []string{"on January 5=2015-01-05"}},
	{"month day just ahead", "2019-03-14", "vote on March 20", []string{"on March 20=2019-03-20"}},
	{"month day far ahead leans back", "2019-03-14", "since Sept. 9", []string{"Sept. 9=2018-09-09"}},
	{"month day ahead within four months", "2019-03-14", "due on July 1", []string{"on July 1=2019-07-01"}},
	{"day first", "2019-03-14", "on 3 March", []string{"on 3 March=2019-03-03"}},
	{"ordinal", "2019-03-14", "March 3rd and the 4th March", []string{"March 3rd=2019-03-03", "4th March=2019-03-04"}},
	{"abbreviation ends a sentence", "2019-03-14", "on 22 Dec. It rained", []string{"on 22 Dec=2018-12-22"}},
	{"Sept. 11 is taken for a date", "2014-12-22", "the Sept. 11 attacks", []string{"Sept. 11=2014-09-11"}}, // known limitation
	{"dateline is the filing date", "2014-12-22", "BEIJING, Dec 22 (Reuters) - China said on Monday",
		[]string{"on Monday=2014-12-22"}},
	{"dateline with an en dash", "2014-12-22", "ST. LOUIS, Dec. 21 (AP) – Police said", nil},

	// Dates with a year resolve as written.
	{"month day year", "2014-12-22", "in Washington October 1, 2014.", []string{"October 1, 2014=2014-10-01"}},
	{"day month year", "2014-12-22", "on 1 October 2014", []string{"on 1 October 2014=2014-10-01"}},
	{"abbreviated with year", "2014-12-22", "Dec. 22, 2014", []string{"Dec. 22, 2014=2014-12-22"}},
	{"day first abbreviated with year", "2014-12-22", "22 Dec. 2014", []string{"22 Dec. 2014=2014-12-22"}},
	{"iso", "2014-12-22", "filed 2014-12-19 in court", []string{"2014-12-19=2014-12-19"}},
	{"far year", "2014-12-22", "struck on Dec. 30, 2009", []string{"on Dec. 30, 2009=2009-12-30"}},
	{"no article date: full dates only", "", "on Monday, yesterday, on March 3, and on 1 October 2014",
		[]string{"on 1 October 2014=2014-10-01"}},
	{"invalid article date", "2014-13-01", "on Monday and October 1, 2014", []string{"October 1, 2014=2014-10-01"}},
	{"article date in another layout", "22/12/2014", "on Monday and 2014-12-19", []string{"2014-12-19=2014-12-19"}},

	// Not dates.
	{"may the verb", "2019-03-14", "Prices may rise 5 percent", nil},
	{"march the verb", "2019-03-14", "Traders will march 3 miles", nil},
	{"March with no day", "2019-03-14", "the March on Washington and the March 2018 budget", nil},
	{"May with a count", "2019-03-14", "In May 1,200 residents signed", nil},
	{"decimal", "2019-03-14", "March 1.5 percent rise, 1.5 March", nil},
	{"range", "2019-03-14", "from March 3-5", nil},
	{"three digits", "2019-03-14", "December 225", nil},
	{"no such day", "2019-03-14", "June 31 and February 30, 2019", nil},
	{"February 29 only in a leap year", "2016-03-10", "on February 29", []string{"on February 29=2016-02-29"}},
	{"June. is not abbreviated", "2019-03-14", "in June. 5 people left", nil},
	{"surname May", "2019-03-14", "said Theresa May 12 hours later", nil},
	{"May after a weekday", "2019-05-14", "Sunday, May 12", []string{"Sunday, May 12=2019-05-12"}},
	{"May at a sentence start", "2019-05-14", "Ended. May 12 was the day", []string{"May 12=2019-05-12"}},
	{"Sunday Times", "2014-12-22", "The Sunday Times reported", nil},
	{"newspapers and shows", "2014-12-22", "the Sunday Telegraph, the Sunday Express, Saturday Night Live", nil},
	{"holidays", "2014-12-22", "on Good Friday, Black Friday sales and Super Tuesday", nil},
	{"plural weekday", "2014-12-22", "Mondays are slow", nil},
	{"lowercase weekday", "2014-12-22", "on monday", nil},
	{"inside a word", "2014-12-22", "xMonday, Mondayx, éMonday", nil},
	{"accents around", "2014-12-22", "é Monday é", []string{"Monday=2014-12-22"}},
	{"time after a day", "2019-03-14", "March 3 10:30 and March 3:30", []string{"March 3=2019-03-03"}},
	{"year that is not one", "2019-03-14", "on March 3, 2019.5 and March 4, 20190", []string{"on March 3=2019-03-03", "March 4=2019-03-04"}},
	{"bad iso", "2019-03-14", "2019-13-01 and 2019-02-29 and 2019-03-1x", nil},
	{"empty", "2019-03-14", "", nil},
}

func TestResolve(t *testing.T) {
	for _, tt := range resolveCases {
		t.Run(tt.name, func(t *testing.T) {
			ms := Resolve(tt.date, tt.text)
			var got []string
			for _, m := range ms {
				if tt.text[m.Start:m.End] != m.Phrase {
					t.Errorf("Resolve(%q, %q): text[%d:%d] = %q, Phrase %q", tt.date, tt.text, m.Start, m.End, tt.text[m.Start:m.End], m.Phrase)
				}
				got = append(got, m.Phrase+"="+m.Date)
			}
			if fmt.Sprint(got) != fmt.Sprint(tt.want) {
				t.Errorf("Resolve(%q, %q)\n got %q\nwant %q", tt.date, tt.text, got, tt.want)
			}
		})
	}
}

// TestPhrases checks that Phrases finds exactly the phrases Resolve dates
// in the cases with a valid article date, and nothing where they have none.
func TestPhrases(t *testing.T) {
	for _, tt := range resolveCases {
		if _, err := time.Parse(time.DateOnly, tt.date); err != nil {
			continue // Resolve dates less there than Phrases finds
		}
		t.Run(tt.name, func(t *testing.T) {
			var got, want []string
			for _, sp := range Phrases(tt.text) {
				got = append(got, tt.text[sp.Start:sp.End])
			}
			for _, w := range tt.want {
				phrase, _, _ := strings.Cut(w, "=")
				want = append(want, phrase)
			}
			if fmt.Sprint(got) != fmt.Sprint(want) {
				t.Errorf("Phrases(%q)\n got %q\nwant %q", tt.text, got, want)
			}
		})
	}
}

func FuzzResolve(f *testing.F) {
	for _, tt := range resolveCases {
		f.Add(tt.date, tt.text)
	}
	f.Fuzz(func(t *testing.T, date, text string) {
		ms := Resolve(date, text)
		prev := 0
		for _, m := range ms {
			if m.Start < prev || m.Start >= m.End || m.End > len(text) {
				t.Fatalf("Resolve(%q, %q): mention %+v out of order or out of range", date, text, m)
			}
			prev = m.End
			if text[m.Start:m.End] != m.Phrase {
				t.Fatalf("Resolve(%q, %q): text[%d:%d] = %q, Phrase %q", date, text, m.Start, m.End, text[m.Start:m.End], m.Phrase)
			}
			if d, err := time.Parse(time.DateOnly, m.Date); err != nil || d.Format(time.DateOnly) != m.Date {
				t.Fatalf("Resolve(%q, %q): Date %q is not YYYY-MM-DD (%v)", date, text, m.Date, err)
			}
		}
		// A full date resolves as written whatever the article's date:
		// what resolves with no date resolves the same with one.
		with := fmt.Sprint(Resolve("2014-12-22", text))
		for _, m := range Resolve("", text) {
			if !strings.Contains(with, fmt.Sprint(m)) {
				t.Fatalf("Resolve(\"\", %q) has %+v, which Resolve(\"2014-12-22\", …) lacks: %s", text, m, with)
			}
		}
	})
}

func ExampleResolve() {
	for _, m := range Resolve("2014-12-22", "Wang Yi spoke Sunday with Kerry, after the FBI concluded on Friday (December 19) that Pyongyang was responsible.") {
		fmt.Printf("%s %q [%d:%d]\n", m.Date, m.Phrase, m.Start, m.End)
	}
	// Output:
	// 2014-12-21 "Sunday" [14:20]
	// 2014-12-19 "on Friday (December 19)" [57:80]
}
