package main

import (
	"context"
	"testing"
)

// TestFeaturesAreDeterministic: two builds of the same articles give the
// same candidates and features, so that the fit is reproducible (bleve's
// order for tied scores once depended on how the index was batched).
func TestFeaturesAreDeterministic(t *testing.T) {
	a := devSet(t)
	b, err := load(context.Background(), "../../testdata/squad")
	if err != nil {
		t.Fatal(err)
	}
	differ := 0
	for i := range a.examples {
		x, y := a.examples[i].x, b.examples[i].x
		same := len(x.IDs) == len(y.IDs)
		for j := 0; same && j < len(x.IDs); j++ {
			same = x.IDs[j] == y.IDs[j] && x.Rank[j] == y.Rank[j]
		}
		if !same {
			if differ < 3 {
				for j := 0; j < min(len(x.IDs), len(y.IDs)); j++ {
					if x.IDs[j] != y.IDs[j] || x.Rank[j] != y.Rank[j] {
						t.Logf("%d/%d %s %v\n   %s %v", i, j, x.IDs[j], x.Rank[j], y.IDs[j], y.Rank[j])
						break
					}
				}
			}
			differ++
		}
	}
	if differ > 0 {
		t.Errorf("%d of %d questions got other candidates or features on a second build", differ, len(a.examples))
	}
}
