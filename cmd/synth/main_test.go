package main

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sourcebot/newsbot/internal/synth"
)

func synthRun(args ...string) (string, string, error) {
	var out, errOut bytes.Buffer
	err := run(context.Background(), args, &out, &errOut)
	return out.String(), errOut.String(), err
}

// generated counts the synthetic articles in dir.
func generated(t *testing.T, dir string) int {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, en := range entries {
		if synth.IsGenerated(en.Name()) {
			n++
		}
	}
	return n
}

// TestSynth: a corpus is written as asked, the same seed writes the same
// bytes, an occupied directory needs --force, and a smaller corpus written
// over a larger one keeps none of its tail.
func TestSynth(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "corpus")
	out, _, err := synthRun("--out", dir, "--passages", "200", "--seed", "7")
	if err != nil || !strings.Contains(out, "passages") {
		t.Fatalf("synth = %q, %v", out, err)
	}
	large := generated(t, dir)

	_, _, err = synthRun("--out", dir, "--passages", "50")
	if !errors.As(err, new(usageError)) || !strings.Contains(err.Error(), "--force") {
		t.Errorf("synth over a corpus without --force = %v, want a usage error naming --force", err)
	}
	os.WriteFile(filepath.Join(dir, "mine.txt"), []byte("A headline\n\nA paragraph of my own."), 0o644)
	if _, logs, err := synthRun("--out", dir, "--passages", "50", "--seed", "7", "--force"); err != nil || !strings.Contains(logs, "other article files stay") {
		t.Fatalf("synth --force = %v, logs %q", err, logs)
	}
	if small := generated(t, dir); small == 0 || small >= large {
		t.Errorf("after a smaller corpus with --force, %d synthetic articles (before: %d)", small, large)
	}
	if _, err := os.Stat(filepath.Join(dir, "mine.txt")); err != nil {
		t.Errorf("--force removed another article file: %v", err)
	}
	// The same seed and size write the same bytes.
	fresh := t.TempDir()
	if _, _, err := synthRun("--out", fresh, "--passages", "50", "--seed", "7"); err != nil {
		t.Fatal(err)
	}
	want, _ := os.ReadFile(filepath.Join(fresh, "000001_synth.txt"))
	got, _ := os.ReadFile(filepath.Join(dir, "000001_synth.txt"))
	if len(want) == 0 || !bytes.Equal(got, want) {
		t.Error("the same seed and size wrote a different first article")
	}
}

func TestSynthUsage(t *testing.T) {
	for _, tt := range []struct {
		args []string
		want string
	}{
		{nil, "--out DIR is required"},
		{[]string{"--out", t.TempDir(), "--passages", "0"}, "--passages must be positive"},
		{[]string{"--out", t.TempDir(), "extra"}, "unexpected argument"},
		{[]string{"--nope"}, "flag provided but not defined"},
	} {
		_, _, err := synthRun(tt.args...)
		if !errors.As(err, new(usageError)) || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("synth %q = %v, want a usage error with %q", tt.args, err, tt.want)
		}
	}
}
