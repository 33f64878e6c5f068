package main

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/sourcebot/newsbot/internal/answer"
	"github.com/sourcebot/newsbot/internal/articles"
	"github.com/sourcebot/newsbot/internal/corpus"
	"github.com/sourcebot/newsbot/internal/index"
	"github.com/sourcebot/newsbot/internal/quality"
)

// How a question is asked: of its own article alone, of all the articles
// pooled, or of another article alone (where nothing answers it: the
// off-topic questions that the answerability model must also refuse); and
// of a small library cut from its own article, or from another (see
// smallLibraries), the size of the news libraries the bot serves; and of
// its own article beside a second report of it (twinOf).
const (
	own = iota
	pooled
	offTopic
	small
	smallOffTopic
	twin
	numSettings
)

var settingNames = [numSettings]string{"own article", "pooled", "off-topic", "small library", "small off-topic", "twin reports"}

// settingKeys name the settings for the -fit flag.
var settingKeys = [numSettings]string{"own", "pooled", "offtopic", "small", "smalloff", "twin"}

// defaultFit are the settings the models are fitted on.
var defaultFit = [numSettings]bool{own: true, pooled: true, offTopic: true}

// keysOf are the keys of the settings set in fit.
func keysOf(fit [numSettings]bool) []string {
	var out []string
	for i, on := range fit {
		if on {
			out = append(out, settingKeys[i])
		}
	}
	return out
}

// parseFit reads the -fit flag: setting keys separated by commas.
func parseFit(s string) ([numSettings]bool, error) {
	var fit [numSettings]bool
	for _, k := range strings.Split(s, ",") {
		i := slices.Index(settingKeys[:], k)
		if i < 0 {
			return fit, fmt.Errorf("-fit: no setting %q (want some of %s)", k, strings.Join(settingKeys[:], ","))
		}
		fit[i] = true
	}
	return fit, nil
}

// example is one question asked in one setting, with its candidates.
type example struct {
	fold       int // the question's article: cross-validation leaves whole articles out
	setting    int
	answerable bool
	x          *answer.Explained
	right      []bool // per candidate: it holds the answer
	baseTop1   bool   // the plain bleve baseline's first passage holds it
	baseTop3   bool
	question   string
}

// offTopic reports whether ex was asked of another article's passages.
func (ex *example) offTopic() bool { return ex.setting == offTopic || ex.setting == smallOffTopic }

// item is one line of items.tsv.
type item struct {
	article   string
	paragraph int // the passage the question was written against, from 1
	c         quality.Case
}

// dataset is every question of the development set in every setting.
type dataset struct {
	articles []string // fold names
	examples []example
	fit      [numSettings]bool // the settings the models are fitted on
}

// fits reports whether the models are fitted on ex's setting.
func (ds *dataset) fits(ex *example) bool { return ds.fit[ex.setting] }

// load reads the articles and questions under dir (testdata/squad) and
// asks every question in every setting.
func load(ctx context.Context, dir string) (*dataset, error) {
	arts, skipped, err := corpus.Load(os.DirFS(filepath.Join(dir, "articles")))
	if err != nil {
		return nil, fmt.Errorf("load articles: %w", err)
	}
	if len(skipped) > 0 {
		return nil, fmt.Errorf("load articles: %v", skipped)
	}
	items, err := readItems(filepath.Join(dir, "items.tsv"))
	if err != nil {
		return nil, err
	}
	syn, err := articles.Synonyms(filepath.Join(dir, "articles"))
	if err != nil {
		return nil, err
	}

	ds := &dataset{fit: defaultFit}
	fold := map[string]int{}
	lib := libraries{}
	for _, a := range arts {
		fold[a.ID] = len(ds.articles)
		ds.articles = append(ds.articles, a.ID)
		if err := lib.add(ctx, a, syn); err != nil {
			return nil, err
		}
	}
	defer lib.close()
	all, err := newSetup(ctx, arts, syn)
	if err != nil {
		return nil, err
	}
	defer all.close()

	if err := ds.askItems(ctx, items, fold, &lib, all); err != nil {
		return nil, err
	}
	return ds, nil
}

// askItems asks every item in every setting: of its own article (for the
// fold k of its article), of all articles, of another article, off topic,
// where no passage answers it, and of the small libraries of its own
// article and of another.
func (ds *dataset) askItems(ctx context.Context, items []item, fold map[string]int, lib *libraries, all *setup) error {
	for _, it := range items {
		k, ok := fold[it.article]
		if !ok {
			return fmt.Errorf("items.tsv line %d: no article %q", it.c.Line, it.article)
		}
		mine, err := lib.smallOf(k, it.paragraph, it.c)
		if err != nil {
			return fmt.Errorf("items.tsv line %d: %w", it.c.Line, err)
		}
		other := (k + 1) % len(lib.each)
		for setting, s := range [numSettings]*setup{own: lib.each[k], pooled: all, offTopic: lib.each[other],
			small: mine, smallOffTopic: lib.smallOther(other, it.c.Line), twin: lib.twin[k]} {
			ex, err := s.ask(ctx, it.c)
			if err != nil {
				return fmt.Errorf("items.tsv line %d: %w", it.c.Line, err)
			}
			ex.fold, ex.setting = k, setting
			if ex.offTopic() {
				ex.answerable = false
				clear(ex.right)
			}
			ds.examples = append(ds.examples, ex)
		}
	}
	return nil
}

// setup is an engine and the baseline over one set of articles.
type setup struct {
	ix   *index.Index
	eng  *answer.Engine
	base *index.Plain
	// twins are the twin passages of the twin view (twinOf), by id; nil
	// elsewhere.
	twins map[string]twinPassage
}

// right reports whether passage id, whose text is text, holds c's answer.
func (s *setup) right(id, text string, c quality.Case) bool {
	if t, ok := s.twins[id]; ok {
		return t.right(c)
	}
	return c.Right(text)
}

func newSetup(ctx context.Context, articles []corpus.Article, syn *index.Synonyms) (*setup, error) {
	ix, err := index.Build(ctx, articles, syn)
	if err != nil {
		return nil, err
	}
	base, err := index.BuildPlain(ctx, articles)
	if err != nil {
		ix.Close()
		return nil, err
	}
	return &setup{ix: ix, eng: answer.New(articles, ix), base: base}, nil
}

func (s *setup) close() {
	s.ix.Close()
	s.base.Close()
}

func (s *setup) ask(ctx context.Context, c quality.Case) (example, error) {
	x, err := s.eng.Explain(ctx, c.Question)
	if err != nil {
		return example{}, err
	}
	ex := example{answerable: c.Answerable(), x: x, right: make([]bool, len(x.IDs)), question: c.Question}
	for i, id := range x.IDs {
		r, _ := s.eng.Passage(id)
		ex.right[i] = c.Answerable() && s.right(id, r.Passage.Text, c)
	}
	if c.Answerable() {
		ids, err := s.base.Top(ctx, c.Question, 3)
		if err != nil {
			return example{}, err
		}
		for i, id := range ids {
			if r, _ := s.eng.Passage(id); s.right(id, r.Passage.Text, c) {
				ex.baseTop1 = ex.baseTop1 || i == 0
				ex.baseTop3 = true
			}
		}
	}
	return ex, nil
}

// readItems reads items.tsv: squad_id, article, paragraph, question,
// expected ("-" where nothing answers), answer.
func readItems(path string) ([]item, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out []item
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		if n == 1 {
			continue // header
		}
		cols := strings.Split(sc.Text(), "\t")
		if len(cols) < 5 {
			return nil, fmt.Errorf("%s line %d: %d columns, want 6", path, n, len(cols))
		}
		c := quality.Case{Line: n, Question: cols[3]}
		if cols[4] != "-" {
			c.Want = []string{cols[4]}
		}
		para, err := strconv.Atoi(cols[2])
		if err != nil || para < 1 {
			return nil, fmt.Errorf("%s line %d: paragraph %q", path, n, cols[2])
		}
		out = append(out, item{article: cols[1], paragraph: para, c: c})
	}
	return out, sc.Err()
}
