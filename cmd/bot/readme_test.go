package main

import (
	"regexp"
	"strings"
	"testing"
)

// TestREADMETestCommand: the README's test command needs only Go (no -race,
// which needs cgo), and CI runs it as written and under the race detector.
func TestREADMETestCommand(t *testing.T) {
	readme := readFile(t, "../../README.md")
	m := regexp.MustCompile("(?m)^(go test[^#\n]*?)\\s+# run the tests").FindStringSubmatch(readme)
	if m == nil {
		t.Fatal("README has no `go test … # run the tests` line")
	}
	if m[1] != "go test ./..." {
		t.Errorf("README's test command is %q, want %q (only Go needed)", m[1], "go test ./...")
	}
	ci := strings.Split(readFile(t, "../../.ci/run"), "\n")
	for _, want := range []string{"go test ./...", "go test -race ./..."} {
		if !hasCommand(ci, want) {
			t.Errorf(".ci/run never runs %q", want)
		}
	}
}

// hasCommand says whether a line runs cmd, perhaps after VAR=value settings.
func hasCommand(lines []string, cmd string) bool {
	env := regexp.MustCompile(`^(\w+=\S*\s+)*`)
	for _, l := range lines {
		if env.ReplaceAllString(strings.TrimSpace(l), "") == cmd {
			return true
		}
	}
	return false
}
