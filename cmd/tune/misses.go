package main

import (
	"fmt"
	"io"
	"math"
	"slices"
	"sort"
	"strings"

	"github.com/sourcebot/newsbot/internal/answer"
)

// missClass tallies, for one class of questions, where the right passage
// ranked.
type missClass struct {
	n, top1, top3, outside, low int
}

func (c *missClass) add(rank int) {
	c.n++
	switch {
	case rank < 0:
		c.outside++
	case rank == 0:
		c.top1++
		c.top3++
	case rank < 3:
		c.top3++
	default:
		c.low++
	}
}

// misses prints, from the cross-validated rankings (the ranker alone),
// where the right passage of each class of answerable questions ranked:
// first, in the top three, outside bleve's candidates (which no ranker can
// mend), or among them but fourth or lower. The classes are the question's
// type, its number of concepts, the share of its weight no passage says,
// and the share of its concepts at most three passages say.
func misses(ds *dataset, w io.Writer) error {
	classes := map[string]*missClass{}
	tally := func(key string, rank int) {
		if classes[key] == nil {
			classes[key] = &missClass{}
		}
		classes[key].add(rank)
	}
	concepts := slices.Index(answer.AnswerFeatureNames[:], "concepts")
	absent := slices.Index(answer.AnswerFeatureNames[:], "absent")
	err := eachHeldOut(ds, nil, func(ex *example, rank int) {
		s := settingNames[ex.setting]
		_, a := ex.x.Answerability(make([]float64, len(ex.x.Rank)))
		n := int(math.Round(math.Expm1(a[concepts])))
		tally(s+" | all", rank)
		tally(s+" | type "+questionType(ex.question), rank)
		tally(s+" | concepts "+bucket(n, []int{2, 3, 4, 5, 7}), rank)
		tally(s+" | weight no passage says "+shareBucket(a[absent]), rank)
		tally(s+" | concepts at most 3 passages say "+shareBucket(ex.x.RareShare()), rank)
	})
	if err != nil {
		return err
	}
	keys := make([]string, 0, len(classes))
	for k := range classes {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	fmt.Fprintln(w, "| setting | class | questions | top-1 | top-3 | not a candidate | ranked 4th or lower |")
	fmt.Fprintln(w, "|---|---|---|---|---|---|---|")
	for _, k := range keys {
		c := classes[k]
		fmt.Fprintf(w, "| %s | %d | %s | %s | %d (%s) | %d (%s) |\n", k, c.n, pct(c.top1, c.n), pct(c.top3, c.n),
			c.outside, pct(c.outside, c.n), c.low, pct(c.low, c.n))
	}
	return nil
}

// rankCV cross-validates the ranker alone, with and without each group of
// ranking features: the top-1 and top-3 figures of the full report (which
// do not depend on the answerability model), in a fraction of its time.
func rankCV(ds *dataset, w io.Writer) error {
	row := func(name string, drop []int) error {
		var t1, t3, n [numSettings]int
		err := eachHeldOut(ds, drop, func(ex *example, rank int) {
			n[ex.setting]++
			t1[ex.setting] += int(b2f(rank == 0))
			t3[ex.setting] += int(b2f(rank >= 0 && rank < 3))
		})
		fmt.Fprintf(w, "| %s | %s | %s | %s | %s |\n", name, pct(t1[own], n[own]), pct(t1[pooled], n[pooled]),
			pct(t3[own], n[own]), pct(t3[pooled], n[pooled]))
		return err
	}
	fmt.Fprintln(w, "| ranking features | top-1 own | top-1 pooled | top-3 own | top-3 pooled |")
	fmt.Fprintln(w, "|---|---|---|---|---|")
	if err := row("all", nil); err != nil {
		return err
	}
	for _, g := range featureGroups {
		drop, err := indices(answer.RankFeatureNames[:], g.features)
		if err != nil {
			return err
		}
		if err := row("without "+g.name, drop); err != nil {
			return err
		}
	}
	return nil
}

// eachHeldOut fits the ranker without each article in turn (and without
// the features drop) and calls fn with each answerable question of that
// article, own or pooled, and the place its right passage ranks.
func eachHeldOut(ds *dataset, drop []int, fn func(ex *example, rank int)) error {
	for k := range ds.articles {
		w, err := fitRanker(ds.examples, func(ex *example) bool { return ex.fold != k && ds.fits(ex) }, drop)
		if err != nil {
			return fmt.Errorf("fold %s: %w", ds.articles[k], err)
		}
		m := &fitted{rank: w}
		for i := range ds.examples {
			ex := &ds.examples[i]
			if ex.fold == k && ex.ranked() {
				fn(ex, rightRank(ex, m.scores(ex)))
			}
		}
	}
	return nil
}

// rightRank is the place of the first right candidate under scores, -1
// when none is a candidate.
func rightRank(ex *example, s []float64) int {
	order := make([]int, len(s))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(i, j int) bool { return s[order[i]] > s[order[j]] })
	for k, i := range order {
		if ex.right[i] {
			return k
		}
	}
	return -1
}

// questionType is the question word a question asks with.
func questionType(q string) string {
	ws := strings.Fields(strings.ToLower(q))
	for i := range ws {
		ws[i] = strings.Trim(ws[i], `?,.!"'`)
	}
	for i, w := range ws {
		switch w {
		case "who", "whom", "whose", "when", "where", "why", "which", "what":
			return w
		case "how":
			if i+1 < len(ws) && (ws[i+1] == "many" || ws[i+1] == "much") {
				return "how many/much"
			}
			return "how"
		}
	}
	return "other"
}

// bucket names the range of edges that n falls in.
func bucket(n int, edges []int) string {
	lo := 0
	for _, e := range edges {
		if n < e {
			if e-1 == lo {
				return fmt.Sprint(lo)
			}
			return fmt.Sprintf("%d-%d", lo, e-1)
		}
		lo = e
	}
	return fmt.Sprintf("%d+", lo)
}

func shareBucket(v float64) string {
	switch {
	case v == 0:
		return "0"
	case v < 0.25:
		return "under 1/4"
	case v < 0.5:
		return "1/4 to 1/2"
	}
	return "1/2 or more"
}
