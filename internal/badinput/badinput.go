// Package badinput reads the shared table of bad user input used by the
// command-line and the Discord tests.
package badinput

import (
	"fmt"
	"os"
	"strconv"
	"strings"
	"testing"
)

// MustLoad reads a table: one Go-quoted string a line, or "repeat N" before
// one to repeat it; blank lines and "#" comments are skipped.
func MustLoad(tb testing.TB, path string) []string {
	tb.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		tb.Fatal(err)
	}
	var out []string
	for n, line := range strings.Split(string(raw), "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		times := 1
		if rest, ok := strings.CutPrefix(line, "repeat "); ok {
			count, quoted, _ := strings.Cut(rest, " ")
			if times, err = strconv.Atoi(count); err != nil {
				tb.Fatalf("%s:%d: %v", path, n+1, err)
			}
			line = quoted
		}
		s, err := strconv.Unquote(line)
		if err != nil {
			tb.Fatalf("%s:%d: %v", path, n+1, err)
		}
		out = append(out, strings.Repeat(s, times))
	}
	return out
}

// Name is a short printable test name for an input.
func Name(s string) string {
	q := strconv.QuoteToASCII(s)
	if len(q) > 40 {
		q = fmt.Sprintf("%s…(%d bytes)", q[:36], len(s))
	}
	return q
}
