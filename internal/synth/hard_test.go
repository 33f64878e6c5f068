package synth

import (
	"strings"
	"testing"
)

func TestHardQuestions(t *testing.T) {
	dir := t.TempDir()
	if _, err := Generate(dir, Options{Passages: 1000, Seed: 1}); err != nil {
		t.Fatal(err)
	}
	qs, err := HardQuestions(dir, 300, 1)
	if err != nil {
		t.Fatal(err)
	}
	again, err := HardQuestions(dir, 300, 1)
	if err != nil {
		t.Fatal(err)
	}
	kinds := map[string]int{}
	for i, q := range qs {
		kinds[q.Kind]++
		if again[i] != q {
			t.Fatalf("question %d differs on a second run: %+v, %+v", i, q, again[i])
		}
		if (q.Kind == Unanswerable) != (q.PassageID == "") {
			t.Errorf("%+v: a passage exactly when answerable", q)
		}
	}
	if len(qs) != 300 || kinds[Paraphrase] != 100 || kinds[Common] != 100 || kinds[Unanswerable] != 100 {
		t.Errorf("%d questions, kinds %v; want 300, 100 of each", len(qs), kinds)
	}
	people := mustWorld(t).isPerson
	for _, q := range qs {
		// No question names its person in full: the surname only.
		for name := range people {
			if strings.Contains(q.Text, name) {
				t.Errorf("%q names %s in full", q.Text, name)
			}
		}
	}
}

func mustWorld(t *testing.T) *world {
	w, err := theWorld()
	if err != nil {
		t.Fatal(err)
	}
	return w
}
