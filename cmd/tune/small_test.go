package main

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/sourcebot/newsbot/internal/corpus"
)

// TestSmallLibraries: every passage of an article is in exactly one small
// library, its opening one in all of them, each library holds at most
// smallOthers passages besides it and keeps the article's order, and the
// same seed cuts the same libraries.
func TestSmallLibraries(t *testing.T) {
	for _, n := range []int{1, 2, 21, 22, 24, 47} {
		a := corpus.Article{ID: "a"}
		for i := range n {
			a.Passages = append(a.Passages, corpus.Passage{ID: fmt.Sprintf("a/%d", i), Text: fmt.Sprint(i)})
		}
		libs, in := smallLibraries(a, rand.New(rand.NewPCG(smallSeed, 1)))
		again, _ := smallLibraries(a, rand.New(rand.NewPCG(smallSeed, 1)))
		seen := map[string]int{}
		for j, l := range libs {
			if len(l.Passages) > smallOthers+1 || l.Passages[0].ID != "a/0" {
				t.Errorf("%d passages: library %d holds %d, opening with %s; want at most %d, opening with a/0",
					n, j, len(l.Passages), l.Passages[0].ID, smallOthers+1)
			}
			for i, p := range l.Passages {
				seen[p.ID]++
				if i > 0 && passageIndex(t, p.ID) <= passageIndex(t, l.Passages[i-1].ID) {
					t.Errorf("%d passages: library %d has %s after %s", n, j, p.ID, l.Passages[i-1].ID)
				}
				if i > 0 && in[passageIndex(t, p.ID)] != j {
					t.Errorf("%d passages: %s is in library %d, but in says %d", n, p.ID, j, in[passageIndex(t, p.ID)])
				}
				if again[j].Passages[i].ID != p.ID {
					t.Errorf("%d passages: the same seed put %s where it put %s", n, again[j].Passages[i].ID, p.ID)
				}
			}
		}
		for i, p := range a.Passages {
			want := 1
			if i == 0 {
				want = len(libs)
			}
			if seen[p.ID] != want {
				t.Errorf("%d passages: %s is in %d libraries, want %d", n, p.ID, seen[p.ID], want)
			}
		}
	}
}

func passageIndex(t *testing.T, id string) int {
	t.Helper()
	var i int
	if _, err := fmt.Sscanf(id, "a/%d", &i); err != nil {
		t.Fatal(err)
	}
	return i
}
