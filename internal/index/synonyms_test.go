package index

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"
)

func TestSynonymLimitsNameTheLine(t *testing.T) {
	var huge []string
	for i := range 10000 {
		huge = append(huge, fmt.Sprintf("alias%d", i))
	}
	var sameFirst []string
	for i := range maxSameFirst + 1 {
		sameFirst = append(sameFirst, fmt.Sprintf("north thing%d, other%d", i, i))
	}
	for _, tt := range []struct{ name, text, want string }{
		{"10,000 members", "film, movie\n" + strings.Join(huge, ", ") + "\n", "synonyms line 2: 108888 bytes long, at most 2048"},
		{"33 members", strings.Join(huge[:33], ", "), "synonyms line 1: more than 32 members in one group"},
		{"a 70 KB line", "film, movie\n\n" + strings.Repeat("x", 70000) + ", y\n", "synonyms line 3: 70003 bytes long, at most 2048"},
		{"a long member", "a b c d e f g h i j, k\n", `synonyms line 1: "a b c d e f g h i j" has 10 words, at most 8`},
		{"many members start alike", strings.Join(sameFirst, "\n"), `synonyms line 33: more than 32 members start with "north"`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseSynonyms(tt.text)
			if err == nil || err.Error() != tt.want {
				t.Errorf("ParseSynonyms: %v, want %q", err, tt.want)
			}
		})
	}
	// At the limits, a list still parses.
	var most []string
	for i := range maxGroupMembers {
		most = append(most, fmt.Sprintf("w%d", i))
	}
	if _, err := ParseSynonyms(strings.Join(most, ", ") + "\r\n"); err != nil {
		t.Errorf("ParseSynonyms of a group of %d: %v", maxGroupMembers, err)
	}
}

// TestSynonymsBoundTheCostOfAQuestion: the dearest question a list within
// the limits allows, every word a member of the largest group of long
// members, as long as a question may be (4,000 characters). Unbounded, it
// took 20 s; a 10,000-member group took 29.6 s.
func TestSynonymsBoundTheCostOfAQuestion(t *testing.T) {
	ix := mustBuild(t)
	var group []string
	for i := range maxGroupMembers {
		group = append(group, fmt.Sprintf("proof%d china hack sony north korea cyber attack", i))
	}
	syn, err := ParseSynonyms("proof, " + strings.Join(group[1:], ", "))
	if err != nil {
		t.Fatal(err)
	}
	ix.syn = syn
	q := strings.TrimSpace(strings.Repeat("proof ", 4000/len("proof ")))
	ctx := context.Background()
	start := time.Now()
	cs, err := ix.Concepts(ctx, q)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ix.Search(ctx, cs, 10); err != nil {
		t.Fatal(err)
	}
	d := time.Since(start)
	t.Logf("%d concepts of %d forms: %v", len(cs), len(cs[0].Alts), d)
	if d > 2*time.Second {
		t.Errorf("one question cost %v", d)
	}
}
