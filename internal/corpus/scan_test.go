package corpus

import (
	"regexp"
	"slices"
	"strconv"
	"testing"
)

// The hand-written scans must agree with the expressions they replaced.
var (
	yearOracle  = regexp.MustCompile(`\b(19[5-9]\d|20\d\d)\b`)
	spaceOracle = regexp.MustCompile(`\s+`)
)

var scanCases = []string{
	"on Monday (December 22, 2014) and in 1999",
	"A2014 2014B 20145 1949 1950 2099 2100 _2014 2014_",
	"tabs\tand\n\nnew lines\r\f  and   spaces ",
	"© 2014 AFP", "", " ", "2014", "é2014é",
}

func TestScansAgreeWithTheRegexps(t *testing.T) {
	for _, s := range scanCases {
		checkScans(t, s)
	}
}

func FuzzScans(f *testing.F) {
	for _, s := range scanCases {
		f.Add(s)
	}
	f.Fuzz(checkScans)
}

func checkScans(t *testing.T, s string) {
	var want []int
	for _, m := range yearOracle.FindAllString(s, -1) {
		n, _ := strconv.Atoi(m)
		want = append(want, n)
	}
	if got := yearsIn(s); !slices.Equal(got, want) {
		t.Errorf("yearsIn(%q) = %v, regexp says %v", s, got, want)
	}
	if got, want := foldSpace(s), spaceOracle.ReplaceAllString(s, " "); got != want {
		t.Errorf("foldSpace(%q) = %q, regexp says %q", s, got, want)
	}
}
