package discord

import (
	"slices"
	"sync"
	"sync/atomic"
	"weak"

	"github.com/bwmarrin/discordgo"

	"github.com/sourcebot/newsbot/internal/answer"
	"github.com/sourcebot/newsbot/internal/corpus"
)

// A question a class repeats is answered from the engine's cache, and its
// embed rendered again each time: highlighting and escaping the passage,
// the fields, the footer (a tenth of a repeated /ask's CPU in the handler).
// embedMemo keeps the embeds of the /ask answers rendered last, for the
// same question (its footer) and the same result. A kept embed is shared by
// every reply that uses it and must not be changed: the wire encoding
// (toWire) only reads it.

// maxMemoEmbeds bounds the embeds kept, a few KB each; past it the memo
// starts again empty.
const maxMemoEmbeds = 1024

type embedMemo struct {
	mu sync.Mutex
	m  map[embedKey]*memoEmbed
	// byEmbed holds the same entries by the embed they give out, for the
	// encoded replies kept with them (see replymemo.go).
	byEmbed map[*discordgo.MessageEmbed]*memoEmbed
}

// embedKey names a rendering: the article (an engine's own), the passage
// and the question as asked, which the footer carries. The article is held
// weakly: a strong pointer into an engine's articles would keep all of
// them alive after a reload or a server's library was replaced or evicted,
// for as long as the entry stayed (the memo empties only when full).
type embedKey struct {
	article  weak.Pointer[corpus.Article]
	passage  string
	question string
}

// memoEmbed is a rendered embed and the rest of the result it was made
// from, which must match for it to be reused.
type memoEmbed struct {
	text       string
	kind       corpus.Kind
	confidence float64
	highlights []answer.Span
	embed      *discordgo.MessageEmbed
	reply      atomic.Pointer[replyTemplate] // the last reply sent with embed, encoded
}

func newEmbedMemo() *embedMemo {
	return &embedMemo{m: map[embedKey]*memoEmbed{}, byEmbed: map[*discordgo.MessageEmbed]*memoEmbed{}}
}

// answerEmbed is /ask's embed of r, the answer to question:
// passageEmbed(r, maxDescription, questionFooter(question)), rendered once
// for a repeated answer. "When" answers are rendered each time.
func (c *embedMemo) answerEmbed(r answer.Result, question string) *discordgo.MessageEmbed {
	if r.When != nil || r.Article == nil {
		return passageEmbed(r, maxDescription, questionFooter(question))
	}
	k := embedKey{weak.Make(r.Article), r.Passage.ID, question}
	c.mu.Lock()
	e, ok := c.m[k]
	c.mu.Unlock()
	if ok && e.text == r.Passage.Text && e.kind == r.Passage.Kind && e.confidence == r.Confidence && slices.Equal(e.highlights, r.Highlights) {
		return e.embed
	}
	e = &memoEmbed{text: r.Passage.Text, kind: r.Passage.Kind, confidence: r.Confidence, highlights: slices.Clone(r.Highlights),
		embed: passageEmbed(r, maxDescription, questionFooter(question))}
	c.mu.Lock()
	if len(c.m) >= maxMemoEmbeds {
		clear(c.m)
		clear(c.byEmbed)
	}
	if old, ok := c.m[k]; ok {
		delete(c.byEmbed, old.embed)
	}
	c.m[k] = e
	c.byEmbed[e.embed] = e
	c.mu.Unlock()
	return e.embed
}

// coverMemo keeps what coverage says of an engine's articles, which a
// reply with no answer or no quotation repeats in full: a line formatted
// and escaped for each article, every time. An engine's articles never
// change; a new library comes as a new engine, with new articles.
type coverMemo struct {
	mu sync.Mutex
	m  map[coverKey]string
}

// coverKey names an engine's articles by the first of them, held weakly
// (as embedKey holds its article), and how many there are.
type coverKey struct {
	first    weak.Pointer[corpus.Article]
	n, limit int
}

// maxMemoCovers bounds the texts kept: one or two per library in use.
// Once full the memo starts again (as embedMemo does), rather than keep
// its first entries as internal/memo does: the keys of libraries since
// reloaded or evicted never match again, and would fill it for good.
const maxMemoCovers = 256

func newCoverMemo() *coverMemo { return &coverMemo{m: map[coverKey]string{}} }

// of is coverage(arts, limit), rendered once per engine's articles.
func (c *coverMemo) of(arts []corpus.Article, limit int) string {
	if len(arts) == 0 {
		return coverage(arts, limit)
	}
	k := coverKey{weak.Make(&arts[0]), len(arts), limit}
	c.mu.Lock()
	s, ok := c.m[k]
	c.mu.Unlock()
	if ok {
		return s
	}
	s = coverage(arts, limit)
	c.mu.Lock()
	if len(c.m) >= maxMemoCovers {
		clear(c.m)
	}
	c.m[k] = s
	c.mu.Unlock()
	return s
}

// kept returns the entry that gave out embed, or nil if embed is not (or no
// longer) one the memo keeps.
func (c *embedMemo) kept(embed *discordgo.MessageEmbed) *memoEmbed {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.byEmbed[embed]
}
