package quote

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sourcebot/newsbot/internal/golden"
)

// TestGolden lists every quotation of each corpus with its attribution, so
// that a reviewer sees at a glance what the package thinks each article
// says and who said it. Run with -update to rewrite testdata/*.golden.
func TestGolden(t *testing.T) {
	for _, tt := range []struct{ name, dir string }{
		{"real", "real"},
		{"heldout", heldoutDir},
		{"synthetic", syntheticDir},
		{"labels", "testdata/labels"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got := render(New(mustLoad(t, tt.dir)).Quotes())
			golden.Check(t, filepath.Join("testdata", tt.name+".golden"), []byte(got))
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
		if at.Doubt != "" {
			fmt.Fprintf(&b, "    speaker: (none) | doubt: %s\n", at.Doubt)
			continue
		}
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
