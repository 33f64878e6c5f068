// Package golden compares test output with golden files in testdata/.
// Run a package's tests with -update to rewrite its golden files from the
// current output, then read the diff before committing it.
package golden

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// Check fails the test when got differs from the file at path (trailing
// white space aside), showing the lines that differ. With -update it
// writes got to path first.
func Check(tb testing.TB, path string, got []byte) {
	tb.Helper()
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			tb.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		tb.Fatalf("%v (run the test with -update to create it)", err)
	}
	if !bytes.Equal(bytes.TrimRight(want, " \n"), bytes.TrimRight(got, " \n")) {
		tb.Errorf("output differs from %s (-want +got):\n%s", path, Diff(string(want), string(got)))
	}
}

// Diff shows the lines of want and got that differ, in place.
func Diff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	var b strings.Builder
	for i := range max(len(w), len(g)) {
		var wl, gl string
		if i < len(w) {
			wl = w[i]
		}
		if i < len(g) {
			gl = g[i]
		}
		if wl != gl {
			fmt.Fprintf(&b, "line %d:\n-%s\n+%s\n", i+1, wl, gl)
		}
	}
	return b.String()
}
