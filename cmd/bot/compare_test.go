package main

import (
	"bytes"
	"path/filepath"
	"testing"

	"github.com/sourcebot/newsbot/internal/golden"
)

// TestCompareGolden runs `bot compare` on the real articles and on the
// held-out ones (another event, other outlets' dates and speakers), and
// compares the output with testdata/compare_*.golden. The goldens freeze
// the output; which passages in them are right is asserted by
// internal/answer's TestCompare and TestCompareHeldout.
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
			golden.Check(t, filepath.Join("testdata", "compare_"+tt.name+".golden"), got.Bytes())
		})
	}
}
