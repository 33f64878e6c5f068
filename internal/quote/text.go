package quote

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// span is one quotation in a paragraph, as byte offsets: the marks sit at
// [open, start) and [end', close); [start, end) is the quoted text, trimmed
// of spaces and of the comma that news style puts inside the closing mark.
type span struct {
	open, start, end, close int
}

// Quote marks. A curly opener is closed only by its own closer, so a straight
// quote nested in curly ones (or the reverse) does not end the quotation.
var closerOf = map[rune]rune{'“': '”', '„': '“', '«': '»', '"': '"'}

// findQuotes returns the quotations of a paragraph in order. Double quotes
// are found first; single quotes ('…' and ‘…’) only in the text between
// them, and only when they close before the paragraph ends, since the same
// marks are apostrophes. An unclosed double quote counts only when it opens
// the paragraph: news copy runs a long quotation over several paragraphs
// and leaves each but the last unclosed.
func findQuotes(s string) []span {
	var out []span
	gapStart := 0
	for i := 0; i < len(s); {
		r, w := utf8.DecodeRuneInString(s[i:])
		want, ok := closerOf[r]
		if !ok || r == '"' && !openerAt(s, i, w) {
			i += w
			continue
		}
		j := closeAt(s, i+w, want)
		if j < 0 {
			if strings.TrimSpace(s[:i]) != "" {
				i += w
				continue
			}
			j = len(s)
		}
		out = appendSingles(out, s, gapStart, i)
		_, cw := utf8.DecodeRuneInString(s[j:])
		end := min(j+cw, len(s))
		if sp, ok := trimSpan(s, i, i+w, j, end); ok {
			out = append(out, sp)
		}
		i, gapStart = end, end
	}
	return appendSingles(out, s, gapStart, len(s))
}

// closeAt finds the closing mark want at or after i, or -1.
func closeAt(s string, i int, want rune) int {
	for j := i; j < len(s); {
		r, w := utf8.DecodeRuneInString(s[j:])
		if r == want {
			return j
		}
		j += w
	}
	return -1
}

// appendSingles adds the single-quoted spans of s[from:to].
func appendSingles(out []span, s string, from, to int) []span {
	for i := from; i < to; {
		r, w := utf8.DecodeRuneInString(s[i:])
		if (r != '‘' && r != '\'') || !openerAt(s, i, w) {
			i += w
			continue
		}
		j := -1
		for k := i + w; k < to; {
			c, cw := utf8.DecodeRuneInString(s[k:])
			if (c == '’' || c == '\'') && k > i+w && singleCloserAt(s, k, cw) {
				j = k
				break
			}
			k += cw
		}
		if j < 0 {
			i += w
			continue
		}
		_, cw := utf8.DecodeRuneInString(s[j:])
		if sp, ok := trimSpan(s, i, i+w, j, j+cw); ok {
			out = append(out, sp)
		}
		i = j + cw
	}
	return out
}

// openerAt reports whether the mark at s[i:i+w] opens a quotation: it
// follows a space, a bracket, a dash or the start, and a word follows it.
func openerAt(s string, i, w int) bool {
	if i > 0 {
		p, _ := utf8.DecodeLastRuneInString(s[:i])
		if !unicode.IsSpace(p) && !strings.ContainsRune("([{—–-/:", p) {
			return false
		}
	}
	if i+w >= len(s) {
		return false
	}
	n, _ := utf8.DecodeRuneInString(s[i+w:])
	return !unicode.IsSpace(n)
}

// singleCloserAt reports whether ’ or ' at s[k:] closes a single-quoted span
// rather than being an apostrophe inside a word ("country’s").
func singleCloserAt(s string, k, w int) bool {
	if k+w < len(s) {
		n, _ := utf8.DecodeRuneInString(s[k+w:])
		if unicode.IsLetter(n) || unicode.IsDigit(n) {
			return false
		}
	}
	p, _ := utf8.DecodeLastRuneInString(s[:k])
	return !unicode.IsSpace(p)
}

// trimSpan trims the inside of a quotation and drops one with no words.
func trimSpan(s string, open, start, end, close int) (span, bool) {
	for start < end {
		r, w := utf8.DecodeRuneInString(s[start:end])
		if !unicode.IsSpace(r) {
			break
		}
		start += w
	}
	for end > start {
		r, w := utf8.DecodeLastRuneInString(s[start:end])
		if !unicode.IsSpace(r) && r != ',' {
			break
		}
		end -= w
	}
	if !hasWord(s[start:end]) {
		return span{}, false
	}
	return span{open: open, start: start, end: end, close: close}, true
}

func hasWord(s string) bool {
	return strings.IndexFunc(s, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) >= 0
}

// tokKind says what a token of a sentence is.
type tokKind uint8

const (
	tWord  tokKind = iota
	tPunct         // , ; : ( ) and dashes
	tQuote         // a whole quotation
)

// tok is a word, a punctuation mark or a whole quotation of a paragraph.
type tok struct {
	kind     tokKind
	text     string // a word without the punctuation around it; the mark itself for tPunct
	pos, end int    // byte offsets in the paragraph
	quote    int    // index of the quotation, for tQuote
	stop     bool   // a full stop (or ? !) follows the word, ending a sentence unless it is an abbreviation
}

// tokenize splits a paragraph into tokens, each quotation one token.
func tokenize(s string, quotes []span) []tok {
	var out []tok
	qi := 0
	for i := 0; i < len(s); {
		if qi < len(quotes) && i >= quotes[qi].open {
			out = append(out, quoteTok(s, quotes[qi], qi))
			i = quotes[qi].close
			qi++
			continue
		}
		r, w := utf8.DecodeRuneInString(s[i:])
		switch {
		case unicode.IsSpace(r):
			i += w
		case strings.ContainsRune(",;:()[]—–", r):
			out = append(out, tok{kind: tPunct, text: s[i : i+w], pos: i, end: i + w})
			i += w
		case strings.ContainsRune(".!?", r):
			if n := len(out); n > 0 && out[n-1].kind != tPunct {
				out[n-1].stop = true
			}
			i += w
		default:
			limit := len(s)
			if qi < len(quotes) {
				limit = quotes[qi].open
			}
			var t tok
			var ok bool
			t, ok, i = wordTok(s, i, limit)
			if ok {
				out = append(out, t)
			}
		}
	}
	return out
}

// quoteTok is the token of quotation q, the qi-th.
func quoteTok(s string, q span, qi int) tok {
	t := tok{kind: tQuote, text: s[q.start:q.end], pos: q.open, end: q.close, quote: qi}
	if r, _ := utf8.DecodeLastRuneInString(s[q.start:q.end]); strings.ContainsRune(".!?", r) {
		t.stop = true
	}
	return t
}

// wordTok reads the word at s[i:], which ends before limit (the next
// quotation), and returns it, whether there was one, and where to go on.
func wordTok(s string, i, limit int) (tok, bool, int) {
	j := i
	for j < len(s) && j < limit {
		c, cw := utf8.DecodeRuneInString(s[j:])
		if unicode.IsSpace(c) || strings.ContainsRune(",;:()[]—–!?\"“”«»„", c) {
			break
		}
		j += cw
	}
	word := s[i:j]
	stop := false
	// A trailing full stop ends the word unless the word is an
	// initialism such as "U.S." (letters and dots throughout).
	if strings.HasSuffix(word, ".") && !isInitialism(word) {
		word = strings.TrimRight(word, ".")
		stop = true
	}
	word = strings.Trim(word, `'‘’`)
	next := j
	if j == i {
		_, w := utf8.DecodeRuneInString(s[i:])
		next += w
	}
	if word == "" {
		return tok{}, false, next
	}
	return tok{kind: tWord, text: word, pos: i, end: i + len(word), stop: stop}, true, next
}

// isInitialism reports whether w is written "U.S." or "a.m.".
func isInitialism(w string) bool {
	parts := strings.Split(strings.TrimSuffix(w, "."), ".")
	if len(parts) < 2 {
		return false
	}
	for _, p := range parts {
		if utf8.RuneCountInString(p) != 1 {
			return false
		}
	}
	return true
}

// abbreviations end in a full stop that does not end the sentence.
var abbreviations = set("mr", "mrs", "ms", "dr", "st", "jr", "sr", "prof", "gen", "gov", "sen", "rep", "lt", "col",
	"capt", "sgt", "inc", "ltd", "co", "corp", "no", "vs", "jan", "feb", "mar", "apr", "aug", "sep", "sept", "oct", "nov", "dec")

// Sentences splits a paragraph into the byte ranges of its sentences, by
// the rules quotations are attributed with: a quotation is one sentence's
// part however many full stops it holds, and initials and abbreviations
// ("J. Smith", "U.S.", "Mr.", "Jan.") end none. The ranges cover the text
// but for the spaces between them; a text with no words has none.
func Sentences(s string) [][2]int {
	ss := sentences(tokenize(s, findQuotes(s)))
	out := make([][2]int, 0, len(ss))
	for i, st := range ss {
		start, end := 0, len(s)
		if i > 0 {
			start = st[0].pos
		}
		if i+1 < len(ss) {
			end = ss[i+1][0].pos
		}
		if end = len(strings.TrimRightFunc(s[:end], unicode.IsSpace)); end > start {
			out = append(out, [2]int{start, end})
		}
	}
	return out
}

// sentences splits tokens into sentences: a word or a quotation followed by
// a full stop, then a capitalised word or a quotation. A quotation is one
// token, so the full stops inside it never split its sentence.
func sentences(toks []tok) [][]tok {
	var out [][]tok
	start := 0
	for i, t := range toks {
		if !t.stop || i+1 >= len(toks) {
			continue
		}
		if t.kind == tWord && (abbreviations[strings.ToLower(t.text)] || isInitial(t.text)) {
			continue
		}
		n := toks[i+1]
		if n.kind == tQuote || n.kind == tWord && isUpper(n.text) {
			out = append(out, toks[start:i+1])
			start = i + 1
		}
	}
	if start < len(toks) {
		out = append(out, toks[start:])
	}
	return out
}

// isInitial reports whether a word is one capital letter, as an initial
// is ("J. Smith"); a lone figure ("on Jan. 5.") is no initial.
func isInitial(w string) bool {
	r, n := utf8.DecodeRuneInString(w)
	return n == len(w) && unicode.IsUpper(r)
}

// isUpper reports whether a word starts with a capital letter or a digit.
func isUpper(w string) bool {
	r, _ := utf8.DecodeRuneInString(w)
	return unicode.IsUpper(r) || unicode.IsDigit(r)
}

func set(words ...string) map[string]bool {
	m := make(map[string]bool, len(words))
	for _, w := range words {
		m[w] = true
	}
	return m
}
