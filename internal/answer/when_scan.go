package answer

// whenPhrases ask for a time, as whole words in any case: the expression
// (?i)\bwhen\b|\bwhat (?:day|date|time)\b|\bon which day\b, scanned by hand
// in asksWhen (FuzzAsksWhen holds the two to the same answers). No letter
// of them has a case form outside ASCII.
var whenPhrases = []string{"when", "what day", "what date", "what time", "on which day"}

func asksWhen(q string) bool {
	for i := 0; i < len(q); i++ {
		// Every phrase starts with a letter, after none: a question's run
		// of punctuation is passed over byte by byte.
		if !isWordByte(q[i]) || i > 0 && isWordByte(q[i-1]) {
			continue
		}
		for _, p := range whenPhrases {
			if end := i + len(p); end <= len(q) && foldsTo(q[i:end], p) && (end == len(q) || !isWordByte(q[end])) {
				return true
			}
		}
	}
	return false
}

// isWordByte is \w: an ASCII letter, digit or underscore.
func isWordByte(c byte) bool {
	return c == '_' || '0' <= c && c <= '9' || 'a' <= c|0x20 && c|0x20 <= 'z'
}

// foldsTo reports whether s is p, a lower-case ASCII phrase, in any case.
func foldsTo(s, p string) bool {
	for j := range len(p) {
		if c := s[j]; c != p[j] && (p[j] < 'a' || p[j] > 'z' || c|0x20 != p[j]) {
			return false
		}
	}
	return true
}
