package main

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
	"sort"

	"github.com/sourcebot/newsbot/internal/answer"
)

// setScore counts, for one setting, what the engine and the baseline got
// right on the questions of held-out articles.
type setScore struct {
	Answerable   int `json:"answerable"`
	Top1         int `json:"top1"`
	Top3         int `json:"top3"`
	Withheld     int `json:"withheld"` // answerable, but no answer given
	Unanswerable int `json:"unanswerable"`
	Abstained    int `json:"abstained"` // unanswerable, and no answer given
	BaseTop1     int `json:"baseline_top1"`
	BaseTop3     int `json:"baseline_top3"`
	Right        int `json:"right"` // answered with the right passage
}

// bin is one band of confidence and how often answers in it were right.
type bin struct {
	Lo, Hi float64
	N      int     `json:"n"`
	Right  int     `json:"right"`
	Mean   float64 `json:"mean"` // the mean confidence of the answers in the band
}

// point is one operating point of the risk-coverage curve, on the own-
// article questions (answerable and not).
type point struct {
	Threshold float64 `json:"threshold"`
	Answered  float64 `json:"answered"` // share of all questions given an answer
	Right     float64 `json:"right"`    // share of those answers that are right
	Withheld  float64 `json:"withheld"` // share of answerable questions withheld
	Abstained float64 `json:"abstained"`
}

type report struct {
	Method       string              `json:"method"`
	Settings     map[string]setScore `json:"cross_validated"`
	Calibration  []bin               `json:"calibration"`
	RiskCoverage []point             `json:"risk_coverage"`
	RiskSmall    []point             `json:"risk_coverage_small"` // the same, on the small libraries
	// AtEqual is, per setting, the share of unanswerable questions
	// withheld when a threshold withholds maxWithheld of the answerable
	// ones held out: models compared at the same coverage, whatever
	// threshold each fitted.
	AtEqual map[string]float64 `json:"unanswerable_at_equal_withheld"`
}

// crossValidate fits on all articles but one and scores the one left out,
// for each article in turn.
func crossValidate(ds *dataset) (*report, error) { return crossValidateWithout(ds, dropped{}) }

// crossValidateWithout cross-validates a model fitted without the
// features drop.
func crossValidateWithout(ds *dataset, drop dropped) (*report, error) {
	rep := &report{
		Method:   fmt.Sprintf("leave one article out, %d folds; held-out figures only", len(ds.articles)),
		Settings: map[string]setScore{},
	}
	var preds, all []prediction
	thresholds := make([]float64, len(ds.articles))
	for k := range ds.articles {
		m, err := fitWithout(ds.examples, func(ex *example) bool { return ex.fold != k && ds.fits(ex) }, drop)
		if err != nil {
			return nil, fmt.Errorf("fold %s: %w", ds.articles[k], err)
		}
		thresholds[k] = m.threshold
		for i := range ds.examples {
			ex := &ds.examples[i]
			if ex.fold != k {
				continue
			}
			p := m.predict(ex)
			if ds.fits(ex) {
				preds = append(preds, p) // calibrated on these settings, so judged on them
			}
			all = append(all, p)
			s := rep.Settings[settingNames[ex.setting]]
			s.add(p, m.threshold)
			rep.Settings[settingNames[ex.setting]] = s
		}
	}
	rep.Calibration = calibration(preds)
	rep.RiskCoverage = riskCoverage(all, own)
	rep.RiskSmall = riskCoverage(all, small)
	rep.AtEqual = map[string]float64{}
	for _, s := range []int{own, pooled, small, twin} {
		rep.AtEqual[settingNames[s]] = atEqualWithheld(all, s)
	}
	return rep, nil
}

func (s *setScore) add(p prediction, threshold float64) {
	ex := p.ex
	if !ex.answerable {
		s.Unanswerable++
		if !p.answered(threshold) {
			s.Abstained++
		}
		return
	}
	s.Answerable++
	s.Top1 += int(b2f(p.top1))
	s.Right += int(b2f(p.top1 && p.answered(threshold)))
	s.Top3 += int(b2f(p.top3))
	s.BaseTop1 += int(b2f(ex.baseTop1))
	s.BaseTop3 += int(b2f(ex.baseTop3))
	if !p.answered(threshold) {
		s.Withheld++
	}
}

// calibration bands the held-out predictions of every setting by
// confidence and counts the right answers in each band.
func calibration(preds []prediction) []bin {
	bins := make([]bin, 5)
	for i := range bins {
		bins[i].Lo, bins[i].Hi = float64(i)/5, float64(i+1)/5
	}
	for _, p := range preds {
		i := min(int(p.confidence*5), 4)
		bins[i].N++
		bins[i].Right += int(b2f(p.top1))
		bins[i].Mean += p.confidence
	}
	for i := range bins {
		if bins[i].N > 0 {
			bins[i].Mean = round(bins[i].Mean / float64(bins[i].N))
		}
	}
	return bins
}

// riskCoverage is the trade-off between answering more and answering
// rightly, on the questions of one setting, at a few thresholds.
func riskCoverage(preds []prediction, setting int) []point {
	var mine []prediction
	for _, p := range preds {
		if p.ex.setting == setting {
			mine = append(mine, p)
		}
	}
	var out []point
	for _, t := range []float64{0, 0.05, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8} {
		var pt point
		pt.Threshold = t
		answered, right, answerable, withheld, unanswerable, abstained := 0, 0, 0, 0, 0, 0
		for _, p := range mine {
			a := p.answered(t)
			if a {
				answered++
				right += int(b2f(p.top1))
			}
			if p.ex.answerable {
				answerable++
				withheld += int(b2f(!a))
			} else {
				unanswerable++
				abstained += int(b2f(!a))
			}
		}
		pt.Answered = ratio(answered, len(mine))
		pt.Right = ratio(right, answered)
		pt.Withheld = ratio(withheld, answerable)
		pt.Abstained = ratio(abstained, unanswerable)
		out = append(out, pt)
	}
	return out
}

// atEqualWithheld is the share of the setting's unanswerable questions
// withheld at the confidence that withholds maxWithheld of its answerable
// ones.
func atEqualWithheld(preds []prediction, setting int) float64 {
	var yes, no []float64
	for _, p := range preds {
		switch {
		case p.ex.setting != setting:
		case p.ex.answerable:
			yes = append(yes, p.confidence)
		default:
			no = append(no, p.confidence)
		}
	}
	if len(yes) == 0 {
		return 0
	}
	sort.Float64s(yes)
	t := yes[int(maxWithheld*float64(len(yes)))]
	n := 0
	for _, c := range no {
		n += int(b2f(c < t || c == 0))
	}
	return ratio(n, len(no))
}

func ratio(n, d int) float64 {
	if d == 0 {
		return 0
	}
	return round(float64(n) / float64(d))
}

func (r *report) write(w io.Writer) {
	fmt.Fprintf(w, "Cross-validated (%s):\n\n", r.Method)
	fmt.Fprintln(w, "| setting | engine top-1 | engine top-3 | baseline top-1 | baseline top-3 | answerable withheld | unanswerable withheld |")
	fmt.Fprintln(w, "|---|---|---|---|---|---|---|")
	names := make([]string, 0, len(r.Settings))
	for n := range r.Settings {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		s := r.Settings[n]
		fmt.Fprintf(w, "| %s | %s | %s | %s | %s | %s | %d/%d (%s) |\n", n,
			pct(s.Top1, s.Answerable), pct(s.Top3, s.Answerable), pct(s.BaseTop1, s.Answerable), pct(s.BaseTop3, s.Answerable),
			pct(s.Withheld, s.Answerable), s.Abstained, s.Unanswerable, pct(s.Abstained, s.Unanswerable))
	}
	for _, n := range names {
		if v, ok := r.AtEqual[n]; ok {
			fmt.Fprintf(w, "%s: %.1f%% of unanswerable questions withheld where %.0f%% of answerable ones are\n", n, 100*v, 100*maxWithheld)
		}
	}
	for _, n := range names {
		s := r.Settings[n]
		answered := s.Answerable - s.Withheld + s.Unanswerable - s.Abstained
		fmt.Fprintf(w, "%s, at the operating point: %s of questions answered, %s of those right\n",
			n, pct(answered, s.Answerable+s.Unanswerable), pct(s.Right, answered))
	}
	fmt.Fprintln(w, "\nCalibration (held-out, every setting fitted on): confidence band, answers, mean confidence, right")
	for _, b := range r.Calibration {
		fmt.Fprintf(w, "  %.1f-%.1f  %5d  %.3f  %s\n", b.Lo, b.Hi, b.N, b.Mean, pct(b.Right, b.N))
	}
	for _, rc := range []struct {
		name string
		pts  []point
	}{{settingNames[own], r.RiskCoverage}, {settingNames[small], r.RiskSmall}} {
		fmt.Fprintf(w, "\nRisk-coverage (held-out, %s): threshold, answered, right of answered, answerable withheld, unanswerable withheld\n", rc.name)
		for _, p := range rc.pts {
			fmt.Fprintf(w, "  %.2f  %5.1f%%  %5.1f%%  %5.1f%%  %5.1f%%\n", p.Threshold, 100*p.Answered, 100*p.Right, 100*p.Withheld, 100*p.Abstained)
		}
	}
}

func pct(n, d int) string {
	if d == 0 {
		return "-"
	}
	return fmt.Sprintf("%.1f%%", 100*float64(n)/float64(d))
}

// round keeps six decimals: the committed model is stable across runs and
// readable in a diff.
func round(v float64) float64 { return math.Round(v*1e6) / 1e6 }

func roundAll(vs []float64) []float64 {
	out := make([]float64, len(vs))
	for i, v := range vs {
		out[i] = round(v)
	}
	return out
}

// encode writes the model as data/ranker.json.
func encode(f *fitted, rep *report) ([]byte, error) {
	var m answer.Model
	m.Rank.Features = answer.RankFeatureNames[:]
	m.Rank.Weights = roundAll(f.rank)
	m.Answer.Features = answer.AnswerFeatureNames[:]
	m.Answer.Mean = roundAll(f.mean)
	m.Answer.Scale = roundAll(f.scale)
	m.Answer.Weights = roundAll(f.weights)
	m.Answer.Bias = round(f.bias)
	m.Calibration = answer.Calibration{LogOdds: roundAll(f.cal.LogOdds), Confidence: roundAll(f.cal.Confidence)}
	m.Threshold = round(f.threshold)
	r, err := json.Marshal(rep)
	if err != nil {
		return nil, err
	}
	m.Report = r
	b, err := json.MarshalIndent(m, "", " ")
	if err != nil {
		return nil, err
	}
	if _, err := answer.ParseModel(b); err != nil {
		return nil, err
	}
	return append(b, '\n'), nil
}

// sameModel compares the parameters of two encoded models, not their
// reports.
func sameModel(a, b []byte) bool {
	ma, err := answer.ParseModel(a)
	if err != nil {
		return false
	}
	mb, err := answer.ParseModel(b)
	if err != nil {
		return false
	}
	ma.Report, mb.Report = nil, nil
	ja, _ := json.Marshal(ma)
	jb, _ := json.Marshal(mb)
	return string(ja) == string(jb)
}
