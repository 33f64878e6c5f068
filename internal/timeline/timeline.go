// Package timeline lists the dated events across a set of articles: each
// passage that says something happened on a day, under that day.
//
// Relative dates ("on Saturday", "yesterday", "on Friday (December 19)")
// are resolved against the article's own date. A bare weekday is the most
// recent such day on or before the article date, as news copy uses it;
// "last" and "next" move it strictly back or forward. A month and day with
// no year takes the year that puts it nearest the article date, a day ahead
// counting double. Vague phrases ("last week", "recently", "the previous
// day", "this Friday") are not dates, and a dateline's date is the day the
// story was filed, not an event.
package timeline

import (
	"slices"
	"strings"

	"github.com/sourcebot/newsbot/internal/corpus"
)

// Event is one passage that says something happened on a day.
type Event struct {
	Date    string // YYYY-MM-DD
	Phrase  string // the date phrase as written
	Article *corpus.Article
	Passage corpus.Passage
}

// Day groups the events of one date.
type Day struct {
	Date   string // YYYY-MM-DD
	Events []Event
}

// Build lists the dated events across all articles, oldest day first; events
// of one day are grouped, in article then reading order. A passage that
// names several days is an event on each; one that names a day twice is one
// event, with the first phrase. Captions are left out: a caption's date is
// when the photo was taken, not something the story reports. Each Event's
// Article points into articles.
func Build(articles []corpus.Article) []Day {
	var days []Day
	index := map[string]int{} // date -> position in days
	for i := range articles {
		a := &articles[i]
		for _, p := range a.Passages {
			if p.Kind == corpus.Caption {
				continue
			}
			var seen []string // dates of this passage; a handful at most
			for _, m := range Resolve(a.Date, p.Text) {
				if slices.Contains(seen, m.Date) {
					continue
				}
				seen = append(seen, m.Date)
				n, ok := index[m.Date]
				if !ok {
					n = len(days)
					index[m.Date] = n
					days = append(days, Day{Date: m.Date})
				}
				days[n].Events = append(days[n].Events, Event{Date: m.Date, Phrase: m.Phrase, Article: a, Passage: p})
			}
		}
	}
	// YYYY-MM-DD sorts as text; each date is one Day, so order within a
	// day is the order it was filled in.
	slices.SortFunc(days, func(x, y Day) int { return strings.Compare(x.Date, y.Date) })
	return days
}
