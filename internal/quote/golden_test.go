package quote

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// TestGolden lists every quotation of each corpus with its attribution, so
// that a reviewer sees at a glance what the package thinks each article
// says and who said it. Run with -update to rewrite testdata/*.golden.
func TestGolden(t *testing.T) {
	for _, tt := range []struct{ name, dir string }{
		{"real", "real"},
		{"heldout", heldoutDir},
		{"synthetic", syntheticDir},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got := render(New(mustLoad(t, tt.dir)).Quotes())
			golden := filepath.Join("testdata", tt.name+".golden")
			if *update {
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if got != string(want) {
				t.Errorf("Quotes() differs from %s (-want +got):\n%s", golden, diffLines(string(want), got))
			}
		})
	}
}

// render prints quotations grouped by article.
func render(ms []Match) string {
	var b strings.Builder
	speakers := 0
	for _, m := range ms {
		if m.Attribution.Speaker != "" {
			speakers++
		}
	}
	fmt.Fprintf(&b, "# %d quotations, %d with a speaker\n", len(ms), speakers)
	var last string
	for _, m := range ms {
		a := m.Article
		if a.ID != last {
			fmt.Fprintf(&b, "\n== %s (%s, %s) %s\n", a.ID, a.Source, a.Date, a.Title)
			last = a.ID
		}
		id := strings.TrimPrefix(m.Passage.ID, a.ID)
		frag := ""
		if m.Fragment {
			frag = " [fragment]"
		}
		fmt.Fprintf(&b, "%s %q%s\n", id, m.Quote, frag)
		at := m.Attribution
		if at.Speaker == "" && at.How == "" {
			b.WriteString("    speaker: (none)\n")
			continue
		}
		fmt.Fprintf(&b, "    speaker: %s", or(at.Speaker, "(none)"))
		if at.Role != "" {
			fmt.Fprintf(&b, " | role: %s", at.Role)
		}
		if at.How != "" {
			fmt.Fprintf(&b, " | how: %s", at.How)
		}
		b.WriteString("\n")
	}
	return b.String()
}

func or(s, alt string) string {
	if s == "" {
		return alt
	}
	return s
}

// diffLines is a small line diff for golden mismatches.
func diffLines(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	var b strings.Builder
	for i := 0; i < max(len(w), len(g)); i++ {
		var wl, gl string
		if i < len(w) {
			wl = w[i]
		}
		if i < len(g) {
			gl = g[i]
		}
		if wl != gl {
			fmt.Fprintf(&b, "-%s\n+%s\n", wl, gl)
		}
	}
	return b.String()
}
