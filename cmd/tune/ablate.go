package main

import (
	"fmt"
	"io"
	"slices"

	"github.com/sourcebot/newsbot/internal/answer"
)

// featureGroup is a set of features the ablation leaves out together.
type featureGroup struct {
	name     string
	features []string
}

// featureGroups are the ranking features the ablation leaves out together.
var featureGroups = []featureGroup{
	{"word overlap (bm25, coverage, count)", []string{"bm25", "coverage", "count"}},
	{"proximity (density, bigram)", []string{"density", "bigram"}},
	{"expected answer type", []string{"answer_type"}},
	{"position and length (lead, length)", []string{"lead", "length"}},
	{"what is missing (miss_max, number_missing, expanded, context_only)", []string{"miss_max", "number_missing", "expanded", "context_only"}},
	{"word families (family)", []string{"family"}},
}

// answerGroups are the answerability features the ablation leaves out
// together: those that look for what changed between a question and the
// passage it was written against (mismatch.go).
var answerGroups = []featureGroup{
	{"the best sentence (sentence_miss, name_apart)", []string{"sentence_miss", "name_apart"}},
	{"a name or number said elsewhere", []string{"elsewhere"}},
	{"an antonym", []string{"antonym"}},
	{"a superlative, ordinal or count the passage lacks (superlative, count_missing)", []string{"superlative", "count_missing"}},
	{"a denial the best sentence does not echo (sentence_negation, denied)", []string{"sentence_negation", "denied"}},
	{"all of the above", []string{"sentence_miss", "name_apart", "elsewhere", "antonym", "superlative", "count_missing",
		"sentence_negation", "denied"}},
}

// ablate cross-validates the model without each feature group in turn.
func ablate(ds *dataset, w io.Writer) error {
	fmt.Fprintln(w, "\nAblation (cross-validated, own article / pooled; withheld at the operating point):")
	fmt.Fprintln(w, "\n| features | top-1 own | top-1 pooled | top-3 own | top-3 pooled | unanswerable withheld own | pooled | answerable withheld own | pooled |")
	fmt.Fprintln(w, "|---|---|---|---|---|---|---|---|---|")
	row := func(name string, drop dropped) error {
		rep, err := crossValidateWithout(ds, drop)
		if err != nil {
			return err
		}
		o, p := rep.Settings[settingNames[own]], rep.Settings[settingNames[pooled]]
		fmt.Fprintf(w, "| %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", name, pct(o.Top1, o.Answerable), pct(p.Top1, p.Answerable),
			pct(o.Top3, o.Answerable), pct(p.Top3, p.Answerable), pct(o.Abstained, o.Unanswerable), pct(p.Abstained, p.Unanswerable), pct(o.Withheld, o.Answerable), pct(p.Withheld, p.Answerable))
		return nil
	}
	if err := row("all", dropped{}); err != nil {
		return err
	}
	for _, g := range featureGroups {
		drop, err := indices(answer.RankFeatureNames[:], g.features)
		if err != nil {
			return err
		}
		if err := row("without ranking "+g.name, dropped{rank: drop}); err != nil {
			return err
		}
	}
	for _, g := range answerGroups {
		drop, err := indices(answer.AnswerFeatureNames[:], g.features)
		if err != nil {
			return err
		}
		if err := row("without answerability "+g.name, dropped{answer: drop}); err != nil {
			return err
		}
	}
	return nil
}

// indices are the positions of the features named in names.
func indices(names, features []string) ([]int, error) {
	var out []int
	for _, f := range features {
		i := slices.Index(names, f)
		if i < 0 {
			return nil, fmt.Errorf("ablation: no feature %q", f)
		}
		out = append(out, i)
	}
	return out, nil
}
