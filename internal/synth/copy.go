package synth

// The habits of raw copy that corpus must read through: date lines in the
// forms web copy prints them, captions and their credits, sign-offs,
// links, stray blank lines and inline HTML.

import (
	"fmt"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// dateLine is a line that is only the date, in one of the forms web copy
// prints it.
func (b *builder) dateLine() string {
	t := b.date
	clock := fmt.Sprintf("%d:%02d", 1+b.r.IntN(12), b.r.IntN(60))
	switch b.r.IntN(8) {
	case 0:
		return fmt.Sprintf("%s %d %d", t.Month(), t.Day(), t.Year())
	case 1:
		return fmt.Sprintf("%s %d, %d", t.Month(), t.Day(), t.Year())
	case 2:
		return fmt.Sprintf("%s %d, %d", apMonth(t.Month()), t.Day(), t.Year())
	case 3:
		return fmt.Sprintf("%s, %s %d, %d %s %s", t.Weekday(), apMonth(t.Month()), t.Day(), t.Year(), clock, []string{"AM", "PM"}[b.r.IntN(2)])
	case 4:
		return fmt.Sprintf("%d %s %d", t.Day(), t.Month(), t.Year())
	case 5:
		return t.Format(time.DateOnly)
	case 6:
		return fmt.Sprintf("Published: %s %d, %d", t.Month(), t.Day(), t.Year())
	default:
		return fmt.Sprintf("Updated: %d %s %d %s GMT", t.Day(), t.Month().String()[:3], t.Year(), clock)
	}
}

// apMonth abbreviates a month the way AP style does: "Dec.", "Sept.", "March".
func apMonth(m time.Month) string {
	switch m {
	case time.March, time.April, time.May, time.June, time.July:
		return m.String()
	case time.September:
		return "Sept."
	}
	return m.String()[:3] + "."
}

// datelineMonth abbreviates a month as a Reuters dateline does: "Dec", "Sept", "March".
func datelineMonth(m time.Month) string {
	return strings.TrimSuffix(apMonth(m), ".")
}

// weekdayDate mentions a day the way body copy does: "Monday (December 22)".
func (b *builder) weekdayDate(t time.Time) string {
	switch b.r.IntN(4) {
	case 0:
		return fmt.Sprintf("%s, %s %d,", t.Weekday(), apMonth(t.Month()), t.Day())
	case 1:
		return fmt.Sprintf("%s %d %s", t.Weekday(), t.Day(), t.Month())
	}
	return fmt.Sprintf("%s (%s %d)", t.Weekday(), t.Month(), t.Day())
}

// creditStarts are first words that would make a block a credit line
// ("Reporting by …", "Read more …"), dropped by corpus.
var creditStarts = set("reporting writing editing additional compiled produced by read related share")

// breakParagraph splits p where stray blank lines break web copy: mid
// sentence, after at least 8 words, so that corpus joins the halves again.
func (b *builder) breakParagraph(p string) (string, bool) {
	f := strings.Fields(p)
	var at []int
	for i := 8; i+3 <= len(f); i++ {
		last := f[i-1][len(f[i-1])-1]
		// Only where a reader could tell the break: the rest starts in lower
		// case, or what comes before is one unfinished sentence.
		next, _ := utf8.DecodeRuneInString(f[i])
		telling := unicode.IsLower(next) || !strings.ContainsAny(strings.Join(f[:i], " "), ".!?")
		if telling && (unicode.IsLetter(rune(last)) || unicode.IsDigit(rune(last))) && !creditStarts[strings.ToLower(f[i])] {
			at = append(at, i)
		}
	}
	if len(at) == 0 {
		return "", false
	}
	i := at[b.r.IntN(len(at))]
	sep := []string{"\n\n", "\n\n\n", "\n\n\n\n"}[b.r.IntN(3)]
	return strings.Join(f[:i], " ") + sep + strings.Join(f[i:], " "), true
}

// markup wraps a word or two of p in inline HTML, as copied web pages keep.
func (b *builder) markup(p string) (string, bool) {
	f := strings.Fields(p)
	if len(f) < 4 {
		return "", false
	}
	i := 1 + b.r.IntN(len(f)-2)
	j := min(i+1+b.r.IntN(2), len(f))
	open, close := "<u>", "</u>"
	if b.chance(0.3) {
		open, close = `<a href="https://example-news.test/tag/`+strings.Trim(strings.ToLower(f[i]), ",.$")+`">`, "</a>"
	}
	return strings.Join(f[:i], " ") + " " + open + strings.Join(f[i:j], " ") + close + tail(f[j:]), true
}

func tail(f []string) string {
	if len(f) == 0 {
		return ""
	}
	return " " + strings.Join(f, " ")
}

// generated caption: its raw text and the passage corpus should make of it.
type caption struct {
	raw, text string
	style     capStyle
}

// caption is a photo caption with its credit, printed once or twice.
func (b *builder) caption(creditOnly bool) caption {
	text, style := b.credited(b.captionText(), creditOnly)
	curly := strings.ReplaceAll(text, "'", "’")
	if style == capOnce && b.chance(0.4) {
		style = capTwiceBlocks
		if b.chance(0.3) && len(text)+1+len(curly) <= 600 {
			style = capTwiceLines
		}
	}
	switch style {
	case capTwiceBlocks, capTwicePlain:
		return caption{raw: text + "\n\n" + curly, text: text, style: style}
	case capTwiceLines:
		return caption{raw: text + "\n" + curly, text: text, style: style}
	}
	return caption{raw: text, text: text, style: style}
}

// captionText is what a photo shows, where and when.
func (b *builder) captionText() string {
	// The caption's date is the article's or a few days before, in the same year.
	t := b.date.AddDate(0, 0, -b.r.IntN(10))
	if t.Year() != b.date.Year() {
		t = b.date
	}
	when := fmt.Sprintf("%s %d, %d", t.Month(), t.Day(), t.Year())
	p1, p2, place := b.person(), b.person(), b.place()
	switch b.r.IntN(3) {
	case 0:
		return fmt.Sprintf("%s %s at %s's %s %s in %s %s.", p1, []string{"speaks", "arrives", "waves to supporters", "gestures"}[b.r.IntN(4)], b.org(), b.content(), b.content(), place, when)
	case 1:
		return fmt.Sprintf("%s (R) delivers remarks as %s's %s %s (L) looks on, before their meeting in %s %s.", p1, b.place(), []string{"Foreign Minister", "Finance Minister", "President", "Prime Minister"}[b.r.IntN(4)], p2, place, when)
	default:
		return fmt.Sprintf("%s, %s, attends a %s on the %s in %s's capital %s %s.", p1, b.role(), b.content(), b.rare(), place, b.place(), when)
	}
}

// credited adds the caption's credit: the article's own when it is the
// only source cue, else any agency's, a "Photo:" label, or nothing at all,
// which makes it a caption printed twice with no credit.
func (b *builder) credited(text string, creditOnly bool) (string, capStyle) {
	switch k := b.r.IntN(10); {
	case creditOnly:
		return text + " " + b.credit(b.out), capOnce
	case k < 6:
		return text + " " + b.credit(agencies[b.r.IntN(len(agencies))]), capOnce
	case k < 9:
		return []string{"Photo: ", "File photo: ", "Picture: "}[b.r.IntN(3)] + text, capOnce
	default:
		return text, capTwicePlain
	}
}

func (b *builder) credit(o outlet) string {
	c := o.credits[b.r.IntN(len(o.credits))]
	if strings.Contains(c, "%s") {
		c = fmt.Sprintf(c, b.w.people[b.r.IntN(len(b.w.people))])
	}
	return c
}

func (b *builder) signoff() string {
	name := b.out.name
	switch b.r.IntN(4) {
	case 0:
		if !strings.Contains(name, " ") {
			return strings.ToUpper(name) // corpus reads "REUTERS" as Reuters, but "HARBOR WIRE" as "Harbor wire"
		}
	case 1:
		return "- " + name
	case 2:
		return "(" + name + ")"
	}
	return name
}

// url is the article's address on an invented site.
func (b *builder) url(title string) string {
	var slug []string
	for _, w := range tokens(strings.ToLower(title)) {
		slug = append(slug, strings.ReplaceAll(w, "'", ""))
	}
	return fmt.Sprintf("https://example-news.test/news/%s-%s.html", b.date.Format("2006-01"), strings.Join(slug, "-"))
}
