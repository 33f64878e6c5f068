package store

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode"
)

// GapsQuery selects the questions for a knowledge-gaps report.
type GapsQuery struct {
	GuildID string    // "" for every guild
	Since   time.Time // zero for all time
	Limit   int       // the most groups returned; 0 for all
}

// Gap is a group of similarly worded questions that the bot failed: it had
// no answer, or its answer got a 👎.
type Gap struct {
	Question   string    // the group's most frequent wording
	Count      int       // questions in the group: NoAnswer + ThumbsDown
	NoAnswer   int       // questions the bot had no answer for
	ThumbsDown int       // answered questions with at least one 👎
	LastAsked  time.Time // UTC
	Examples   []string  // up to maxExamples other wordings, most frequent first
}

const (
	maxExamples = 3
	// maxGapRows bounds the work of a report: the most recent failed
	// questions it reads.
	maxGapRows = 5000
	// mergeJaccard is how alike two questions' words must be to share a
	// group.
	mergeJaccard = 0.6
)

// Gaps reports the questions asked since q.Since that got no answer or a
// 👎, grouped by wording (see groupGaps), largest group first, then the most
// recently asked. Answered questions with no 👎 are left out.
func (s *Store) Gaps(ctx context.Context, q GapsQuery) ([]Gap, error) {
	if err := s.flush(ctx); err != nil {
		return nil, err
	}
	guild, args := guildFilter(q.GuildID)
	args = append([]any{q.Since.UnixMilli()}, args...) // the zero time is year 1: all time
	args = append(args, maxGapRows)
	rows, err := s.db.QueryContext(ctx, s.q(`SELECT i.question, i.answered, i.at_ms,
		EXISTS (SELECT 1 FROM votes v WHERE v.interaction_id = i.id AND v.vote < 0)
		FROM interactions i
		WHERE i.at_ms >= ?`+guild+` AND i.question <> ''
		AND (NOT i.answered OR EXISTS (SELECT 1 FROM votes v WHERE v.interaction_id = i.id AND v.vote < 0))
		ORDER BY i.at_ms DESC
		LIMIT ?`), args...)
	if err != nil {
		return nil, fmt.Errorf("store: gaps: %w", err)
	}
	defer rows.Close()
	var failed []asked
	for rows.Next() {
		var a asked
		var ms int64
		if err := rows.Scan(&a.question, &a.answered, &ms, &a.down); err != nil {
			return nil, fmt.Errorf("store: gaps: %w", err)
		}
		a.at = time.UnixMilli(ms).UTC()
		failed = append(failed, a)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: gaps: %w", err)
	}
	gaps := groupGaps(failed)
	if q.Limit > 0 && len(gaps) > q.Limit {
		gaps = gaps[:q.Limit]
	}
	return gaps, nil
}

// asked is one failed question.
type asked struct {
	question string
	answered bool // and so it is here for a 👎
	down     bool
	at       time.Time
}

// groupGaps groups failed questions in two steps:
//
//  1. Questions with the same key (see words) form a group: "Who hacked
//     Sony?" and "who hacked sony" both have the key {hack, sony}.
//  2. Groups are then taken largest first (ties: most recent, then key), and
//     each joins the first earlier group whose key words have a Jaccard
//     similarity |A∩B| / |A∪B| of at least 0.6 with its own, or starts a new
//     group. The words compared are those of each group's first key (its
//     seed), so groups don't drift by chaining. {hack, sony, picture} joins
//     {hack, sony} (2/3); {capital, france} joins nothing.
//
// A question with no words but stop words keys on its lowercased text, and
// joins only identical questions.
func groupGaps(failed []asked) []Gap {
	type exact struct {
		key   string
		words []string
		items []asked
		last  time.Time
	}
	byKey := map[string]*exact{}
	var exacts []*exact
	for _, a := range failed {
		a.question = strings.Join(strings.Fields(a.question), " ")
		w := words(a.question)
		key := strings.Join(w, " ")
		if len(w) == 0 {
			key = "\x00" + strings.ToLower(a.question) // apart from every word key
		}
		e := byKey[key]
		if e == nil {
			e = &exact{key: key, words: w}
			byKey[key] = e
			exacts = append(exacts, e)
		}
		e.items = append(e.items, a)
		if a.at.After(e.last) {
			e.last = a.at
		}
	}
	slices.SortFunc(exacts, func(a, b *exact) int {
		if c := len(b.items) - len(a.items); c != 0 {
			return c
		}
		if c := b.last.Compare(a.last); c != 0 {
			return c
		}
		return strings.Compare(a.key, b.key)
	})

	type group struct {
		seed  []string
		items []asked
	}
	var groups []*group
	for _, e := range exacts {
		var g *group
		for _, c := range groups {
			if len(e.words) > 0 && jaccard(c.seed, e.words) >= mergeJaccard {
				g = c
				break
			}
		}
		if g == nil {
			g = &group{seed: e.words}
			groups = append(groups, g)
		}
		g.items = append(g.items, e.items...)
	}

	gaps := make([]Gap, 0, len(groups))
	for _, g := range groups {
		gaps = append(gaps, summarize(g.items))
	}
	slices.SortStableFunc(gaps, func(a, b Gap) int {
		if c := b.Count - a.Count; c != 0 {
			return c
		}
		return b.LastAsked.Compare(a.LastAsked)
	})
	return gaps
}

// summarize counts a group and picks its representative: the most frequent
// wording, then the most recently asked, then the first in byte order.
func summarize(items []asked) Gap {
	type wording struct {
		text string
		n    int
		last time.Time
	}
	var g Gap
	seen := map[string]*wording{}
	var ws []*wording
	for _, a := range items {
		g.Count++
		if a.answered {
			g.ThumbsDown++
		} else {
			g.NoAnswer++
		}
		if a.at.After(g.LastAsked) {
			g.LastAsked = a.at
		}
		w := seen[a.question]
		if w == nil {
			w = &wording{text: a.question}
			seen[a.question] = w
			ws = append(ws, w)
		}
		w.n++
		if a.at.After(w.last) {
			w.last = a.at
		}
	}
	slices.SortFunc(ws, func(a, b *wording) int {
		if c := b.n - a.n; c != 0 {
			return c
		}
		if c := b.last.Compare(a.last); c != 0 {
			return c
		}
		return strings.Compare(a.text, b.text)
	})
	g.Question = ws[0].text
	for _, w := range ws[1:min(len(ws), maxExamples+1)] {
		g.Examples = append(g.Examples, w.text)
	}
	return g
}

// stopWords carry no topic: question words, auxiliaries, articles,
// pronouns, common prepositions and politeness.
var stopWords = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`
		what whats who whos whom whose when where which why how
		did do does done is are was were be been being am has have had
		will would can could should shall may might must
		a an the this that these those there it its
		i me my we us our you your he him his she her they them their
		of about in on at to for from by with as into over after before
		and or but if then than so
		tell say said know please any anything some something ever`) {
		stopWords[w] = true
	}
}

// words returns the sorted, distinct key words of a question: lowercased,
// with apostrophes dropped ("sony's" is "sonys"), split at anything but
// letters and digits, without stop words, and stemmed (see stem).
func words(q string) []string {
	q = strings.NewReplacer("'", "", "’", "").Replace(strings.ToLower(q))
	var out []string
	for _, w := range strings.FieldsFunc(q, func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	}) {
		if stopWords[w] {
			continue
		}
		out = append(out, stem(w))
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// stem is a light stemmer, enough to make "hacked", "hacking" and "hacks"
// one word: it drops one of -ies (to -y), -ing, -ed, -s (not -ss, -us, -is),
// then a doubled final consonant left by -ed or -ing ("stopped"), then a
// final -e ("release" and "released" both become "releas"). Short words are
// left alone. The results are keys, not words.
func stem(w string) string {
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

// jaccard is |a∩b| / |a∪b| of two sorted sets.
func jaccard(a, b []string) float64 {
	if len(a) == 0 && len(b) == 0 {
		return 0
	}
	inter := 0
	for i, j := 0, 0; i < len(a) && j < len(b); {
		switch c := strings.Compare(a[i], b[j]); {
		case c == 0:
			inter++
			i++
			j++
		case c < 0:
			i++
		default:
			j++
		}
	}
	return float64(inter) / float64(len(a)+len(b)-inter)
}
