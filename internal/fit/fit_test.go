package fit

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestLogisticRecoversWeights fits data drawn from a known model.
func TestLogisticRecoversWeights(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	var X [][]float64
	var y []float64
	for range 20000 {
		x := []float64{r.NormFloat64(), r.NormFloat64()}
		p := sigmoid(0.5 + 2*x[0] - 1*x[1])
		X = append(X, x)
		if r.Float64() < p {
			y = append(y, 1)
		} else {
			y = append(y, 0)
		}
	}
	w, b, err := Logistic(X, y, []float64{0, 0}, []float64{1, 1}, 0)
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(w[0]-2) > 0.15 || math.Abs(w[1]+1) > 0.15 || math.Abs(b-0.5) > 0.15 {
		t.Errorf("got w=%v b=%v, want about [2 -1] and 0.5", w, b)
	}
}

// TestSoftmaxRanksTheRightOneFirst: the right candidate has the larger
// first feature in every list; the fit must learn to prefer it.
func TestSoftmaxRanksTheRightOneFirst(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	var lists []List
	for range 500 {
		l := List{}
		for i := range 5 {
			x := []float64{r.Float64(), r.Float64()}
			if i == 0 {
				x[0] += 0.5
			}
			l.X = append(l.X, x)
			l.Target = append(l.Target, map[bool]float64{true: 1}[i == 0])
		}
		lists = append(lists, l)
	}
	w, err := Softmax(lists, 2, 1e-3, map[int]bool{1: true})
	if err != nil {
		t.Fatal(err)
	}
	if w[0] <= 1 || w[1] != 0 {
		t.Errorf("w = %v: want a large positive weight on feature 0 and feature 1 held at 0", w)
	}
}

// TestIsotonicRecoversARisingRate fits rates drawn from a known rising
// curve that flattens at the top, as the answerability model's right share
// does, and reads them back within the noise of the bins.
func TestIsotonicRecoversARisingRate(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	rate := func(x float64) float64 { return min(sigmoid(2*x), 0.6) }
	var x, y []float64
	for range 20000 {
		v := 4*r.Float64() - 2
		x = append(x, v)
		y = append(y, b2f(r.Float64() < rate(v)))
	}
	kx, ky, err := Isotonic(x, y, 400)
	if err != nil {
		t.Fatal(err)
	}
	if len(kx) < 5 || len(kx) > 50 {
		t.Errorf("%d knots, want 5..50 bins of at least 400 of 20,000", len(kx))
	}
	for i := range kx {
		if i > 0 && !(kx[i] > kx[i-1] && ky[i] > ky[i-1]) {
			t.Fatalf("knot %d (%v, %v) does not rise from (%v, %v)", i, kx[i], ky[i], kx[i-1], ky[i-1])
		}
		if math.Abs(ky[i]-rate(kx[i])) > 0.08 {
			t.Errorf("at %.2f: rate %.3f, want about %.3f", kx[i], ky[i], rate(kx[i]))
		}
	}
	if _, _, err := Isotonic(nil, nil, 10); err == nil {
		t.Error("no examples: want an error")
	}
}

func b2f(b bool) float64 {
	if b {
		return 1
	}
	return 0
}
