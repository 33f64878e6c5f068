package main

import (
	"context"
	"math"
	"os"
	"sync"
	"testing"
)

var (
	dsOnce sync.Once
	dsVal  *dataset
	dsErr  error

	cvOnce sync.Once
	cvVal  *report
	cvErr  error
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

// crossValidated is the cross-validated report on the development set,
// computed once for the tests here.
func crossValidated(t *testing.T) *report {
	t.Helper()
	ds := devSet(t)
	cvOnce.Do(func() { cvVal, cvErr = crossValidate(ds) })
	if cvErr != nil {
		t.Fatal(cvErr)
	}
	return cvVal
}

// TestCommittedModelIsTheFit: data/ranker.json is what `go run ./cmd/tune`
// fits on the committed development set with the committed code.
func TestCommittedModelIsTheFit(t *testing.T) {
	ds := devSet(t)
	m, err := fitModel(ds.examples, ds.fits)
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
// 80.8% pooled; top-3 91.8%, 90.9%; unanswerable withheld 18.7%, 15.5%;
// off-topic 84.3%): they stop regressions, they do not prove the engine
// good. The ceiling on answerable questions withheld (4.1%, 3.2% today) is
// the 5% the engine may withhold: the threshold is chosen on an inner
// cross-validation to withhold 4%, so a held-out figure over 5% means that
// choice no longer holds for new articles.
func TestCrossValidatedQuality(t *testing.T) {
	rep := crossValidated(t)
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
	// The small libraries (see smallLibraries): the model is not fitted
	// on them, so this is how it transfers to a library the size of the
	// news ones. Today top-1 is 86.8% (baseline 84.2%), top-3 95.6%,
	// unanswerable withheld 20.4%, off-topic 86.0%, and 5.1% of answerable
	// questions withheld. The libraries are one shuffle's draw: over the
	// seeds 1, 2, 4, 7 and 12, top-1 was 86.8–87.5% and 1.9–2.9 points
	// over the baseline, answerable withheld 4.5–5.5% (59–71 of 1,299),
	// unanswerable withheld 19.9–20.5%, off-topic 86.0–87.8%. The gates sit
	// just outside that spread, so a new seed or article cannot trip them
	// alone; the withheld gate is over the 5% bound, and so only stops
	// regressions.
	gateView(t, rep, small, viewGate{top1: 0.86, overBase: 0.015, withheld: 0.057, unanswerable: 0.19})
	// The twin view (see twinOf): each article beside a reworded copy, as
	// the news libraries hold two reports of one event. Today top-1 is
	// 79.0% (baseline 74.3%), 4.2% of answerable questions withheld (6.6%
	// before the share and margin counted a near-copy with the best) and
	// 18.7% of unanswerable ones.
	gateView(t, rep, twin, viewGate{top1: 0.78, overBase: 0.03, withheld: 0.05, unanswerable: 0.18})
	if s := rep.Settings[settingNames[smallOffTopic]]; ratio(s.Abstained, s.Unanswerable) < 0.85 {
		t.Errorf("small off-topic: %d of %d withheld, want at least 85%%", s.Abstained, s.Unanswerable)
	}
	// 87.9% before the threshold was chosen on an inner cross-validation:
	// a lower threshold, so that no more than 5% of answerable questions are
	// withheld, lets more off-topic ones through.
	if s := rep.Settings[settingNames[offTopic]]; ratio(s.Abstained, s.Unanswerable) < 0.83 {
		t.Errorf("off-topic: %d of %d withheld, want at least 83%%", s.Abstained, s.Unanswerable)
	}
}

// TestCrossValidatedCalibration: a teacher reads the confidence literally,
// so on articles the model was not fitted on, answers at a confidence c
// must be right about c of the time. In every band of the report that
// holds at least calibrationMinShare of the answers, the share right must
// lie within calibrationTolerance of the band's mean confidence. Binomial
// noise in a band of 400 answers is 2.5 points; the held-out bands sit
// within 2 points today, and the tolerance leaves room for the articles
// to differ. Before the confidence was recalibrated, the 0.6-0.8 band held
// a tenth of the answers, at a mean of 0.663, and was 55% right: this test
// failed on it. A band thinner than the
// share is not judged: today 0.6-0.8 holds 2% of the answers, at 0.62,
// and they are about 40% right (the README says so).
func TestCrossValidatedCalibration(t *testing.T) {
	rep := crossValidated(t)
	total := 0
	for _, b := range rep.Calibration {
		total += b.N
	}
	for _, b := range rep.Calibration {
		right := float64(b.Right) / float64(max(b.N, 1))
		t.Logf("%.1f-%.1f: %d answers, mean confidence %.3f, %.1f%% right", b.Lo, b.Hi, b.N, b.Mean, 100*right)
		if float64(b.N) < calibrationMinShare*float64(total) {
			continue
		}
		if math.Abs(right-b.Mean) > calibrationTolerance {
			t.Errorf("%.1f-%.1f: %d answers at a mean confidence of %.3f were %.1f%% right, want within %.0f points",
				b.Lo, b.Hi, b.N, b.Mean, 100*right, 100*calibrationTolerance)
		}
	}
}

const (
	calibrationMinShare  = 0.05
	calibrationTolerance = 0.05
)

// viewGate is what a view the model is not fitted on must reach: top-1,
// its lead over the baseline, and the shares of answerable questions
// withheld (at most) and of unanswerable ones (at least).
type viewGate struct{ top1, overBase, withheld, unanswerable float64 }

func gateView(t *testing.T, rep *report, setting int, g viewGate) {
	t.Helper()
	name := settingNames[setting]
	s := rep.Settings[name]
	top1, base := ratio(s.Top1, s.Answerable), ratio(s.BaseTop1, s.Answerable)
	if top1 < g.top1 || top1 < base+g.overBase {
		t.Errorf("%s: top-1 %.3f, want at least %.2f and %.0f points over the baseline's %.3f", name, top1, g.top1, 100*g.overBase, base)
	}
	if w := ratio(s.Withheld, s.Answerable); w > g.withheld {
		t.Errorf("%s: %.3f of answerable questions withheld, want at most %.3f", name, w, g.withheld)
	}
	if a := ratio(s.Abstained, s.Unanswerable); a < g.unanswerable {
		t.Errorf("%s: %.3f of unanswerable questions withheld, want at least %.2f", name, a, g.unanswerable)
	}
}
