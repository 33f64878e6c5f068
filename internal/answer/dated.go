package answer

// Day words: a weekday, or a month followed by a day ("December 22",
// "Dec. 22"). Matched as whole words, case as written.
var (
	dayWords   = map[string]bool{"Monday": true, "Tuesday": true, "Wednesday": true, "Thursday": true, "Friday": true, "Saturday": true, "Sunday": true, "yesterday": true, "today": true}
	monthWords = map[string]bool{"January": true, "February": true, "March": true, "April": true, "May": true, "June": true, "July": true, "August": true, "September": true, "October": true, "November": true, "December": true,
		"Jan": true, "Feb": true, "Mar": true, "Apr": true, "Jun": true, "Jul": true, "Aug": true, "Sep": true, "Sept": true, "Oct": true, "Nov": true, "Dec": true}
)

// dated reports whether s names a day. It is a hand-written scan rather
// than a regular expression: it runs on every candidate passage of a
// "when" question, and the backtracking matcher took most of the answer's
// time on large corpora.
func dated(s string) bool {
	for i := 0; i < len(s); {
		if !isWordByte(s[i]) {
			i++
			continue
		}
		j := i
		for j < len(s) && isWordByte(s[j]) {
			j++
		}
		w := s[i:j]
		if dayWords[w] {
			return true
		}
		if monthWords[w] && dayFollows(s[j:]) {
			return true
		}
		i = j
	}
	return false
}

// dayFollows reports whether s starts with an optional ".", one space and
// a day of one or two digits that ends there.
func dayFollows(s string) bool {
	if len(s) > 0 && s[0] == '.' {
		s = s[1:]
	}
	if len(s) == 0 || s[0] != ' ' {
		return false
	}
	s = s[1:]
	n := 0
	for n < len(s) && s[n] >= '0' && s[n] <= '9' {
		n++
	}
	return n >= 1 && n <= 2 && (n == len(s) || !isWordByte(s[n]))
}

// isWordByte is regexp's \w: ASCII letters, digits and underscore.
func isWordByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_'
}
