package main

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// TestCompareGolden runs `bot compare` on the real articles and on the
// held-out ones (another event, other outlets' dates and speakers), and
// compares the output with testdata/compare_*.golden.
func TestCompareGolden(t *testing.T) {
	tests := []struct {
		name, data string
		questions  []string
	}{
		{"real", "", []string{
			"what did China say about cyber terrorism?",
			"what did China say about proof?",
			"What did Obama say about the attack?",
			"What is the capital of France?",
		}},
		{"heldout", filepath.Join("..", "..", "testdata", "heldout", "articles"), []string{
			"What did Daniel Whitcombe say?",
			"what did the police say about a suspect?",
			"Who was behind the attack on Sony?",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got bytes.Buffer
			for _, q := range tt.questions {
				args := []string{"compare", q}
				if tt.data != "" {
					args = append(args, "--data", tt.data)
				}
				out, _, err := runBot(t, nil, args...)
				if err != nil {
					t.Fatalf("compare %q: %v", q, err)
				}
				got.WriteString("### " + q + "\n" + out + "\n")
			}
			golden := filepath.Join("testdata", "compare_"+tt.name+".golden")
			if *update {
				if err := os.WriteFile(golden, got.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test ./cmd/bot -run CompareGolden -update to create it)", err)
			}
			if !bytes.Equal(want, got.Bytes()) {
				t.Errorf("bot compare output differs from %s:\n%s", golden, got.String())
			}
		})
	}
}
