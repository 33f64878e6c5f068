package discord

import (
	"fmt"
	"reflect"
	"runtime"
	"strings"
	"testing"
	"weak"

	"github.com/sourcebot/newsbot/internal/answer"
	"github.com/sourcebot/newsbot/internal/corpus"
)

// TestEmbedMemo: a repeated answer gets the embed a fresh rendering would
// give, and one that differs in anything the embed shows (the question,
// the highlighted words, the confidence, the passage) is rendered anew.
func TestEmbedMemo(t *testing.T) {
	art := &corpus.Article{Title: "China condemns cyberattacks", Source: "Reuters", Date: "2014-12-22", URL: "https://example.com/a"}
	base := answer.Result{Article: art, Passage: corpus.Passage{ID: "p1", Text: "China said there was no proof yet.", Kind: corpus.Body},
		Confidence: 0.6, Highlights: []answer.Span{{Start: 0, End: 5}}}
	other := func(f func(*answer.Result)) answer.Result {
		r := base
		r.Highlights = append([]answer.Span(nil), base.Highlights...)
		f(&r)
		return r
	}
	m := newEmbedMemo()
	for _, tt := range []struct {
		name     string
		r        answer.Result
		question string
	}{
		{"first", base, "what did China say?"},
		{"repeated", base, "what did China say?"},
		{"another question", base, "did China have proof?"},
		{"other highlights", other(func(r *answer.Result) { r.Highlights[0].End = 2 }), "what did China say?"},
		{"other confidence", other(func(r *answer.Result) { r.Confidence = 0.2 }), "what did China say?"},
		{"other text", other(func(r *answer.Result) { r.Passage.Text = "China said nothing." }), "what did China say?"},
		{"caption", other(func(r *answer.Result) { r.Passage.Kind = corpus.Caption }), "what did China say?"},
		{"back to the first", base, "what did China say?"},
	} {
		got := m.answerEmbed(tt.r, tt.question)
		want := passageEmbed(tt.r, maxDescription, questionFooter(tt.question))
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: embed %+v, want %+v", tt.name, got, want)
		}
	}
	if n := len(m.m); n != 2 {
		t.Errorf("%d embeds kept, want 2 (one per question; a changed result replaces its entry)", n)
	}
}

// TestEmbedMemoLetsEnginesGo: a kept embed does not keep the articles of
// the engine that answered alive (a replaced or evicted server library
// would otherwise stay in memory until the memo filled up).
func TestEmbedMemoLetsEnginesGo(t *testing.T) {
	m := newEmbedMemo()
	articles := make([]corpus.Article, 50)
	for i := range articles {
		articles[i] = corpus.Article{Title: "A report", Source: "Reuters", Passages: []corpus.Passage{{ID: fmt.Sprintf("a%d/0", i), Text: strings.Repeat("Words of the article. ", 1000)}}}
	}
	gone := weak.Make(&articles[0])
	r := answer.Result{Article: &articles[7], Passage: articles[7].Passages[0], Confidence: 0.6}
	first := m.answerEmbed(r, "what happened?")
	if again := m.answerEmbed(r, "what happened?"); again != first {
		t.Fatal("a repeated answer was rendered again")
	}
	articles, r = nil, answer.Result{}
	runtime.GC()
	runtime.GC()
	if gone.Value() != nil {
		t.Errorf("the memo keeps an engine's %d articles alive after the engine is gone", 50)
	}
	if len(m.m) != 1 {
		t.Errorf("%d embeds kept, want 1", len(m.m)) // and m is live to here
	}
}

// TestCoverMemo: a reply with no answer names the articles of the engine
// that answered, however many other libraries' replies came before, even
// ones with as many articles.
func TestCoverMemo(t *testing.T) {
	c := newCoverMemo()
	lib := func(titles ...string) []corpus.Article {
		var arts []corpus.Article
		for _, title := range titles {
			arts = append(arts, corpus.Article{Title: title, Source: "Reuters", Date: "2014-12-22"})
		}
		return arts
	}
	a, b := lib("Sony hack", "Kerry call"), lib("Paris weather", "Super Bowl")
	for range 2 {
		for _, arts := range [][]corpus.Article{a, b, a[:1], nil} {
			if got, want := c.of(arts, maxContent-300), coverage(arts, maxContent-300); got != want {
				t.Errorf("covers.of(%v) = %q, want %q", arts, got, want)
			}
		}
	}
	if got := c.of(a, 60); got != coverage(a, 60) {
		t.Errorf("covers.of(a, 60) = %q: the limit was not part of the key", got)
	}
}
