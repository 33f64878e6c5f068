package answer

import (
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"sort"
	"sync"

	"github.com/sourcebot/newsbot/data"
)

// Model holds the fitted parameters of the engine: the ranker's weights
// over candidate features, and the answerability model that turns the best
// passage's features into the chance that it answers the question. They are
// fitted by `go run ./cmd/tune` on the SQuAD development set and committed
// in data/ranker.json.
type Model struct {
	Rank struct {
		Features []string  `json:"features"`
		Weights  []float64 `json:"weights"`
	} `json:"rank"`
	Answer struct {
		Features []string  `json:"features"`
		Mean     []float64 `json:"mean"`
		Scale    []float64 `json:"scale"`
		Weights  []float64 `json:"weights"`
		Bias     float64   `json:"bias"`
	} `json:"answer"`
	// Calibration maps the answerability model's log-odds to the
	// confidence, fitted on articles the model was not fitted on, so that
	// answers at a confidence c are right about c of the time on new
	// articles (see cmd/tune).
	Calibration Calibration `json:"calibration"`
	// Threshold is the confidence below which the engine says it has no
	// answer: chosen so that at most a set share of answerable questions
	// are withheld (see cmd/tune).
	Threshold float64 `json:"threshold"`
	// Report is what cmd/tune measured when it fitted the model; the
	// engine does not read it.
	Report json.RawMessage `json:"report,omitempty"`
}

// CaptionPrior is the ranker's weight on the caption feature. The SQuAD
// articles have no photo captions, so it cannot be fitted there. A caption
// names who is in a photo and where, and says nothing of what anyone said:
// at e^-3 (one in twenty) it stays behind any body text that matches
// about as well, and is offered only when nothing else speaks to the
// question.
const CaptionPrior = -3.0

// CaptionFeature is the index of the caption feature, which cmd/tune holds
// at CaptionPrior.
const CaptionFeature = fCaption

// ParseModel reads a model and checks that it is for this engine's features.
func ParseModel(b []byte) (*Model, error) {
	var m Model
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, fmt.Errorf("parse model: %w", err)
	}
	if !slices.Equal(m.Rank.Features, RankFeatureNames[:]) || len(m.Rank.Weights) != NumRankFeatures {
		return nil, fmt.Errorf("parse model: ranking features %v, want %v", m.Rank.Features, RankFeatureNames)
	}
	a := m.Answer
	if !slices.Equal(a.Features, AnswerFeatureNames[:]) || len(a.Weights) != NumAnswerFeatures ||
		len(a.Mean) != NumAnswerFeatures || len(a.Scale) != NumAnswerFeatures {
		return nil, fmt.Errorf("parse model: answerability features %v, want %v", a.Features, AnswerFeatureNames)
	}
	for _, s := range a.Scale {
		if !(s > 0) {
			return nil, fmt.Errorf("parse model: answerability scale %v is not positive", s)
		}
	}
	if err := m.Calibration.check(); err != nil {
		return nil, fmt.Errorf("parse model: %w", err)
	}
	if !(m.Threshold >= 0 && m.Threshold <= 1) {
		return nil, fmt.Errorf("parse model: threshold %v is not in 0..1", m.Threshold)
	}
	return &m, nil
}

// DefaultModel is the committed model, data/ranker.json, which every
// engine ranks and answers with. It is read on the first answer, not when
// an engine is made, so that cmd/tune can compute the features of a
// model that ranker.json does not have yet.
var DefaultModel = sync.OnceValue(func() *Model {
	m, err := ParseModel(data.Ranker)
	if err != nil {
		panic(err) // the embedded file is checked by tests: a build error
	}
	return m
})

// score is the ranker's score of a candidate.
func (m *Model) score(f *[NumRankFeatures]float64) float64 {
	s := 0.0
	for i, w := range m.Rank.Weights {
		s += w * f[i]
	}
	return s
}

// confidence is the calibrated chance, from the answerability model, that
// the best passage answers the question.
func (m *Model) confidence(a *[NumAnswerFeatures]float64) float64 {
	z := m.Answer.Bias
	for i, w := range m.Answer.Weights {
		z += w * (a[i] - m.Answer.Mean[i]) / m.Answer.Scale[i]
	}
	return m.Calibration.Of(z)
}

// Calibration is a rising map from the answerability model's log-odds to
// the confidence: knots of log-odds and the share of answers right there,
// read by straight lines between knots and flat beyond them.
type Calibration struct {
	LogOdds    []float64 `json:"log_odds"`
	Confidence []float64 `json:"confidence"`
}

// Of is the confidence at log-odds z.
func (c *Calibration) Of(z float64) float64 {
	n := len(c.LogOdds)
	i := sort.SearchFloat64s(c.LogOdds, z) // the first knot at or past z
	switch {
	case i == 0:
		return c.Confidence[0]
	case i == n:
		return c.Confidence[n-1]
	}
	t := (z - c.LogOdds[i-1]) / (c.LogOdds[i] - c.LogOdds[i-1])
	return c.Confidence[i-1] + t*(c.Confidence[i]-c.Confidence[i-1])
}

// check reports whether c is a rising map into 0..1.
func (c *Calibration) check() error {
	if len(c.LogOdds) == 0 || len(c.LogOdds) != len(c.Confidence) {
		return fmt.Errorf("calibration: %d log-odds for %d confidences", len(c.LogOdds), len(c.Confidence))
	}
	for i, p := range c.Confidence {
		if !(p >= 0 && p <= 1) || math.IsNaN(c.LogOdds[i]) || math.IsInf(c.LogOdds[i], 0) {
			return fmt.Errorf("calibration: knot %d (%v, %v) is not a log-odds and a share", i, c.LogOdds[i], p)
		}
		if i > 0 && !(c.LogOdds[i] > c.LogOdds[i-1] && p >= c.Confidence[i-1]) {
			return fmt.Errorf("calibration: knot %d (%v, %v) does not rise", i, c.LogOdds[i], p)
		}
	}
	return nil
}
