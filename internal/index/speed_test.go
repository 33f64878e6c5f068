package index

import (
	"context"
	"fmt"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"unsafe"
)

// wordRE is what splitWords scans for by hand.
var wordRE = regexp.MustCompile(`[\p{L}\p{N}](?:[\p{L}\p{N}'’.-]*[\p{L}\p{N}])?`)

func splitWordsRE(s string) []word {
	var out []word
	for _, loc := range wordRE.FindAllStringIndex(s, -1) {
		out = append(out, word{text: s[loc[0]:loc[1]], start: loc[0], end: loc[1]})
	}
	return out
}

var wordCases = []string{
	"", "Who is Kim Jong-Un?", "North Korea's U.S. ally", "Korea’s ‘proof’", "-a-", "a.", ".a", "a..b", "a'-'b",
	"x-", "3.14 and 2,000", "Ünïcödé naïve café", "日本語のテキスト", "٣ أرقام", "Ⅻ roman", "a\xffb", "\xff\xfe",
	"\u200bzero\u200bwidth", "don't stop-", "’’a’’", "a - b", "e.g.,", "U.S.-China", "ﬁne ligature",
}

func TestSplitWordsMatchesTheExpression(t *testing.T) {
	for _, s := range wordCases {
		if got, want := splitWords(s), splitWordsRE(s); !reflect.DeepEqual(got, want) {
			t.Errorf("splitWords(%q) = %+v, want %+v", s, got, want)
		}
	}
}

func FuzzSplitWords(f *testing.F) {
	for _, s := range wordCases {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := splitWords(s), splitWordsRE(s); !reflect.DeepEqual(got, want) {
			t.Errorf("splitWords(%q) = %+v, want %+v", s, got, want)
		}
	})
}

// TestConceptFormsAreCachedUnchanged asks questions twice, the second
// time from the forms cache, and requires the same concepts: among them
// a word no passage has, whose forms are widened by appending.
func TestConceptFormsAreCachedUnchanged(t *testing.T) {
	ix := mustBuild(t)
	ctx := context.Background()
	for _, q := range []string{"Who leads the country?", "Why is North Korea's ally silent?", "Was there evidence, leads?"} {
		first, err := ix.Concepts(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		for range 2 {
			again, err := ix.Concepts(ctx, q)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(again, first) {
				t.Errorf("Concepts(%q) asked again = %+v\nwant %+v", q, again, first)
			}
		}
		if got, want := ix.alts("leads", -1), ix.analyzeForms("leads", -1); !reflect.DeepEqual(got, want) {
			t.Errorf("cached forms of %q = %q, want %q", "leads", got, want)
		}
	}
}

// TestConceptFormsKeepNoQuestion: the forms cache is keyed by copies of a
// question's words, not by slices of it: it holds up to memo.DefaultMax
// entries, and slices would keep that many questions (up to
// answer.MaxQuestionRunes each) in memory.
func TestConceptFormsKeepNoQuestion(t *testing.T) {
	ix := mustBuild(t)
	q := strings.Repeat("Why did Ruritania's envoy quarrel? ", 50)
	if _, err := ix.Concepts(context.Background(), q); err != nil {
		t.Fatal(err)
	}
	lo := uintptr(unsafe.Pointer(unsafe.StringData(q)))
	ix.forms.Range(func(k formsKey, _ [][]string) bool {
		if p := uintptr(unsafe.Pointer(unsafe.StringData(k.surface))); lo <= p && p < lo+uintptr(len(q)) {
			t.Errorf("forms cache key %q is a slice of the question", k.surface)
		}
		return true
	})
}

// TestCachedFormsAreNotShared: two callers that each widen the forms they
// got from the cache (as Concepts does for a word no passage has) do not
// see each other's forms. The group here has three forms, so its slice has
// room to grow in place: without the clip, the second append would write
// over the first.
func TestCachedFormsAreNotShared(t *testing.T) {
	ix := mustBuild(t)
	ws := splitWords("spokeswoman")
	g, _ := ix.syn.match(ws, 0)
	if raw := ix.analyzeForms("spokeswoman", g); g < 0 || cap(raw) == len(raw) {
		t.Fatalf("group %d, forms %q (cap %d): pick a word whose forms have room to grow", g, raw, cap(raw))
	}
	ix.alts("spokeswoman", g) // into the cache
	a := append(ix.alts("spokeswoman", g), []string{"first"})
	b := append(ix.alts("spokeswoman", g), []string{"second"})
	if got := a[len(a)-1][0]; got != "first" {
		t.Errorf("one caller's forms end in %q after another caller widened its own (%q)", got, b[len(b)-1])
	}
}

func BenchmarkConcepts(b *testing.B) {
	ix := mustBuild(b)
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ix.Concepts(ctx, "What did Wang Yi tell John Kerry about North Korea's proof?"); err != nil {
			b.Fatal(err)
		}
	}
}

// TestMemoKeepsNoLongWords: a question of long junk words leaves no
// kilobyte keys in the index's memos, and is answered as before.
func TestMemoKeepsNoLongWords(t *testing.T) {
	ix := mustBuild(t)
	var b strings.Builder
	for i := range 50 {
		fmt.Fprintf(&b, "Why did Q%s%d quarrel? ", strings.Repeat("zx", 40), i)
	}
	first, err := ix.Concepts(context.Background(), b.String())
	if err != nil {
		t.Fatal(err)
	}
	again, err := ix.Concepts(context.Background(), b.String())
	if err != nil || len(again) != len(first) {
		t.Fatalf("asked again: %d concepts, %v; want %d", len(again), err, len(first))
	}
	long := func(k string) bool { return len(k) > maxMemoKey }
	ix.counts.Range(func(k string, _ int) bool {
		if long(k) {
			t.Errorf("counts holds %.20q… (%d bytes)", k, len(k))
		}
		return true
	})
	ix.forms.Range(func(k formsKey, _ [][]string) bool {
		if long(k.surface) {
			t.Errorf("forms holds %.20q…", k.surface)
		}
		return true
	})
	ix.spellings.Range(func(k string, _ [][]string) bool {
		if long(k) {
			t.Errorf("spellings holds %.20q…", k)
		}
		return true
	})
}
