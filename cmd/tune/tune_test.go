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
// 80.8% pooled; top-3 91.8%, 90.9%; answerable withheld 5.9%, 4.5%;
// unanswerable withheld 18.4%, 15.0%; off-topic 87.9%): they stop
// regressions, they do not prove the engine good. The withheld ceiling is
// above the 5% the engine aims at: the threshold is fitted on the training
// folds, whose answers the model is surer of than of held-out ones.
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
		if withheld > 0.06 {
			t.Errorf("%s: %.3f of answerable questions withheld, want at most 0.06", name, withheld)
		}
		if abstained < 0.14 {
			t.Errorf("%s: %.3f of unanswerable questions withheld, want at least 0.14", name, abstained)
		}
	}
	if s := rep.Settings[settingNames[offTopic]]; ratio(s.Abstained, s.Unanswerable) < 0.85 {
		t.Errorf("off-topic: %d of %d withheld, want at least 85%%", s.Abstained, s.Unanswerable)
	}
}
