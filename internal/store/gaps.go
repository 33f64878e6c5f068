package store

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/sourcebot/newsbot/internal/text"
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
	gaps, err := groupGaps(ctx, failed)
	if err != nil {
		return nil, err
	}
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
//     {hack, sony} (2/3); {capital, france} joins nothing. Of a longer key,
//     only the first maxKeyWords words (in byte order) are compared.
//
// A question with no words but stop words keys on its lowercased text, and
// joins only identical questions. Step 2 compares a group only with the
// earlier groups that can reach 0.6 (see merger), so a report over
// thousands of distinct long questions takes milliseconds, not minutes. It
// returns ctx's error if ctx ends first.
func groupGaps(ctx context.Context, failed []asked) ([]Gap, error) {
	exacts, err := exactGroups(ctx, failed)
	if err != nil {
		return nil, err
	}
	m := newMerger(exacts)
	var groups [][]asked
	for n, e := range exacts {
		if n%16 == 0 && ctx.Err() != nil {
			return nil, fmt.Errorf("store: gaps: %w", ctx.Err())
		}
		g := m.join(e.words)
		if g == len(groups) {
			groups = append(groups, nil)
		}
		groups[g] = append(groups[g], e.items...)
	}
	return summarizeAll(groups), nil
}

// summarizeAll summarizes each group, most asked first, then most recent.
func summarizeAll(groups [][]asked) []Gap {
	gaps := make([]Gap, 0, len(groups))
	for _, items := range groups {
		gaps = append(gaps, summarize(items))
	}
	slices.SortStableFunc(gaps, func(a, b Gap) int {
		if c := b.Count - a.Count; c != 0 {
			return c
		}
		return b.LastAsked.Compare(a.LastAsked)
	})
	return gaps
}

// maxKeyWords bounds the words of one question that grouping compares, and
// so the cost of one comparison.
const maxKeyWords = 32

// exact is the questions of one key.
type exact struct {
	key   string
	words []string
	items []asked
	last  time.Time
}

// exactGroups groups failed by key, largest group first, then the most
// recently asked, then by key.
func exactGroups(ctx context.Context, failed []asked) ([]*exact, error) {
	byKey := map[string]*exact{}
	var exacts []*exact
	for n, a := range failed {
		if n%256 == 0 && ctx.Err() != nil {
			return nil, fmt.Errorf("store: gaps: %w", ctx.Err())
		}
		a.question = strings.Join(strings.Fields(a.question), " ")
		w := words(a.question)
		key := strings.Join(w, " ")
		if len(w) == 0 {
			key = "\x00" + strings.ToLower(a.question) // apart from every word key
		}
		e := byKey[key]
		if e == nil {
			e = &exact{key: key, words: w[:min(len(w), maxKeyWords)]}
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
	return exacts, nil
}

// merger finds, for a key, the first group whose seed has a Jaccard
// similarity of at least mergeJaccard with it, without comparing it to
// every group. It uses prefix filtering: order all words rarest first; if
// |A∩B| / |A∪B| >= t, then A and B share at least ceil(t·|A|) words, so
// the first |A| - ceil(t·|A|) + 1 words of A (its prefix) and the prefix of
// B share a word. Seeds are indexed by the words of their prefixes, and a
// key is compared only with the seeds that share a word of its prefix, in
// the order the groups were made: the result is that of comparing all.
type merger struct {
	rank     map[string]int32  // word → its place in the order, rarest first
	postings map[int32][]int32 // word → the groups whose seed's prefix has it
	seeds    [][]int32         // each group's seed, as sorted ranks
	seen     []int             // per group: the last probe it was a candidate of
	probe    int
	cands    []int32 // reused by each probe: one may find thousands
}

// newMerger orders the words of exacts by how many keys hold them.
func newMerger(exacts []*exact) *merger {
	df := map[string]int{}
	for _, e := range exacts {
		for _, w := range e.words {
			df[w]++
		}
	}
	vocab := make([]string, 0, len(df))
	for w := range df {
		vocab = append(vocab, w)
	}
	slices.SortFunc(vocab, func(a, b string) int {
		if c := df[a] - df[b]; c != 0 {
			return c
		}
		return strings.Compare(a, b)
	})
	rank := make(map[string]int32, len(vocab))
	for i, w := range vocab {
		rank[w] = int32(i)
	}
	return &merger{rank: rank, postings: map[int32][]int32{}}
}

// prefix is how many of n rarest-first words must be indexed or probed.
// Rounding may only make it longer, which costs time, never a match.
func prefix(n int) int {
	overlap := max(1, int(math.Ceil(mergeJaccard*float64(n)-1e-9)))
	return n - overlap + 1
}

// join returns the group that words joins: an existing one, or
// len(seeds), a new group seeded by words.
func (m *merger) join(words []string) int {
	ids := make([]int32, len(words))
	for i, w := range words {
		ids[i] = m.rank[w]
	}
	slices.Sort(ids)
	if len(ids) > 0 {
		if g, ok := m.find(ids); ok {
			return g
		}
	}
	g := len(m.seeds)
	m.seeds = append(m.seeds, ids)
	m.seen = append(m.seen, 0)
	if len(ids) > 0 { // a key of no words joins nothing, and nothing joins it
		for _, id := range ids[:prefix(len(ids))] {
			m.postings[id] = append(m.postings[id], int32(g))
		}
	}
	return g
}

// find returns the first group whose seed is alike enough to ids.
func (m *merger) find(ids []int32) (int, bool) {
	m.probe++
	cands := m.cands[:0]
	defer func() { m.cands = cands }()
	for _, id := range ids[:prefix(len(ids))] {
		for _, g := range m.postings[id] {
			if m.seen[g] != m.probe {
				m.seen[g] = m.probe
				cands = append(cands, g)
			}
		}
	}
	slices.Sort(cands)
	for _, g := range cands {
		seed := m.seeds[g]
		// The similarity is at most the ratio of the sizes.
		lo, hi := min(len(seed), len(ids)), max(len(seed), len(ids))
		if float64(lo) < mergeJaccard*float64(hi)-1e-9 {
			continue
		}
		if alike(seed, ids) {
			return int(g), true
		}
	}
	return 0, false
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

// words returns the sorted, distinct key words of a question (text.Words),
// without stop words and the words that frame a question (text.StopWord,
// text.FrameWord), apostrophes dropped ("sony's" is "sonys") and stemmed
// (text.Stem). Every negation is "not" (text.Negation), so "didn't" and
// "did not" group together, apart from the question they deny.
func words(q string) []string {
	var out []string
	for _, w := range text.Words(q) {
		if text.Negation(w) {
			out = append(out, "not")
			continue
		}
		if text.StopWord(w) || text.FrameWord(w) {
			continue
		}
		out = append(out, text.Stem(text.Key(w)))
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// alike reports whether jaccard(a, b) >= mergeJaccard, giving up as soon
// as the words left cannot make enough in common.
func alike(a, b []int32) bool {
	need := minCommon(len(a), len(b))
	inter := 0
	for i, j := 0, 0; i < len(a) && j < len(b); {
		if inter+min(len(a)-i, len(b)-j) < need {
			return false
		}
		switch {
		case a[i] == b[j]:
			inter++
			i++
			j++
		case a[i] < b[j]:
			i++
		default:
			j++
		}
	}
	return inter >= need
}

// minCommon is the fewest words two sets of na and nb words must share for
// a Jaccard similarity of mergeJaccard, computed as jaccard computes it.
func minCommon(na, nb int) int {
	for o := max(0, int(mergeJaccard*float64(na+nb)/(1+mergeJaccard))-1); o <= min(na, nb); o++ {
		if float64(o)/float64(na+nb-o) >= mergeJaccard {
			return max(o, 1)
		}
	}
	return min(na, nb) + 1 // unreachable
}

// jaccard is |a∩b| / |a∪b| of two sorted sets.
func jaccard[T cmp.Ordered](a, b []T) float64 {
	if len(a) == 0 && len(b) == 0 {
		return 0
	}
	inter := 0
	for i, j := 0, 0; i < len(a) && j < len(b); {
		switch c := cmp.Compare(a[i], b[j]); {
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
