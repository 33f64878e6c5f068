package corpus

import (
	"html"
	"regexp"
	"strings"
	"unicode"
)

var (
	// tagRE matches HTML tags of the elements that pasted web copy
	// carries; other text in angle brackets (<Uyless Black, 1999>) is text.
	tagRE = regexp.MustCompile(`(?i)</?(?:a|abbr|b|big|blockquote|br|caption|cite|code|dd|del|div|dl|dt|em|figcaption|figure|font|h[1-6]|hr|i|img|ins|kbd|li|mark|nav|ol|p|pre|q|s|small|span|strike|strong|sub|sup|table|tbody|td|tfoot|th|thead|time|tr|tt|u|ul|wbr)(?:\s[^<>]*)?/?>`)
	urlRE = regexp.MustCompile(`https?://[^\s<>"'”)]+`)

	// A photo credit ends a caption: "REUTERS/Jonathan Ernst", "AFP/Getty Images", "AP Photo/Ng Han Guan".
	creditRE = regexp.MustCompile(`\b([A-Z][A-Za-z]+)(?: Photo)?/[A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*)*\.?$`)
	photoRE  = regexp.MustCompile(`^\(?(?:Photo|Picture|Image|File photo)\b.*:`)

	copyrightRE = regexp.MustCompile(`^(?:©|\([cC]\)|Copyright\b)\s*(?:©\s*)?(?:(\d{4})\s+)?(.*)$`)
	noticeRE    = regexp.MustCompile(`(?i)subject to copyright|all rights reserved|may not be (?:published|reproduced|redistributed)|without (?:the )?(?:prior )?written permission`)
	citationRE  = regexp.MustCompile(`(?i)^citation:|\bretrieved\b.*\bfrom\b\s*https?://`)
	creditLine  = regexp.MustCompile(`(?i)^(?:\(?(?:reporting|writing|editing|additional reporting|compiled|produced) by\b|by [A-Z][\w.'’-]+(?: [A-Z][\w.'’-]+){0,3}$|read more\b|related:|share this\b)`)
	signoffRE   = regexp.MustCompile(`^[-–—(\s]*([A-Z][\w&.'’]*(?:\s+[A-Z][\w&.'’]*){0,3})[)\s]*$`)
	datelineRE  = regexp.MustCompile(`^[A-Z][A-Za-z .'-]*,?\s*(?:[A-Z][a-z]{2,8}\.?\s+\d{1,2}\s*)?\(([A-Z][A-Za-z ]{1,30})\)\s*[-–—]`)
)

// cleanInline removes inline HTML and entities and folds white space.
func cleanInline(s string) string {
	if strings.Contains(s, "<") {
		s = tagRE.ReplaceAllString(s, "")
	}
	s = html.UnescapeString(s)
	s = strings.Map(inlineRune, s)
	return strings.TrimSpace(foldSpace(s))
}

// inlineRune maps a no-break space, tab or newline to a space and drops
// zero-width and control characters.
func inlineRune(r rune) rune {
	switch {
	case r == '\u00a0' || r == '\t' || r == '\n':
		return ' '
	case r == '\u200b' || r == '\u200c' || r == '\u200d' || r == '\ufeff':
		return -1
	case unicode.IsControl(r):
		return -1
	}
	return r
}

// foldSpace folds each run of ASCII white space (regexp's \s) to one space.
func foldSpace(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); i++ {
		if !asciiSpace(s[i]) {
			b.WriteByte(s[i])
			continue
		}
		b.WriteByte(' ')
		for i+1 < len(s) && asciiSpace(s[i+1]) {
			i++
		}
	}
	return b.String()
}

func asciiSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r' }

// foldQuotes maps typographic quotes and apostrophes to plain ones, so that
// two copies of one caption compare equal.
var quoteFolder = strings.NewReplacer("’", "'", "‘", "'", "“", `"`, "”", `"`, "ʼ", "'", "`", "'")

func foldQuotes(s string) string { return quoteFolder.Replace(s) }

// words counts space-separated words.
func words(s string) int { return len(strings.Fields(s)) }

// endsSentence reports whether a block ends the way a finished paragraph does.
func endsSentence(s string) bool {
	s = strings.TrimRight(s, ` "'”’)]`)
	if s == "" {
		return true
	}
	switch s[len(s)-1] {
	case '.', '!', '?', ':', ';':
		return true
	}
	return false
}

// sourceName normalises an outlet name as copy prints it: "REUTERS" is
// "Reuters", while short acronyms such as "AFP" stay as they are.
func sourceName(s string) string {
	s = strings.Trim(strings.TrimSpace(s), "-–—()[]. ")
	if strings.HasPrefix(strings.ToLower(s), "the ") {
		s = s[4:]
	}
	if len(s) > 4 && s == strings.ToUpper(s) {
		s = s[:1] + strings.ToLower(s[1:])
	}
	return s
}

// isCaption reports whether a block is a photo caption.
func isCaption(b string) bool {
	return strings.Contains(b, "/") && creditRE.MatchString(b) && !strings.HasPrefix(b, `"`) || photoRE.MatchString(b)
}

// The checks below run on every block of every article. Each first looks
// for a literal that any match must contain, because the regular
// expressions, run on every paragraph, were most of the time of parsing a
// large corpus.

// isNotice reports whether b is (or holds) a copyright notice.
func isNotice(b string) bool {
	l := strings.ToLower(b)
	return (strings.Contains(l, "copyright") || strings.Contains(l, "reserved") ||
		strings.Contains(l, "may not be") || strings.Contains(l, "permission")) && noticeRE.MatchString(b)
}

// isCitation reports whether b is a "Citation: … retrieved … from URL" line.
func isCitation(b string) bool {
	return (len(b) >= 9 && strings.EqualFold(b[:9], "citation:") || strings.Contains(b, "://")) && citationRE.MatchString(b)
}

// captionCredit returns the outlet in a caption's credit, if any.
func captionCredit(b string) string {
	m := creditRE.FindStringSubmatch(b)
	if m == nil {
		return ""
	}
	return sourceName(m[1])
}

// signoff returns the outlet named by a short sign-off line such as
// "Reuters" or "- AFP", or "" when b is not one.
func signoff(b string) string {
	if words(b) > 4 || endsSentence(b) {
		return ""
	}
	m := signoffRE.FindStringSubmatch(b)
	if m == nil {
		return ""
	}
	if _, ok := parseDateLine(b); ok {
		return ""
	}
	return sourceName(m[1])
}
