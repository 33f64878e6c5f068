package discord

import (
	"fmt"
	"strings"
	"sync"

	"github.com/bwmarrin/discordgo"

	"github.com/sourcebot/newsbot/internal/library"
)

// Loaded is a freshly loaded set of articles for /reload.
type Loaded struct {
	Engine   Answerer
	Examples []string
	Articles int
	Passages int
	Skipped  []string // "file: reason"
	// Base is the same articles for the servers' libraries, which
	// answer from them too; nil when there are no libraries.
	Base *library.Base
	// Close releases it; called once no interaction uses it any more.
	Close func() error
}

// engines holds the engine the handler answers from. /reload swaps it
// whole; an interaction keeps the one it started with, and a replaced one
// is closed once the last interaction using it has finished.
type engines struct {
	mu  sync.RWMutex
	cur *engineRef
}

type engineRef struct {
	eng      Answerer
	examples []string
	close    func() error
	inflight sync.WaitGroup
}

// acquire returns the current engine, counted as in use until released.
func (e *engines) acquire() *engineRef {
	e.mu.RLock()
	defer e.mu.RUnlock()
	e.cur.inflight.Add(1)
	return e.cur
}

func (r *engineRef) release() { r.inflight.Done() }

// swap makes l the current engine, and closes the previous one once the
// last interaction using it has finished.
func (e *engines) swap(l *Loaded) {
	e.mu.Lock()
	old := e.cur
	e.cur = &engineRef{eng: l.Engine, examples: l.Examples, close: l.Close}
	e.mu.Unlock()
	go func() {
		old.inflight.Wait()
		if old.close != nil {
			old.close()
		}
	}()
}

// reloadOn refuses /reload when the bot answers from the embedded
// articles: there is nothing to re-read.
func reloadOn(h *Handler, r *req) string {
	if h.load == nil {
		return reloadOff
	}
	return ""
}

// operatorsOnly lets only the bot's operators /reload: it changes the
// articles for every server.
func operatorsOnly(h *Handler, r *req) string {
	switch {
	case len(h.operators) == 0:
		return reloadNoOperators
	case !h.operators[userID(r.i)]:
		return reloadNotOperator
	}
	return ""
}

// The replies of a refused /reload.
const (
	reloadOff         = "Reloading is off: this bot answers from the articles built into it. Start it with `--data DIR` to reload a directory."
	reloadNoOperators = "Reloading is off: it reloads the articles for every server, so only the bot's operators may. " +
		"To enable it, set BOT_OWNER_IDS to your Discord user id (comma-separated for several) and restart the bot."
	reloadNotOperator = "Only the bot's operators (BOT_OWNER_IDS) can reload the articles: a reload changes them for every server."
	reloadBusy        = "A reload is already running; try again once it has finished."
)

// reload re-reads the articles (for the bot's operators only, since it
// changes them for every server) and swaps the engine atomically;
// questions in flight finish on the old one. One reload runs at a time.
func (h *Handler) reload(r *req) (*discordgo.InteractionResponse, error) {
	if !h.reloading.CompareAndSwap(false, true) {
		return ephemeral(reloadBusy), nil
	}
	defer h.reloading.Store(false)
	l, err := h.load(r.ctx)
	if err != nil {
		return ephemeral("I couldn't reload the articles, so I'm still answering from the ones I had: " + escape(err.Error())), err
	}
	if h.libs != nil && l.Base != nil {
		h.libs.SetBase(l.Base) // each server's index is rebuilt over them on its next question
	}
	h.engines.swap(l)
	r.out.answered = true
	msg := fmt.Sprintf("Reloaded: %d articles, %d passages.", l.Articles, l.Passages)
	if len(l.Skipped) > 0 {
		msg += fmt.Sprintf("\nSkipped %d files:\n• %s", len(l.Skipped), escape(strings.Join(l.Skipped, "\n• ")))
	}
	return ephemeral(msg), nil
}
