package main

import (
	"context"
	"os"
	"sync"
	"testing"
)

var (
	dsOnce sync.Once
	dsVal  *dataset
	dsErr  error
)

// devSet loads the SQuAD development set once for the tests here. They
// ask 2,828 questions three ways and fit the models (most of a minute), so
// they run with BOT_SLOW_TESTS=1, which CI sets.
func devSet(t *testing.T) *dataset {
	t.Helper()
	if testing.Short() || os.Getenv("BOT_SLOW_TESTS") != "1" {
		t.Skip("slow: runs with BOT_SLOW_TESTS=1 (CI sets it), not with -short")
	}
	dsOnce.Do(func() { dsVal, dsErr = load(context.Background(), "../../testdata/squad") })
	if dsErr != nil {
		t.Fatal(dsErr)
	}
	return dsVal
}

// TestCommittedModelIsTheFit: data/ranker.json is what `go run ./cmd/tune`
// fits on the committed development set with the committed code.
func TestCommittedModelIsTheFit(t *testing.T) {
	ds := devSet(t)
	m, err := fitModel(ds.examples, func(*example) bool { return true })
	if err != nil {
		t.Fatal(err)
	}
	b, err := encode(m, &report{})
	if err != nil {
		t.Fatal(err)
	}
	old, err := os.ReadFile("../../data/ranker.json")
	if err != nil {
		t.Fatal(err)
	}
	if !sameModel(old, b) {
		t.Errorf("data/ranker.json is not what the fit gives: run go run ./cmd/tune\nfit:\n%s", b)
	}
}

// TestCrossValidatedQuality gates the engine on its cross-validated figures
// (whole articles left out), beside the plain bleve baseline on the same
// questions. The floors sit just under today's figures (top-1 81.5% own,
// 80.8% pooled; top-3 91.8%, 90.9%; unanswerable withheld 18.8%, 15.4%;
// off-topic 84.0%): they stop regressions, they do not prove the engine
// good. The ceiling on answerable questions withheld (4.1%, 3.2% today) is
// the 5% the engine may withhold: the threshold is chosen on an inner
// cross-validation to withhold 4%, so a held-out figure over 5% means that
// choice no longer holds for new articles.
func TestCrossValidatedQuality(t *testing.T) {
	ds := devSet(t)
	rep, err := crossValidate(ds)
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{settingNames[own], settingNames[pooled]} {
		s := rep.Settings[name]
		top1, base := ratio(s.Top1, s.Answerable), ratio(s.BaseTop1, s.Answerable)
		top3 := ratio(s.Top3, s.Answerable)
		withheld, abstained := ratio(s.Withheld, s.Answerable), ratio(s.Abstained, s.Unanswerable)
		t.Logf("%s: top-1 %.3f (baseline %.3f), top-3 %.3f, withheld %.3f, unanswerable withheld %.3f",
			name, top1, base, top3, withheld, abstained)
		if top1 < 0.80 || top1 < base+0.03 {
			t.Errorf("%s: top-1 %.3f, want at least 0.80 and 3 points over the baseline's %.3f", name, top1, base)
		}
		if top3 < 0.90 {
			t.Errorf("%s: top-3 %.3f, want at least 0.90", name, top3)
		}
		if withheld > 0.05 {
			t.Errorf("%s: %.3f of answerable questions withheld, want at most 0.05", name, withheld)
		}
		if abstained < 0.15 {
			t.Errorf("%s: %.3f of unanswerable questions withheld, want at least 0.15", name, abstained)
		}
	}
	// 87.9% before the threshold was chosen on an inner cross-validation:
	// a lower threshold, so that no more than 5% of answerable questions are
	// withheld, lets more off-topic ones through.
	if s := rep.Settings[settingNames[offTopic]]; ratio(s.Abstained, s.Unanswerable) < 0.83 {
		t.Errorf("off-topic: %d of %d withheld, want at least 83%%", s.Abstained, s.Unanswerable)
	}
}
