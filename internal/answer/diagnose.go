package answer

// RareShare is the share of the question's concepts that at most three
// passages say, for cmd/tune's analysis of misses by class.
func (x *Explained) RareShare() float64 {
	if x.q == nil || len(x.q.concepts) == 0 {
		return 0
	}
	n := 0
	for _, c := range x.q.concepts {
		if c.DocFreq > 0 && c.DocFreq <= 3 {
			n++
		}
	}
	return float64(n) / float64(len(x.q.concepts))
}
