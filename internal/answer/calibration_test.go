package answer

import (
	"math"
	"testing"
)

// TestCalibrationOf: the confidence is read from the knots by straight
// lines between them and is flat beyond them.
func TestCalibrationOf(t *testing.T) {
	c := Calibration{LogOdds: []float64{-2, 0, 1}, Confidence: []float64{0.05, 0.3, 0.5}}
	for _, tt := range []struct{ z, want float64 }{
		{-9, 0.05}, {-2, 0.05}, {-1, 0.175}, {0, 0.3}, {0.5, 0.4}, {1, 0.5}, {7, 0.5},
	} {
		if got := c.Of(tt.z); math.Abs(got-tt.want) > 1e-12 {
			t.Errorf("Of(%v) = %v, want %v", tt.z, got, tt.want)
		}
	}
}

// TestCalibrationMustRise: a model whose calibration falls, leaves 0..1 or
// has no knots is refused, so the engine never reads a confidence that
// goes down as the answerability model's log-odds go up.
func TestCalibrationMustRise(t *testing.T) {
	for _, c := range []Calibration{
		{},
		{LogOdds: []float64{0, 1}, Confidence: []float64{0.3}},
		{LogOdds: []float64{0, 1}, Confidence: []float64{0.5, 0.3}},
		{LogOdds: []float64{1, 0}, Confidence: []float64{0.3, 0.5}},
		{LogOdds: []float64{0, 1}, Confidence: []float64{0.3, 1.5}},
		{LogOdds: []float64{0, math.Inf(1)}, Confidence: []float64{0.3, 0.5}},
	} {
		if err := c.check(); err == nil {
			t.Errorf("%+v: no error, want one", c)
		}
	}
	if err := (&Calibration{LogOdds: []float64{0, 1}, Confidence: []float64{0.3, 0.3}}).check(); err != nil {
		t.Errorf("a flat stretch: %v, want none", err)
	}
}
