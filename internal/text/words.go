package text

import (
	"strings"
	"unicode"
)

// Words splits s into the words it is matched by: folded (see Fold) and
// lower-cased runs of letters and digits. An apostrophe between two
// letters stays in its word ("what's", "korea's", "didn't"); any other mark,
// hyphens included, is a break, so "cyber-vandalism" and "cyber vandalism"
// read alike.
func Words(s string) []string {
	s = Fold(s)
	var out []string
	start := -1 // where the current word starts, or -1
	for i, r := range s {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if start < 0 {
				start = i
			}
			continue
		case r == '\'' && start >= 0 && i+1 < len(s) && startsLetter(s[i+1:]):
			continue
		}
		if start >= 0 {
			out = append(out, strings.ToLower(s[start:i]))
			start = -1
		}
	}
	if start >= 0 {
		out = append(out, strings.ToLower(s[start:]))
	}
	return out
}

func startsLetter(s string) bool {
	for _, r := range s {
		return unicode.IsLetter(r)
	}
	return false
}

// Key is a word without its apostrophes ("sony's" is "sonys"), for words
// compared as keys rather than read.
func Key(w string) string { return strings.ReplaceAll(w, "'", "") }

// StopWord reports whether w, a lower-case word as Words gives it, is a
// function word: an article, pronoun, auxiliary, preposition, conjunction
// or question word, which names nothing a question is about. The list is
// the Snowball English stop list, which the index filters out, less the
// words that turn a question around ("no", "not", "nor", "against"):
// questions about denials and positions turn on them.
func StopWord(w string) bool { return stopWords[w] }

// Negation reports whether w, a lower-case word as Words gives it, denies
// what it stands with: "no", "not", "nor", "never", "cannot" and the
// contractions in n't ("didn't", "won't"). The stop list keeps the first
// three but drops the contractions with the other auxiliaries, so code
// that keeps negations reads each of these as "not".
func Negation(w string) bool {
	switch w {
	case "no", "not", "nor", "never", "cannot":
		return true
	}
	return strings.HasSuffix(w, "n't")
}

// StopWords lists the stop words, for an index's stop filter.
func StopWords() []string { return strings.Fields(stopList) }

// FrameWord reports whether w, a lower-case word as Words gives it, frames
// a question about the articles without naming its topic: verbs of saying
// and knowing, "can", "please", "whose", the articles and reports
// themselves, "time", "date" and "day" (the question's type says those),
// pronouns that stand for anyone ("someone", "anything"), and "whats" and
// "whos" as typed without an apostrophe. The other modals ("will", "may",
// "might", "must", "shall"), "ever" and "done" are left out: they are also
// nouns, a month or the point of a question ("the first ever…", "what was
// done…"), and dropping them lost answers on SQuAD (cmd/tune).
func FrameWord(w string) bool { return frameWords[w] }

const stopList = `i me my myself we our ours ourselves you your yours yourself yourselves
	he him his himself she her hers herself it its itself they them their theirs themselves
	what which who whom this that these those am is are was were be been being
	have has had having do does did doing would should could ought
	i'm you're he's she's it's we're they're i've you've we've they've i'd you'd he'd she'd we'd they'd
	i'll you'll he'll she'll we'll they'll isn't aren't wasn't weren't hasn't haven't hadn't
	doesn't don't didn't won't wouldn't shan't shouldn't can't cannot couldn't mustn't
	let's that's who's what's here's there's when's where's why's how's
	a an the and but if or because as until while of at by for with about between into through
	during before after above below to from up down in out on off over under again further then
	once here there when where why how all any both each few more most other some such
	only own same so than too very`

const frameList = `can say says said tell tells told know think thinks
	mention mentioned happen happened according please
	article articles report reports reported time date day whose
	anyone anybody anything someone somebody something everyone everybody everything
	whats whos`

var (
	stopWords  = setOf(stopList)
	frameWords = setOf(frameList)
)

func setOf(list string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(list) {
		m[w] = true
	}
	return m
}

// Stem is a light stemmer for grouping words, enough to make "hacked",
// "hacking" and "hacks" one key: it drops one of -ies (to -y), -ing, -ed,
// -s (not -ss, -us, -is), then a doubled final consonant left by -ed or
// -ing ("stopped"), then a final -e ("release" and "released" both become
// "releas"). Short words are left alone. The results are keys, not words.
// The index stems with bleve's Porter stemmer instead: this one is for
// grouping questions, where a lighter touch merges fewer topics.
func Stem(w string) string {
	n := len(w)
	switch {
	case n > 4 && strings.HasSuffix(w, "ies"):
		return w[:n-3] + "y"
	case n > 5 && strings.HasSuffix(w, "ing"):
		w = undouble(w[:n-3])
	case n > 4 && strings.HasSuffix(w, "ed"):
		w = undouble(w[:n-2])
	case n > 3 && strings.HasSuffix(w, "s") &&
		!strings.HasSuffix(w, "ss") && !strings.HasSuffix(w, "us") && !strings.HasSuffix(w, "is"):
		w = w[:n-1]
	}
	if len(w) > 3 && strings.HasSuffix(w, "e") {
		w = w[:len(w)-1]
	}
	return w
}

// undouble drops one of a doubled final consonant, except l, s and z,
// which English doubles in the stem itself ("fall", "pass", "buzz").
func undouble(w string) string {
	n := len(w)
	if n < 3 || w[n-1] != w[n-2] {
		return w
	}
	switch w[n-1] {
	case 'a', 'e', 'i', 'o', 'u', 'l', 's', 'z':
		return w
	}
	return w[:n-1]
}
