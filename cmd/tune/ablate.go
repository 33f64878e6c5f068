package main

import (
	"fmt"
	"io"
	"slices"

	"github.com/sourcebot/newsbot/internal/answer"
)

// featureGroups are the ranking features the ablation leaves out together.
var featureGroups = []struct {
	name     string
	features []string
}{
	{"word overlap (bm25, coverage, count)", []string{"bm25", "coverage", "count"}},
	{"proximity (density, bigram)", []string{"density", "bigram"}},
	{"expected answer type", []string{"answer_type"}},
	{"position and length (lead, length)", []string{"lead", "length"}},
	{"what is missing (miss_max, number_missing, expanded, context_only)", []string{"miss_max", "number_missing", "expanded", "context_only"}},
	{"word families (family)", []string{"family"}},
}

// ablate cross-validates the model without each feature group in turn.
func ablate(ds *dataset, w io.Writer) error {
	fmt.Fprintln(w, "\nAblation (cross-validated top-1 and top-3, own article / pooled; unanswerable withheld, own article):")
	fmt.Fprintln(w, "\n| ranking features | top-1 own | top-1 pooled | top-3 own | top-3 pooled | unanswerable withheld |")
	fmt.Fprintln(w, "|---|---|---|---|---|---|")
	row := func(name string, drop []int) error {
		rep, err := crossValidateWithout(ds, drop)
		if err != nil {
			return err
		}
		o, p := rep.Settings[settingNames[own]], rep.Settings[settingNames[pooled]]
		fmt.Fprintf(w, "| %s | %s | %s | %s | %s | %s |\n", name, pct(o.Top1, o.Answerable), pct(p.Top1, p.Answerable),
			pct(o.Top3, o.Answerable), pct(p.Top3, p.Answerable), pct(o.Abstained, o.Unanswerable))
		return nil
	}
	if err := row("all", nil); err != nil {
		return err
	}
	for _, g := range featureGroups {
		var drop []int
		for _, f := range g.features {
			i := slices.Index(answer.RankFeatureNames[:], f)
			if i < 0 {
				return fmt.Errorf("ablation: no feature %q", f)
			}
			drop = append(drop, i)
		}
		if err := row("without "+g.name, drop); err != nil {
			return err
		}
	}
	return nil
}
