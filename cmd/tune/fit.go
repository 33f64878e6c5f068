package main

import (
	"math"
	"sort"

	"github.com/sourcebot/newsbot/internal/answer"
	"github.com/sourcebot/newsbot/internal/fit"
)

// Fitting choices. They are properties of the method, not of any question:
// a light L2 penalty keeps weights of rare features small, and the
// operating point withholds maxWithheld of the answerable questions of
// articles the answerability model was not fitted on (an inner
// cross-validation), a margin under the 5% the engine may withhold.
const (
	rankLambda   = 1e-3
	answerLambda = 1e-3
	maxWithheld  = 0.04
)

// fitted is a model fitted on some examples.
type fitted struct {
	rank      []float64
	mean      []float64
	scale     []float64
	weights   []float64
	bias      float64
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
	if err := m.fitThreshold(exs, keep); err != nil {
		return nil, err
	}
	return m, nil
}

// ranked reports whether the ranker learns from ex: a question some
// passage of its own article answers.
func (ex *example) ranked() bool { return ex.setting != offTopic && ex.answerable }

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

// fitThreshold sets the confidence below which no answer is given: at
// most maxWithheld of the ranked examples kept are withheld when each is
// judged by an answerability model fitted without its article (the ranker
// stays m's). Confidences on the examples a model was fitted on run
// higher than on new ones, so a threshold chosen on them withholds more
// than maxWithheld of new questions.
func (m *fitted) fitThreshold(exs []example, keep func(*example) bool) error {
	folds := map[int]bool{}
	for i := range exs {
		if keep(&exs[i]) {
			folds[exs[i].fold] = true
		}
	}
	var conf []float64
	for k := range folds {
		inner := &fitted{rank: m.rank, drop: m.drop}
		if err := inner.fitAnswerability(exs, func(ex *example) bool { return keep(ex) && ex.fold != k }); err != nil {
			return err
		}
		for i := range exs {
			ex := &exs[i]
			if keep(ex) && ex.fold == k && ex.ranked() {
				conf = append(conf, inner.predict(ex).confidence)
			}
		}
	}
	sort.Float64s(conf)
	if len(conf) > 0 {
		m.threshold = conf[int(maxWithheld*float64(len(conf)))]
	}
	return nil
}

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
	z := m.linear(a)
	p.confidence = 1 / (1 + math.Exp(-z))
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
