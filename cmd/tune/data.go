package main

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/sourcebot/newsbot/internal/answer"
	"github.com/sourcebot/newsbot/internal/articles"
	"github.com/sourcebot/newsbot/internal/corpus"
	"github.com/sourcebot/newsbot/internal/index"
	"github.com/sourcebot/newsbot/internal/quality"
)

// How a question is asked: of its own article alone, of all the articles
// pooled, or of another article alone (where nothing answers it: the
// off-topic questions that the answerability model must also refuse).
const (
	own = iota
	pooled
	offTopic
	numSettings
)

var settingNames = [numSettings]string{"own article", "pooled", "off-topic"}

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

// item is one line of items.tsv.
type item struct {
	article string
	c       quality.Case
}

// dataset is every question of the development set in every setting.
type dataset struct {
	articles []string // fold names
	examples []example
}

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

	ds := &dataset{}
	fold := map[string]int{}
	var each []*setup
	for _, a := range arts {
		fold[a.ID] = len(ds.articles)
		ds.articles = append(ds.articles, a.ID)
		s, err := newSetup(ctx, []corpus.Article{a}, syn)
		if err != nil {
			return nil, err
		}
		defer s.close()
		each = append(each, s)
	}
	all, err := newSetup(ctx, arts, syn)
	if err != nil {
		return nil, err
	}
	defer all.close()

	if err := ds.askItems(ctx, items, fold, each, all); err != nil {
		return nil, err
	}
	return ds, nil
}

// askItems asks every item in every setting: of its own article (each[k]
// for the fold k of its article), of all articles, and of another article,
// off topic, where no passage answers it.
func (ds *dataset) askItems(ctx context.Context, items []item, fold map[string]int, each []*setup, all *setup) error {
	for _, it := range items {
		k, ok := fold[it.article]
		if !ok {
			return fmt.Errorf("items.tsv line %d: no article %q", it.c.Line, it.article)
		}
		other := (k + 1) % len(each)
		for setting, s := range [numSettings]*setup{own: each[k], pooled: all, offTopic: each[other]} {
			ex, err := s.ask(ctx, it.c)
			if err != nil {
				return fmt.Errorf("items.tsv line %d: %w", it.c.Line, err)
			}
			ex.fold, ex.setting = k, setting
			if setting == offTopic {
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
		ex.right[i] = c.Answerable() && c.Right(r.Passage.Text)
	}
	if c.Answerable() {
		ids, err := s.base.Top(ctx, c.Question, 3)
		if err != nil {
			return example{}, err
		}
		for i, id := range ids {
			if r, _ := s.eng.Passage(id); c.Right(r.Passage.Text) {
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
		out = append(out, item{article: cols[1], c: c})
	}
	return out, sc.Err()
}
