package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestEvalOnAFlippedSegmentByte is issue 14's reproducer as an operator
// runs it: build good.idx, copy it, XOR one byte of a segment, and eval
// the development set on the copy. Every offset gives a perfect score from
// a rebuilt index (or, read-only, one built in memory), never a panic, a
// query error or a wrong answer from the damaged one.
func TestEvalOnAFlippedSegmentByte(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "good.idx")
	if _, _, err := runBot(t, nil, "index", "--data", "../../data", "--out", good); err != nil {
		t.Fatal(err)
	}
	zaps, _ := filepath.Glob(filepath.Join(good, "bleve", "store", "*.zap"))
	if len(zaps) == 0 {
		t.Fatal("no segment in good.idx")
	}
	zap, _ := filepath.Rel(good, zaps[0])
	raw, err := os.ReadFile(zaps[0])
	if err != nil {
		t.Fatal(err)
	}
	for _, off := range []int{9, len(raw) / 4, len(raw) / 2, len(raw) * 3 / 4, len(raw) - 9} {
		for _, ro := range []string{"false", "true"} {
			t.Run(fmt.Sprintf("offset=%d/read-only=%s", off, ro), func(t *testing.T) {
				c := filepath.Join(t.TempDir(), "c.idx")
				if err := os.CopyFS(c, os.DirFS(good)); err != nil {
					t.Fatal(err)
				}
				b := append([]byte(nil), raw...)
				b[off] ^= 0x5a
				if err := os.WriteFile(filepath.Join(c, zap), b, 0o644); err != nil {
					t.Fatal(err)
				}
				out, logs, err := runBot(t, map[string]string{"BOT_INDEX_READ_ONLY": ro, "LOG_LEVEL": "warn"},
					"eval", "--data", "../../data", "--index", c, "../../testdata/dev.tsv")
				if err != nil {
					t.Fatalf("eval on the damaged copy: %v\n%s", err, out)
				}
				if !strings.Contains(logs, "damaged") || !strings.Contains(logs, filepath.Base(zap)) {
					t.Errorf("the damage was not reported on the log:\n%s", logs)
				}
			})
		}
	}
}

// TestAskDoesNotQuoteFilesOutsideTheDirectory: `bot ask --data sym "root
// bash"` quoted /etc/passwd through a symlink.
func TestAskDoesNotQuoteFilesOutsideTheDirectory(t *testing.T) {
	dir := t.TempDir()
	b, err := os.ReadFile("../../data/000_e50f249042850110.txt")
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(dir, "000.txt"), b, 0o644)
	if err := os.Symlink("/etc/passwd", filepath.Join(dir, "passwd.txt")); err != nil {
		t.Fatal(err)
	}
	out, logs, err := runBot(t, nil, "ask", "--data", dir, "root bash nologin")
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(out, "root:") || strings.Contains(out, "/bin/") {
		t.Errorf("served a file outside the directory:\n%s", out)
	}
	if !strings.Contains(logs, "passwd.txt") || !strings.Contains(logs, "outside the articles directory") {
		t.Errorf("the link was not reported as skipped:\n%s", logs)
	}
}
