package store

import (
	"context"
	"errors"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestWords(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want []string
	}{
		{"who hacked sony?", []string{"hack", "sony"}},
		{"Who hacked Sony", []string{"hack", "sony"}},
		{"who was it that hacked sony pictures", []string{"hack", "pictur", "sony"}},
		{"what is the capital of france", []string{"capital", "franc"}},
		{"Sony's hacking, again!", []string{"hack", "sony"}}, // "again": a stop word
		{"what's the news? whats the news", []string{"new"}},
		{"What did the article say happened to Sony?", []string{"sony"}},
		{"Möngke’s army", []string{"army", "mongk"}}, // folded, as the index reads it
		{"release released releases", []string{"releas"}},
		{"stopped stopping stops", []string{"stop"}},
		{"companies", []string{"company"}},
		{"the press", []string{"press"}},
		{"Why didn't China condemn the hack?", []string{"china", "condemn", "hack", "not"}}, // a denial stays apart
		{"Why did China not condemn the hack?", []string{"china", "condemn", "hack", "not"}},
		{"Why did China condemn the hack?", []string{"china", "condemn", "hack"}},
		{"Sony can't and won't", []string{"not", "sony"}},
		{"what?", nil},
		{"", nil},
	} {
		if got := words(tc.in); !slices.Equal(got, tc.want) {
			t.Errorf("words(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestJaccard(t *testing.T) {
	for _, tc := range []struct {
		a, b []string
		want float64
	}{
		{[]string{"hack", "sony"}, []string{"hack", "pictur", "sony"}, 2.0 / 3},
		{[]string{"a", "b"}, []string{"a", "b"}, 1},
		{[]string{"a", "b"}, []string{"c"}, 0},
		{[]string{"a", "b", "c"}, []string{"b", "c", "d"}, 0.5},
		{nil, nil, 0},
	} {
		if got := jaccard(tc.a, tc.b); got != tc.want {
			t.Errorf("jaccard(%q, %q) = %v, want %v", tc.a, tc.b, got, tc.want)
		}
	}
}

func TestGroupGaps(t *testing.T) {
	day := func(d int) time.Time { return time.Date(2026, 3, d, 12, 0, 0, 0, time.UTC) }
	for _, tc := range []struct {
		name string
		in   []asked
		want []Gap
	}{
		{
			name: "sony wordings merge, france apart",
			in: []asked{
				{question: "who hacked sony?", at: day(1)},
				{question: "Who hacked Sony", at: day(2)},
				{question: "who hacked  sony? ", at: day(3)}, // spaces don't make a new wording
				{question: "who was it that hacked sony pictures", answered: true, down: true, at: day(4)},
				{question: "what is the capital of france", at: day(5)},
			},
			want: []Gap{
				{Question: "who hacked sony?", Count: 4, NoAnswer: 3, ThumbsDown: 1, LastAsked: day(4),
					Examples: []string{"who was it that hacked sony pictures", "Who hacked Sony"}},
				{Question: "what is the capital of france", Count: 1, NoAnswer: 1, LastAsked: day(5)},
			},
		},
		{
			name: "equal counts: most recent group first",
			in: []asked{
				{question: "who won the election", at: day(1)},
				{question: "what is the capital of france", at: day(2)},
			},
			want: []Gap{
				{Question: "what is the capital of france", Count: 1, NoAnswer: 1, LastAsked: day(2)},
				{Question: "who won the election", Count: 1, NoAnswer: 1, LastAsked: day(1)},
			},
		},
		{
			name: "below 0.6 stays apart",
			in: []asked{
				{question: "sony hack north korea", at: day(1)}, // {hack korea north sony}
				{question: "sony hack", at: day(2)},             // 2/4 = 0.5
			},
			want: []Gap{
				{Question: "sony hack", Count: 1, NoAnswer: 1, LastAsked: day(2)},
				{Question: "sony hack north korea", Count: 1, NoAnswer: 1, LastAsked: day(1)},
			},
		},
		{
			name: "no chaining past the seed",
			in: []asked{
				{question: "b c d e f", at: day(1)},
				{question: "b c d e f", at: day(1)},
				{question: "b c d e g", at: day(2)}, // 4/6 with the seed: joins
				{question: "b c d g h", at: day(3)}, // 3/7 with the seed: apart, though 4/6 with the last
			},
			want: []Gap{
				{Question: "b c d e f", Count: 3, NoAnswer: 3, LastAsked: day(2), Examples: []string{"b c d e g"}},
				{Question: "b c d g h", Count: 1, NoAnswer: 1, LastAsked: day(3)},
			},
		},
		{
			name: "only stop words group by text",
			in: []asked{
				{question: "What?", at: day(1)},
				{question: "what?", at: day(2)},
				{question: "who?", at: day(3)},
			},
			want: []Gap{
				{Question: "what?", Count: 2, NoAnswer: 2, LastAsked: day(2), Examples: []string{"What?"}},
				{Question: "who?", Count: 1, NoAnswer: 1, LastAsked: day(3)},
			},
		},
		{
			name: "examples are capped",
			in: []asked{
				{question: "sony hack", at: day(1)},
				{question: "sony hack", at: day(1)},
				{question: "Sony hack", at: day(1)},
				{question: "sony hack!", at: day(1)},
				{question: "sony hacks", at: day(1)},
				{question: "sony hacked", at: day(2)},
			},
			want: []Gap{
				{Question: "sony hack", Count: 6, NoAnswer: 6, LastAsked: day(2),
					Examples: []string{"sony hacked", "Sony hack", "sony hack!"}},
			},
		},
		{name: "nothing", in: nil, want: []Gap{}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := groupGaps(context.Background(), tc.in)
			if err != nil || !reflect.DeepEqual(got, tc.want) {
				t.Errorf("groupGaps = %v:\n got %+v\nwant %+v", err, got, tc.want)
			}
		})
	}
}

func TestGaps(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e engine) {
		ctx := context.Background()
		s := mustOpen(t, e.dsn(t))
		at := func(d int) time.Time { return time.Date(2026, 3, d, 9, 0, 0, 0, time.UTC) }
		rec := func(guild, q string, answered bool, d int) string {
			return mustRecord(t, s, Interaction{At: at(d), GuildID: guild, Command: "ask", Question: q, Answered: answered, PassageID: "p"})
		}
		rec("a", "who hacked sony?", false, 2)
		rec("a", "who hacked sony?", false, 3)
		down := rec("a", "Who hacked Sony", true, 4)
		mustVote(t, s, down, "u1", Up, true)
		mustVote(t, s, down, "u2", Down, true) // one 👎 is enough
		rec("b", "who was it that hacked sony pictures", false, 5)
		rec("b", "what is the capital of france", false, 6)
		liked := rec("a", "who won the election", true, 7)
		mustVote(t, s, liked, "u1", Up, true)
		rec("a", "what did the senate vote on", true, 7) // answered, no votes
		rec("a", "", false, 7)                           // no question, e.g. /stats
		rec("a", "who hacked sony", false, 1)            // before Since
		flipped := rec("a", "who ate the cake", true, 7) // 👎 then 👍: liked
		mustVote(t, s, flipped, "u1", Down, true)
		mustVote(t, s, flipped, "u1", Up, true)

		for _, tc := range []struct {
			name string
			q    GapsQuery
			want []Gap
		}{
			{"all guilds", GapsQuery{Since: at(2)}, []Gap{
				{Question: "who hacked sony?", Count: 4, NoAnswer: 3, ThumbsDown: 1, LastAsked: at(5),
					Examples: []string{"who was it that hacked sony pictures", "Who hacked Sony"}},
				{Question: "what is the capital of france", Count: 1, NoAnswer: 1, LastAsked: at(6)},
			}},
			{"one guild", GapsQuery{GuildID: "a", Since: at(2)}, []Gap{
				{Question: "who hacked sony?", Count: 3, NoAnswer: 2, ThumbsDown: 1, LastAsked: at(4),
					Examples: []string{"Who hacked Sony"}},
			}},
			{"limit", GapsQuery{Since: at(2), Limit: 1}, []Gap{
				{Question: "who hacked sony?", Count: 4, NoAnswer: 3, ThumbsDown: 1, LastAsked: at(5),
					Examples: []string{"who was it that hacked sony pictures", "Who hacked Sony"}},
			}},
			{"all time", GapsQuery{GuildID: "a"}, []Gap{
				{Question: "who hacked sony?", Count: 4, NoAnswer: 3, ThumbsDown: 1, LastAsked: at(4),
					Examples: []string{"Who hacked Sony", "who hacked sony"}},
			}},
			{"none", GapsQuery{GuildID: "nosuchguild"}, []Gap{}},
		} {
			got, err := s.Gaps(ctx, tc.q)
			if err != nil {
				t.Fatalf("%s: Gaps: %v", tc.name, err)
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("%s: Gaps(%+v):\n got %+v\nwant %+v", tc.name, tc.q, got, tc.want)
			}
		}
	})
}

// referenceGroups is step 2 of groupGaps done the slow way, comparing each
// key with every earlier group: what the indexed merge must equal.
func referenceGroups(failed []asked) []Gap {
	var seeds [][]string
	var groups [][]asked
	exacts, _ := exactGroups(context.Background(), failed)
	for _, e := range exacts {
		g := -1
		for i, seed := range seeds {
			if len(e.words) > 0 && jaccard(seed, e.words) >= mergeJaccard {
				g = i
				break
			}
		}
		if g < 0 {
			g = len(seeds)
			seeds = append(seeds, e.words)
			groups = append(groups, nil)
		}
		groups[g] = append(groups[g], e.items...)
	}
	return summarizeAll(groups)
}

// TestGroupGapsMatchesAllPairs: on random questions over a small
// vocabulary (so that many overlap, at every similarity), the indexed
// merge groups exactly as comparing every pair does.
func TestGroupGapsMatchesAllPairs(t *testing.T) {
	vocab := strings.Fields("sony hack korea north film interview cyber attack theater threat leak email")
	for seed := range uint64(20) {
		r := rand.New(rand.NewPCG(seed, 7))
		var in []asked
		for i := range 300 {
			ws := make([]string, 1+r.IntN(7))
			for j := range ws {
				ws[j] = vocab[r.IntN(len(vocab))]
			}
			in = append(in, asked{question: "who " + strings.Join(ws, " "), answered: r.IntN(3) == 0,
				at: time.Date(2026, 3, 1, 0, i, 0, 0, time.UTC)})
		}
		got, err := groupGaps(context.Background(), in)
		if want := referenceGroups(in); err != nil || !reflect.DeepEqual(got, want) {
			t.Fatalf("seed %d: groupGaps (%v) differs from comparing all pairs:\n got %d groups %+v\nwant %d groups %+v",
				seed, err, len(got), got[:min(len(got), 3)], len(want), want[:min(len(want), 3)])
		}
	}
}

// TestGroupGapsBounded: a full report of long distinct questions (any
// member can fill the table with them) is grouped in bounded time, and
// grouping stops when its context ends.
func TestGroupGapsBounded(t *testing.T) {
	var in []asked
	for i, q := range longQuestions(maxGapRows) {
		in = append(in, asked{question: q, at: time.Date(2026, 3, 1, 0, 0, i, 0, time.UTC)})
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	start := time.Now()
	if _, err := groupGaps(ctx, in); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("groupGaps with a 20 ms deadline = %v, want context.DeadlineExceeded", err)
	}
	if took := time.Since(start); took > 2*time.Second {
		t.Errorf("groupGaps returned %v after its deadline", took)
	}
	if testing.Short() || raceEnabled {
		return // the race detector makes it 10 times slower
	}
	start = time.Now()
	gs, err := groupGaps(context.Background(), in)
	if took := time.Since(start); err != nil || len(gs) == 0 || took > 30*time.Second {
		t.Errorf("groupGaps of %d long questions: %d groups, %v, in %v; want it well under 30 s (it took 100 s when quadratic)", len(in), len(gs), err, took)
	}
}
