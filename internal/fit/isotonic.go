package fit

import (
	"errors"
	"sort"
)

// Isotonic fits a non-decreasing map from x to the rate of y (0 or 1):
// the examples are sorted by x and cut into bins of at least minBin
// consecutive examples, and adjacent bins whose rates fall are pooled
// until the rates rise (pool adjacent violators, weighted by size). Bins
// of minBin keep a handful of examples at either end from setting a
// confidence of their own. It returns the knots: each pooled block's mean
// x and rate, both strictly increasing. Between knots the map is read by
// straight lines, beyond them it is flat (see answer.Calibration).
func Isotonic(x, y []float64, minBin int) (kx, ky []float64, err error) {
	if len(x) != len(y) || len(x) == 0 || minBin < 1 {
		return nil, nil, errors.New("isotonic: no examples")
	}
	order := make([]int, len(x))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return x[order[a]] < x[order[b]] })
	type block struct{ n, sx, sy float64 }
	var blocks []block
	for lo := 0; lo < len(order); {
		hi := min(lo+minBin, len(order))
		if len(order)-hi < minBin { // a short last bin joins the one before
			hi = len(order)
		}
		var b block
		for _, i := range order[lo:hi] {
			b.n++
			b.sx += x[i]
			b.sy += y[i]
		}
		blocks = append(blocks, b)
		for len(blocks) > 1 {
			p, q := blocks[len(blocks)-2], blocks[len(blocks)-1]
			if p.sy/p.n < q.sy/q.n {
				break
			}
			blocks = append(blocks[:len(blocks)-2], block{p.n + q.n, p.sx + q.sx, p.sy + q.sy})
		}
		lo = hi
	}
	for _, b := range blocks {
		kx = append(kx, b.sx/b.n)
		ky = append(ky, b.sy/b.n)
	}
	return kx, ky, nil
}
