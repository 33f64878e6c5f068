package main

import "testing"

// TestMissClasses: the miss analysis files each question under the word it
// asks with and each count under its range.
func TestMissClasses(t *testing.T) {
	types := map[string]string{
		"In what country is Normandy located?": "what",
		"How many protestants live in France?": "how many/much",
		"How did the Normans fight?":           "how",
		"How many?":                            "how many/much",
		"Rollo was the leader of whom?":        "whom",
		"Name the Norse leader.":               "other",
	}
	for q, want := range types {
		if got := questionType(q); got != want {
			t.Errorf("questionType(%q) = %q, want %q", q, got, want)
		}
	}
	edges := []int{2, 3, 5}
	for n, want := range map[int]string{0: "0-1", 1: "0-1", 2: "2", 4: "3-4", 5: "5+", 9: "5+"} {
		if got := bucket(n, edges); got != want {
			t.Errorf("bucket(%d) = %q, want %q", n, got, want)
		}
	}
	var c missClass
	for _, r := range []int{0, 1, 2, 3, -1} {
		c.add(r)
	}
	if c != (missClass{n: 5, top1: 1, top3: 3, outside: 1, low: 1}) {
		t.Errorf("tally %+v", c)
	}
}
