package answer

import (
	"regexp"
	"testing"
)

// datedRE is what dated must agree with: the expression it replaced.
var datedRE = regexp.MustCompile(`\b(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|yesterday|today)\b|\b(?:January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.? \d{1,2}\b`)

var datedCases = []struct {
	s    string
	want bool
}{
	{"China said on Monday (December 22) that", true},
	{"on Dec. 22, 2014", true},
	{"Sept 9", true},
	{"in December 2014", false},
	{"December 225", false},
	{"Mondays are slow", false},
	{"Today it rained", false}, // as written: "today" is lowercase in copy
	{"until today.", true},
	{"March 1st", false},
	{"March 1, 2014", true},
	{"May 12_", false},
	{"xDecember 2", false},
	{"December  2", false},
	{"", false},
	{"Décember 2", false},
	{"é Monday é", true},
}

func TestDatedAgreesWithTheRegexp(t *testing.T) {
	for _, tt := range datedCases {
		if got := dated(tt.s); got != tt.want || got != datedRE.MatchString(tt.s) {
			t.Errorf("dated(%q) = %v, want %v (regexp says %v)", tt.s, got, tt.want, datedRE.MatchString(tt.s))
		}
	}
}

func FuzzDated(f *testing.F) {
	for _, tt := range datedCases {
		f.Add(tt.s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := dated(s), datedRE.MatchString(s); got != want {
			t.Errorf("dated(%q) = %v, regexp says %v", s, got, want)
		}
	})
}
