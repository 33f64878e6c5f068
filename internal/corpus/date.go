package corpus

import (
	"regexp"
	"strings"
	"time"

	"github.com/sourcebot/newsbot/internal/timeline/calendar"
)

// The weekday and month names are the calendar's; a month may take a
// full stop ("Dec.").
var (
	monthPat   = `(` + strings.Join(calendar.MonthNames(), "|") + `)\.?`
	weekdayPat = `(` + strings.Join(calendar.WeekdayNames(), "|") + `)`
)

var (
	// A line that is only a date: "December 22 2014", "Monday, Dec. 22, 2014 10:05 AM", "22 December 2014", "2014-12-22".
	dateLineMDY = regexp.MustCompile(`^(?i:(?:published|updated|posted|date)d?:?\s*)?(?:` + weekdayPat + `,?\s+)?` + monthPat + `\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b[\d:.\sAPMapmGTUCEST+-]*$`)
	dateLineDMY = regexp.MustCompile(`^(?i:(?:published|updated|posted|date)d?:?\s*)?(?:` + weekdayPat + `,?\s+)?(\d{1,2})\s+` + monthPat + `,?\s+(\d{4})\b[\d:.\sAPMapmGTUCEST+-]*$`)
	dateLineISO = regexp.MustCompile(`^(\d{4})-(\d{2})-(\d{2})\b`)

	// The phys.org-style citation: "(2014, December 22)".
	citationDateRE = regexp.MustCompile(`\((\d{4}),\s*` + monthPat + `\s+(\d{1,2})\)`)
	// "on Monday (December 22)", "Monday, Dec. 22", "Sunday 21 December".
	weekdayDateRE = regexp.MustCompile(`\b` + weekdayPat + `,?\s*\(?\s*(?:` + monthPat + `\s+(\d{1,2})\b|(\d{1,2})\s+` + monthPat + `)`)
	// A Reuters-style dateline: "BEIJING, Dec 22 (Reuters) -".
	datelineDateRE = regexp.MustCompile(`^[A-Z][A-Za-z .'-]*,\s*` + monthPat + `\s+(\d{1,2})\s*\(`)
)

// month reads a month name that monthPat matched.
func month(s string) time.Month { m, _ := calendar.Month(s); return m }

// parseDateLine parses a block that is nothing but a date.
func parseDateLine(b string) (time.Time, bool) {
	if words(b) > 9 {
		return time.Time{}, false
	}
	if m := dateLineMDY.FindStringSubmatch(b); m != nil {
		return calendar.Date(calendar.Number(m[4]), month(m[2]), calendar.Number(m[3]))
	}
	if m := dateLineDMY.FindStringSubmatch(b); m != nil {
		return calendar.Date(calendar.Number(m[4]), month(m[3]), calendar.Number(m[2]))
	}
	if m := dateLineISO.FindStringSubmatch(b); m != nil && words(b) <= 2 {
		return calendar.Date(calendar.Number(m[1]), time.Month(calendar.Number(m[2])), calendar.Number(m[3]))
	}
	return time.Time{}, false
}

// citationDate finds "(2014, December 22)" in a citation line.
func citationDate(b string) (time.Time, bool) {
	m := citationDateRE.FindStringSubmatch(b)
	if m == nil {
		return time.Time{}, false
	}
	return calendar.Date(calendar.Number(m[1]), month(m[2]), calendar.Number(m[3]))
}

// monthDay is a date without its year, as body text usually gives it.
type monthDay struct {
	weekday time.Weekday
	hasDay  bool // weekday known
	month   time.Month
	day     int
}

// bodyDate finds the first weekday-and-date mention ("on Monday (December 22)")
// or dateline date in the body.
func bodyDate(body []string) (monthDay, bool) {
	for _, b := range body {
		if m := datelineDateRE.FindStringSubmatch(b); m != nil {
			return monthDay{month: month(m[1]), day: calendar.Number(m[2])}, true
		}
		if m := weekdayDateRE.FindStringSubmatch(b); m != nil {
			wd, _ := calendar.Weekday(m[1])
			md := monthDay{weekday: wd, hasDay: true}
			if m[2] != "" {
				md.month, md.day = month(m[2]), calendar.Number(m[3])
			} else {
				md.month, md.day = month(m[5]), calendar.Number(m[4])
			}
			return md, true
		}
	}
	return monthDay{}, false
}

// pickYear chooses the year for a month-day from the years the text
// mentions: one on which the weekday falls right, else the most frequent.
func pickYear(md monthDay, years []int) (time.Time, bool) {
	count := map[int]int{}
	best, bestN := 0, 0
	for _, y := range years {
		count[y]++
		if n := count[y]; n > bestN || n == bestN && y > best {
			best, bestN = y, n
		}
	}
	if md.hasDay {
		match, matchN := 0, 0
		for y, n := range count {
			if t, ok := calendar.Date(y, md.month, md.day); ok && t.Weekday() == md.weekday && (n > matchN || n == matchN && y > match) {
				match, matchN = y, n
			}
		}
		if matchN > 0 {
			return calendar.Date(match, md.month, md.day)
		}
	}
	if bestN == 0 {
		return time.Time{}, false
	}
	return calendar.Date(best, md.month, md.day)
}

// yearsIn lists the plausible years (1950–2099) a block mentions: words of
// exactly four digits. A scan, not a regular expression: it runs on every
// block.
func yearsIn(b string) []int {
	var ys []int
	for i := 0; i < len(b); {
		if !isWordByte(b[i]) {
			i++
			continue
		}
		j, digits := i, true
		for j < len(b) && isWordByte(b[j]) {
			digits = digits && b[j] >= '0' && b[j] <= '9'
			j++
		}
		if digits && j-i == 4 {
			if y := calendar.Number(b[i:j]); y >= 1950 && y <= 2099 {
				ys = append(ys, y)
			}
		}
		i = j
	}
	return ys
}

// isWordByte is regexp's \w: ASCII letters, digits and underscore.
func isWordByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_'
}
