// Package fit fits the engine's two models by Newton's method: a linear
// ranker under a listwise softmax loss, and a logistic regression. Both
// losses are convex and the fits are deterministic, so the same data gives
// the same parameters on every run.
package fit

import (
	"errors"
	"math"
)

// List is one question's candidates: a feature row each, and the target
// share of each (the right passages share 1 between them).
type List struct {
	X      [][]float64
	Target []float64
}

// Softmax fits weights w that minimise the cross-entropy between each
// list's targets and softmax(X·w), plus lambda/2·|w|² per list. Feature
// columns in skip are held at zero weight.
func Softmax(lists []List, dim int, lambda float64, skip map[int]bool) ([]float64, error) {
	w := make([]float64, dim)
	n := float64(len(lists))
	for iter := 0; iter < 50; iter++ {
		g := make([]float64, dim)
		h := newMatrix(dim)
		for _, l := range lists {
			addSoftmaxList(g, h, l, w)
		}
		for a := range dim {
			g[a] += lambda * n * w[a]
			h[a][a] += lambda * n
		}
		for a := range skip {
			for b := range dim {
				h[a][b], h[b][a] = 0, 0
			}
			h[a][a], g[a] = 1, 0
		}
		step, err := solve(h, g)
		if err != nil {
			return nil, err
		}
		loss := func(w []float64) float64 { return softmaxLoss(lists, w, lambda) }
		if !descend(w, step, loss) {
			break
		}
	}
	return w, nil
}

// addSoftmaxList adds one list's share of the loss's gradient g and
// Hessian h at w: with p = softmax(X·w) and μ = Σ p_i x_i, the gradient is
// μ - Σ t_i x_i and the Hessian Σ p_i (x_i-μ)(x_i-μ)ᵀ.
func addSoftmaxList(g []float64, h [][]float64, l List, w []float64) {
	dim := len(g)
	p := softmax(l.X, w)
	mu := make([]float64, dim)
	for i, x := range l.X {
		for a := range dim {
			mu[a] += p[i] * x[a]
			g[a] -= l.Target[i] * x[a]
		}
	}
	for i, x := range l.X {
		for a := range dim {
			for b := range dim {
				h[a][b] += p[i] * (x[a] - mu[a]) * (x[b] - mu[b])
			}
		}
	}
	for a := range dim {
		g[a] += mu[a]
	}
}

// descend moves w against step, halving the step until the loss falls
// (Newton's method with a backtracking line search, which keeps it from
// overshooting far from the optimum); false means it has converged.
func descend(w, step []float64, loss func([]float64) float64) bool {
	before := loss(w)
	next := make([]float64, len(w))
	for t := 1.0; t > 1e-6; t /= 2 {
		for a := range w {
			next[a] = w[a] - t*step[a]
		}
		if after := loss(next); after < before {
			copy(w, next)
			return before-after > 1e-12*math.Max(1, math.Abs(before))
		}
	}
	return false
}

func softmaxLoss(lists []List, w []float64, lambda float64) float64 {
	loss := 0.0
	for _, l := range lists {
		p := softmax(l.X, w)
		for i, t := range l.Target {
			if t > 0 {
				loss -= t * math.Log(max(p[i], 1e-300))
			}
		}
	}
	return loss + lambda*float64(len(lists))*dot(w, w)/2
}

func softmax(X [][]float64, w []float64) []float64 {
	s := make([]float64, len(X))
	top := math.Inf(-1)
	for i, x := range X {
		s[i] = dot(x, w)
		top = max(top, s[i])
	}
	sum := 0.0
	for i := range s {
		s[i] = math.Exp(s[i] - top)
		sum += s[i]
	}
	for i := range s {
		s[i] /= sum
	}
	return s
}

// Standardize returns each column's mean and standard deviation (1 where a
// column does not vary), for fitting on comparable scales.
func Standardize(X [][]float64, dim int) (mean, scale []float64) {
	mean, scale = make([]float64, dim), make([]float64, dim)
	for _, x := range X {
		for a := range dim {
			mean[a] += x[a]
		}
	}
	for a := range dim {
		mean[a] /= float64(max(1, len(X)))
	}
	for _, x := range X {
		for a := range dim {
			d := x[a] - mean[a]
			scale[a] += d * d
		}
	}
	for a := range dim {
		scale[a] = math.Sqrt(scale[a] / float64(max(1, len(X))))
		if scale[a] < 1e-12 {
			scale[a] = 1
		}
	}
	return mean, scale
}

// Logistic fits P(y=1|x) = σ(bias + w·z), where z is x standardised by mean
// and scale, minimising the log loss plus lambda/2·|w|² per example.
func Logistic(X [][]float64, y []float64, mean, scale []float64, lambda float64) (w []float64, bias float64, err error) {
	dim := len(mean)
	// Parameter 0 is the bias; it is not penalised.
	theta := make([]float64, dim+1)
	n := float64(len(X))
	z := make([]float64, dim+1)
	for iter := 0; iter < 100; iter++ {
		g := make([]float64, dim+1)
		h := newMatrix(dim + 1)
		for i, x := range X {
			standardized(z, x, mean, scale)
			p := sigmoid(dot(z, theta))
			for a := range z {
				g[a] += (p - y[i]) * z[a]
				for b := range z {
					h[a][b] += p * (1 - p) * z[a] * z[b]
				}
			}
		}
		for a := 1; a <= dim; a++ {
			g[a] += lambda * n * theta[a]
			h[a][a] += lambda * n
		}
		h[0][0] += 1e-9 * n
		step, err := solve(h, g)
		if err != nil {
			return nil, 0, err
		}
		loss := func(theta []float64) float64 { return logLoss(X, y, mean, scale, theta, lambda) }
		if !descend(theta, step, loss) {
			break
		}
	}
	return theta[1:], theta[0], nil
}

func logLoss(X [][]float64, y, mean, scale, theta []float64, lambda float64) float64 {
	dim := len(mean)
	z := make([]float64, dim+1)
	loss := 0.0
	for i, x := range X {
		standardized(z, x, mean, scale)
		v := dot(z, theta)
		// log(1+e^v) - y·v, computed without overflow
		loss += math.Max(v, 0) + math.Log1p(math.Exp(-math.Abs(v))) - y[i]*v
	}
	return loss + lambda*float64(len(X))*(dot(theta, theta)-theta[0]*theta[0])/2
}

// standardized sets z to 1 (for the bias) and x standardised by mean and
// scale.
func standardized(z, x, mean, scale []float64) {
	z[0] = 1
	for a := range mean {
		z[a+1] = (x[a] - mean[a]) / scale[a]
	}
}

func sigmoid(z float64) float64 { return 1 / (1 + math.Exp(-z)) }

func dot(a, b []float64) float64 {
	s := 0.0
	for i := range a {
		s += a[i] * b[i]
	}
	return s
}

func newMatrix(n int) [][]float64 {
	m := make([][]float64, n)
	for i := range m {
		m[i] = make([]float64, n)
	}
	return m
}

// solve solves A·x = b by Gaussian elimination with partial pivoting; A and
// b are overwritten.
func solve(A [][]float64, b []float64) ([]float64, error) {
	n := len(b)
	for c := range n {
		p := c
		for r := c + 1; r < n; r++ {
			if math.Abs(A[r][c]) > math.Abs(A[p][c]) {
				p = r
			}
		}
		if math.Abs(A[p][c]) < 1e-300 {
			return nil, errors.New("fit: singular system")
		}
		A[c], A[p] = A[p], A[c]
		b[c], b[p] = b[p], b[c]
		for r := c + 1; r < n; r++ {
			f := A[r][c] / A[c][c]
			for k := c; k < n; k++ {
				A[r][k] -= f * A[c][k]
			}
			b[r] -= f * b[c]
		}
	}
	x := make([]float64, n)
	for r := n - 1; r >= 0; r-- {
		s := b[r]
		for k := r + 1; k < n; k++ {
			s -= A[r][k] * x[k]
		}
		x[r] = s / A[r][r]
	}
	return x, nil
}
