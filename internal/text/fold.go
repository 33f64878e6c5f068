// Package text owns word-level text processing shared by the index, the
// answer engine, the quotation finder and the feedback store's gap
// grouping: Unicode folding, words, stop and frame words, and a light
// stemmer. It is all for matching; passages are always shown as written.
// Chat markup is not its business: internal/discord removes it before
// text reaches the engine.
package text

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Fold returns s in the form words are matched in: Unicode NFKC (ligatures,
// full-width and superscript forms), diacritics removed ("Möngke" is
// "Mongke", "Zürich" "Zurich"), letters that do not decompose spelt out in
// ASCII ("ß" "ss", "æ" "ae", "ø" "o"), and typographic quotes, apostrophes
// and dashes made plain. Case is kept. Text that is already plain ASCII is
// returned as it is, without allocating.
func Fold(s string) string {
	if isASCII(s) {
		return s
	}
	s = norm.NFKC.String(s)
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range norm.NFD.String(s) {
		switch {
		case unicode.Is(unicode.Mn, r):
			// a combining mark left by decomposition: drop it
		case r < utf8.RuneSelf:
			b.WriteRune(r)
		default:
			if f, ok := spelt[r]; ok {
				b.WriteString(f)
			} else {
				b.WriteRune(r)
			}
		}
	}
	return norm.NFC.String(b.String())
}

// spelt maps letters and punctuation that have no decomposition to the
// ASCII a reader would type for them.
var spelt = map[rune]string{
	'ß': "ss", 'ẞ': "SS", 'æ': "ae", 'Æ': "AE", 'œ': "oe", 'Œ': "OE",
	'ø': "o", 'Ø': "O", 'ł': "l", 'Ł': "L", 'đ': "d", 'Đ': "D", 'ð': "d", 'Ð': "D",
	'þ': "th", 'Þ': "Th", 'ı': "i", 'ħ': "h", 'Ħ': "H",
	'‘': "'", '’': "'", 'ʼ': "'", '‛': "'", '′': "'", '“': `"`, '”': `"`, '„': `"`, '″': `"`,
	'‐': "-", '‑': "-", '‒': "-", '–': "-", '—': "-", '―': "-", '−': "-",
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}
