package answer

import (
	"encoding/json"
	"fmt"
	"math"
	"slices"
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
	if !(m.Threshold >= 0 && m.Threshold <= 1) {
		return nil, fmt.Errorf("parse model: threshold %v is not in 0..1", m.Threshold)
	}
	return &m, nil
}

// DefaultModel is the committed model, data/ranker.json.
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

// confidence is the chance, from the answerability model, that the best
// passage answers the question.
func (m *Model) confidence(a *[NumAnswerFeatures]float64) float64 {
	z := m.Answer.Bias
	for i, w := range m.Answer.Weights {
		z += w * (a[i] - m.Answer.Mean[i]) / m.Answer.Scale[i]
	}
	return 1 / (1 + math.Exp(-z))
}
