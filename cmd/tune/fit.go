package main

import (
	"slices"
	"sort"

	"github.com/sourcebot/newsbot/internal/answer"
	"github.com/sourcebot/newsbot/internal/fit"
)

// Fitting choices. They are properties of the method, not of any question:
// a light L2 penalty keeps weights of rare features small; the confidence
// is recalibrated, and the operating point withholds maxWithheld of the
// answerable questions, on articles the answerability model was not
// fitted on (an inner cross-validation), a margin under the 5% the engine
// may withhold.
const (
	rankLambda   = 1e-3
	answerLambda = 1e-3
	maxWithheld  = 0.04
	// calibrationBin is the least share of the inner held-out examples
	// that one knot of the calibration stands for: about 400 of them, a
	// right share within about 2.5 points. (2.5% and 10% were measured
	// too: the same held-out calibration within a point or two.)
	calibrationBin = 0.05
)

// fitted is a model fitted on some examples.
type fitted struct {
	rank      []float64
	mean      []float64
	scale     []float64
	weights   []float64
	bias      float64
	cal       answer.Calibration // from the log-odds to the confidence
	threshold float64
	drop      []int // answerability features read as zero (the ablation)
}

// linear is the answerability model's log-odds for features a.
func (m *fitted) linear(a []float64) float64 {
	z := m.bias
	for j, w := range m.weights {
		z += w * (a[j] - m.mean[j]) / m.scale[j]
	}
	return z
}

// fitModel fits the ranker, then the answerability model on the ranker's
// choices, then the threshold, all on the examples that keep says to.
func fitModel(exs []example, keep func(*example) bool) (*fitted, error) {
	return fitWithout(exs, keep, dropped{})
}

// dropped are the features an ablation leaves out: ranking features held
// at zero weight, answerability features read as zero.
type dropped struct {
	rank, answer []int
}

// fitWithout is fitModel without the features drop, for the ablation.
func fitWithout(exs []example, keep func(*example) bool, drop dropped) (*fitted, error) {
	w, err := fitRanker(exs, keep, drop.rank)
	if err != nil {
		return nil, err
	}
	m := &fitted{rank: w, drop: drop.answer}
	if err := m.fitAnswerability(exs, keep); err != nil {
		return nil, err
	}
	if err := m.fitCalibration(exs, keep); err != nil {
		return nil, err
	}
	return m, nil
}

// ranked reports whether the ranker learns from ex: a question some
// passage of its own article answers.
func (ex *example) ranked() bool { return !ex.offTopic() && ex.answerable }

// fitRanker fits the ranking weights on the ranked examples kept, with the
// caption feature at its prior and the features in drop at zero.
func fitRanker(exs []example, keep func(*example) bool, drop []int) ([]float64, error) {
	var lists []fit.List
	for i := range exs {
		ex := &exs[i]
		if !keep(ex) || !ex.ranked() {
			continue
		}
		if l, ok := rankList(ex); ok {
			lists = append(lists, l)
		}
	}
	skip := map[int]bool{answer.CaptionFeature: true}
	for _, f := range drop {
		skip[f] = true
	}
	w, err := fit.Softmax(lists, answer.NumRankFeatures, rankLambda, skip)
	if err != nil {
		return nil, err
	}
	w[answer.CaptionFeature] = answer.CaptionPrior
	return w, nil
}

// fitAnswerability fits the answerability model on the ranker's choices
// for every example kept.
func (m *fitted) fitAnswerability(exs []example, keep func(*example) bool) error {
	var X [][]float64
	var y []float64
	for i := range exs {
		ex := &exs[i]
		if !keep(ex) {
			continue
		}
		a, right, ok := m.answerFeatures(ex, m.scores(ex))
		if !ok {
			continue
		}
		X = append(X, a)
		y = append(y, b2f(right))
	}
	m.mean, m.scale = fit.Standardize(X, answer.NumAnswerFeatures)
	var err error
	m.weights, m.bias, err = fit.Logistic(X, y, m.mean, m.scale, answerLambda)
	return err
}

// fitCalibration maps the answerability model's log-odds to a confidence
// that is right as a rate on new articles, and sets the confidence below
// which no answer is given. Confidences on the examples a model was fitted
// on run higher than on new ones, so both are fitted on inner held-out
// log-odds: each kept example judged by an answerability model fitted
// without its article (the ranker stays m's). The map is the share of
// first passages right, over every setting kept, as a rising function of
// those log-odds (fit.Isotonic). The threshold withholds maxWithheld of
// the ranked examples on that calibrated scale.
func (m *fitted) fitCalibration(exs []example, keep func(*example) bool) error {
	z, y, ranked, none, err := m.innerLogits(exs, keep)
	if err != nil {
		return err
	}
	kx, ky, err := fit.Isotonic(z, y, max(1, int(calibrationBin*float64(len(z)))))
	if err != nil {
		return err
	}
	m.cal = answer.Calibration{LogOdds: kx, Confidence: ky}
	conf := make([]float64, none) // no candidate: confidence 0
	for i, r := range ranked {
		if r {
			conf = append(conf, m.confidence(z[i]))
		}
	}
	sort.Float64s(conf)
	if len(conf) > 0 {
		m.threshold = conf[int(maxWithheld*float64(len(conf)))]
	}
	return nil
}

// innerLogits are, for every kept example with a candidate, the log-odds
// of an answerability model fitted without the example's article, whether
// the first passage is right, and whether the example is ranked; and how
// many ranked examples have no candidate at all. Folds go
// in order, so the fits that read them are deterministic.
func (m *fitted) innerLogits(exs []example, keep func(*example) bool) (z, y []float64, ranked []bool, none int, err error) {
	var folds []int
	for i := range exs {
		if keep(&exs[i]) && !slices.Contains(folds, exs[i].fold) {
			folds = append(folds, exs[i].fold)
		}
	}
	slices.Sort(folds)
	for _, k := range folds {
		inner := &fitted{rank: m.rank, drop: m.drop}
		if err := inner.fitAnswerability(exs, func(ex *example) bool { return keep(ex) && ex.fold != k }); err != nil {
			return nil, nil, nil, 0, err
		}
		for i := range exs {
			ex := &exs[i]
			if !keep(ex) || ex.fold != k {
				continue
			}
			a, right, ok := inner.answerFeatures(ex, inner.scores(ex))
			if !ok {
				none += int(b2f(ex.ranked()))
				continue
			}
			z = append(z, inner.linear(a))
			y = append(y, b2f(right))
			ranked = append(ranked, ex.ranked())
		}
	}
	return z, y, ranked, none, nil
}

// confidence is the calibrated chance that the first passage is right,
// for the answerability model's log-odds z.
func (m *fitted) confidence(z float64) float64 { return m.cal.Of(z) }

func rankList(ex *example) (fit.List, bool) {
	n := 0
	for _, r := range ex.right {
		if r {
			n++
		}
	}
	if n == 0 {
		return fit.List{}, false
	}
	l := fit.List{}
	for i, f := range ex.x.Rank {
		l.X = append(l.X, f[:])
		t := 0.0
		if ex.right[i] {
			t = 1 / float64(n)
		}
		l.Target = append(l.Target, t)
	}
	return l, true
}

// scores are the ranker's scores of an example's candidates.
func (m *fitted) scores(ex *example) []float64 {
	s := make([]float64, len(ex.x.Rank))
	for i, f := range ex.x.Rank {
		for j, w := range m.rank {
			s[i] += w * f[j]
		}
	}
	return s
}

// answerFeatures are the answerability features, under the ranker's scores, of the example's best
// candidate, and whether it holds the answer.
func (m *fitted) answerFeatures(ex *example, scores []float64) ([]float64, bool, bool) {
	best, a := ex.x.Answerability(scores)
	if best < 0 {
		return nil, false, false
	}
	for _, j := range m.drop {
		a[j] = 0
	}
	return a[:], ex.right[best], true
}

// prediction is what the model does with one example.
type prediction struct {
	ex         *example
	confidence float64
	top1, top3 bool // the right passage is first, or among the first three
}

func (m *fitted) predict(ex *example) prediction {
	p := prediction{ex: ex}
	s := m.scores(ex)
	a, right, ok := m.answerFeatures(ex, s)
	if !ok {
		return p
	}
	p.confidence = m.confidence(m.linear(a))
	p.top1 = right
	order := make([]int, len(s))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(i, j int) bool { return s[order[i]] > s[order[j]] })
	for k, i := range order {
		if k < 3 && ex.right[i] {
			p.top3 = true
		}
	}
	return p
}

func (p prediction) answered(threshold float64) bool {
	return p.confidence >= threshold && p.confidence > 0
}

func b2f(b bool) float64 {
	if b {
		return 1
	}
	return 0
}
