package index

import (
	"context"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/sourcebot/newsbot/internal/corpus"
)

var squadIndex = sync.OnceValues(func() (*Index, error) {
	arts, _, err := corpus.Load(os.DirFS("../../testdata/squad/articles"))
	if err != nil {
		return nil, err
	}
	return Build(context.Background(), arts, nil)
})

// mustSQuAD indexes the SQuAD development articles (Wikipedia), once.
func mustSQuAD(t *testing.T) *Index {
	t.Helper()
	ix, err := squadIndex()
	if err != nil {
		t.Fatal(err)
	}
	return ix
}

func concept(t *testing.T, ix *Index, question, surface string) Concept {
	t.Helper()
	cs, err := ix.Concepts(context.Background(), question)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cs {
		if c.Surface == surface {
			return c
		}
	}
	t.Fatalf("%q: no concept %q in %v", question, surface, cs)
	return Concept{}
}

// TestMisspeltNames: a capitalised word that no passage has is searched
// as the names within a spelling mistake of it; a lowercase word, a short
// one, or one with no near name is not.
func TestMisspeltNames(t *testing.T) {
	ix := mustSQuAD(t)
	tests := []struct {
		question, surface, want string // want: a term among its forms, or "" for none
	}{
		{"Who founded Telnet?", "Telnet", "telenet"},     // one letter left out
		{"Who ruled the Yaun dynasty?", "Yaun", ""},      // too short to guess
		{"What did Zzyzxian rulers do?", "Zzyzxian", ""}, // nothing near
		{"Who was concentraing the troops?", "concentraing", ""},
		{"Who is Q" + strings.Repeat("zx", 300) + "?", "Q" + strings.Repeat("zx", 300), ""},     // no name is that long
		{"Did Qwertyq, Asdfgha, Zxcvbnz and Poiuytp meet the founder of Telnet?", "Telnet", ""}, // four searches already spent
		{"Did Qwertyq, Asdfgha and Zxcvbnz meet the founder of Telnet?", "Telnet", "telenet"},
	}
	for _, tt := range tests {
		c := concept(t, ix, tt.question, tt.surface)
		if err := ix.Damaged(); err != nil {
			t.Fatalf("%.40q: %v", tt.question, err)
		}
		var forms []string
		for _, a := range c.Alts[1:] {
			forms = append(forms, a...)
		}
		switch {
		case tt.want == "" && len(forms) > 0:
			t.Errorf("%q: %q searched as %v, want only itself", tt.question, tt.surface, forms)
		case tt.want != "" && (!slices.Contains(forms, tt.want) || c.DocFreq == 0 || !c.Expanded):
			t.Errorf("%q: %q searched as %v (passages %d, expanded %v), want %q among them", tt.question, tt.surface, forms, c.DocFreq, c.Expanded, tt.want)
		}
	}
}

// TestWordFamilies: a word the passages have also finds the words of its
// family that the stemmer keeps apart, longer and shorter, counted apart
// from the word itself.
func TestWordFamilies(t *testing.T) {
	ix := mustSQuAD(t)
	tests := []struct {
		question, surface string
		want, not         []string
	}{
		{"How long did Western Europe control Cyprus?", "Europe", []string{"european"}, []string{"europ"}},
		{"What helped spread Protestantism in France?", "Protestantism", []string{"protest"}, []string{"protestant"}},
		{"What Revolutionary War rider was a Huguenot?", "Revolutionary", []string{"revolut"}, nil},
		{"Who led the army?", "army", nil, nil}, // too short to stand for a family
	}
	for _, tt := range tests {
		c := concept(t, ix, tt.question, tt.surface)
		var fam []string
		for _, f := range c.Family {
			fam = append(fam, f...)
		}
		for _, w := range tt.want {
			if !slices.Contains(fam, w) {
				t.Errorf("%q: family of %q is %v, want %q in it", tt.question, tt.surface, fam, w)
			}
		}
		for _, w := range tt.not {
			if slices.Contains(fam, w) {
				t.Errorf("%q: family of %q is %v, want no %q (the word itself)", tt.question, tt.surface, fam, w)
			}
		}
		if tt.want == nil && len(fam) > 0 {
			t.Errorf("%q: family of %q is %v, want none", tt.question, tt.surface, fam)
		}
	}

	cs, err := ix.Concepts(context.Background(), "Europe")
	if err != nil {
		t.Fatal(err)
	}
	hits, err := ix.Search(context.Background(), cs, ix.Len())
	if err != nil {
		t.Fatal(err)
	}
	familyOnly := 0
	for _, h := range hits {
		if h.TF[0] == 0 && h.FamilyTF[0] > 0 {
			familyOnly++
		}
	}
	if familyOnly == 0 {
		t.Errorf("no passage found through \"European\" alone for \"Europe\" (%d hits)", len(hits))
	}
}
