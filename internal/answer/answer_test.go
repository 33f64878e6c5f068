package answer_test

import (
	"context"
	"errors"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/sourcebot/newsbot/internal/answer"
	"github.com/sourcebot/newsbot/internal/articles"
	"github.com/sourcebot/newsbot/internal/corpus"
	"github.com/sourcebot/newsbot/internal/quality"
)

func mustEngine(tb testing.TB) *answer.Engine {
	tb.Helper()
	lib, err := articles.Load(context.Background(), "")
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { lib.Close() })
	return lib.Engine
}

const (
	reutersTitle = "China condemns cyberattacks, but says no proof Nokor hacked Sony"
	afpTitle     = "China condemns 'cyber terrorism' in wake of Sony attack"
)

func TestAnswers(t *testing.T) {
	e := mustEngine(t)
	tests := []struct {
		question string
		want     string // the start of the passage; "A | B" accepts either
		source   string // "" when several articles answer
		title    string
	}{
		{"what did China say about proof?", "China said on Monday (December 22) that it opposed all forms of cyber attacks but there was no proof yet", "Reuters", reutersTitle},
		{"WHAT DID CHINA SAY ABOUT PROOF???", "China said on Monday (December 22)", "Reuters", reutersTitle},
		{"what did beijing say about evidence", "China said on Monday (December 22)", "Reuters", reutersTitle},
		{"What did the Global Times editorial say?", "The motives behind the making of the film", "AFP", afpTitle},
		{"Who is North Korea's only major ally?", "China is North Korea’s only major ally", "Reuters", reutersTitle},
		{"What did Obama say about cyber vandalism?", `"I think it was an act of cyber vandalism`, "AFP", afpTitle},
		{"Did Obama think it was an act of war?", "US President Barack Obama said Sunday", "AFP", afpTitle},
		{"Did Beijing agree with Washington's assessment?", "Hua Chunying, a Chinese foreign ministry spokeswoman", "AFP", afpTitle},
		{"Did the Nokor deny it?", "", "", ""}, // answered; which denial passage is not pinned
		{"Why did Sony withdraw the film?", "The hack attack and subsequent threats of violence | Washington accuses Pyongyang", "", ""},
		{"+china -proof:* ~ \" ( [ /re/", "China said on Monday (December 22)", "Reuters", reutersTitle},
	}
	for _, tt := range tests {
		t.Run(tt.question, func(t *testing.T) {
			ans, err := e.Ask(context.Background(), tt.question)
			if err != nil {
				t.Fatalf("Ask(%q) error: %v", tt.question, err)
			}
			b := ans.Best
			if !hasAnyPrefix(b.Passage.Text, strings.Split(tt.want, " | ")) {
				t.Errorf("Ask(%q) = %q\nwant a passage starting %q", tt.question, b.Passage.Text, tt.want)
			}
			if tt.source != "" && (b.Article.Source != tt.source || b.Article.Title != tt.title || b.Article.Date != "2014-12-22") {
				t.Errorf("Ask(%q) cites %s, %s, %q; want %s, 2014-12-22, %q", tt.question, b.Article.Source, b.Article.Date, b.Article.Title, tt.source, tt.title)
			}
			if b.Passage.Kind != corpus.Body {
				t.Errorf("Ask(%q) answered with a %s", tt.question, b.Passage.Kind)
			}
		})
	}
}

func hasAnyPrefix(s string, prefixes []string) bool {
	for _, p := range prefixes {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	return false
}

func TestAbstains(t *testing.T) {
	e := mustEngine(t)
	for _, q := range []string{
		"What is the capital of France?",
		"What did Russia say about proof?",
		"What did Germany say about the hack?",
		"Who won the Super Bowl?",
		"What is the weather in Paris?",
		"how do I bake sourdough bread",
		"What time is it?",
		"SELECT * FROM passages; DROP TABLE users;--",
	} {
		t.Run(q, func(t *testing.T) {
			ans, err := e.Ask(context.Background(), q)
			if !errors.Is(err, answer.ErrNoAnswer) {
				t.Fatalf("Ask(%q) = %v, %v; want ErrNoAnswer", q, ans, err)
			}
			if ans.Question == "" {
				t.Error("a no-answer reply lost the question")
			}
		})
	}
}

func TestCaseAndPunctuationDoNotMatter(t *testing.T) {
	e := mustEngine(t)
	base, err := e.Ask(context.Background(), "what did China say about proof?")
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{"WHAT DID CHINA SAY ABOUT PROOF???", "What did china say about proof", "what did China say — about proof?!", "  what   did China say about proof ? "} {
		got, err := e.Ask(context.Background(), q)
		if err != nil || got.Best.Passage.ID != base.Best.Passage.ID {
			t.Errorf("Ask(%q) = %v, %v; want passage %s", q, got, err, base.Best.Passage.ID)
		}
	}
}

func TestHeadlinesAreNotAnswers(t *testing.T) {
	e := mustEngine(t)
	for _, a := range e.Articles() {
		ans, err := e.Ask(context.Background(), a.Title)
		if err != nil {
			t.Fatalf("Ask(headline %q): %v", a.Title, err)
		}
		if ans.Best.Passage.Text == a.Title || ans.Best.Passage.Kind != corpus.Body {
			t.Errorf("Ask(headline %q) answered with %q", a.Title, ans.Best.Passage.Text)
		}
	}
}

func TestBadQuestions(t *testing.T) {
	e := mustEngine(t)
	tests := []struct {
		name, q string
		want    error
	}{
		{"empty", "", answer.ErrEmptyQuestion},
		{"blank", " \t\n ", answer.ErrEmptyQuestion},
		{"punctuation only", "?!… ** ||", answer.ErrEmptyQuestion},
		{"too long", strings.Repeat("proof ", answer.MaxQuestionRunes), answer.ErrTooLong},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := e.Ask(context.Background(), tt.q); !errors.Is(err, tt.want) {
				t.Errorf("Ask(%s) error = %v, want %v", tt.name, err, tt.want)
			}
		})
	}
}

func TestResultShape(t *testing.T) {
	e := mustEngine(t)
	ans, err := e.Ask(context.Background(), "What did Wang Yi tell John Kerry?")
	if err != nil {
		t.Fatal(err)
	}
	all := append([]answer.Result{ans.Best}, ans.Alternatives...)
	if len(ans.Alternatives) > 3 {
		t.Errorf("%d alternatives, want at most 3", len(ans.Alternatives))
	}
	seen := map[string]bool{}
	for i, r := range all {
		if seen[r.Passage.Text] {
			t.Errorf("result %d repeats a passage", i)
		}
		seen[r.Passage.Text] = true
		if i > 0 && r.Score > all[i-1].Score {
			t.Errorf("result %d scores above the one before it", i)
		}
		for _, s := range r.Highlights {
			if s.Start < 0 || s.End > len(r.Passage.Text) || s.Start >= s.End {
				t.Fatalf("highlight %v outside %q", s, r.Passage.Text)
			}
			w := strings.ToLower(r.Passage.Text[s.Start:s.End])
			if !strings.Contains("wang yi john kerry", w) {
				t.Errorf("highlighted %q, which the question does not ask about", w)
			}
		}
	}
}

func BenchmarkAsk(b *testing.B) {
	e := mustEngine(b)
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := e.Ask(ctx, "what did China say about proof?"); err != nil {
			b.Fatal(err)
		}
	}
}

func FuzzAsk(f *testing.F) {
	e := mustEngine(f)
	for _, q := range []string{"what did China say about proof?", "+china -proof:* ~ \" ( [ /re/", "@everyone <@123> **x** ||s||", "\u202eevil\u200b", "\xff\xfe", "North Korea's U.S. Kim Jong-Un"} {
		f.Add(q)
	}
	texts := map[string]bool{}
	for _, a := range e.Articles() {
		for _, p := range a.Passages {
			texts[p.Text] = true
		}
	}
	f.Fuzz(func(t *testing.T, q string) {
		ans, err := e.Ask(context.Background(), q)
		switch {
		case errors.Is(err, answer.ErrNoAnswer), errors.Is(err, answer.ErrEmptyQuestion), errors.Is(err, answer.ErrTooLong):
			return
		case err != nil:
			t.Fatalf("Ask(%q): %v", q, err)
		}
		if !texts[ans.Best.Passage.Text] {
			t.Fatalf("Ask(%q) returned text that is no passage: %q", q, ans.Best.Passage.Text)
		}
	})
}

func TestCachedAnswersAreCopies(t *testing.T) {
	e := mustEngine(t)
	ctx := context.Background()
	first, err := e.Ask(ctx, "What did Obama say about the attack?")
	if err != nil {
		t.Fatal(err)
	}
	wantAlts, wantID := len(first.Alternatives), first.Best.Passage.ID
	if wantAlts == 0 {
		t.Fatal("the question has no alternatives to check")
	}
	wantSpan := first.Best.Highlights[0]
	// A caller changing its copy, deep down.
	first.Best.Highlights[0] = answer.Span{}
	first.Best = answer.Result{}
	first.Alternatives = append(first.Alternatives[:0], answer.Result{})
	again, err := e.Ask(ctx, "What did Obama say about the attack?")
	if err != nil || again.Best.Article == nil || again.Best.Passage.ID != wantID {
		t.Errorf("second Ask = %+v, %v; the cache handed out a shared answer", again, err)
	}
	if len(again.Alternatives) != wantAlts || again.Best.Highlights[0] != wantSpan {
		t.Errorf("second Ask: %d alternatives (want %d), first highlight %v (want %v): the cache shares slices",
			len(again.Alternatives), wantAlts, again.Best.Highlights[0], wantSpan)
	}
	for _, r := range again.Alternatives {
		if r.Article == nil {
			t.Errorf("second Ask: an alternative was changed through the first answer")
		}
	}
	if _, err := e.Ask(ctx, "Who won the Super Bowl?"); !errors.Is(err, answer.ErrNoAnswer) {
		t.Fatal(err)
	}
	if _, err := e.Ask(ctx, "Who won the Super Bowl?"); !errors.Is(err, answer.ErrNoAnswer) {
		t.Errorf("a cached no-answer came back as %v", err)
	}
}

// BenchmarkAskUncached asks questions that are all different, as the cache
// would see them for the first time.
func BenchmarkAskUncached(b *testing.B) {
	e := mustEngine(b)
	ctx := context.Background()
	b.ReportAllocs()
	n := 0
	for b.Loop() {
		n++
		q := "what did China say about proof? " + strings.Repeat("?", n%7) + strings.Repeat("!", (n/7)%200)
		if _, err := e.Ask(ctx, q); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkAskSQuADPooled answers the SQuAD development questions, never
// from the cache, against all eight articles pooled; p50 and p99 are the
// per-answer latencies.
func BenchmarkAskSQuADPooled(b *testing.B) {
	lib, err := articles.Load(context.Background(), "../../testdata/squad/articles")
	if err != nil {
		b.Fatal(err)
	}
	defer lib.Close()
	f, err := os.Open("../../testdata/squad/questions.tsv")
	if err != nil {
		b.Fatal(err)
	}
	cases, err := quality.Parse(f)
	f.Close()
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	b.ReportAllocs()
	var took []time.Duration
	n := 0
	for b.Loop() {
		q := cases[n%len(cases)].Question + strings.Repeat(" ?", n/len(cases))
		n++
		start := time.Now()
		if _, err := lib.Engine.Ask(ctx, q); err != nil && !errors.Is(err, answer.ErrNoAnswer) {
			b.Fatal(err)
		}
		took = append(took, time.Since(start))
	}
	slices.Sort(took)
	b.ReportMetric(float64(took[len(took)/2].Microseconds()), "p50-µs")
	b.ReportMetric(float64(took[len(took)*99/100].Microseconds()), "p99-µs")
}

// TestExplainReadsNoModel: an engine is made and a question's features
// computed without reading the committed model, so that cmd/tune can fit
// a model with a feature data/ranker.json does not have yet.
func TestExplainReadsNoModel(t *testing.T) {
	committed := answer.DefaultModel
	read := false
	answer.DefaultModel = func() *answer.Model { read = true; return committed() }
	t.Cleanup(func() { answer.DefaultModel = committed })
	e := mustEngine(t)
	if _, err := e.Explain(context.Background(), "what did China say about proof?"); err != nil {
		t.Fatal(err)
	}
	if read {
		t.Error("making an engine or explaining a question read the committed model")
	}
	if _, err := e.Ask(context.Background(), "what did China say about proof?"); err != nil || !read {
		t.Errorf("Ask: %v, model read %v; want an answer from the committed model", err, read)
	}
}
