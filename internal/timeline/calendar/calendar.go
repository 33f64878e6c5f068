// Package calendar holds the one table of weekday and month names as news
// copy writes them, and builds calendar days, for the timeline's date
// scanner and for the article parser's date lines. It is a leaf under
// timeline, not timeline itself, because timeline reads corpus articles
// and corpus needs the names: the import would otherwise go both ways.
package calendar

import (
	"cmp"
	"slices"
	"time"
)

// Names are matched as copy writes them, capitalised: matching only that
// form keeps "may" and "march" (verbs) out.
var (
	weekdays = map[string]time.Weekday{
		"Sunday": time.Sunday, "Monday": time.Monday, "Tuesday": time.Tuesday, "Wednesday": time.Wednesday,
		"Thursday": time.Thursday, "Friday": time.Friday, "Saturday": time.Saturday,
	}
	months = map[string]time.Month{
		"January": time.January, "February": time.February, "March": time.March, "April": time.April,
		"May": time.May, "June": time.June, "July": time.July, "August": time.August,
		"September": time.September, "October": time.October, "November": time.November, "December": time.December,
		"Jan": time.January, "Feb": time.February, "Mar": time.March, "Apr": time.April,
		"Jun": time.June, "Jul": time.July, "Aug": time.August, "Sep": time.September, "Sept": time.September,
		"Oct": time.October, "Nov": time.November, "Dec": time.December,
	}
)

// Weekday reads a weekday name: "Sunday".
func Weekday(name string) (time.Weekday, bool) {
	d, ok := weekdays[name]
	return d, ok
}

// Month reads a month's name or its abbreviation: "December", "Dec",
// "Sept".
func Month(name string) (time.Month, bool) {
	m, ok := months[name]
	return m, ok
}

// Abbreviated reports whether name is a month's abbreviation, which may
// take a full stop ("Dec."): "June. 5" is two sentences.
func Abbreviated(name string) bool {
	m, ok := months[name]
	return ok && name != m.String()
}

// WeekdayNames and MonthNames list the names, longest first, for a
// regular expression's alternation.
func WeekdayNames() []string { return names(weekdays) }

// MonthNames lists the month names and abbreviations, longest first.
func MonthNames() []string { return names(months) }

func names[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for n := range m {
		out = append(out, n)
	}
	slices.SortFunc(out, func(a, b string) int {
		if c := cmp.Compare(len(b), len(a)); c != 0 {
			return c
		}
		return cmp.Compare(a, b)
	})
	return out
}

// Date builds a calendar day in years 1 to 9999 (what YYYY-MM-DD holds),
// rejecting impossible ones such as February 30.
func Date(y int, m time.Month, d int) (time.Time, bool) {
	if y < 1 || y > 9999 || m < time.January || m > time.December || d < 1 || d > 31 {
		return time.Time{}, false
	}
	t := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	return t, t.Day() == d
}

// Number reads a day, month or year number written in ASCII digits that
// the caller has checked; it does not allocate.
func Number(digits string) int {
	n := 0
	for i := 0; i < len(digits); i++ {
		n = n*10 + int(digits[i]-'0')
	}
	return n
}
