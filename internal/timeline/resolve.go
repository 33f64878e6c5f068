package timeline

import (
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/sourcebot/newsbot/internal/timeline/calendar"
)

// Mention is a date phrase in a passage, resolved to a calendar day.
type Mention struct {
	Phrase     string // as written, e.g. "on Friday (December 19)", "Sunday", "on Saturday"
	Start, End int    // byte offsets of Phrase in the text
	Date       string // YYYY-MM-DD
}

// Words of date phrases besides the weekday and month names (calendar).
var (
	// Day words, as an offset from the article date. Capitalised forms
	// count only at the start of a sentence: elsewhere "Today" is a title
	// ("USA Today", the BBC's "Today" programme).
	dayWords = map[string]int{"yesterday": -1, "today": 0, "tonight": 0, "tomorrow": 1}

	// A weekday after one of these names a holiday or a campaign ("Good
	// Friday", "Black Friday", "Super Tuesday"), whose date is not the
	// nearest such weekday.
	holidayBefore = setOf("Ash", "Black", "Bloody", "Blue", "Cyber", "Easter", "Fat", "Giving", "Good",
		"Holy", "Maundy", "Palm", "Shrove", "Super", "Whit")
	// A weekday before one of these capitalised words names a newspaper or
	// a programme ("Sunday Times", "Saturday Night Live"), not a day. A
	// list rather than "any capitalised word": "on Sunday Obama said" is
	// a day.
	titleAfter = setOf("Age", "Business", "Express", "Herald", "Independent", "Mail", "Mirror", "Night",
		"Observer", "People", "Post", "Sport", "Star", "Sun", "Telegraph", "Times", "Tribune")
)

func setOf(ws ...string) map[string]bool {
	m := make(map[string]bool, len(ws))
	for _, w := range ws {
		m[w] = true
	}
	return m
}

// direction says which way a weekday points from the article date.
type direction int

const (
	onOrBefore direction = iota // bare "Sunday": the article's own weekday is the article date
	before                      // "last Friday"
	after                       // "next Tuesday"
)

// phrase is a date phrase as found, before it is resolved.
type phrase struct {
	start, end int

	// A written calendar day: month and day, and the year if given.
	year  int
	month time.Month
	day   int

	// A weekday, used only when no calendar day is written beside it.
	weekday    time.Weekday
	hasWeekday bool
	dir        direction

	// A day word: days from the article date.
	offset    int
	hasOffset bool
}

// Resolve finds the date mentions in text, resolved against the article's
// own date (YYYY-MM-DD). An empty or invalid articleDate resolves only
// phrases that carry a full date with a year.
func Resolve(articleDate, text string) []Mention {
	ref, err := time.Parse(time.DateOnly, articleDate)
	hasRef := err == nil
	var out []Mention
	scan(text, func(p phrase) {
		if t, ok := p.resolve(ref, hasRef); ok {
			out = append(out, Mention{Phrase: text[p.start:p.end], Start: p.start, End: p.end, Date: t.Format(time.DateOnly)})
		}
	})
	return out
}

// Span is where a date phrase stands in a text.
type Span struct{ Start, End int }

// Phrases finds the phrases in text that name a day, as Resolve would
// resolve them given the article's date, without resolving them: "on
// Friday (December 19)", "Sunday", "yesterday", "Dec. 22, 2014". Like
// Resolve, it skips "Black Friday", the "Sunday Times", "Theresa May",
// "this Friday" and a dateline's date.
func Phrases(text string) []Span {
	var out []Span
	scan(text, func(p phrase) {
		if p.namesDay() {
			out = append(out, Span{p.start, p.end})
		}
	})
	return out
}

// scan calls fn with each date phrase in text, in order, datelines left
// out. It is a hand-written scan over words, not a regular expression:
// Build runs it on every passage of the corpus, and the answer engine on
// every candidate passage of a "when" question.
func scan(text string, fn func(phrase)) {
	for i := 0; i < len(text); {
		r, size := utf8.DecodeRuneInString(text[i:])
		if !isWordRune(r) {
			i += size
			continue
		}
		j := wordEnd(text, i)
		p, ok := match(text, i, j)
		if !ok {
			i = j
			continue
		}
		if !dateline(text, p) {
			fn(p)
		}
		i = p.end
	}
}

// namesDay reports whether p says which day it means: a calendar day, a
// weekday or a day word ("this Friday" says none).
func (p phrase) namesDay() bool { return p.month != 0 || p.hasWeekday || p.hasOffset }

// resolve turns a phrase into a day. A written calendar day wins over a
// weekday beside it, being the more precise of the two; a weekday that
// disagrees with it is not checked.
func (p phrase) resolve(ref time.Time, hasRef bool) (time.Time, bool) {
	var t time.Time
	switch {
	case p.year != 0:
		var ok bool
		if t, ok = calendar.Date(p.year, p.month, p.day); !ok {
			return t, false
		}
	case !hasRef:
		return t, false
	case p.month != 0:
		var ok bool
		if t, ok = nearest(ref, p.month, p.day); !ok {
			return t, false
		}
	case p.hasOffset:
		t = ref.AddDate(0, 0, p.offset)
	case p.hasWeekday:
		back := (int(ref.Weekday()) - int(p.weekday) + 7) % 7
		switch p.dir {
		case onOrBefore:
			t = ref.AddDate(0, 0, -back)
		case before:
			if back == 0 {
				back = 7
			}
			t = ref.AddDate(0, 0, -back)
		case after:
			t = ref.AddDate(0, 0, 7-back)
		}
	default:
		return t, false
	}
	// YYYY-MM-DD has room for four digits of year, no more and no sign.
	return t, t.Year() >= 1 && t.Year() <= 9999
}

// nearest gives a month and day the year that puts it nearest ref. News
// reports what has happened, so a day ahead counts twice as far as one
// behind: "January 5" in late December is next month, but "Sept. 9" in
// March is last September. A tie goes to the earlier day.
func nearest(ref time.Time, m time.Month, d int) (time.Time, bool) {
	var best time.Time
	var bestDist time.Duration
	found := false
	for y := ref.Year() - 1; y <= ref.Year()+1; y++ {
		t, ok := calendar.Date(y, m, d)
		if !ok {
			continue // February 29 outside a leap year
		}
		dist := t.Sub(ref)
		if dist < 0 {
			dist = -dist
		} else {
			dist *= 2
		}
		if !found || dist < bestDist {
			best, bestDist, found = t, dist, true
		}
	}
	return best, found
}

// dateline reports whether p is the date of a dateline, "BEIJING, Dec 22
// (Reuters) -": the day the story was filed, not a day it reports.
func dateline(text string, p phrase) bool {
	if p.month == 0 || p.hasWeekday || p.start > maxPlace {
		return false
	}
	place := strings.TrimRight(text[:p.start], " ")
	if !strings.HasSuffix(place, ",") || strings.ContainsAny(place[:len(place)-1], ",;:!?()\"“”0123456789") {
		return false
	}
	rest := text[skipSpace(text, p.end):]
	if !strings.HasPrefix(rest, "(") {
		return false
	}
	agency, rest, ok := strings.Cut(rest[1:], ")")
	if !ok || agency == "" || len(agency) > maxAgency || strings.Contains(agency, "(") {
		return false
	}
	rest = strings.TrimLeft(rest, " ")
	return strings.HasPrefix(rest, "-") || strings.HasPrefix(rest, "–") || strings.HasPrefix(rest, "—")
}

// Bounds on a dateline's place and agency name, so that a sentence is
// never taken for one.
const (
	maxPlace  = 60
	maxAgency = 40
)

// match reads a date phrase starting at the word text[i:j].
func match(text string, i, j int) (phrase, bool) {
	var p phrase
	ok := false
	switch w := text[i:j]; w {
	case "on", "On":
		p, ok = onDay(text, i, j)
	case "this", "This":
		p, ok = thisWeekday(text, i, j)
	case "last", "Last", "next", "Next":
		p, ok = lastOrNext(text, i, j)
	}
	if ok {
		return p, true
	}
	return dateAt(text, i, j)
}

// onDay reads "on" with the day after it: "on Saturday", "on March 3".
func onDay(text string, i, j int) (phrase, bool) {
	if k := skipSpace(text, j); k > j && k < len(text) {
		if p, ok := dateAt(text, k, wordEnd(text, k)); ok && !p.hasOffset {
			p.start = i
			return p, true
		}
	}
	return phrase{}, false
}

// thisWeekday reads "this Friday". It points either way; it is read, so
// that its weekday is not taken bare, but not resolved.
func thisWeekday(text string, i, j int) (phrase, bool) {
	if k := skipSpace(text, j); k > j && k < len(text) {
		l := wordEnd(text, k)
		if _, ok := calendar.Weekday(text[k:l]); ok {
			return phrase{start: i, end: l}, true
		}
	}
	return phrase{}, false
}

// lastOrNext reads "last night", "last Friday", "next Monday".
func lastOrNext(text string, i, j int) (phrase, bool) {
	k := skipSpace(text, j)
	if k == j || k >= len(text) {
		return phrase{}, false
	}
	w := text[i:j]
	l := wordEnd(text, k)
	next := text[k:l]
	if next == "night" && (w == "last" || w == "Last") {
		return phrase{start: i, end: l, offset: -1, hasOffset: true}, true
	}
	if wd, ok := calendar.Weekday(next); ok && !titleFollows(text, l) {
		dir := before
		if w == "next" || w == "Next" {
			dir = after
		}
		return phrase{start: i, end: l, weekday: wd, hasWeekday: true, dir: dir}, true
	}
	return phrase{}, false
}

// dateAt reads a date phrase with no leading "on", "last" or "next" at the
// word text[i:j].
func dateAt(text string, i, j int) (phrase, bool) {
	w := text[i:j]
	if wd, ok := calendar.Weekday(w); ok {
		if w, _ := prevWord(text, i); holidayBefore[w] || titleFollows(text, j) {
			return phrase{}, false
		}
		return weekdayAt(text, i, j, wd), true
	}
	if off, ok := dayWords[w]; ok {
		return phrase{start: i, end: j, offset: off, hasOffset: true}, true
	}
	if r, size := utf8.DecodeRuneInString(w); unicode.IsUpper(r) {
		if off, ok := dayWords[string(unicode.ToLower(r))+w[size:]]; ok && sentenceStart(text, i) {
			return phrase{start: i, end: j, offset: off, hasOffset: true}, true
		}
	}
	return calendarAt(text, i)
}

// weekdayAt reads weekday wd at text[i:j] with the calendar day beside
// it, if any: "Friday (December 19)", "Monday, Dec. 22, 2014", "Sunday 21
// December".
func weekdayAt(text string, i, j int, wd time.Weekday) phrase {
	k := j
	if k < len(text) && text[k] == ',' {
		k++
	}
	k = skipSpace(text, k)
	open := k < len(text) && text[k] == '('
	if open {
		k++
	}
	if k > j {
		if d, ok := calendarAt(text, k); ok {
			switch {
			case !open:
				d.start, d.weekday, d.hasWeekday = i, wd, true
				return d
			case d.end < len(text) && text[d.end] == ')':
				d.start, d.end, d.weekday, d.hasWeekday = i, d.end+1, wd, true
				return d
			}
		}
	}
	return phrase{start: i, end: j, weekday: wd, hasWeekday: true}
}

// calendarAt reads a calendar day at i: "December 19", "Dec. 22, 2014",
// "1 October 2014", "2014-12-22".
func calendarAt(text string, i int) (phrase, bool) {
	j := wordEnd(text, i)
	if j == i {
		return phrase{}, false
	}
	if m, ok := calendar.Month(text[i:j]); ok {
		return monthFirst(text, i, j, m)
	}
	if p, ok := iso(text, i, j); ok {
		return p, true
	}
	return dayFirst(text, i, j)
}

// monthFirst reads "December 19", "Dec. 22, 2014", "March 3rd".
func monthFirst(text string, i, j int, m time.Month) (phrase, bool) {
	if text[i:j] == "May" && surname(text, i) {
		return phrase{}, false // "Theresa May"
	}
	k := j
	if k < len(text) && text[k] == '.' && calendar.Abbreviated(text[i:j]) {
		k++ // "Dec.", "Sept."
	}
	l := skipSpace(text, k)
	if l == k {
		return phrase{}, false
	}
	d, end, ok := dayNumber(text, l)
	if !ok || !possible(m, d) {
		return phrase{}, false
	}
	p := phrase{start: i, end: end, month: m, day: d}
	if y, yend, ok := yearAfter(text, end); ok {
		if _, ok := calendar.Date(y, m, d); !ok {
			return phrase{}, false
		}
		p.year, p.end = y, yend
	}
	return p, true
}

// dayFirst reads "1 October 2014", "19 December", "3rd March".
func dayFirst(text string, i, j int) (phrase, bool) {
	// "1.5 March" and "2,19 December" are not days.
	if i >= 2 && (text[i-1] == '.' || text[i-1] == ',') && isDigit(text[i-2]) {
		return phrase{}, false
	}
	d, end, ok := dayNumber(text, i)
	if !ok || end != j {
		return phrase{}, false
	}
	k := skipSpace(text, end)
	if k == end {
		return phrase{}, false
	}
	l := wordEnd(text, k)
	m, ok := calendar.Month(text[k:l])
	if !ok || !possible(m, d) {
		return phrase{}, false
	}
	p := phrase{start: i, end: l, month: m, day: d}
	// "22 Dec. 2014": the full stop is the abbreviation's only when a year
	// follows; otherwise it ends the sentence.
	after := l
	if after < len(text) && text[after] == '.' && calendar.Abbreviated(text[k:l]) {
		after++
	}
	if y, yend, ok := yearAfter(text, after); ok {
		if _, ok := calendar.Date(y, m, d); !ok {
			return phrase{}, false
		}
		p.year, p.end = y, yend
	}
	return p, true
}

// iso reads "2014-12-22" at the word text[i:j].
func iso(text string, i, j int) (phrase, bool) {
	if j-i != 4 || !allDigits(text[i:j]) || j+6 > len(text) {
		return phrase{}, false
	}
	s := text[j : j+6]
	if s[0] != '-' || s[3] != '-' || !allDigits(s[1:3]) || !allDigits(s[4:6]) || wordEnd(text, j+4) != j+6 {
		return phrase{}, false
	}
	y, m, d := calendar.Number(text[i:j]), time.Month(calendar.Number(s[1:3])), calendar.Number(s[4:6])
	if _, ok := calendar.Date(y, m, d); !ok {
		return phrase{}, false
	}
	return phrase{start: i, end: j + 6, year: y, month: m, day: d}, true
}

// dayNumber reads a day of the month at i: one or two digits, with an
// optional "st", "nd", "rd" or "th", that is a whole word and not the start
// of a larger number ("1,000", "1.5", "3-5", "10:30").
func dayNumber(text string, i int) (day, end int, ok bool) {
	j := wordEnd(text, i)
	n := i
	for n < j && isDigit(text[n]) {
		n++
	}
	if n == i || n-i > 2 {
		return 0, 0, false
	}
	switch text[n:j] {
	case "", "st", "nd", "rd", "th":
	default:
		return 0, 0, false
	}
	if numberGoesOn(text, j) {
		return 0, 0, false
	}
	d := calendar.Number(text[i:n])
	return d, j, d >= 1 && d <= 31
}

// yearAfter reads ", 2014" or " 2014" at i.
func yearAfter(text string, i int) (year, end int, ok bool) {
	k := i
	if k < len(text) && text[k] == ',' {
		k++
	}
	l := skipSpace(text, k)
	if l == k {
		return 0, 0, false
	}
	m := wordEnd(text, l)
	if m-l != 4 || !allDigits(text[l:m]) || numberGoesOn(text, m) {
		return 0, 0, false
	}
	return calendar.Number(text[l:m]), m, true
}

// numberGoesOn reports whether the number ending at i continues past it:
// "1,000", "1.5", "3-5", "3–5", "1/2", "10:30", "5%".
func numberGoesOn(text string, i int) bool {
	if i >= len(text) {
		return false
	}
	if text[i] == '%' {
		return true
	}
	r, size := utf8.DecodeRuneInString(text[i:])
	switch r {
	case ',', '.', '-', '–', '/', ':':
		return i+size < len(text) && isDigit(text[i+size])
	}
	return false
}

// possible reports whether day d exists in month m in some year.
func possible(m time.Month, d int) bool {
	_, ok := calendar.Date(2000, m, d) // a leap year
	return ok
}

// titleFollows reports whether the weekday ending at i is part of a title:
// "Sunday Times", "Saturday Night Live".
func titleFollows(text string, i int) bool {
	if i >= len(text) || text[i] != ' ' {
		return false
	}
	return titleAfter[text[i+1:wordEnd(text, i+1)]]
}

// surname reports whether "May" at i follows a capitalised word in mid
// sentence, as in "Theresa May", rather than a weekday or nothing.
func surname(text string, i int) bool {
	w, start := prevWord(text, i)
	if w == "" {
		return false
	}
	r, _ := utf8.DecodeRuneInString(w)
	if !unicode.IsUpper(r) {
		return false
	}
	_, wd := calendar.Weekday(w)
	return !wd && !sentenceStart(text, start)
}

// prevWord returns the word before i, and where it starts, when only
// spaces separate them.
func prevWord(text string, i int) (string, int) {
	k := i
	for k > 0 && text[k-1] == ' ' {
		k--
	}
	if k == i {
		return "", i
	}
	j := k
	for j > 0 {
		r, size := utf8.DecodeLastRuneInString(text[:j])
		if !isWordRune(r) {
			break
		}
		j -= size
	}
	return text[j:k], j
}

// sentenceStart reports whether i begins a sentence: nothing but spaces,
// quotes and brackets between it and the start of the text or a full stop.
func sentenceStart(text string, i int) bool {
	for i > 0 {
		r, size := utf8.DecodeLastRuneInString(text[:i])
		switch r {
		case ' ', '\t', '\n', '"', '\'', '“', '”', '‘', '’', '(', '[':
			i -= size
		case '.', '!', '?', ':', ';':
			return true
		default:
			return false
		}
	}
	return true
}

// skipSpace returns the index after the white space at i.
func skipSpace(text string, i int) int {
	for i < len(text) && (text[i] == ' ' || text[i] == '\t' || text[i] == '\n' || text[i] == '\r') {
		i++
	}
	return i
}

// wordEnd returns the end of the run of letters and digits at i.
func wordEnd(text string, i int) int {
	for i < len(text) {
		r, size := utf8.DecodeRuneInString(text[i:])
		if !isWordRune(r) {
			break
		}
		i += size
	}
	return i
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) || r == '_' }

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) {
			return false
		}
	}
	return s != ""
}
